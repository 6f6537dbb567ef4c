"""Forms of the programme office's yearly plan: the plan, a target, a planned product."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from programme.models import PlannedProduct, PlanTarget, ProductIdea, ProgrammePlan

Region = get_model("regions", "Region")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("Level"), choices=ProgrammePlan.Level.choices)
    region = forms.ModelChoiceField(label=_("Province"), queryset=Region.objects.none())
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes and wards covered"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("A city's or former city's plan names its communes and wards; a province's covers them all."),
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    decision_ref = forms.CharField(label=_("Approving decision"), max_length=128, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.provinces().order_by("name")
        self.fields["communes"].queryset = Region.objects.local_units().select_related("parent").order_by("name")


class TargetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanTarget.Kind.choices)
    label = forms.CharField(label=_("Label"), max_length=255, required=False, help_text=_("For another target."))
    unit = forms.CharField(label=_("Unit"), max_length=32, required=False)
    # Whole numbers only: a fraction or a negative is refused here and again by the service.
    value = forms.IntegerField(label=_("Target"), min_value=0)


class PlannedProductForm(forms.Form):
    name = forms.CharField(label=_("Product name"), max_length=255)
    producer = forms.ModelChoiceField(label=_("Producer"), queryset=Partner.objects.none())
    commune = forms.ModelChoiceField(label=_("Commune or ward"), queryset=Region.objects.none())
    type = forms.ChoiceField(label=_("Type"), choices=PlannedProduct.Type.choices)
    target_stars = forms.TypedChoiceField(
        label=_("Target stars"), choices=[(3, "3★"), (4, "4★"), (5, "5★")], coerce=int
    )
    product = forms.ModelChoiceField(label=_("Product in the shop"), queryset=Product.objects.none(), required=False)
    idea = forms.ModelChoiceField(label=_("Product idea"), queryset=ProductIdea.objects.none(), required=False)
    responsible_office = forms.CharField(label=_("Responsible office"), max_length=255, required=False)

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = Partner.objects.order_by("name")
        self.fields["commune"].queryset = (communes if communes is not None else Region.objects.local_units()).order_by(
            "name"
        )
        self.fields["product"].queryset = Product.objects.filter(parent__isnull=True).order_by("title")
        self.fields["idea"].queryset = ProductIdea.objects.select_related("producer").order_by("-year", "name")


class PlannedImportForm(forms.Form):
    file = forms.FileField(
        label=_("Planned product list (XLSX)"),
        help_text=_("Fill the template: one product a row; every row is checked before anything is added."),
    )
