from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """Producers apply to sell; officers approve or reject the application."""

    name = "marketplace.onboarding"
    label = "onboarding"
    verbose_name = _("Producer onboarding")
