"""Officers (and staff): logins locked out by the throttle, and unlocking them."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from marketplace.core.throttling import address_throttle_key
from marketplace.customer.selectors import login_lockout_list
from marketplace.customer.services import login_lockout_reset


class LockoutResetForm(forms.Form):
    username = forms.CharField(required=False, max_length=255, label=gettext_lazy("Account"))
    ip_address = forms.CharField(required=False, max_length=45, label=gettext_lazy("Address"))

    def clean_ip_address(self):
        value = self.cleaned_data["ip_address"].strip()
        if value:
            try:
                return address_throttle_key(value)
            except ValueError:
                raise forms.ValidationError(_("Not an IP address.")) from None
        return value

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("username")) == bool(cleaned.get("ip_address")):
            raise forms.ValidationError(_("Choose one account or one address to unlock."))
        return cleaned


class LockoutListView(TemplateView):
    template_name = "oscar/dashboard/security/lockout_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**login_lockout_list(), **kwargs)


class LockoutResetView(View):
    """POST only: unlock one account or one address, then back to the list."""

    http_method_names = ["post"]

    def post(self, request):
        form = LockoutResetForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
            return redirect("dashboard:security-lockout-list")
        username, ip_address = form.cleaned_data["username"].strip(), form.cleaned_data["ip_address"]
        if login_lockout_reset(officer=request.user, username=username, ip_address=ip_address):
            messages.success(request, _("Unlocked: %(what)s.") % {"what": username or ip_address})
        else:
            messages.error(
                request,
                _("Nothing to unlock: no failed logins are recorded for %(what)s.") % {"what": username or ip_address},
            )
        return redirect("dashboard:security-lockout-list")
