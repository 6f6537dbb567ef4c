"""The producers' lot pages in the dashboard (URL names dashboard:producer-lot-list and -create).

Routed and access-checked by the dashboard app (marketplace.dashboard.apps); which lots and products a
user reaches is decided by the selectors. Thin: reads through traceability.selectors, writes through
traceability.services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from marketplace.core.forms import form_add_service_errors
from marketplace.dashboard.selectors import product_list_for_user
from traceability.forms import LotForm
from traceability.selectors import lot_list_for_user
from traceability.services import lot_create

PAGE_SIZE = 25


class LotListView(ListView):
    template_name = "traceability/dashboard/lot_list.html"
    context_object_name = "lots"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return lot_list_for_user(user=self.request.user)


class LotCreateView(View):
    """A producer records a production lot of one of their products (rules in traceability.services)."""

    template_name = "traceability/dashboard/lot_form.html"

    def get_form(self, data=None):
        return LotForm(data, products=product_list_for_user(user=self.request.user))

    def get(self, request):
        return render(request, self.template_name, {"form": self.get_form()})

    def post(self, request):
        form = self.get_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                lot = lot_create(
                    product=data["product"],
                    lot_number=data["lot_number"],
                    production_date=data["production_date"],
                    expiry_date=data["expiry_date"],
                    quantity=data["quantity"],
                    raw_material_origin=data["raw_material_origin"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Lot %(lot_number)s of %(product)s recorded.")
                    % {"lot_number": lot.lot_number, "product": lot.product.get_title()},
                )
                return redirect("dashboard:producer-lot-list")
        return render(request, self.template_name, {"form": form})
