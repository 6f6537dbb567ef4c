"""Region pages: thin views reading through marketplace.regions.selectors."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from catalogue.cards import card_fragments_attach
from catalogue.selectors import product_list_count_key
from marketplace.core.pagination import CachedCountPaginator
from marketplace.regions import selectors
from marketplace.regions.models import Region

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


class RegionIndexView(TemplateView):
    """/regions/: the provinces with their producer counts; ?q= finds places by current or former name."""

    template_name = "regions/region_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        context["query"] = query
        if query:
            context["matches"] = selectors.region_resolve(query=query)
            context["former_matches"] = selectors.former_unit_list_matching(query=query)
        context["provinces"] = selectors.province_list_with_producer_counts()
        return context


class _PlaceMixin:
    """The place in the URL: a province, or one of its communes/wards; an unknown one is a 404 that says so."""

    region: Region

    def get(self, request, *args, **kwargs):
        try:
            self.region = self.get_region(**kwargs)
        except Region.DoesNotExist:
            raise Http404(_("No such place.")) from None
        return super().get(request, *args, **kwargs)

    def get_region(self, *, province_slug, unit_slug=None) -> Region:
        province = selectors.province_get_by_slug(slug=province_slug)
        if unit_slug is None:
            return province
        return selectors.local_unit_get_by_slug(province=province, slug=unit_slug)


class _RegionPageView(_PlaceMixin, ListView):
    """A province or a commune/ward: its producers (list and map) and its certified products, paginated."""

    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    paginator_class = CachedCountPaginator

    def get_paginator(self, *args, **kwargs):
        count_key = product_list_count_key(
            region=self.region, filters={"certified_only": True}, today=timezone.localdate()
        )
        return super().get_paginator(*args, count_key=count_key, **kwargs)

    def get_queryset(self):
        # Images only for the cards not cached (catalogue.cards.card_fragments_attach).
        return selectors.product_list_certified_in_region(region=self.region, images=False)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The producers (their number, the first few, the map markers; the full list is paginated on its own
        # page), the communes with producers, the sales points and the former units: one aggregate query and
        # one cache read.
        # The fairs: one light query of what their cards show (the cards' HTML is cached by it).
        summary = selectors.region_page_summary(region=self.region)
        fairs = selectors.fair_list_upcoming_in_region(region=self.region)
        context.update(
            region=self.region,
            producers=summary["producers"],
            map_markers=summary["producers"]["markers"],
            local_units=summary["local_units"],
            # Keys of the HTML the templates cache from the summary and the fairs (None: render it).
            summary_stamp=summary.get("stamp"),
            sales_points=summary["sales_points"],
            fairs=fairs,
            fair_cards_key=selectors.fair_cards_cache_key(fairs=fairs, host=self.request.get_host()) if fairs else None,
            map_tiles=OSM_TILES,
            former=summary["former"],
        )
        card_fragments_attach(context["products"])
        return context


class ProvinceView(_RegionPageView):
    template_name = "regions/province_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["province"] = self.region
        return context


class LocalUnitView(_RegionPageView):
    template_name = "regions/local_unit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["province"] = self.region.parent
        return context


class RegionProducerListView(_PlaceMixin, ListView):
    """Every public producer of a province or of one commune/ward, by name, paginated."""

    template_name = "regions/producer_list.html"
    context_object_name = "producers"
    paginate_by = 48
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        return selectors.producer_list_in_region(region=self.region)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["region"] = self.region
        context["province"] = self.region.parent if self.region.is_local_unit else self.region
        return context


def ward_list_json(request):
    """The communes and wards of one province, for the chained address selects of every address form
    (ocop/address-select.js): ?province=<GSO code>; 400 with the reason for anything else.

    Answers ``{"province": code, "wards": [{"id", "code", "name"}, …]}`` in two queries whatever the province.
    """
    code = request.GET.get("province", "")
    if not code:
        return JsonResponse({"error": _("Choose a province or city.")}, status=400)
    province = selectors.province_get_by_code(code=code) if code.isdigit() and len(code) <= 10 else None
    if province is None:
        return JsonResponse({"error": _("Unknown province.")}, status=400)
    response = JsonResponse({"province": province.code, "wards": selectors.local_unit_options(province=province)})
    response["Cache-Control"] = "public, max-age=86400"
    return response
