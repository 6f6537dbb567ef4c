"""Facet labels and links for the results page: a facet value toggles its filter, the page resets."""

from urllib.parse import urlencode

from django.db.models import Q
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


def _place_labels(*, facets: dict, chosen_provinces: list[str]) -> dict[str, dict[str, str]]:
    """{"province": {slug: name}, "commune": {slug: label}} in one query.

    Region slugs are unique only within their parent: the ward "Phường Phú Thọ" and the province "Tỉnh Phú
    Thọ" are both ``phu-tho``. So a province value is read among provinces only, and a commune value among
    the communes and wards of the chosen province, or else of the provinces in the results. Within one
    province a commune's name is enough; across several the label names the province too ("Phường Phú Thọ
    (Phú Thọ)"), and a slug shared by communes of several provinces lists each of them (the facet cannot
    tell which of them the results are in: ``commune_facet_shown`` hides it in that case).
    """
    province_slugs = sorted({value for value, _count in facets.get("province", [])})
    commune_slugs = sorted({value for value, _count in facets.get("commune", [])})
    labels = {"province": {}, "commune": {}}
    if not province_slugs and not commune_slugs:
        return labels
    scope = sorted({slug for slug in chosen_provinces if slug}) or province_slugs
    condition = Q(kind__in=Region.PROVINCE_KINDS, slug__in=province_slugs)
    if commune_slugs:
        condition |= Q(
            kind__in=Region.LOCAL_UNIT_KINDS,
            slug__in=commune_slugs,
            parent__kind__in=Region.PROVINCE_KINDS,
            parent__slug__in=scope,
        )
    regions = (
        Region.objects.filter(condition)
        .select_related("parent")
        .only("slug", "name", "kind", "parent__short_name", "parent__name")
        .order_by("code")
    )
    communes: dict[str, list] = {}
    for region in regions:
        if region.is_province:
            labels["province"][region.slug] = region.name
        else:
            communes.setdefault(region.slug, []).append(region)
    named_alone = len(scope) == 1
    for slug, found in communes.items():
        if named_alone and len(found) == 1:
            labels["commune"][slug] = found[0].name
        else:
            labels["commune"][slug] = "; ".join(f"{region.name} ({region.parent.short_name})" for region in found)
    return labels


def commune_facet_shown(*, facets: dict, request) -> bool:
    """The commune facet is a drill-down below one province: shown when one province is chosen or the
    results lie in one province, or when a commune is chosen (so that it can be unchosen). Across several
    provinces a commune slug may name a commune in each, so its label and count could mix them."""
    chosen = {slug for slug in request.GET.getlist("province") if slug}
    in_results = {value for value, _count in facets.get("province", [])}
    return len(chosen) == 1 or len(in_results) <= 1 or any(request.GET.getlist("commune"))


def facet_labels(*, facets: dict, request) -> list[dict]:
    """[{name, title, options: [{value, label, count, selected, query}]}] for the facets that have values."""
    if not commune_facet_shown(facets=facets, request=request):
        facets = {**facets, "commune": []}
    group_slugs = {value for value, _count in facets.get("group", [])}
    groups = (
        {c.slug: c.display_name for c in Category.objects.filter(depth=1, slug__in=group_slugs)} if group_slugs else {}
    )
    places = _place_labels(facets=facets, chosen_provinces=request.GET.getlist("province"))
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
            return places[name].get(value, value)
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
