"""Forms of the OCOP cycle: evaluation dossiers and their documents."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.forms.ideas import ReturnableDecisionForm
from programme.models import Dossier
from programme.selectors import dossiers as selectors


class DossierCreateForm(forms.Form):
    idea = forms.ModelChoiceField(
        label=_("Product idea"),
        queryset=None,
        empty_label=_("Choose an idea"),
        help_text=_("An accepted idea whose business plan is accepted."),
        error_messages={"required": _("Choose the product idea.")},
    )
    product = forms.ModelChoiceField(
        label=_("Product in the shop"),
        queryset=None,
        empty_label=_("Choose a product"),
        help_text=_("The certificate will be put on this product when it is recognised."),
        error_messages={
            "required": _("Choose the product in the shop."),
            "invalid_choice": _("Choose one of the producer's own products in the shop."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ideas = selectors.dossier_idea_choices(user=user)
        self.fields["idea"].queryset = ideas
        self.fields["product"].queryset = selectors.dossier_product_choices(user=user)


class DocumentUploadForm(forms.Form):
    document_type = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={"required": _("Choose a file to upload."), "empty": _("The file is empty.")},
    )


class DossierReviewForm(ReturnableDecisionForm):
    """The commune officer's decision: propose for evaluation, or return with comments."""

    PROPOSE = "propose"
    decisions = [(PROPOSE, _("Propose for evaluation"))]


class DossierFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses"))] + list(Dossier.Status.choices)
        self.fields["year"].choices = [("", _("All years"))] + [(year, str(year)) for year in years]
