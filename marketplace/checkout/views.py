"""Checkout in one page, and the purchase page the shopper keeps (with its payment instructions)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView
from oscar.templatetags.currency_filters import currency

from marketplace.basket.selectors import basket_producer_groups, basket_repriced, basket_within_limits
from marketplace.checkout.forms import PROVINCE_KINDS, CheckoutForm
from marketplace.checkout.selectors import (
    UnknownDeliveryChoice,
    checkout_delivery_options,
    checkout_prefill_for_user,
    checkout_quote,
)
from marketplace.order import selectors
from marketplace.order.models import Purchase
from marketplace.order.services import DeliveryAddress, purchase_place
from marketplace.regions.models import Region

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
            province = Region.objects.filter(code=request.POST.get("province", ""), kind__in=PROVINCE_KINDS).first()
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
                    return redirect(placed.get_absolute_url())
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        # Guests reach their purchase later only through this link (also in the e-mail).
        self.request.session["last_purchase"] = purchase.access_token
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
        province = Region.objects.filter(code=code, kind__in=PROVINCE_KINDS).first()
        if province is None:
            return _fees_error(_("Unknown province."))
    options = checkout_delivery_options(groups=groups, province=province)
    delivery = {name: value for name, value in request.GET.items() if name.startswith("delivery_")}
    known = {group_options.field_name for group_options in options}
    if set(delivery) - known:
        return _fees_error(_("These products are no longer in your basket. Please reload the page."))
    try:
        quote = checkout_quote(options=options, delivery=delivery, province=province, strict=True)
    except UnknownDeliveryChoice as exc:
        return _fees_error(_("Choose how to receive the products of %(producer)s.") % {"producer": exc.args[0]})
    response = JsonResponse(
        {
            "province": province.code if province else None,
            "groups": [
                {
                    "field": group_options.field_name,
                    "chosen": group_quote.chosen.code,
                    "options": [
                        {"code": option.code, "charge": int(option.charge), "label": option.label}
                        for option in group_options.options
                    ],
                }
                for group_options, group_quote in zip(options, quote.groups, strict=True)
            ],
            "products_total": int(quote.products_total),
            "shipping_total": int(quote.shipping_total),
            "total": int(quote.total),
            "note": quote.note,
            "display": {
                "products_total": currency(quote.products_total, "VND"),
                "shipping_total": currency(quote.shipping_total, "VND"),
                "total": currency(quote.total, "VND"),
            },
        }
    )
    response["Cache-Control"] = "no-store"  # the shopper's own basket
    return response


def _fees_error(message):
    response = JsonResponse({"error": message}, status=400)
    response["Cache-Control"] = "no-store"
    return response


class PurchaseDetailView(TemplateView):
    """One purchase, its orders (one per producer) and how to pay. Reached by its secret link."""

    template_name = "oscar/checkout/purchase.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        purchase = selectors.purchase_get_by_token(token=kwargs["token"])
        if purchase is None:
            raise Http404(_("No purchase matches this link."))
        context["purchase"] = purchase
        context["orders"] = selectors.purchase_orders(purchase=purchase)
        if (
            purchase.payment_method == Purchase.PaymentMethod.VIETQR
            and purchase.payment_status == Purchase.PaymentStatus.AWAITING
        ):
            from marketplace.payments.vietqr import vietqr_for_settings, vietqr_svg

            payload = vietqr_for_settings(amount=purchase.total_dong, reference=purchase.reference)
            context["vietqr"] = {
                "payload": payload,
                "svg": vietqr_svg(payload),
                "bank_bin": settings.VIETQR_BANK_BIN,
                "bank_name": settings.VIETQR_BANK_NAME,
                "account_number": settings.VIETQR_ACCOUNT_NUMBER,
                "account_name": settings.VIETQR_ACCOUNT_NAME,
            }
        if purchase.payment_method == Purchase.PaymentMethod.STRIPE and purchase.payment_status in (
            Purchase.PaymentStatus.AWAITING,
            Purchase.PaymentStatus.FAILED,
        ):
            context["stripe"] = self.stripe_context(purchase)
        return context

    def stripe_context(self, purchase):
        from marketplace.payments.stripe_payments import purchase_payment_intent_ensure

        try:
            intent = purchase_payment_intent_ensure(purchase=purchase)
        except Exception:  # the card form cannot be shown; the purchase itself is safe
            logger.exception("Could not prepare the Stripe payment for purchase %s", purchase.reference)
            return {"error": _("Card payment is unavailable right now. Please try again in a few minutes.")}
        return {
            "client_secret": intent["client_secret"],
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "return_url": self.request.build_absolute_uri(reverse("checkout:purchase", args=[purchase.access_token])),
        }
