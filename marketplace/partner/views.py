from django.views.generic import DetailView

from marketplace.partner import selectors


class ProducerDetailView(DetailView):
    """A producer's public profile: who they are, where, how to reach them, what they sell."""

    template_name = "marketplace/producer_detail.html"
    context_object_name = "producer"

    def get_queryset(self):
        return selectors.producer_queryset_public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["products"] = selectors.producer_list_products(producer=self.object)
        context["structured_data"] = selectors.producer_structured_data(producer=self.object, request=self.request)
        return context
