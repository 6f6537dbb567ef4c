"""Oscar's account views, adjusted: landing by role after login, and an order history without N+1."""

from django.shortcuts import redirect
from oscar.core.loading import get_class

from marketplace.customer.selectors import order_list_for_shopper, user_landing_url

AccountAuthView = get_class("customer.views", "AccountAuthView")
OrderHistoryView = get_class("customer.views", "OrderHistoryView")


class LoginView(AccountAuthView):
    """Oscar's login/registration page; without a (safe) ?next= each role lands on its own start page."""

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # Like Oscar, ?next= is ignored here: a page that sent a logged-in user to log in would loop.
            return redirect(user_landing_url(user=request.user))
        return super().get(request, *args, **kwargs)

    def get_login_success_url(self, form):
        # The form keeps ?next= only if it stays on this host (Oscar's clean_redirect_url).
        return form.cleaned_data["redirect_url"] or user_landing_url(user=self.request.user)


class ShopperOrderHistoryView(OrderHistoryView):
    def get_queryset(self):
        qs = order_list_for_shopper(user=self.request.user)
        if self.form.is_bound and self.form.is_valid():
            qs = qs.filter(**self.form.get_filters())
        return qs
