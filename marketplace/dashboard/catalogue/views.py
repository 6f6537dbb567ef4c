"""Oscar's product dashboard views, with our rules of who sees which products.

Saving or deleting a product here queues its search reindex (after the request's transaction commits);
the stock records edited in the same form (price, units in stock) are part of its document.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from oscar.apps.dashboard.catalogue import views as core_views

from marketplace.dashboard.selectors import product_list_for_user
from marketplace.search.services import search_index_enqueue_many


def _product_and_parent(product) -> list[int]:
    """A variant is not searchable itself; its parent's document is the one shoppers find."""
    return [pk for pk in (product.pk, product.parent_id) if pk]


class ProductLookupView(core_views.ProductLookupView):
    """The product picker (recommendations): a producer finds only their own products."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=product_list_for_user(user=self.request.user).values("pk"))


class ProductCreateUpdateView(core_views.ProductCreateUpdateView):
    def forms_valid(self, form, formsets):
        with transaction.atomic():
            response = super().forms_valid(form, formsets)
            search_index_enqueue_many(kind="product", pks=_product_and_parent(self.object))
        return response


class ProductDeleteView(core_views.ProductDeleteView):
    """A product with production lots stays: shoppers trace its printed QR codes."""

    def delete(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                response = super().delete(request, *args, **kwargs)
                # The deleted instance has lost its pk; the URL still names it. The task removes the
                # document; a parent whose last variant went becomes standalone and is reindexed.
                pks = [pk for pk in (self.kwargs["pk"], self.object.parent_id) if pk]
                search_index_enqueue_many(kind="product", pks=pks)
                return response
        except ProtectedError:
            messages.error(
                request,
                _(
                    "%(product)s has production lots that shoppers trace by their QR codes, so it cannot be "
                    "deleted. Make it non-public instead."
                )
                % {"product": self.object.get_title()},
            )
            return redirect("dashboard:catalogue-product", pk=self.object.pk)
