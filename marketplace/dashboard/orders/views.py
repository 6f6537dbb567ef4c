"""Oscar's order dashboard, narrowed to what this marketplace allows.

* Every order comes from ``marketplace.dashboard.selectors.order_queryset_for_user``: officers see all
  orders, a producer user only their producers' orders (list, search, CSV, statistics, detail, lines).
* Status changes go through ``marketplace.order.services.order_status_change`` (stock, e-mail, ledger,
  refunds); Oscar's own status, line, shipping-event and payment-event actions are switched off, since
  they would bypass it.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.dashboard.orders import views as core_views

from marketplace.core.forms import form_add_service_errors
from marketplace.dashboard import selectors
from marketplace.dashboard.access import user_is_officer
from marketplace.dashboard.forms import OrderStatusChangeForm
from marketplace.order.models import Line
from marketplace.order.services import order_status_change
from marketplace.order.statuses import order_status_label


def queryset_orders_for_user(user):
    return selectors.order_queryset_for_user(user=user)


def get_order_for_user_or_404(user, number):
    order = selectors.order_get_for_user(user=user, number=number)
    if order is None:
        raise Http404(_("No such order."))
    return order


class OrderStatsView(core_views.OrderStatsView):
    def get_stats(self, filters):
        orders = selectors.order_list_for_user(user=self.request.user).filter(**filters)
        return {
            "total_orders": orders.count(),
            "total_lines": Line.objects.filter(order__in=orders).count(),
            "total_revenue": orders.aggregate(total=Sum("total_incl_tax", default=Decimal(0)))["total"],
            "order_status_breakdown": [
                {"status": order_status_label(row["status"]), "freq": row["freq"]}
                for row in orders.order_by("status").values("status").annotate(freq=Count("id"))
            ],
        }


class OrderListView(core_views.OrderListView):
    # Downloading is the one bulk action: a status change needs the order's page (carrier, reason…).
    actions = ("download_selected_orders",)
    CSV_COLUMNS = {
        **core_views.OrderListView.CSV_COLUMNS,
        "producer": _("Producer"),
        "purchase": _("Purchase reference"),
        "payment_method": _("Payment method"),
    }

    def dispatch(self, request, *args, **kwargs):
        self.base_queryset = queryset_orders_for_user(request.user).order_by("-date_placed")
        # Skip Oscar's dispatch, which would set the base queryset by its own rule.
        return super(core_views.OrderListView, self).dispatch(request, *args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.form.is_valid() and self.form.cleaned_data.get("purchase_payment_method"):
            queryset = queryset.filter(purchase__payment_method=self.form.cleaned_data["purchase_payment_method"])
        return queryset

    def get_search_filter_descriptions(self):
        descriptions = super().get_search_filter_descriptions()
        data = getattr(self.form, "cleaned_data", None) or {}
        if data.get("purchase_payment_method"):
            descriptions.append(
                _("Paid by %(method)s")
                % {"method": dict(self.form.fields["payment_method"].choices)[data["purchase_payment_method"]]}
            )
        return descriptions

    def get_row_values(self, order):
        row = super().get_row_values(order)
        row["status"] = order_status_label(order.status)
        row["value"] = int(order.total_incl_tax)
        row["producer"] = order.producer.name if order.producer_id else ""
        if order.purchase_id:
            row["purchase"] = order.purchase.reference
            row["payment_method"] = order.purchase.get_payment_method_display()
        return row

    def get_download_filename(self, request):
        return "orders.csv"


class OrderDetailView(core_views.OrderDetailView):
    order_actions = ("save_note", "delete_note", "change_order_status")
    line_actions = ()

    def get_object(self, queryset=None):
        return get_order_for_user_or_404(self.request.user, self.kwargs["number"])

    def get_order_status_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return OrderStatusChangeForm(data, order=self.object)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if "order_status_form" in kwargs:
            ctx["order_status_form"] = kwargs["order_status_form"]
        purchase = self.object.purchase
        ctx["purchase"] = purchase
        ctx["may_mark_paid"] = bool(
            purchase
            and purchase.payment_method == purchase.PaymentMethod.VIETQR
            and purchase.payment_status in (purchase.PaymentStatus.AWAITING, purchase.PaymentStatus.FAILED)
        )
        ctx["status_changes"] = self.object.status_changes.order_by("date_created", "pk")
        ctx["is_officer"] = user_is_officer(self.request.user)
        return ctx

    def change_order_status(self, request, order):
        form = self.get_order_status_form()
        if form.is_valid():
            new_status = form.cleaned_data["new_status"]
            try:
                order_status_change(
                    order=order,
                    new_status=new_status,
                    user=request.user,
                    carrier=form.cleaned_data["carrier"],
                    tracking_number=form.cleaned_data["tracking_number"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Order %(number)s is now “%(status)s”; the customer was e-mailed.")
                    % {"number": order.number, "status": order_status_label(new_status)},
                )
                return self.reload_page()
        messages.error(request, _("The order was not changed: see the reason below."))
        return self.render_to_response(self.get_context_data(order_status_form=form))


class LineDetailView(core_views.LineDetailView):
    def get_object(self, queryset=None):
        order = get_order_for_user_or_404(self.request.user, self.kwargs["number"])
        try:
            return order.lines.get(pk=self.kwargs["line_id"])
        except self.model.DoesNotExist:
            raise Http404(_("No such order line.")) from None


class ShippingAddressUpdateView(core_views.ShippingAddressUpdateView):
    def get_object(self, queryset=None):
        order = get_order_for_user_or_404(self.request.user, self.kwargs["number"])
        if order.shipping_address_id is None:
            raise Http404(_("This order has no delivery address."))
        return get_object_or_404(self.model, pk=order.shipping_address_id)

    def get_success_url(self):
        # The address is shared by the purchase's orders: go back to the order it was opened from.
        super().get_success_url()
        return reverse("dashboard:order-detail", kwargs={"number": self.kwargs["number"]})
