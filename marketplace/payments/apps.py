from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Cash on delivery, bank transfer by VietQR and Stripe cards for a whole purchase."""

    name = "marketplace.payments"
    label = "payments"
    verbose_name = _("Payments")
