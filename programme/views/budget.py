"""The programme office's budget (officers): plan against actual per line, budget lines, spending entries with
their private supporting documents; the tables as XLSX with ``?format=xlsx``."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from marketplace.core.private_files import private_file_response
from programme.forms.budget import BudgetLineForm, SpendingForm
from programme.models import BudgetLine
from programme.office_xlsx import budget_xlsx_build, xlsx_response
from programme.selectors import budget as selectors
from programme.services import budget as services
from programme.views.common import OfficeFormView, OfficePlanMixin


class BudgetView(OfficePlanMixin, TemplateView):
    template_name = "programme/office/budget.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            content = budget_xlsx_build(
                summary=selectors.budget_summary(plan=self.plan), spendings=selectors.spending_list(plan=self.plan)
            )
            return xlsx_response(content=content, filename=f"ocop-budget-{self.plan.year}-{self.plan.pk}.xlsx")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            plan=self.plan,
            summary=selectors.budget_summary(plan=self.plan),
            spendings=list(selectors.spending_list(plan=self.plan)[:500]),
            can_approve_overspend=self.request.user.has_perm(services.OVERSPEND_PERMISSION),
        )
        return context


class _BudgetFormView(OfficePlanMixin, OfficeFormView):
    def success_target(self, obj):
        return reverse("programme_office:budget", kwargs={"pk": self.plan.pk})


class BudgetLineCreateView(_BudgetFormView):
    form_class = BudgetLineForm
    heading = gettext_lazy("New budget line")

    def perform(self, data):
        services.budget_line_create(plan=self.plan, **data, actor=self.request.user)


class BudgetLineEditView(_BudgetFormView):
    form_class = BudgetLineForm
    heading = gettext_lazy("Edit the budget line")

    def dispatch(self, request, *args, **kwargs):
        self.line = None
        if request.user.is_authenticated and self.user_has_role(request.user):
            self.line = get_object_or_404(BudgetLine, pk=kwargs["line_pk"], plan_id=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        line = self.line
        return {"name": line.name, "source": line.source, "planned_amount": line.planned_amount}

    def perform(self, data):
        services.budget_line_update(line=self.line, **data, actor=self.request.user)


class SpendingCreateView(_BudgetFormView):
    form_class = SpendingForm
    heading = gettext_lazy("Record spending")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["plan"] = self.plan
        return kwargs

    def get_initial(self):
        line = self.request.GET.get("line")
        return {"line": line} if line and line.isdigit() else {}

    def perform(self, data):
        services.spending_record(**data, actor=self.request.user)


class SpendingDocumentView(OfficePlanMixin, View):
    """A spending entry's supporting document, streamed from private storage to officers only."""

    def get(self, request, *args, **kwargs):
        try:
            spending = selectors.spending_get(pk=kwargs["spending_pk"])
        except selectors.Spending.DoesNotExist:
            raise Http404 from None
        if spending.line.plan_id != self.plan.pk or not spending.document:
            raise Http404
        return private_file_response(file=spending.document, filename=spending.document_name or "document")


urlpatterns = [
    path("plans/<int:pk>/budget/", BudgetView.as_view(), name="budget"),
    path("plans/<int:pk>/budget/lines/new/", BudgetLineCreateView.as_view(), name="budget-line-add"),
    path("plans/<int:pk>/budget/lines/<int:line_pk>/", BudgetLineEditView.as_view(), name="budget-line-edit"),
    path("plans/<int:pk>/budget/spending/new/", SpendingCreateView.as_view(), name="spending-add"),
    path(
        "plans/<int:pk>/budget/spending/<int:spending_pk>/document/",
        SpendingDocumentView.as_view(),
        name="spending-document",
    ),
]
