"""Storefront catalogue views: thin, reading through catalogue.selectors.

Oscar 4 browses the catalogue through Haystack; we list from the database
here and leave full-text search to the search service.
"""

import uuid
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.apps.catalogue import views as core_views

from catalogue import selectors
from catalogue.cards import card_fragments_attach
from catalogue.filters import CatalogueFilterForm
from marketplace.core.pagination import CachedCountPaginator
from marketplace.regions.selectors import place_get_by_slugs, province_list_with_producer_counts


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


def _sidebar() -> dict:
    return {
        "provinces": [
            {"slug": p.slug, "short_name": p.short_name, "producer_count": p.producer_count}
            for p in province_list_with_producer_counts()
            if p.producer_count
        ],
        "groups": list(selectors.category_list_groups()),
        # Names this reading: the filter HTML cached from it (browse.html) is keyed by it and so goes with it.
        "stamp": uuid.uuid4().hex,
    }


def filters_cache_key(*, request, form, category, sidebar) -> str | None:
    """The key of the sidebar's cached HTML for an unfiltered listing, or None when it must be rendered.

    Only listings without any filter in the query string (any page) share it: their form shows no choice,
    so the HTML depends only on the language, the listing and the sidebar data. A filtered listing shows
    what was typed (and any errors) and is rendered each time, which also keeps the number of keys small.
    """
    if form.errors or any(name in request.GET for name in form.fields):
        return None
    stamp = sidebar.get("stamp", "")
    return f"{get_language()}:{category.pk if category else ''}:{request.path}:{int(bool(request.GET))}:{stamp}"


class CatalogueView(ListView):
    template_name = "oscar/catalogue/browse.html"
    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    paginator_class = CachedCountPaginator
    category = None

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, count_key=self.count_key, **kwargs)

    def get_queryset(self):
        self.filter_form = CatalogueFilterForm(self.request.GET or None)
        filters = self.filter_form.selector_kwargs()
        region = self._region()
        # Everything the list depends on besides the data: the total is cached under it (not the sort).
        shown = {name: value for name, value in filters.items() if name != "sort"}
        self.count_key = selectors.product_list_count_key(
            category=self.category, region=region, filters=shown, today=timezone.localdate()
        )
        return selectors.product_list_storefront(category=self.category, region=region, images=False, **filters)

    def _region(self):
        """The province or commune chosen in the filters (unknown slugs filter nothing and say so)."""
        data = getattr(self.filter_form, "cleaned_data", {})
        if not data.get("province"):
            return None
        region = place_get_by_slugs(province_slug=data["province"], unit_slug=data.get("commune") or "")
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
        context["filters_cache_key"] = filters_cache_key(
            request=self.request, form=self.filter_form, category=self.category, sidebar=sidebar
        )
        context["summary"] = self.category.display_name if self.category else _("All products")
        context["category"] = self.category
        # The group above a product set, for the trail, found among the cached groups (no query): OCOP
        # categories are two levels deep, a group and its sets.
        context["category_parents"] = (
            [
                group
                for group in sidebar["groups"]
                if self.category.path.startswith(group.path) and group.pk != self.category.pk
            ]
            if self.category
            else []
        )
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
