from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToursConfig(AppConfig):
    """Tours to OCOP producers: pages with their stops, and booking requests."""

    name = "events.tours"
    label = "tours"
    verbose_name = _("Tours")
