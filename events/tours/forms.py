"""The booking-request form on a tour page: validation and the messages visitors see."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from events.tours.models import MAX_PARTY_SIZE
from events.tours.selectors import tour_departures_upcoming
from marketplace.core.phone import phone_to_e164


class TourBookingForm(forms.Form):
    departure_date = forms.DateField(
        label=_("Departure date"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Choose a departure date."),
            "invalid": _("Choose one of this tour's departure dates."),
        },
    )
    name = forms.CharField(label=_("Your name"), max_length=120, error_messages={"required": _("Tell us your name.")})
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        error_messages={"required": _("Give a phone number so that the tour operator can call you back.")},
    )
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    party_size = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=MAX_PARTY_SIZE,
        initial=2,
        error_messages={
            "required": _("How many people are coming?"),
            "min_value": _("At least one person must come."),
            "max_value": _("For groups of more than %(limit_value)s people, contact the tour operator directly."),
        },
    )
    message = forms.CharField(
        label=_("Message (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    consent = forms.BooleanField(
        label=_("I agree that the tour operator receives these details to answer my request."),
        error_messages={"required": _("We can send your request only with your consent.")},
    )

    def __init__(self, *args, tour, departures=None, **kwargs):
        """``departures``: the tour's upcoming departures when the caller has read them already."""
        super().__init__(*args, **kwargs)
        self.tour = tour
        self.departures = tour_departures_upcoming(tour=tour) if departures is None else departures
        self.fields["departure_date"].widget = forms.Select(
            choices=[("", _("Choose a date"))]
            + [
                (
                    departure.date.isoformat(),
                    formats.date_format(departure.date, "SHORT_DATE_FORMAT")
                    + (f" – {departure.note}" if departure.note else ""),
                )
                for departure in self.departures
            ]
        )

    def clean_departure_date(self):
        date = self.cleaned_data["departure_date"]
        if not any(departure.date == date for departure in self.departures):
            if any(departure.date == date for departure in self.tour.departures.all()):
                raise ValidationError(_("This departure has already left; choose a later date."), code="past")
            raise ValidationError(_("Choose one of this tour's departure dates."), code="not_a_departure")
        return date

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Tell us your name."), code="required")
        return name

    def clean_phone(self):
        return phone_to_e164(self.cleaned_data["phone"])
