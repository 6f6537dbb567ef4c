from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairsConfig(AppConfig):
    """Trade fairs (hội chợ): pages, venues and booth applications."""

    name = "events.fairs"
    label = "fairs"
    verbose_name = _("Trade fairs")
