from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceabilityConfig(AppConfig):
    """Production lots, the steps of their journey, their public page (/t/<code>/), QR codes and labels."""

    name = "traceability"
    label = "traceability"
    verbose_name = _("Traceability")
    # The lots' tables were created by the catalogue app with 32-bit ids (catalogue migration 0035).
    default_auto_field = "django.db.models.AutoField"
