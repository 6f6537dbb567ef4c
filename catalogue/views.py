"""Storefront catalogue views: thin, reading through catalogue.selectors.

Oscar 4 browses the catalogue through Haystack; we list from the database
here and leave full-text search to the search service.
"""

from urllib.parse import unquote

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.apps.catalogue import views as core_views

from catalogue import selectors
from catalogue.filters import CatalogueFilterForm
from marketplace.core.pagination import CachedCountPaginator
from marketplace.regions.models import Region
from marketplace.regions.selectors import province_list_with_producer_counts


class ProductDetailView(core_views.ProductDetailView):
    def get_queryset(self):
        return selectors.product_queryset_storefront()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        context["certification"] = selectors.certification_get_in_force(product=product)
        if context["certification"] is None:
            context["last_certification"] = product.certifications.first()
        context["producer"] = selectors.producer_of(product)
        # One strategy call for the page: the price block, the facts table and the structured data share it.
        context["session"] = self.request.strategy.fetch_for_product(product)
        context["structured_data"] = selectors.product_structured_data(
            product=product,
            request=self.request,
            producer=context["producer"],
            purchase_info=context["session"],
        )
        context["recommended_products"] = selectors.product_list_recommended(product=product)
        return context


def card_fragments_attach(products) -> None:
    """Give each product its cached card body, read for the whole page in one cache round trip."""
    fragments = selectors.product_card_fragments(products=products)
    for product in products:
        product.card_fragment = fragments.get(product.pk)


def _sidebar() -> dict:
    return {
        "provinces": [
            {"slug": p.slug, "short_name": p.short_name, "producer_count": p.producer_count}
            for p in province_list_with_producer_counts()
            if p.producer_count
        ],
        "groups": list(selectors.category_list_groups()),
    }


class CatalogueView(ListView):
    template_name = "oscar/catalogue/browse.html"
    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    paginator_class = CachedCountPaginator
    category = None

    def get_queryset(self):
        self.filter_form = CatalogueFilterForm(self.request.GET or None)
        filters = self.filter_form.selector_kwargs()
        return selectors.product_list_storefront(category=self.category, region=self._region(), **filters)

    def _region(self):
        """The province or commune chosen in the filters (unknown slugs filter nothing and say so)."""
        data = getattr(self.filter_form, "cleaned_data", {})
        if not data.get("province"):
            return None
        region = Region.objects.filter(slug=data["province"], parent__code="VN").first()
        if region is not None and data.get("commune"):
            region = Region.objects.filter(slug=data["commune"], parent=region).first()
        if region is None:
            self.filter_form.add_error(None, _("That place is not known; showing all places."))
        return region

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        # The same for every visitor and slow to change: the provinces (with their producers counted) and the
        # product groups are read once every ten minutes, in one cache round trip.
        sidebar = cache.get_or_set("catalogue:sidebar", _sidebar, 600)
        context["filter_provinces"] = sidebar["provinces"]
        context["groups"] = sidebar["groups"]
        context["summary"] = self.category.display_name if self.category else _("All products")
        context["category"] = self.category
        card_fragments_attach(context["products"])
        return context


class ProductCategoryView(CatalogueView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(selectors.Category.objects.filter(is_public=True), pk=kwargs["pk"])
        expected = self.category.get_absolute_url()
        if unquote(request.path) != unquote(expected):  # an old or mistyped slug
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)
