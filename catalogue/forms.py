"""Forms of the catalogue: validation and messages; writes go through services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalogue.services import certification_validate

Certification = get_model("catalogue", "Certification")


class CertificationForm(forms.ModelForm):
    """An officer records an evaluation. Stars may be typed as a cross-check of the score."""

    # No min/max here: certification_validate gives the one message that explains the range.
    score = forms.IntegerField(label=_("Score"))
    stars = forms.IntegerField(
        label=_("Stars"),
        required=False,
        min_value=1,
        max_value=5,
        help_text=_("Optional: leave empty to derive the stars from the score."),
    )

    class Meta:
        model = Certification
        fields = ["product", "score", "stars", "decision_number", "decision_date", "issuing_level"]

    def clean(self):
        cleaned = super().clean()
        if "score" in cleaned and "decision_date" in cleaned:
            try:
                cleaned["stars"] = certification_validate(
                    score=cleaned["score"], decision_date=cleaned["decision_date"], stars=cleaned.get("stars")
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return cleaned
