from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    """Trainings (tập huấn) for producers and officers: pages, registration, attendance."""

    name = "events.trainings"
    label = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        from auditlog.registry import auditlog

        # Registrations and attendance marks are officers' and organisers' records: every change is audited.
        auditlog.register(self.get_model("TrainingRegistration"))
