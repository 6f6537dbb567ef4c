"""Checkout in one page, and the purchase page the shopper keeps (with its payment instructions)."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView
from oscar.templatetags.currency_filters import currency

from marketplace.basket.selectors import basket_producer_groups, basket_repriced, basket_within_limits
from marketplace.checkout.forms import CheckoutForm
from marketplace.checkout.selectors import CheckoutFeesRefused, checkout_fees_data, checkout_prefill_for_user
from marketplace.order import selectors
from marketplace.order.services import DeliveryAddress, purchase_place
from marketplace.payments.selectors import purchase_payment_context
from marketplace.payments.services import purchase_payment_prepare, purchase_payment_prepare_on_commit
from marketplace.regions.selectors import province_get_by_code

logger = logging.getLogger(__name__)


class CheckoutView(FormView):
    template_name = "oscar/checkout/checkout.html"
    form_class = CheckoutForm

    def dispatch(self, request, *args, **kwargs):
        if request.basket.is_empty:
            messages.info(request, _("Your basket is empty."))
            return redirect("basket:summary")
        # Oscar prices the basket without two limits (a guest's uses of a per-customer offer, counted
        # by the e-mail given here, and an offer's budget): the page shows and charges without those offers.
        email = request.POST.get("email", "").strip() if request.method == "POST" else ""
        basket_within_limits(basket=request.basket, user=request.user, request=request, email=email)
        self.groups = basket_producer_groups(basket=request.basket)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["groups"] = self.groups
        user = self.request.user
        if user.is_authenticated and "data" not in kwargs:
            # A returning shopper starts from the address of their latest order.
            prefill = checkout_prefill_for_user(user=user)
            kwargs["initial"] = {"email": user.email, "full_name": user.get_full_name(), **prefill}
            kwargs["destination_province"] = prefill.get("province")
        return kwargs

    def post(self, request, *args, **kwargs):
        # "Update" re-renders with the wards and delivery fees of the chosen province (the no-JavaScript path).
        if "refresh" in request.POST:
            fields = ("email", "full_name", "phone", "street", "notes", "payment_method")
            initial = {name: request.POST.get(name, "") for name in fields}
            initial.update(
                {name: value for name, value in request.POST.items() if name.startswith("delivery_") and value}
            )
            province = province_get_by_code(code=request.POST.get("province", ""))
            initial["province"] = province
            form = CheckoutForm(groups=self.groups, destination_province=province, initial=initial)
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        quote = form.quote()
        shown = self.request.POST.get("shown_total")
        shown_discount = self.request.POST.get("shown_discount")
        discount_changed = shown_discount is not None and shown_discount.strip() != quote.shown_discount
        if shown is not None and shown.strip() != quote.shown_total and discount_changed:
            # An offer or voucher stopped applying (another purchase used it up) since the page was shown.
            message = _(
                "The discounts in your basket have changed (an offer or voucher has reached its limit): "
                "they now come to %(discount)s, so the total to pay is %(total)s. "
                "Please check the amounts below and press “Place order” again to confirm."
            ) % {"discount": currency(quote.discount_total, "VND"), "total": currency(quote.total, "VND")}
            return self.render_to_response(self.get_context_data(form=form, total_changed=message))
        if shown is not None and shown.strip() != quote.shown_total:
            # The page showed another total (the province changed without the fees being refreshed,
            # or a price changed meanwhile): show the new amounts and let the shopper confirm them.
            message = _(
                "Delivery to %(province)s costs %(shipping)s, so the total to pay is %(total)s. "
                "Please check the amounts below and press “Place order” again to confirm."
            ) % {
                "province": form.cleaned_data["province"].name,
                "shipping": currency(quote.shipping_total, "VND"),
                "total": currency(quote.total, "VND"),
            }
            return self.render_to_response(self.get_context_data(form=form, total_changed=message))
        return self.order_place(form)

    def order_place(self, form):
        data = form.cleaned_data
        try:
            purchase = purchase_place(
                basket=self.request.basket,
                user=self.request.user,
                email=data["email"],
                address=DeliveryAddress(
                    full_name=data["full_name"],
                    phone=data["phone"],
                    region=data["ward"],
                    street=data["street"],
                    notes=data["notes"],
                ),
                delivery=form.delivery_choices(),
                payment_method=data["payment_method"],
                request=self.request,
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "discount":
                return self.discount_refused(form, exc.messages)
            if getattr(exc, "code", None) == "submitted":
                # A second click on "Place order": show the purchase the first click placed.
                placed = selectors.purchase_for_basket(basket=self.request.basket)
                if placed is not None:
                    # Creates the card payment only if the first click could not (it is never made twice).
                    purchase_payment_prepare_on_commit(purchase=placed)
                    return redirect(placed.get_absolute_url())
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        # Guests reach their purchase later only through this link (also in the e-mail).
        self.request.session["last_purchase"] = purchase.access_token
        # A card purchase gets its Stripe PaymentIntent now (once this commits), not when its page is viewed.
        purchase_payment_prepare_on_commit(purchase=purchase)
        return redirect(purchase.get_absolute_url())

    def discount_refused(self, form, refusals):
        """Show the refusals over the basket's amounts as they now stand (the offers applied afresh)."""
        basket = basket_repriced(
            basket=self.request.basket,
            user=self.request.user,
            request=self.request,
            email=form.cleaned_data.get("email", ""),
        )
        self.groups = basket_producer_groups(basket=basket)
        form = CheckoutForm(data=self.request.POST, groups=self.groups)
        form.is_valid()
        for message in refusals:
            form.add_error(None, message)
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = self.groups
        context["quote"] = context["form"].quote()
        return context


PROVINCE_CODE_MAX_LENGTH = 10


@require_GET
def checkout_fees_json(request):
    """The delivery options and totals of the current basket for one province, for the checkout page.

    ``?province=<GSO code>`` (empty: not chosen yet) and ``delivery_<producer id>=<method code>``
    for the delivery choices made; answers 400 with a reason for anything else.
    """
    basket_within_limits(basket=request.basket, user=request.user, request=request)
    groups = basket_producer_groups(basket=request.basket)
    if not groups:
        return _fees_error(_("Your basket is empty."))
    code = request.GET.get("province", "")
    province = None
    if code:
        if not code.isdigit() or len(code) > PROVINCE_CODE_MAX_LENGTH:
            return _fees_error(_("Unknown province."))
        province = province_get_by_code(code=code)
        if province is None:
            return _fees_error(_("Unknown province."))
    delivery = {name: value for name, value in request.GET.items() if name.startswith("delivery_")}
    try:
        data = checkout_fees_data(groups=groups, province=province, delivery=delivery)
    except CheckoutFeesRefused as refusal:
        return _fees_error(str(refusal))
    response = JsonResponse(data)
    response["Cache-Control"] = "no-store"  # the shopper's own basket
    return response


def _fees_error(message):
    response = JsonResponse({"error": message}, status=400)
    response["Cache-Control"] = "no-store"
    return response


class PurchaseDetailView(TemplateView):
    """One purchase, its orders (one per producer) and how to pay. Reached by its secret link.

    A GET only reads. A POST asks for the card payment again when it could not be prepared as the
    purchase was placed (Stripe was unreachable), then shows the page.
    """

    template_name = "oscar/checkout/purchase.html"

    def get_purchase(self):
        purchase = selectors.purchase_get_by_token(token=self.kwargs["token"])
        if purchase is None:
            raise Http404(_("No purchase matches this link."))
        return purchase

    def post(self, request, *args, **kwargs):
        purchase = self.get_purchase()
        purchase_payment_prepare(purchase=purchase)
        return redirect(purchase.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        purchase = self.get_purchase()
        context["purchase"] = purchase
        context["orders"] = selectors.purchase_orders(purchase=purchase)
        context.update(
            purchase_payment_context(
                purchase=purchase, return_url=self.request.build_absolute_uri(purchase.get_absolute_url())
            )
        )
        return context
