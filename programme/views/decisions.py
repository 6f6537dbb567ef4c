"""Dashboard screens of the OCOP cycle: recognition decisions, certificates and their revocation (programme
officers only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from marketplace.core.forms import form_add_service_errors
from programme.forms.decisions import CertificateFilterForm, CertificateRevokeForm, DecisionForm
from programme.selectors import decisions as selectors
from programme.services.decisions import certificate_revoke, decision_record
from programme.views.common import OfficerMixin


class DecisionListView(OfficerMixin, ListView):
    template_name = "programme/decisions/decision_list.html"
    context_object_name = "decisions"
    paginate_by = 50

    def get_queryset(self):
        return selectors.decision_list()


class DecisionCreateView(OfficerMixin, FormView):
    template_name = "programme/decisions/decision_form.html"
    form_class = DecisionForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            decision, created = decision_record(
                number=data["number"],
                date=data["date"],
                signer=data["signer"],
                level=data["level"],
                note=data["note"],
                entries=list(data["entries"]),
                actor=self.request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        if created:
            messages.success(
                self.request,
                _("Decision %(number)s is recorded: %(count)s products recognised, their certificates are in force.")
                % {"number": decision.number, "count": decision.items.count()},
            )
        else:
            messages.info(
                self.request,
                _("Decision %(number)s was already recorded with these products; nothing was changed.")
                % {"number": decision.number},
            )
        return redirect("ocop:decision-detail", pk=decision.pk)


class DecisionDetailView(OfficerMixin, TemplateView):
    template_name = "programme/decisions/decision_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["decision"] = selectors.decision_get(pk=kwargs["pk"])
        except selectors.RecognitionDecision.DoesNotExist:
            raise Http404 from None
        return context


class CertificateListView(OfficerMixin, ListView):
    template_name = "programme/decisions/certificate_list.html"
    context_object_name = "certificates"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = CertificateFilterForm(self.request.GET or None)
        if self.filter_form.is_bound and not self.filter_form.is_valid():
            return selectors.certificate_list().none()  # the errors show beside the filters
        filters = self.filter_form.cleaned_data if self.filter_form.is_bound else {}
        return selectors.certificate_list(
            status=filters.get("status") or "", stars=filters.get("stars"), year=filters.get("year")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["in_force_statuses"] = list(selectors.Certification.IN_FORCE_STATUSES)
        return context


class CertificateRevokeView(OfficerMixin, FormView):
    template_name = "programme/decisions/certificate_revoke.html"
    form_class = CertificateRevokeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            try:
                self.certification = selectors.certificate_get(pk=kwargs["pk"])
            except selectors.Certification.DoesNotExist:
                self.certification = None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.certification is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.certification is None:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certification"] = self.certification
        return context

    def form_valid(self, form):
        try:
            certificate_revoke(
                certification=self.certification,
                reason=form.cleaned_data["revocation_reason"],
                actor=self.request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The certificate of %(product)s is revoked; its badge has left the shop.")
            % {"product": self.certification.product.get_title()},
        )
        return redirect(reverse("ocop:certificate-list"))


urlpatterns = [
    path("decisions/", DecisionListView.as_view(), name="decision-list"),
    path("decisions/new/", DecisionCreateView.as_view(), name="decision-create"),
    path("decisions/<int:pk>/", DecisionDetailView.as_view(), name="decision-detail"),
    path("certificates/", CertificateListView.as_view(), name="certificate-list"),
    path("certificates/<int:pk>/revoke/", CertificateRevokeView.as_view(), name="certificate-revoke"),
]
