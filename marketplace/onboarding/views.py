"""Storefront: a producer's representative applies, then follows the decision."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from marketplace.core.forms import form_add_service_errors
from marketplace.core.throttling import client_ip_address, throttle_hit
from marketplace.onboarding import selectors, services
from marketplace.onboarding.forms import ProducerApplicationForm

LOGIN_URL = reverse_lazy("customer:login")


def _submission_throttled(request) -> bool:
    """Counts a complete submission from the client's address; True when over the hourly limit.

    One account may hold one open application (the service's rule); this stops one address from opening
    many accounts to file many.
    """
    return throttle_hit(
        scope="producer-application",
        key=client_ip_address(request) or "unknown",
        limit=settings.PRODUCER_APPLICATION_LIMIT_PER_ADDRESS,
        window_seconds=settings.PRODUCER_APPLICATION_WINDOW_SECONDS,
    )


def _applicant_blocker(user) -> str:
    """Why the user cannot apply now ("" when they can)."""
    try:
        services.application_validate_applicant(applicant=user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


class ApplicationApplyView(LoginRequiredMixin, View):
    """GET the form, POST it. "Show its communes and wards" re-renders with the province's communes
    (the page works without JavaScript); bad input re-renders with the messages and writes nothing."""

    login_url = LOGIN_URL
    template_name = "onboarding/apply.html"

    def get(self, request):
        return self._render(form=ProducerApplicationForm(applicant=request.user))

    def post(self, request):
        if _applicant_blocker(request.user):
            return self._render(form=None)
        if "show_communes" in request.POST:
            initial = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
            return self._render(form=ProducerApplicationForm(initial=initial, applicant=request.user))
        form = ProducerApplicationForm(request.POST, request.FILES, applicant=request.user)
        if form.is_valid():
            if _submission_throttled(request):
                form.add_error(
                    None,
                    _("Too many applications were sent from your connection in the last hour. Please try again later."),
                )
                return self._render(form=form, status=429)
            try:
                services.application_submit(applicant=request.user, **form.service_kwargs())
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: your application was sent. Officers will review it."))
                return redirect("onboarding:status")
        return self._render(form=form)

    def _render(self, *, form, status=200):
        blocker = _applicant_blocker(self.request.user)
        context = {"form": None if blocker else form, "blocker": blocker}
        return render(self.request, self.template_name, context, status=status)


class ApplicationStatusView(LoginRequiredMixin, TemplateView):
    """The user's latest application and its outcome (with the officers' reason when rejected)."""

    login_url = LOGIN_URL
    template_name = "onboarding/status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["application"] = selectors.application_get_for_user(user=user)
        context["producer"] = selectors.producer_for_user(user=user)
        return context
