"""Facet labels and links for the results page: a facet value toggles its filter, the page resets."""

from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from marketplace.regions.models import Region

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")

MULTI = {"kind", "stars"}
FACET_TITLES = {
    "kind": gettext_lazy("Type"),
    "stars": gettext_lazy("OCOP stars"),
    "group": gettext_lazy("Product group"),
    "province": gettext_lazy("Province"),
    "commune": gettext_lazy("Commune or ward"),
    "legal_type": gettext_lazy("Producer type"),
    "price_band": gettext_lazy("Price"),
    "in_stock": gettext_lazy("Availability"),
}
PRICE_BAND_LABELS = {
    "under-50k": gettext_lazy("Under 50,000 ₫"),
    "50k-100k": gettext_lazy("50,000–100,000 ₫"),
    "100k-200k": gettext_lazy("100,000–200,000 ₫"),
    "200k-500k": gettext_lazy("200,000–500,000 ₫"),
    "over-500k": gettext_lazy("Over 500,000 ₫"),
}


def _param(name: str, value) -> str:
    if name == "in_stock":
        return "1" if value else "0"
    return str(value)


def facet_labels(*, facets: dict, request) -> list[dict]:
    """[{name, title, options: [{value, label, count, selected, query}]}] for the facets that have values."""
    group_slugs = {value for value, _count in facets.get("group", [])}
    place_slugs = {value for name in ("province", "commune") for value, _count in facets.get(name, [])}
    groups = (
        {c.slug: c.display_name for c in Category.objects.filter(depth=1, slug__in=group_slugs)} if group_slugs else {}
    )
    places = {}
    if place_slugs:
        for region in (
            Region.objects.filter(slug__in=place_slugs).exclude(kind=Region.Kind.COUNTRY).only("slug", "name")
        ):
            places.setdefault(region.slug, region.name)
    kinds = {
        "product": _("Products"),
        "producer": _("Producers"),
        "region": _("Places"),
        "fair": _("Fairs"),
        "tour": _("Tours"),
    }
    legal = dict(Partner.LegalType.choices)

    def label(name, value):
        if name == "kind":
            return kinds.get(value, value)
        if name == "stars":
            return "★" * int(value)
        if name == "group":
            return groups.get(value, value)
        if name in ("province", "commune"):
            return places.get(value, value)
        if name == "legal_type":
            return str(legal.get(value, value))
        if name == "price_band":
            return str(PRICE_BAND_LABELS.get(value, value))
        if name == "in_stock":
            return _("In stock") if value else _("Out of stock")
        return str(value)

    # The query string as (name, values) in order, without the page: each option rewrites one name.
    # Plain lists, not a QueryDict copy per option (a deep copy each: most of a cached page's time).
    fields = [(key, values) for key, values in request.GET.lists() if key != "page"]
    present = {key for key, _values in fields}

    def query_with(name, values) -> str:
        pairs = [(key, value) for key, old in fields for value in (values if key == name else old)]
        if name not in present:
            pairs += [(name, value) for value in values]
        return urlencode(pairs)

    result = []
    for name, title in FACET_TITLES.items():
        options = []
        current = request.GET.getlist(name)
        for value, count in facets.get(name, []):
            param = _param(name, value)
            selected = param in current
            if name in MULTI:
                values = [v for v in current if v != param] if selected else [*current, param]
            else:
                values = [] if selected else [param]
            options.append(
                {
                    "value": param,
                    "label": label(name, value),
                    "count": count,
                    "selected": selected,
                    "query": query_with(name, values),
                }
            )
        if options:
            result.append({"name": name, "title": title, "options": options})
    return result
