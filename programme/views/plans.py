"""The programme office's yearly plans: list, create, edit; a plan's targets and planned products (officers)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from programme.forms.plans import PlanForm, PlannedImportForm, PlannedProductForm, TargetForm
from programme.models import PlannedProduct, PlanTarget, ProgrammePlan
from programme.selectors import plans as selectors
from programme.services import plans as services
from programme.views.common import OfficeFormView, OfficePlanMixin, OfficerMixin


class PlanListView(OfficerMixin, ListView):
    template_name = "programme/office/plan_list.html"
    context_object_name = "plans"
    paginate_by = 50

    def get_queryset(self):
        return selectors.plan_list()


class PlanDetailView(OfficerMixin, TemplateView):
    template_name = "programme/office/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = get_object_or_404(ProgrammePlan.objects.select_related("region"), pk=kwargs["pk"])
        context.update(
            plan=plan,
            communes=list(services.plan_communes(plan=plan).order_by("name")),
            targets=list(selectors.plan_target_list(plan=plan)),
            planned_products=list(selectors.planned_product_list(plan=plan)),
        )
        return context


class PlanCreateView(OfficeFormView):
    form_class = PlanForm
    heading = gettext_lazy("New yearly plan")

    def perform(self, data):
        return services.plan_create(**data, actor=self.request.user)

    def success_target(self, plan):
        return _detail(plan.pk)


def _detail(pk):
    from django.urls import reverse

    return reverse("programme_office:plan-detail", kwargs={"pk": pk})


class _PlanChildMixin(OfficePlanMixin):
    def success_target(self, obj):
        return _detail(self.plan.pk)


class PlanEditView(_PlanChildMixin, OfficeFormView):
    form_class = PlanForm
    heading = gettext_lazy("Edit the plan")

    def get_initial(self):
        plan = self.plan
        return {
            "year": plan.year,
            "level": plan.level,
            "region": plan.region,
            "communes": list(plan.communes.all()),
            "title": plan.title,
            "decision_ref": plan.decision_ref,
        }

    def perform(self, data):
        return services.plan_update(plan=self.plan, **data, actor=self.request.user)


class TargetSetView(_PlanChildMixin, OfficeFormView):
    form_class = TargetForm
    heading = gettext_lazy("Set a target")

    def dispatch(self, request, *args, **kwargs):
        self.target = None
        if request.user.is_authenticated and self.user_has_role(request.user) and "target_pk" in kwargs:
            self.target = get_object_or_404(PlanTarget, pk=kwargs["target_pk"], plan_id=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.target is None:
            return {}
        return {
            "kind": self.target.kind,
            "label": self.target.label,
            "unit": self.target.unit,
            "value": self.target.value,
        }

    def perform(self, data):
        return services.plan_target_set(plan=self.plan, target=self.target, **data, actor=self.request.user)


class PlannedProductView(_PlanChildMixin, OfficeFormView):
    form_class = PlannedProductForm
    heading = gettext_lazy("Planned product")

    def dispatch(self, request, *args, **kwargs):
        self.planned = None
        if request.user.is_authenticated and self.user_has_role(request.user) and "planned_pk" in kwargs:
            self.planned = get_object_or_404(PlannedProduct, pk=kwargs["planned_pk"], plan_id=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["communes"] = services.plan_communes(plan=self.plan)
        return kwargs

    def get_initial(self):
        p = self.planned
        if p is None:
            return {"target_stars": 3}
        return {
            "name": p.name,
            "producer": p.producer,
            "commune": p.commune,
            "type": p.type,
            "target_stars": p.target_stars,
            "product": p.product,
            "idea": p.idea,
            "responsible_office": p.responsible_office,
        }

    def perform(self, data):
        if self.planned is None:
            return services.planned_product_add(plan=self.plan, **data, actor=self.request.user)
        return services.planned_product_update(planned=self.planned, **data, actor=self.request.user)


class PlannedImportView(_PlanChildMixin, OfficeFormView):
    form_class = PlannedImportForm
    heading = gettext_lazy("Import the planned product list")

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":  # the template to fill
            from programme.office_xlsx import planned_template_build, xlsx_response

            return xlsx_response(content=planned_template_build(), filename="ocop-planned-products.xlsx")
        return super().get(request, *args, **kwargs)

    def perform(self, data):
        return services.planned_product_import(plan=self.plan, upload=data["file"], actor=self.request.user)


class _DeleteView(_PlanChildMixin, TemplateView):
    template_name = "programme/office/confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan=self.plan, object=self.get_object())
        return context

    def post(self, request, *args, **kwargs):
        self.delete(self.get_object())
        messages.success(request, _("Deleted."))
        return redirect(_detail(self.plan.pk))


class TargetDeleteView(_DeleteView):
    def get_object(self):
        return get_object_or_404(PlanTarget, pk=self.kwargs["target_pk"], plan=self.plan)

    def delete(self, obj):
        services.plan_target_delete(target=obj, actor=self.request.user)


class PlannedProductDeleteView(_DeleteView):
    def get_object(self):
        return get_object_or_404(PlannedProduct, pk=self.kwargs["planned_pk"], plan=self.plan)

    def delete(self, obj):
        services.planned_product_delete(planned=obj, actor=self.request.user)


urlpatterns = [
    path("plans/", PlanListView.as_view(), name="plan-list"),
    path("plans/new/", PlanCreateView.as_view(), name="plan-create"),
    path("plans/<int:pk>/", PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", PlanEditView.as_view(), name="plan-edit"),
    path("plans/<int:pk>/targets/new/", TargetSetView.as_view(), name="target-add"),
    path("plans/<int:pk>/targets/<int:target_pk>/", TargetSetView.as_view(), name="target-edit"),
    path("plans/<int:pk>/targets/<int:target_pk>/delete/", TargetDeleteView.as_view(), name="target-delete"),
    path("plans/<int:pk>/products/new/", PlannedProductView.as_view(), name="planned-add"),
    path("plans/<int:pk>/products/import/", PlannedImportView.as_view(), name="planned-import"),
    path("plans/<int:pk>/products/<int:planned_pk>/", PlannedProductView.as_view(), name="planned-edit"),
    path(
        "plans/<int:pk>/products/<int:planned_pk>/delete/",
        PlannedProductDeleteView.as_view(),
        name="planned-delete",
    ),
]
