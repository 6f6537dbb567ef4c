"""Forms of the OCOP cycle: recognition decisions, revocations, the certificates list, the board and the audit
trail's filters."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from programme.models import EvaluationRound, RecognitionDecision, RoundEntry
from programme.selectors import board as board_selectors
from programme.selectors.decisions import certificate_years, decision_entry_list_recognisable

Certification = get_model("catalogue", "Certification")
Region = get_model("regions", "Region")
Category = get_model("catalogue", "Category")


def entry_label(entry) -> str:
    dossier = entry.dossier
    product = dossier.product or dossier.idea.product
    label = _("%(product)s — %(producer)s — %(score)s points, %(stars)s stars — %(round)s (%(year)s)") % {
        "product": product.get_title() if product else dossier.idea.name,
        "producer": dossier.idea.producer.name,
        "score": entry.score,
        "stars": entry.stars,
        "round": entry.evaluation_round.name,
        "year": entry.evaluation_round.year,
    }
    if entry.proposed_central:
        label = f"{label} — {_('proposed for 5 stars at the central level')}"
    return label


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=64, help_text=_("e.g. 1234/QĐ-UBND"))
    date = forms.DateField(label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    signer = forms.CharField(label=_("Signed by"), max_length=255)
    level = forms.ChoiceField(
        label=_("Level"),
        choices=RecognitionDecision.Level.choices,
        help_text=_(
            "The province recognises 3 and 4 stars; 5 stars are recognised by the ministry's decision, for the "
            "products the council proposed at the central level."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    entries = forms.ModelMultipleChoiceField(
        label=_("Products the decision recognises"),
        queryset=RoundEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one product the decision recognises.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["entries"]
        # Any product of a closed round may be posted (the service says why one cannot be recognised, e.g.
        # already recognised by this very decision on a double POST); the ones waiting for a decision are listed.
        field.queryset = RoundEntry.objects.filter(evaluation_round__status=EvaluationRound.Status.CLOSED)
        self.recognisable = list(decision_entry_list_recognisable())
        field.widget.choices = [(entry.pk, entry_label(entry)) for entry in self.recognisable]


class CertificateRevokeForm(forms.Form):
    revocation_reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The producer receives it by e-mail; it is kept with the certificate."),
    )


class CertificateFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    stars = forms.TypedChoiceField(
        label=_("Stars"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All"))] + [(str(n), str(n)) for n in range(1, 6)],
    )
    year = forms.TypedChoiceField(label=_("Evaluation year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(Certification.Status.choices)
        self.fields["year"].choices = [("", _("All"))] + [(str(y), str(y)) for y in certificate_years()]


class BoardFilterForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune or ward"), queryset=Region.objects.none(), required=False)
    group = forms.ModelChoiceField(label=_("Product group"), queryset=Category.objects.none(), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    step = forms.ChoiceField(label=_("Step"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        communes = board_selectors.board_commune_choices(user=user)
        self.fields["commune"].queryset = Region.objects.filter(pk__in=[region.pk for region in communes])
        self.fields["commune"].choices = [("", _("All"))] + [(region.pk, region.name) for region in communes]
        groups = board_selectors.board_group_choices()
        self.fields["group"].queryset = Category.objects.filter(pk__in=[group.pk for group in groups])
        self.fields["group"].choices = [("", _("All"))] + [(group.pk, group.name) for group in groups]
        self.fields["year"].choices = [("", _("All"))] + [
            (str(year), str(year)) for year in board_selectors.board_year_choices(user=user)
        ]
        self.fields["step"].choices = [("", _("All"))] + list(board_selectors.STEPS)

    def filters(self) -> dict:
        """The valid filters (an invalid value is ignored: the board shows everything for it)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class AuditFilterForm(forms.Form):
    model = forms.ModelChoiceField(label=_("Kind of object"), queryset=ContentType.objects.none(), required=False)
    actor = forms.ModelChoiceField(label=_("Who"), queryset=get_user_model().objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        content_types = board_selectors.audit_model_choices()
        self.fields["model"].queryset = ContentType.objects.filter(pk__in=[ct.pk for ct in content_types])
        self.fields["model"].choices = [("", _("All"))] + [
            (ct.pk, str(ct.model_class()._meta.verbose_name).capitalize()) for ct in content_types
        ]
        actors = list(board_selectors.audit_actor_choices())
        self.fields["actor"].queryset = get_user_model().objects.filter(pk__in=[user.pk for user in actors])
        self.fields["actor"].choices = [("", _("All"))] + [
            (user.pk, user.get_full_name() or user.email or user.username) for user in actors
        ]
