from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The OCOP programme: the six-step cycle from a product idea to a recognised, certified product."""

    name = "programme"
    label = "programme"
    verbose_name = _("OCOP programme")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from programme import audit

        audit.audit_register()
