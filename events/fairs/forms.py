"""Forms of trade fairs: a producer's booth application and an officer's decision."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.fairs import selectors, services
from events.fairs.models import BoothApplication


class BoothApplicationForm(forms.Form):
    """Validated by the service: its refusals come back as this form's errors."""

    products = forms.ModelMultipleChoiceField(
        label=_("Products to exhibit"), queryset=selectors.Product.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    booth_size = forms.ChoiceField(label=_("Booth size"), choices=BoothApplication.BoothSize.choices)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Electricity, refrigeration, tasting: anything the organisers should know."),
    )

    def __init__(self, *args, fair, producer, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fair, self.producer, self.user = fair, producer, user
        self.fields["products"].queryset = selectors.producer_product_queryset(producer=producer)
        self.application = None

    def save(self) -> BoothApplication | None:
        """Submit through the service; None (with the reasons in the form's errors) when refused."""
        try:
            self.application = services.booth_application_submit(
                fair=self.fair,
                producer=self.producer,
                user=self.user,
                products=self.cleaned_data["products"],
                booth_size=self.cleaned_data["booth_size"],
                notes=self.cleaned_data["notes"],
            )
        except ValidationError as error:
            self.add_error(None, error)
            return None
        return self.application


class BoothDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (BoothApplication.Status.APPROVED, _("Approve")),
            (BoothApplication.Status.WAITLISTED, _("Wait-list")),
            (BoothApplication.Status.REJECTED, _("Reject")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a rejection: the producer reads it in the e-mail."),
    )

    def __init__(self, *args, application, officer, **kwargs):
        super().__init__(*args, **kwargs)
        self.application, self.officer = application, officer

    def save(self) -> BoothApplication | None:
        try:
            return services.booth_application_decide(
                application=self.application,
                officer=self.officer,
                decision=self.cleaned_data["decision"],
                reason=self.cleaned_data["reason"],
            )
        except ValidationError as error:
            self.add_error(None, error)
            return None
