"""The catalogue's filter and sort form: validates the query string, never trusts it."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalogue.selectors import PRICE_BANDS

Partner = get_model("partner", "Partner")

PRICE_BAND_LABELS = {
    "under-50k": _("Under 50.000 ₫"),
    "50k-100k": _("50.000 – 100.000 ₫"),
    "100k-200k": _("100.000 – 200.000 ₫"),
    "200k-500k": _("200.000 – 500.000 ₫"),
    "over-500k": _("Over 500.000 ₫"),
}


class CatalogueFilterForm(forms.Form):
    stars = forms.TypedMultipleChoiceField(
        label=_("OCOP stars"),
        choices=[(5, _("5 stars")), (4, _("4 stars")), (3, _("3 stars"))],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    province = forms.SlugField(label=_("Province"), required=False, widget=forms.HiddenInput)
    commune = forms.SlugField(label=_("Commune or ward"), required=False, widget=forms.HiddenInput)
    legal_type = forms.MultipleChoiceField(
        label=_("Producer type"), choices=Partner.LegalType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    price = forms.ChoiceField(
        label=_("Price"),
        choices=[("", _("Any price"))] + [(key, PRICE_BAND_LABELS[key]) for key, *_ in PRICE_BANDS],
        required=False,
        widget=forms.RadioSelect,
    )
    in_stock = forms.BooleanField(label=_("In stock only"), required=False)
    show = forms.ChoiceField(
        label=_("Show"),
        choices=[("certified", _("Certified products")), ("all", _("All products, including awaiting re-evaluation"))],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("newest", _("Newest")),
            ("price-asc", _("Price: low to high")),
            ("price-desc", _("Price: high to low")),
            ("stars", _("Most stars")),
        ],
        required=False,
    )

    def selector_kwargs(self) -> dict:
        """Arguments for catalogue.selectors.product_list_storefront from the fields that are valid.

        An invalid field (say ?stars=9) is reported by the form and ignored; the others still apply.
        """
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "stars": data.get("stars") or None,
            "legal_types": data.get("legal_type") or None,
            "price_band": data.get("price") or None,
            "in_stock": bool(data.get("in_stock")),
            "certified_only": (data.get("show") or "certified") == "certified",
            "sort": data.get("sort") or "newest",
        }
