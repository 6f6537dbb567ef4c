"""Validation of what the search page and the suggestion endpoint receive."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.selectors import PRICE_BANDS
from marketplace.search.documents import KINDS
from marketplace.search.results import SORTS

MAX_QUERY_LENGTH = 200
DEFAULT_NEAR_KM = 25


def _sort_choices():
    labels = {
        "relevance": _("Relevance"),
        "price-asc": _("Price, low to high"),
        "price-desc": _("Price, high to low"),
        "stars": _("Most stars"),
        "newest": _("Newest"),
        "distance": _("Nearest"),
    }
    return [(key, labels[key]) for key in SORTS]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={"max_length": _("Please shorten your search to at most %(limit_value)d characters.")},
    )
    kind = forms.MultipleChoiceField(choices=[(kind, kind) for kind in KINDS], required=False)
    stars = forms.TypedMultipleChoiceField(choices=[(str(n), str(n)) for n in range(1, 6)], coerce=int, required=False)
    group = forms.SlugField(required=False, max_length=128)
    province = forms.SlugField(required=False, max_length=128)
    commune = forms.SlugField(required=False, max_length=128)
    legal_type = forms.SlugField(required=False, max_length=32)
    price_band = forms.ChoiceField(
        choices=[("", "")] + [(key, key) for key, _low, _high in PRICE_BANDS], required=False
    )
    in_stock = forms.NullBooleanField(required=False, widget=forms.Select(choices=[("", ""), ("1", "1"), ("0", "0")]))
    sort = forms.ChoiceField(choices=_sort_choices, required=False)
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)
    lat = forms.FloatField(min_value=-90, max_value=90, required=False)
    lon = forms.FloatField(min_value=-180, max_value=180, required=False)
    km = forms.FloatField(min_value=0.1, max_value=500, required=False)

    def clean_q(self):
        # Control characters (NUL included) have no place in a search and some databases refuse them.
        return "".join(ch for ch in self.cleaned_data["q"] if ch.isprintable() or ch == " ")

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(_("Give both a latitude and a longitude to search near a point."))
        return data

    def search_arguments(self) -> dict:
        data = self.cleaned_data
        filters = {
            name: data.get(name)
            for name in ("stars", "group", "province", "commune", "legal_type", "price_band", "in_stock")
            if data.get(name) not in (None, "", [])
        }
        return {
            "text": data.get("q") or "",
            "kinds": data.get("kind") or None,
            "filters": filters,
            "sort": data.get("sort") or "relevance",
            "page": data.get("page") or 1,
            "near": (data["lat"], data["lon"], data.get("km") or DEFAULT_NEAR_KM)
            if data.get("lat") is not None
            else None,
        }


class SuggestForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Please shorten your search to at most %(limit_value)d characters.")},
    )
