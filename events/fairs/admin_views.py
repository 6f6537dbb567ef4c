"""Wagtail admin views where officers decide booth applications: thin, through forms and services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from events.fairs import selectors
from events.fairs.forms import BoothDecisionForm
from events.fairs.models import BoothApplication, FairPage
from marketplace.core.roles import user_is_officer


def user_may_decide(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or user_is_officer(user))


def _require_officer(request):
    if not user_may_decide(request.user):
        raise PermissionDenied


def booth_application_index(request):
    _require_officer(request)
    status = request.GET.get("status") or ""
    if status not in BoothApplication.Status.values:
        status = ""
    fair = None
    fair_id = request.GET.get("fair")
    if fair_id and fair_id.isdigit():
        fair = FairPage.objects.filter(pk=int(fair_id)).first()
    return TemplateResponse(
        request,
        "fairs/admin/booth_application_index.html",
        {
            "applications": selectors.booth_application_list(fair=fair, status=status or None)[:200],
            "statuses": BoothApplication.Status.choices,
            "status": status,
            "fair": fair,
            "fairs": FairPage.objects.filter(locale__language_code="vi").order_by("-start"),
            "header_icon": "calendar",
            "page_title": _("Booth applications"),
        },
    )


def booth_application_decide(request, pk: int):
    _require_officer(request)
    try:
        application = selectors.booth_application_get(pk=pk)
    except BoothApplication.DoesNotExist:
        raise Http404 from None
    form = BoothDecisionForm(request.POST or None, application=application, officer=request.user)
    if request.method == "POST" and form.is_valid():
        decided = form.save()
        if decided is not None:
            messages.success(
                request,
                _("%(producer)s: %(status)s. The producer will be e-mailed.")
                % {"producer": decided.producer.name, "status": decided.get_status_display()},
            )
            return redirect("fairs_booth_applications:index")
        for error in form.non_field_errors():
            messages.error(request, error)
    fair = application.fair
    return TemplateResponse(
        request,
        "fairs/admin/booth_application_decide.html",
        {
            "application": application,
            "form": form,
            "approved": selectors.booth_approved_count(fair=fair),
            "capacity": fair.booth_capacity,
            "header_icon": "calendar",
            "page_title": _("Booth application"),
        },
        status=400 if form.errors else 200,
    )
