"""The basket, grouped by producer: each producer ships (and charges delivery for) their own lines."""

from django.contrib import messages
from django.utils.translation import gettext as _
from oscar.apps.basket import views
from oscar.apps.basket.views import *  # noqa: F403

from marketplace.basket.selectors import basket_producer_groups, basket_within_limits


class BasketView(views.BasketView):
    def get(self, request, *args, **kwargs):
        # Without an offer whose remaining budget this basket would pass: the total the checkout charges.
        basket_within_limits(basket=request.basket, user=request.user, request=request)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Pair each producer group with its line forms; each form keeps its formset index,
        # which Oscar's remove/save-for-later links use.
        forms_by_line = {form.instance.pk: (index, form) for index, form in enumerate(context["formset"])}
        context["producer_groups"] = [
            {"group": group, "forms": [forms_by_line[line.pk] for line in group.lines if line.pk in forms_by_line]}
            for group in basket_producer_groups(basket=self.request.basket)
        ]
        return context


class VoucherAddView(views.VoucherAddView):
    def apply_voucher_to_basket(self, voucher):
        # Oscar would say only "does not qualify" for a voucher whose offers are used up (max
        # applications or max discount reached): say that it is spent. A suspended, not yet started or
        # ended offer is not "used up": Oscar's own message stands for those.
        user = self.request.user if self.request.user.is_authenticated else None
        offers = list(voucher.offers.all())
        if voucher.is_active() and offers and all(offer.get_max_applications(user) == 0 for offer in offers):
            messages.error(
                self.request,
                _("The voucher %(code)s has been used up and no longer gives a discount.") % {"code": voucher.code},
            )
            return
        return super().apply_voucher_to_basket(voucher)
