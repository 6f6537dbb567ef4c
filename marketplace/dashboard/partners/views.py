"""Oscar's partner dashboard views (staff), forked only to keep search in step.

Oscar's dashboard app finds this module through ``get_class("dashboard.partners.views", ...)``: the
"dashboard" app is ``marketplace.dashboard``, so no app of its own is needed. A producer's name is in its
own search document and in its products' (the request's transaction commits before the tasks run).
"""

from oscar.apps.dashboard.partners import views as core_views

from marketplace.search.services import search_index_enqueue_producer


class PartnerCreateView(core_views.PartnerCreateView):
    def form_valid(self, form):
        response = super().form_valid(form)
        search_index_enqueue_producer(pk=self.object.pk)
        return response


class PartnerManageView(core_views.PartnerManageView):
    def form_valid(self, form):
        response = super().form_valid(form)
        search_index_enqueue_producer(pk=self.partner.pk)
        return response


class PartnerDeleteView(core_views.PartnerDeleteView):
    def form_valid(self, form):
        # Before the delete: its products are found through the stock records it cascades to.
        search_index_enqueue_producer(pk=self.object.pk)
        return super().form_valid(form)
