"""Dashboard screens of the OCOP cycle: evaluation dossiers (step 4) and their documents.

Thin views: the selectors decide what the user reaches (anything else is 404; a council member outside their
rounds gets 403), the services decide what the user may do and in which state.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from marketplace.core.forms import form_add_service_errors
from programme.access import RoleRequiredMixin
from programme.forms.dossiers import DocumentUploadForm, DossierCreateForm, DossierFilterForm, DossierReviewForm
from programme.models import DocumentType, Dossier
from programme.selectors import dossiers as selectors
from programme.services import dossiers as services
from programme.views.common import PRODUCER, CycleReviewView, CycleSubmitView, ForgivingPageMixin, PrivateFileView

LIST_READERS = ("officer", "commune_officer", "producer")
READERS = ("officer", "commune_officer", "producer", "council_member")


def _or_refuse(request, get, pk):
    """``get(user=…, pk=…)``: what is in the user's reach; a council member outside their rounds is refused
    (403), others 404."""
    try:
        return get(user=request.user, pk=pk)
    except Http404:
        if selectors.user_is_only_council_member(request.user):
            raise PermissionDenied from None
        raise


class _DossierActionMixin:
    """The buttons of a dossier's page: the dossier in the user's reach, back to its page."""

    object_kwarg = "dossier"
    detail_url = "ocop:dossier-detail"

    def object_get(self, pk):
        return selectors.dossier_get_for_user(user=self.request.user, pk=pk)


class DossierListView(RoleRequiredMixin, ForgivingPageMixin, ListView):
    roles = LIST_READERS
    template_name = "programme/dossiers/dossier_list.html"
    context_object_name = "dossiers"
    paginate_by = 50

    def filter_form(self):
        if not hasattr(self, "_filter_form"):
            years = selectors.dossier_year_choices(user=self.request.user)
            form = DossierFilterForm(self.request.GET or None, years=years)
            form.is_valid()
            self._filter_form = form
        return self._filter_form

    def get_queryset(self):
        data = getattr(self.filter_form(), "cleaned_data", {}) or {}
        return selectors.dossier_list(user=self.request.user, status=data.get("status"), year=data.get("year"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form()
        context["can_create"] = selectors.dossier_idea_choices(user=self.request.user).exists()
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class DossierCreateView(RoleRequiredMixin, View):
    roles = PRODUCER
    template_name = "programme/dossiers/dossier_create.html"

    def get(self, request):
        initial = {}
        idea_id = request.GET.get("idea", "")
        if idea_id.isdigit():
            initial["idea"] = int(idea_id)
        return self._render(DossierCreateForm(user=request.user, initial=initial))

    def post(self, request):
        form = DossierCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                dossier = services.dossier_create(
                    idea=form.cleaned_data["idea"], user=request.user, product=form.cleaned_data["product"]
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The dossier is open: upload the documents, then submit it."))
                return redirect("ocop:dossier-detail", pk=dossier.pk)
        return self._render(form)

    def _render(self, form):
        return render(self.request, self.template_name, {"form": form})


def dossier_detail_render(request, *, dossier, upload_form=None, upload_type_id=None, review_form=None):
    user = request.user
    checklist = selectors.dossier_checklist(dossier=dossier)
    can_upload = selectors.dossier_can_upload(user=user, dossier=dossier)
    for row in checklist:
        row.upload_form = (
            upload_form
            if upload_form is not None and upload_type_id == row.document_type.pk
            else DocumentUploadForm(
                initial={"document_type": row.document_type.pk}, auto_id=f"id_doc{row.document_type.pk}_%s"
            )
        )
    can_review = selectors.dossier_can_review(user=user, dossier=dossier)
    is_own = selectors.dossier_is_own(user=user, dossier=dossier)
    missing = [row for row in checklist if row.required and not row.versions]
    context = {
        "dossier": dossier,
        "idea": dossier.idea,
        "checklist": checklist,
        "missing": missing,
        "can_upload": can_upload,
        "can_submit": is_own and dossier.status in selectors.UPLOAD_STATES,
        "can_review": can_review and dossier.status == Dossier.Status.SUBMITTED,
        "read_only": selectors.dossier_read_only_for(user=user, dossier=dossier),
        "review_form": review_form or DossierReviewForm(),
        "events": list(selectors.dossier_events(dossier=dossier)),
    }
    return render(request, "programme/dossiers/dossier_detail.html", context)


class DossierDetailView(RoleRequiredMixin, View):
    roles = READERS

    def get(self, request, pk):
        return dossier_detail_render(request, dossier=_or_refuse(request, selectors.dossier_get_for_user, pk))


class DossierUploadView(RoleRequiredMixin, View):
    roles = PRODUCER
    http_method_names = ["post"]

    def post(self, request, pk):
        dossier = selectors.dossier_get_for_user(user=request.user, pk=pk)
        if not selectors.dossier_is_own(user=request.user, dossier=dossier):
            raise PermissionDenied
        form = DocumentUploadForm(request.POST, request.FILES)
        raw = request.POST.get("document_type", "")
        type_id = int(raw) if raw.isdigit() else None
        form.auto_id = f"id_doc{type_id}_%s"
        document_type = DocumentType.objects.filter(pk=type_id).first() if type_id else None
        in_list = document_type is not None and selectors.document_type_allowed(
            dossier=dossier, document_type=document_type
        )
        if not in_list:
            # No row of the checklist to show it beside: said above the page.
            messages.error(request, _("This document is not part of this product set's dossier."))
        elif form.is_valid():
            try:
                document = services.dossier_document_upload(
                    dossier=dossier, user=request.user, document_type=document_type, upload=form.cleaned_data["file"]
                )
            except ValidationError as error:
                upload_errors_show(request, form=form, error=error)
            else:
                messages.success(
                    request,
                    _("%(name)s: version %(version)s is stored.")
                    % {"name": selectors.document_type_label(document_type), "version": document.version},
                )
                return redirect("ocop:dossier-detail", pk=dossier.pk)
        if in_list and form.errors:
            messages.error(request, _("The file was not stored: see the message beside the document."))
        dossier = selectors.dossier_get_for_user(user=request.user, pk=pk)
        return dossier_detail_render(request, dossier=dossier, upload_form=form, upload_type_id=type_id)


def upload_errors_show(request, *, form, error: ValidationError) -> None:
    """A refused file beside its document's row; anything else (the dossier's state, a document outside the
    product set's list) above the page, since no field of the row shows it."""
    errors = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error.error_list)]
    for field, field_errors in errors:
        if field == "file":
            form.add_error("file", field_errors)
        else:
            for message in ValidationError(field_errors).messages:
                messages.error(request, message)


class DossierSubmitView(_DossierActionMixin, CycleSubmitView):
    service = staticmethod(services.dossier_submit)

    def success_message(self) -> str:
        return _("The dossier is submitted to the commune for a check.")


class DossierReviewView(_DossierActionMixin, CycleReviewView):
    form_class = DossierReviewForm

    def can_review(self, obj) -> bool:
        return selectors.dossier_can_review(user=self.request.user, dossier=obj)

    def decisions(self) -> dict:
        return {
            DossierReviewForm.PROPOSE: (services.dossier_propose, _("The dossier is proposed for evaluation.")),
            DossierReviewForm.RETURN: (
                services.dossier_return,
                _("The dossier is returned to the producer with your comments."),
            ),
        }

    def detail_render(self, obj, *, form):
        return dossier_detail_render(self.request, dossier=obj, review_form=form)


class DossierDocumentView(PrivateFileView):
    roles = READERS

    def file_get(self, pk):
        return _or_refuse(self.request, selectors.dossier_document_get_for_user, pk)


urlpatterns = [
    path("dossiers/", DossierListView.as_view(), name="dossier-list"),
    path("dossiers/new/", DossierCreateView.as_view(), name="dossier-create"),
    path("dossiers/<int:pk>/", DossierDetailView.as_view(), name="dossier-detail"),
    path("dossiers/<int:pk>/upload/", DossierUploadView.as_view(), name="dossier-upload"),
    path("dossiers/<int:pk>/submit/", DossierSubmitView.as_view(), name="dossier-submit"),
    path("dossiers/<int:pk>/review/", DossierReviewView.as_view(), name="dossier-review"),
    path("dossiers/documents/<int:pk>/", DossierDocumentView.as_view(), name="dossier-document"),
]
