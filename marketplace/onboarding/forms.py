"""Forms of producer onboarding: the application (storefront) and the officer's rejection (dashboard)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.phone import phone_to_e164
from marketplace.onboarding import services
from marketplace.onboarding.models import ProducerApplication
from marketplace.partner.validators import (
    FOUNDED_YEAR_MIN,
    founded_year_validate,
    registration_number_normalize,
    tax_code_normalize,
)
from marketplace.regions import selectors as region_selectors
from marketplace.regions.widgets import ProvinceSelect, address_selects_chain


class ProducerApplicationForm(forms.ModelForm):
    """The producer's details. The commune/ward list is that of the chosen province: pick the province,
    press "Show its communes and wards" (or let the small script fill the list), then pick the commune."""

    province = forms.ModelChoiceField(
        label=_("Province or city"),
        queryset=region_selectors.province_list(),
        empty_label=_("Choose a province or city"),
        error_messages={"required": _("Choose the province or city first.")},
        widget=ProvinceSelect,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    founded_year = forms.IntegerField(
        label=_("Founding year"),
        required=False,
        validators=[founded_year_validate],
        error_messages={"invalid": _("Enter the year as a number, e.g. 2015.")},
    )

    class Meta:
        model = ProducerApplication
        fields = [
            "name",
            "legal_type",
            "registration_number",
            "tax_code",
            "representative",
            "street_address",
            "province",
            "region",
            "phone",
            "email",
            "website",
            "founded_year",
            "story",
            "registration_scan",
        ]
        help_texts = {
            "name": _("As written on the registration certificate."),
            "registration_number": _(
                "The number on the business, cooperative or household registration certificate. "
                "An enterprise's number is its tax code: 10 digits, or 10-3 for a branch."
            ),
            "tax_code": _(
                "10 digits, or 10-3 for a branch; a household business may give its 12-digit personal ID number."
            ),
            "phone": _("A landline or mobile number in Vietnam, e.g. 0912 345 678."),
            "story": _("Who you are, what you make and how: buyers read this on your page."),
            "registration_scan": _("A PDF, JPEG or PNG file of the certificate, at most 10 MB."),
            "street_address": _("House number, street, hamlet or village."),
        }
        error_messages = {
            "registration_number": {"required": _("Enter the business registration number.")},
            "name": {"required": _("Enter the producer's name.")},
            "legal_type": {"required": _("Choose the legal type.")},
            "representative": {"required": _("Enter the name of the legal representative.")},
            "street_address": {"required": _("Enter the street address.")},
            "region": {"required": _("Choose the commune or ward.")},
            "phone": {"required": _("Enter a phone number.")},
            "registration_scan": {"required": _("Attach a scan of the registration certificate.")},
        }
        widgets = {
            "story": forms.Textarea(attrs={"rows": 5}),
            "registration_scan": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args, applicant, **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant = applicant
        region_field = self.fields["region"]
        region_field.empty_label = _("Choose a commune or ward")
        # Validation sees every commune; the list shows those of the chosen province only (3,321 in all).
        region_field.queryset = region_selectors.local_unit_queryset()
        region_field.widget.choices = [("", region_field.empty_label)] + [
            (unit.pk, unit.name) for unit in region_selectors.local_unit_list(province=self.chosen_province_id())
        ]
        address_selects_chain(form=self, province="province", ward="region")
        self.fields["founded_year"].widget.attrs.update(min=FOUNDED_YEAR_MIN, max=timezone.localdate().year, step=1)
        self.fields["phone"].widget.attrs.update(type="tel", autocomplete="tel")

    def chosen_province_id(self) -> int | None:
        raw = self.data.get(self.add_prefix("province")) if self.is_bound else self.initial.get("province")
        raw = getattr(raw, "pk", raw)
        try:
            return int(raw) if raw else None
        except (TypeError, ValueError):
            return None

    def clean_phone(self):
        return phone_to_e164(self.cleaned_data["phone"])

    def clean_tax_code(self):
        tax_code = self.cleaned_data["tax_code"]
        return tax_code_normalize(tax_code) if tax_code else ""

    def clean(self):
        cleaned = super().clean()
        try:
            services.application_validate_applicant(applicant=self.applicant)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        registration_number, legal_type = cleaned.get("registration_number"), cleaned.get("legal_type")
        if registration_number and legal_type:
            try:
                cleaned["registration_number"] = registration_number_normalize(
                    registration_number, legal_type=legal_type
                )
            except ValidationError as error:
                self.add_error("registration_number", error)
        province, region = cleaned.get("province"), cleaned.get("region")
        if province and region and region.parent_id != province.pk:
            self.add_error(
                "region",
                ValidationError(
                    _("%(unit)s is not in %(province)s: choose a commune or ward of that province."),
                    code="region_outside_province",
                    params={"unit": region.name, "province": province.name},
                ),
            )
        return cleaned

    def service_kwargs(self) -> dict:
        """What ``services.application_submit`` takes, from the cleaned data."""
        data = dict(self.cleaned_data)
        data.pop("province", None)
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant reads this in the e-mail and on their status page."),
        error_messages={"required": _("Give the reason for the rejection: the applicant will read it.")},
    )
