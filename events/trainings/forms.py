"""The organiser's attendance sheet: one checkbox per active registration."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from events.trainings import services


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label=_("Attended"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, training, registrations, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.training = training
        self.user = user
        self.fields["attended"].choices = [(r.pk, str(r.user)) for r in registrations]
        self.initial.setdefault("attended", [r.pk for r in registrations if r.attended])

    def checked_ids(self) -> set[int]:
        """The boxes to show ticked: what was posted, or who attended as recorded."""
        values = self["attended"].value() or []
        return {int(value) for value in values if str(value).isdigit()}

    def save(self) -> int | None:
        """Record the marks through the service; None (with the reason on the form) when it refuses."""
        try:
            return services.training_attendance_mark(
                training=self.training, user=self.user, attended_ids=self.cleaned_data["attended"]
            )
        except ValidationError as error:
            self.add_error(None, error)
        except PermissionDenied as error:
            self.add_error(None, str(error))
        return None
