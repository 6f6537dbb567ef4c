"""Forms of the programme office's budget. Amounts are taken as typed; the service refuses fractions and
negatives with the money message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.models import BudgetLine


class BudgetLineForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    source = forms.ChoiceField(label=_("Funding source"), choices=BudgetLine.Source.choices)
    planned_amount = forms.CharField(label=_("Planned amount (đồng)"), max_length=20)


class SpendingForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Budget line"), queryset=BudgetLine.objects.none())
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.CharField(label=_("Amount (đồng)"), max_length=20)
    payee = forms.CharField(label=_("Payee"), max_length=255)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(label=_("Supporting document"), required=False, help_text=_("A PDF or a picture."))
    over_plan_reason = forms.CharField(
        label=_("Reason for going over the plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the entry takes its line over the plan, by an officer allowed to approve it."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = BudgetLine.objects.filter(plan=plan).order_by("position", "pk")
