from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Trade fairs and tours (Wagtail pages); their models arrive with the CMS work."""

    name = "events"
    verbose_name = _("Fairs and tours")
