"""Forms of the OCOP cycle: opening a round, adding products to it, and a council member's scorecard."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models import EvaluationRound
from programme.selectors.rounds import council_member_choices, dossiers_ready_for_round, user_display_name

NOTE_MAX_LENGTH = 2000


class CouncilMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{user_display_name(obj)} <{obj.email}>" if obj.email else user_display_name(obj)


class CouncilMembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{user_display_name(obj)} <{obj.email}>" if obj.email else user_display_name(obj)


class DossiersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        idea = obj.idea
        return f"{idea.name} — {idea.producer.name} — {idea.commune.name} ({idea.product_set.name}, {obj.year})"


class _DossiersFormMixin:
    def _dossiers_field(self):
        return DossiersChoiceField(
            label=_("Products (proposed dossiers)"),
            queryset=dossiers_ready_for_round(),
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            error_messages={"required": _("Choose at least one product.")},
            help_text=_("Each product is scored on the criteria set in force for its product set."),
        )


class RoundOpenForm(_DossiersFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("Level"), choices=EvaluationRound.Level.choices)
    scoring_deadline = forms.DateField(
        label=_("Scoring deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["level"].initial = EvaluationRound.Level.PROVINCE
        self.fields["members"] = CouncilMembersChoiceField(
            label=_("Council members"),
            queryset=council_member_choices(),
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            error_messages={"required": _("Choose at least one council member.")},
            help_text=_("Each member scores every product of the round."),
        )
        self.fields["secretary"] = CouncilMemberChoiceField(
            label=_("Council secretary"),
            queryset=council_member_choices(),
            help_text=_("One of the members or another council member; the secretary closes the scoring."),
        )
        self.fields["dossiers"] = self._dossiers_field()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the round a name."))
        return name

    def clean_scoring_deadline(self) -> datetime.date:
        deadline = self.cleaned_data["scoring_deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The scoring deadline cannot be in the past."))
        return deadline


class RoundEntryAddForm(_DossiersFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"] = self._dossiers_field()


class ScorecardForm(forms.Form):
    """One choice among the allowed answers and a note, per criterion of the product's criteria set.

    ``rows`` gives the template the set's parts → groups → criteria with their bound fields. Choices are the
    criterion's own answers: another criterion's answer id is refused by the field; the service checks again
    (and refuses points above the criterion's maximum).
    """

    ACTION_DRAFT = "draft"
    ACTION_SUBMIT = "submit"

    def __init__(self, *args, criteria_set, card_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        card_answers = card_answers or {}
        self.criteria = []
        self.parts = []
        for part in criteria_set.parts.all():
            groups = []
            for group in part.groups.all():
                rows = []
                for criterion in group.criteria.all():
                    answer_name, note_name = f"criterion_{criterion.pk}", f"note_{criterion.pk}"
                    saved = card_answers.get(criterion.pk)
                    self.fields[answer_name] = forms.TypedChoiceField(
                        label=f"{criterion.code}. {criterion.text}",
                        choices=[
                            (
                                answer.pk,
                                _("%(text)s — %(points)s points") % {"text": answer.text, "points": answer.points},
                            )
                            for answer in criterion.answers.all()
                        ],
                        coerce=int,
                        required=False,
                        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                        initial=saved.answer_id if saved else None,
                    )
                    self.fields[note_name] = forms.CharField(
                        label=_("Note on %(code)s") % {"code": criterion.code},
                        required=False,
                        max_length=NOTE_MAX_LENGTH,
                        widget=forms.Textarea(attrs={"rows": 2}),
                        initial=saved.note if saved else "",
                    )
                    self.criteria.append(criterion)
                    rows.append({"criterion": criterion, "answer": self[answer_name], "note": self[note_name]})
                groups.append({"group": group, "rows": rows})
            self.parts.append({"part": part, "groups": groups})

    def answers(self) -> dict:
        """criterion id → (answer id or None, note), for ``scorecard_save``."""
        return {
            criterion.pk: (
                self.cleaned_data.get(f"criterion_{criterion.pk}") or None,
                self.cleaned_data.get(f"note_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }

    @staticmethod
    def wants_submit(data) -> bool:
        return data.get("action") == ScorecardForm.ACTION_SUBMIT
