from django.conf import settings
from django.views.generic import DetailView, ListView

from catalogue.cards import card_fragments_attach
from marketplace.core.pagination import CachedCountPaginator
from marketplace.partner import selectors
from marketplace.partner.models import Partner

PRODUCTS_PER_PAGE = settings.OSCAR_PRODUCTS_PER_PAGE


class ProducerListView(ListView):
    """/producers/: every producer on the market by name, ?type= one legal type (an unknown one lists all)."""

    template_name = "marketplace/producer_list.html"
    context_object_name = "producers"
    paginate_by = 48
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        self.legal_type = self.request.GET.get("type", "")
        if self.legal_type not in Partner.LegalType.values:
            self.legal_type = ""
        return selectors.producer_list_public(legal_type=self.legal_type or None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["legal_types"] = Partner.LegalType.choices
        context["legal_type"] = self.legal_type
        return context


class ProducerDetailView(DetailView):
    """A producer's public profile: who they are, where, how to reach them, what they sell."""

    template_name = "marketplace/producer_detail.html"
    context_object_name = "producer"

    def get_queryset(self):
        return selectors.producer_queryset_public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Images only for the cards not cached (catalogue.cards.card_fragments_attach).
        products = selectors.producer_list_products(producer=self.object, images=False)
        # Named, so its SQL is not compiled only to make the cache key of its total.
        paginator = CachedCountPaginator(products, PRODUCTS_PER_PAGE, count_key=f"producer={self.object.pk}")
        page = paginator.get_page(self.request.GET.get("page"))
        card_fragments_attach(page.object_list)
        context.update(products=page.object_list, page_obj=page, paginator=paginator)
        context["structured_data"] = selectors.producer_structured_data(producer=self.object, request=self.request)
        context["story_html"] = selectors.producer_story_display(producer=self.object)
        return context
