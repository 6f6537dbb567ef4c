"""Dashboard: officers review producer applications and approve or reject them."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from marketplace.core.forms import form_add_service_errors
from marketplace.core.private_files import private_file_response
from marketplace.onboarding import selectors, services
from marketplace.onboarding.access import user_is_officer
from marketplace.onboarding.forms import RejectForm
from marketplace.onboarding.models import ProducerApplication
from marketplace.onboarding.views import LOGIN_URL

ALL = "all"


class OfficerRequiredMixin:
    """Anonymous users go to the login page; logged-in users who are not officers get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), LOGIN_URL)
        if not user_is_officer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class _ApplicationMixin(OfficerRequiredMixin):
    def get_application(self) -> ProducerApplication:
        try:
            return selectors.application_get(pk=self.kwargs["pk"])
        except ProducerApplication.DoesNotExist:
            raise Http404(_("No such application.")) from None


class ApplicationListView(OfficerRequiredMixin, ListView):
    template_name = "onboarding/dashboard/application_list.html"
    context_object_name = "applications"
    paginate_by = 25

    def get_status(self) -> str:
        status = self.request.GET.get("status", ProducerApplication.Status.SUBMITTED)
        return status if status in ProducerApplication.Status.values else ALL

    def get_queryset(self):
        status = self.get_status()
        return selectors.application_list(status=None if status == ALL else status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.application_status_counts()
        current = self.get_status()
        context["status"] = current
        context["status_tabs"] = [
            {"value": value, "label": label, "count": counts[value], "active": value == current}
            for value, label in ProducerApplication.Status.choices
        ] + [{"value": ALL, "label": _("All"), "count": sum(counts.values()), "active": current == ALL}]
        return context


class ApplicationDetailView(_ApplicationMixin, View):
    template_name = "onboarding/dashboard/application_detail.html"

    def get(self, request, pk):
        return self.render_detail(application=self.get_application(), reject_form=RejectForm())

    def render_detail(self, *, application, reject_form, status=200):
        context = {"application": application, "reject_form": reject_form}
        return render(self.request, self.template_name, context, status=status)


class ApplicationApproveView(_ApplicationMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        application = self.get_application()
        try:
            application = services.application_approve(application=application, officer=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is approved: the applicant now manages the producer in the dashboard.")
                % {"name": application.name},
            )
        return redirect("onboarding-dashboard:application-detail", pk=application.pk)


class ApplicationRejectView(ApplicationDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        application = self.get_application()
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                services.application_reject(
                    application=application, officer=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    form_add_service_errors(form, error)
                else:
                    messages.error(request, " ".join(error.messages))
                    return redirect("onboarding-dashboard:application-detail", pk=application.pk)
            else:
                messages.success(
                    request, _("%(name)s is rejected; the applicant was told why.") % {"name": application.name}
                )
                return redirect("onboarding-dashboard:application-detail", pk=application.pk)
        return self.render_detail(application=application, reject_form=form)


class ApplicationScanView(_ApplicationMixin, View):
    """The registration certificate, to officers only: a personal document, kept in private storage."""

    def get(self, request, pk):
        application = self.get_application()
        scan = application.registration_scan
        if not scan:
            raise Http404(_("This application has no scan."))
        extension = PurePosixPath(scan.name).suffix.lower()
        return private_file_response(file=scan, filename=f"registration-certificate-{application.pk}{extension}")
