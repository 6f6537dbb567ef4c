"""Oscar's partner dashboard views (staff and officers), forked to keep search in step, to page the list,
and so that linking a user to a producer (which gives them its dashboard) is a POST only.

Oscar's dashboard app finds this module through ``get_class("dashboard.partners.views", ...)``: the
"dashboard" app is ``marketplace.dashboard`` (``apps.py`` here only decides who opens which page). A
producer's name is in its own search document and in its products' (the request's transaction commits
before the tasks run).
"""

from django.conf import settings
from django.shortcuts import redirect
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


class PartnerListView(core_views.PartnerListView):
    """Paged, with each producer's users and addresses fetched once for the page (not once per row)."""

    paginate_by = settings.OSCAR_DASHBOARD_ITEMS_PER_PAGE

    def get_queryset(self):
        return super().get_queryset().prefetch_related("users", "addresses__country")


class PartnerUserLinkView(core_views.PartnerUserLinkView):
    """Linking gives the user the producer's dashboard: POST only (Oscar also links on GET, for an "Undo"
    link that our message template leaves out). A GET changes nothing and goes to the page that links."""

    def get(self, request, user_pk, partner_pk):
        return redirect("dashboard:partner-user-select", partner_pk=partner_pk)
