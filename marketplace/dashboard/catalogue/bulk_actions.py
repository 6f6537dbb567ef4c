"""Oscar's product bulk actions: making products public or not changes what search finds, so the
products are queued for reindexing after the change commits. (The bulk price change is switched off in
``mixins``.)"""

from django.db import transaction
from oscar.apps.dashboard.catalogue import bulk_actions as core_bulk_actions

from marketplace.search.services import search_index_enqueue_many


class _ReindexProductsMixin:
    def execute(self, request, objects, form):
        with transaction.atomic():
            product_ids = list(objects.values_list("pk", flat=True))
            response = super().execute(request, objects, form)
            search_index_enqueue_many(kind="product", pks=product_ids)
        return response


class MakeProductsPublicAction(_ReindexProductsMixin, core_bulk_actions.MakeProductsPublicAction):
    pass


class MakeProductsNonPublicAction(_ReindexProductsMixin, core_bulk_actions.MakeProductsNonPublicAction):
    pass
