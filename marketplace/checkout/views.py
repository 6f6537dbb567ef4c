"""Checkout in one page, and the purchase page the shopper keeps (with its payment instructions)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from marketplace.basket.selectors import basket_producer_groups
from marketplace.checkout.forms import PROVINCE_KINDS, CheckoutForm
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
        self.groups = basket_producer_groups(basket=request.basket)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["groups"] = self.groups
        user = self.request.user
        if user.is_authenticated and "data" not in kwargs:
            kwargs["initial"] = {"email": user.email, "full_name": user.get_full_name()}
        return kwargs

    def post(self, request, *args, **kwargs):
        # "Update" re-renders with the wards of the chosen province (the no-JavaScript path).
        if "refresh" in request.POST:
            fields = ("email", "full_name", "phone", "street", "notes", "payment_method")
            initial = {name: request.POST.get(name, "") for name in fields}
            province = Region.objects.filter(code=request.POST.get("province", ""), kind__in=PROVINCE_KINDS).first()
            initial["province"] = province
            form = CheckoutForm(groups=self.groups, destination_province=province, initial=initial)
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = self.groups
        context["basket_total"] = sum((g.subtotal for g in self.groups), 0)
        return context


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
