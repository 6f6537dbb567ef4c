"""Dashboard screens of the OCOP cycle: criteria sets (the council's scorecards as data).

Programme officers and council members read the sets; only programme officers import, export and download the
template. Thin views: reading is ``programme.selectors.criteria``, checking and writing
``programme.services.criteria``, the file layout ``programme.criteria_xlsx``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from programme.access import RoleRequiredMixin, user_is_officer
from programme.criteria_xlsx import XLSX_CONTENT_TYPE, criteria_workbook_write
from programme.forms.criteria import CriteriaSetImportForm
from programme.models import CriteriaSet
from programme.selectors import criteria as selectors
from programme.services import criteria as services

READERS = ("officer", "council_member")
OFFICERS = ("officer",)
# The import page lists at most this many problems (the count says how many more there are).
ISSUES_SHOWN = 200


def _criteria_set_or_404(pk) -> CriteriaSet:
    try:
        return selectors.criteria_set_get(pk=pk)
    except CriteriaSet.DoesNotExist:
        raise Http404 from None


def _product_set_choices() -> list[tuple[str, str]]:
    return [(code, category.name) for code, category in selectors.ocop_product_sets().items()]


def _xlsx_response(*, content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


class CriteriaSetListView(RoleRequiredMixin, ListView):
    roles = READERS
    template_name = "programme/criteria/criteria_set_list.html"
    context_object_name = "criteria_sets"
    paginate_by = 50

    def get_queryset(self):
        return selectors.criteria_set_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = user_is_officer(self.request.user)
        return context


class CriteriaSetDetailView(RoleRequiredMixin, View):
    roles = READERS
    template_name = "programme/criteria/criteria_set_detail.html"

    def get(self, request, pk):
        criteria_set = _criteria_set_or_404(pk)
        spec = selectors.criteria_set_spec(criteria_set=criteria_set)
        return render(
            request,
            self.template_name,
            {
                "criteria_set": criteria_set,
                "parts": criteria_set.parts.all(),
                "total_points": sum(part.max_points for part in criteria_set.parts.all()),
                # A set written outside the import (the admin, a script) may break the rules: say so.
                "issues": services.criteria_set_validate(spec=spec),
                "can_manage": user_is_officer(request.user),
            },
        )


class CriteriaSetExportView(RoleRequiredMixin, View):
    roles = OFFICERS

    def get(self, request, pk):
        criteria_set = _criteria_set_or_404(pk)
        content = criteria_workbook_write(
            spec=selectors.criteria_set_spec(criteria_set=criteria_set),
            product_set_choices=_product_set_choices(),
        )
        stem = slugify(criteria_set.name, allow_unicode=False) or "bo-tieu-chi"
        return _xlsx_response(content=content, filename=f"{stem[:80]}-{criteria_set.pk}.xlsx")


class CriteriaTemplateView(RoleRequiredMixin, View):
    """The template: the shipped sample set, filled in, with the instructions sheet."""

    roles = OFFICERS

    def get(self, request):
        content = criteria_workbook_write(
            spec=selectors.criteria_set_sample_spec(), product_set_choices=_product_set_choices()
        )
        return _xlsx_response(content=content, filename="mau-bo-tieu-chi-ocop.xlsx")


class CriteriaSetImportView(RoleRequiredMixin, View):
    roles = OFFICERS
    template_name = "programme/criteria/criteria_set_import.html"

    def get(self, request):
        return self._render(CriteriaSetImportForm())

    def post(self, request):
        form = CriteriaSetImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(form)
        try:
            criteria_set = services.criteria_set_import(upload=form.cleaned_data["file"])
        except services.CriteriaSetInvalid as error:
            return self._render(form, issues=error.issues)
        except ValidationError as error:
            form.add_error("file", error)
            return self._render(form)
        messages.success(request, _("The criteria set “%(name)s” was imported.") % {"name": criteria_set.name})
        return redirect("ocop:criteria-set-detail", pk=criteria_set.pk)

    def _render(self, form, *, issues=()):
        issues = list(issues)
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "issues": issues[:ISSUES_SHOWN],
                "issue_count": len(issues),
                "issues_hidden": max(0, len(issues) - ISSUES_SHOWN),
            },
        )


urlpatterns = [
    path("criteria/", CriteriaSetListView.as_view(), name="criteria-set-list"),
    path("criteria/import/", CriteriaSetImportView.as_view(), name="criteria-set-import"),
    path("criteria/template.xlsx", CriteriaTemplateView.as_view(), name="criteria-template"),
    path("criteria/<int:pk>/", CriteriaSetDetailView.as_view(), name="criteria-set-detail"),
    path("criteria/<int:pk>/export.xlsx", CriteriaSetExportView.as_view(), name="criteria-set-export"),
]
