"""Oscar's product dashboard views, with our rules of who sees which products."""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from oscar.apps.dashboard.catalogue import views as core_views

from marketplace.dashboard.selectors import product_list_for_user


class ProductLookupView(core_views.ProductLookupView):
    """The product picker (recommendations): a producer finds only their own products."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=product_list_for_user(user=self.request.user).values("pk"))


class ProductDeleteView(core_views.ProductDeleteView):
    """A product with production lots stays: shoppers trace its printed QR codes."""

    def delete(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().delete(request, *args, **kwargs)
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
