"""Oscar's account views, adjusted: landing by role after login, an order history without N+1, account
actions on POST only, and a registration that does not tell whether an e-mail has an account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from oscar.core.loading import get_class, get_model
from wagtail.admin.views import account as wagtail_account

from marketplace.core.throttling import client_ip_address, email_throttle_key, throttle_hit
from marketplace.customer.confirm import confirm_page, safe_next_url
from marketplace.customer.forms import RegistrationForm
from marketplace.customer.selectors import order_list_for_shopper, user_landing_url
from marketplace.customer.services import (
    account_activate,
    account_activation_user,
    account_lockout_clear,
    account_register,
    wishlist_line_move,
)

AccountAuthView = get_class("customer.views", "AccountAuthView")
AccountRegistrationView = get_class("customer.views", "AccountRegistrationView")
OrderHistoryView = get_class("customer.views", "OrderHistoryView")


class SilentRegistrationMixin:
    """Registration that answers a new e-mail and an e-mail with an account the same way: the same redirect
    (the login page), the same message, nobody logged in. What happens is ``account_register``'s."""

    def registration_done(self, form):
        email = form.cleaned_data["email"]
        next_url = form.cleaned_data.get("redirect_url") or ""
        if not next_url.startswith("/"):  # clean_redirect_url kept it only if it stays on this site
            next_url = ""
        account_register(email=email, password=form.cleaned_data["password1"], request=self.request, next_url=next_url)
        messages.success(
            self.request,
            _(
                "Thank you. We have sent a message to %(email)s. "
                "Please follow the link in it to finish creating your account."
            )
            % {"email": email},
        )
        url = reverse("customer:login")
        if next_url:
            url = f"{url}?{urlencode({'next': next_url})}"
        return redirect(url)


class AccountActivateView(View):
    """The link in the activation e-mail: a GET asks (a mail scanner that opens the link must not use it up),
    the POST activates the account and logs its owner in."""

    def get(self, request, uidb64, token):
        if account_activation_user(uidb64=uidb64, token=token) is None:
            return self._invalid(request)
        return confirm_page(
            request,
            title=_("Activate your account"),
            question=_("Activate your account and log in?"),
            button=_("Activate my account"),
            cancel_url="/",
            next_url=safe_next_url(request, ""),
        )

    def post(self, request, uidb64, token):
        user = account_activate(uidb64=uidb64, token=token, request=request)
        if user is None:
            return self._invalid(request)
        auth_login(request, user, backend="oscar.apps.customer.auth_backends.EmailBackend")
        messages.success(request, _("Your account is active. Welcome to the OCOP Market!"))
        return redirect(safe_next_url(request, user_landing_url(user=user)))

    def _invalid(self, request):
        return render(request, "oscar/customer/activation_invalid.html", status=400)


class RegisterView(SilentRegistrationMixin, AccountRegistrationView):
    form_class = RegistrationForm

    def form_valid(self, form):
        return self.registration_done(form)


class LoginView(SilentRegistrationMixin, AccountAuthView):
    """Oscar's login/registration page; without a (safe) ?next= each role lands on its own start page."""

    registration_form_class = RegistrationForm

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # Like Oscar, ?next= is ignored here: a page that sent a logged-in user to log in would loop.
            return redirect(user_landing_url(user=request.user))
        return super().get(request, *args, **kwargs)

    def get_login_success_url(self, form):
        # The form keeps ?next= only if it stays on this host (Oscar's clean_redirect_url).
        return form.cleaned_data["redirect_url"] or user_landing_url(user=self.request.user)

    def validate_registration_form(self):
        form = self.get_registration_form(bind_data=True)
        if form.is_valid():
            return self.registration_done(form)
        return self.render_to_response(self.get_context_data(registration_form=form))


class ShopperOrderHistoryView(OrderHistoryView):
    def get_queryset(self):
        qs = order_list_for_shopper(user=self.request.user)
        if self.form.is_bound and self.form.is_valid():
            qs = qs.filter(**self.form.get_filters())
        return qs


# Account actions: POST only, a confirmation page for a plain GET (see marketplace/customer/confirm.py) ------------

OscarLogoutView = get_class("customer.views", "LogoutView")
OscarAddressChangeStatusView = get_class("customer.views", "AddressChangeStatusView")
OscarWishListAddProduct = get_class("customer.wishlists.views", "WishListAddProduct")
OscarWishListMoveProduct = get_class("customer.wishlists.views", "WishListMoveProductToAnotherWishList")
OscarAlertConfirmView = get_class("customer.alerts.views", "ProductAlertConfirmView")
OscarAlertCancelView = get_class("customer.alerts.views", "ProductAlertCancelView")
Product = get_model("catalogue", "Product")
ProductAlert = get_model("customer", "ProductAlert")
UserAddress = get_model("address", "UserAddress")
WishList = get_model("wishlists", "WishList")


class LogoutView(OscarLogoutView):
    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(self.url)
        return confirm_page(
            request,
            title=_("Log out"),
            question=_("Do you want to log out?"),
            button=_("Log out"),
            cancel_url=reverse("customer:summary"),
        )

    def post(self, request, *args, **kwargs):
        # Oscar's GET: log out, then delete the cookies it lists.
        return OscarLogoutView.get(self, request, *args, **kwargs)


class AddressChangeStatusView(OscarAddressChangeStatusView):
    def get(self, request, *args, pk=None, action=None, **kwargs):
        address = get_object_or_404(UserAddress, user=request.user, pk=pk)
        if action == "default_for_shipping":
            question = _("Use this address for deliveries by default? %(address)s")
            button = _("Set as default shipping address")
        else:
            question = _("Use this address for invoices by default? %(address)s")
            button = _("Set as default billing address")
        return confirm_page(
            request,
            title=_("Default address"),
            question=question % {"address": address.summary},
            button=button,
            cancel_url=reverse("customer:address-list"),
        )

    def post(self, request, *args, **kwargs):
        return OscarAddressChangeStatusView.get(self, request, *args, **kwargs)


class WishListAddProductView(OscarWishListAddProduct):
    """Oscar's view adds (and may create a wish list) on GET; here only on POST."""

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            return super().dispatch(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        product = get_object_or_404(Product, pk=kwargs["product_pk"])
        if "key" in kwargs:
            get_object_or_404(WishList, key=kwargs["key"], owner=request.user)
        return confirm_page(
            request,
            title=_("Add to wish list"),
            question=_("Add “%(product)s” to your wish list?") % {"product": product.get_title()},
            button=_("Add to wish list"),
            cancel_url=product.get_absolute_url(),
            next_url=safe_next_url(request, ""),
        )

    def add_product(self):
        self.wishlist.add(self.product)
        messages.success(
            self.request, _("“%(product)s” was added to your wish list.") % {"product": self.product.get_title()}
        )
        return redirect(safe_next_url(self.request, self.product.get_absolute_url()))


class WishListMoveProductView(OscarWishListMoveProduct):
    """Titles from the line itself: its product may have been deleted since (Line.product is then NULL)."""

    def get(self, request, *args, **kwargs):
        to_wishlist = get_object_or_404(WishList, owner=request.user, key=kwargs["to_key"])
        return confirm_page(
            request,
            title=_("Move to another wish list"),
            question=_("Move “%(product)s” to the wish list “%(name)s”?")
            % {"product": self.line.get_title(), "name": to_wishlist.name},
            button=_("Move"),
            cancel_url=reverse("customer:wishlists-detail", kwargs={"key": self.wishlist.key}),
        )

    def post(self, request, *args, **kwargs):
        to_wishlist = get_object_or_404(WishList, owner=request.user, key=kwargs["to_key"])
        names = {"title": self.line.get_title(), "name": to_wishlist.name}
        if wishlist_line_move(line=self.line, to_wishlist=to_wishlist):
            messages.success(request, _("“%(title)s” was moved to the wish list “%(name)s”.") % names)
        else:
            messages.error(request, _("The wish list “%(name)s” already has “%(title)s”.") % names)
        return redirect("customer:wishlists-detail", key=self.wishlist.key)


class ProductAlertConfirmView(OscarAlertConfirmView):
    """The link in the stock-alert e-mail: a mail scanner that opens it must not confirm the alert."""

    def get(self, request, *args, **kwargs):
        alert = get_object_or_404(ProductAlert, key=kwargs["key"])
        return confirm_page(
            request,
            title=_("Stock alert"),
            question=_("Tell me by e-mail when “%(product)s” is back in stock?")
            % {"product": alert.product.get_title()},
            button=_("Confirm the alert"),
            cancel_url=alert.product.get_absolute_url(),
        )

    def post(self, request, *args, **kwargs):
        return OscarAlertConfirmView.get(self, request, *args, **kwargs)


class ProductAlertCancelView(OscarAlertCancelView):
    def _alert(self, request, kwargs):
        if "key" in kwargs:
            return get_object_or_404(ProductAlert, key=kwargs["key"])
        if "pk" in kwargs and request.user.is_authenticated:
            return get_object_or_404(ProductAlert, user=request.user, pk=kwargs["pk"])
        raise Http404

    def get(self, request, *args, **kwargs):
        alert = self._alert(request, kwargs)
        return confirm_page(
            request,
            title=_("Stock alert"),
            question=_("Cancel the stock alert for “%(product)s”?") % {"product": alert.product.get_title()},
            button=_("Cancel the alert"),
            cancel_url=alert.product.get_absolute_url(),
            next_url=safe_next_url(request, ""),
        )

    def post(self, request, *args, **kwargs):
        self.alert = self._alert(request, kwargs)
        self.update_alert()
        return redirect(self.get_redirect_url())

    def get_redirect_url(self, *args, **kwargs):
        # Oscar follows ?next= anywhere (an open redirect); only this site's addresses here.
        return safe_next_url(self.request, self.alert.product.get_absolute_url())


# Password reset with a throttle -------------------------------------------------------------------------------

PasswordResetForm = get_class("customer.forms", "PasswordResetForm")


class PasswordResetThrottleMixin:
    """Refuses too many password-reset requests from one address or for one account within the window: the
    page says so and nothing more is sent. Shared by the shop's form and Wagtail's (/cms/password_reset/)."""

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW_SECONDS
        refused = throttle_hit(
            scope="password-reset-address",
            key=client_ip_address(self.request) or "unknown",
            limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            window_seconds=window,
        ) or throttle_hit(
            scope="password-reset-email",
            key=email_throttle_key(form.cleaned_data["email"]),
            limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
            window_seconds=window,
        )
        if refused:
            form.add_error(
                None,
                _("Too many password reset requests. Please check your inbox, or try again in an hour."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class LockoutClearingMixin:
    """A password set through the reset link also lifts the account's login lockout: the owner proved
    they hold the mailbox, and a locked-out owner is sent to reset their password."""

    def form_valid(self, form):
        response = super().form_valid(form)
        account_lockout_clear(user=form.user)
        return response


class PasswordResetView(PasswordResetThrottleMixin, auth_views.PasswordResetView):
    """Oscar's password reset (Django's view and Oscar's form), throttled."""

    form_class = PasswordResetForm
    success_url = reverse_lazy("password-reset-done")
    template_name = "oscar/registration/password_reset_form.html"


class PasswordResetConfirmView(LockoutClearingMixin, auth_views.PasswordResetConfirmView):
    """Oscar's reset confirmation (as oscar/config.py sets it up), clearing the account's lockout."""

    form_class = SetPasswordForm
    success_url = reverse_lazy("password-reset-complete")
    template_name = "oscar/registration/password_reset_confirm.html"


class CmsPasswordResetView(PasswordResetThrottleMixin, wagtail_account.PasswordResetView):
    """Wagtail's password reset (/cms/password_reset/), throttled like the shop's."""


class CmsPasswordResetConfirmView(LockoutClearingMixin, wagtail_account.PasswordResetConfirmView):
    """Wagtail's reset confirmation, clearing the account's lockout."""
