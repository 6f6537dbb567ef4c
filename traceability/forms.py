"""Forms for the producers' lot pages in the dashboard. The rules themselves live in traceability.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from traceability.models import Lot

ISO_DATE = "%Y-%m-%d"


class LotForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=None)
    lot_number = forms.CharField(label=_("Lot number"), max_length=Lot._meta.get_field("lot_number").max_length)
    # A date input takes only ISO dates (YYYY-MM-DD): another format would show an empty field.
    production_date = forms.DateField(
        label=_("Production date"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
    )
    expiry_date = forms.DateField(
        label=_("Expiry date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    raw_material_origin = forms.CharField(label=_("Raw material origin"), max_length=255, required=False)

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products.order_by("title")
        self.fields["production_date"].initial = timezone.localdate
