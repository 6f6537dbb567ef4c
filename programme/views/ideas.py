"""Dashboard screens of the OCOP cycle: product ideas (step 2) and business plans (step 3).

Thin views: the selectors decide what the user reaches (anything else is 404), the services decide what the user
may do (PermissionDenied → 403) and in which state (ValidationError → the form re-rendered with the message).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from marketplace.core.forms import form_add_service_errors
from programme.access import RoleRequiredMixin
from programme.forms.ideas import IdeaForm, PlanForm, ReviewForm
from programme.models import ReviewStatus
from programme.selectors import dossier_list_for_user
from programme.selectors import ideas as selectors
from programme.services import ideas as services
from programme.views.common import (
    PRODUCER,
    CycleReviewView,
    CycleSubmitView,
    ForgivingPageMixin,
    PrivateFileView,
    status_tabs,
)

IDEA_READERS = ("officer", "commune_officer", "producer")


class _IdeaActionMixin:
    """The buttons of an idea's page: the idea in the user's reach, back to its page."""

    object_kwarg = "idea"
    detail_url = "ocop:idea-detail"

    def object_get(self, pk):
        return selectors.idea_get_for_user(user=self.request.user, pk=pk)


class _IdeaReviewMixin(_IdeaActionMixin):
    form_class = ReviewForm

    def can_review(self, obj) -> bool:
        return selectors.idea_can_review(user=self.request.user, idea=obj)

    def detail_render(self, obj, *, form):
        return idea_detail_render(self.request, idea=obj, **{self.form_kwarg: form})


class _OwnIdeaMixin:
    """The idea of the URL, one of the user's own producers' (404 otherwise)."""

    def _idea(self):
        idea = selectors.idea_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        if not selectors.idea_is_own(user=self.request.user, idea=idea):
            raise Http404
        return idea


# Ideas -------------------------------------------------------------------------------------------------------------


class IdeaListView(RoleRequiredMixin, ForgivingPageMixin, ListView):
    roles = IDEA_READERS
    template_name = "programme/ideas/idea_list.html"
    context_object_name = "ideas"
    paginate_by = 50

    def status(self) -> str:
        value = self.request.GET.get("status", "")
        return value if value in ReviewStatus.values else ""

    def get_queryset(self):
        return selectors.idea_list(user=self.request.user, status=self.status() or None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.idea_status_counts(user=self.request.user)
        context["status_tabs"] = status_tabs(counts=counts, active=self.status(), choices=ReviewStatus.choices)
        context["can_create"] = bool(selectors.idea_producer_choices(user=self.request.user).exists())
        return context


def idea_detail_render(request, *, idea, review_form=None, plan_review_form=None, status=200):
    user = request.user
    plan = selectors.idea_plan(idea=idea)
    can_review = selectors.idea_can_review(user=user, idea=idea)
    is_own = selectors.idea_is_own(user=user, idea=idea)
    context = {
        "idea": idea,
        "photos": list(idea.photos.all()),
        "plan": plan,
        "attachments": list(plan.attachments.all()) if plan else [],
        "events": list(idea.events.all()),
        "dossiers": list(dossier_list_for_user(user=user).filter(idea=idea).order_by("-year", "-pk")),
        "is_own": is_own,
        "can_edit": selectors.idea_can_edit(user=user, idea=idea),
        "can_submit": is_own and idea.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED),
        "can_review": can_review and idea.status == ReviewStatus.SUBMITTED,
        "review_form": review_form or ReviewForm(),
        "can_write_plan": is_own
        and idea.status == ReviewStatus.ACCEPTED
        and (plan is None or plan.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED)),
        "can_submit_plan": is_own and plan is not None and plan.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED),
        "can_review_plan": can_review and plan is not None and plan.status == ReviewStatus.SUBMITTED,
        "plan_review_form": plan_review_form or ReviewForm(),
        "can_open_dossier": is_own
        and idea.status == ReviewStatus.ACCEPTED
        and plan is not None
        and plan.status == ReviewStatus.ACCEPTED,
    }
    return render(request, "programme/ideas/idea_detail.html", context, status=status)


class IdeaDetailView(RoleRequiredMixin, View):
    roles = IDEA_READERS

    def get(self, request, pk):
        return idea_detail_render(request, idea=selectors.idea_get_for_user(user=request.user, pk=pk))


class IdeaCreateView(RoleRequiredMixin, View):
    roles = PRODUCER
    template_name = "programme/ideas/idea_form.html"

    def get(self, request):
        return self._render(IdeaForm(user=request.user))

    def post(self, request):
        form = IdeaForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            producer = form.chosen_producer()
            try:
                idea = services.idea_create(
                    user=request.user, producer=producer, photos=form.cleaned_data["photos"], **form.service_fields()
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The idea is saved as a draft. Submit it when it is complete."))
                return redirect("ocop:idea-detail", pk=idea.pk)
        return self._render(form)

    def _render(self, form):
        return render(self.request, self.template_name, {"form": form, "idea": None})


class IdeaEditView(_OwnIdeaMixin, RoleRequiredMixin, View):
    roles = PRODUCER
    template_name = "programme/ideas/idea_form.html"

    def get(self, request, pk):
        idea = self._idea()
        if not selectors.idea_can_edit(user=request.user, idea=idea):
            messages.error(request, _("Only a draft or a returned idea can be changed."))
            return redirect("ocop:idea-detail", pk=idea.pk)
        initial = {name: getattr(idea, name) for name in services.IDEA_FIELDS}
        initial["product_set"], initial["commune"] = idea.product_set_id, idea.commune_id
        return self._render(IdeaForm(user=request.user, idea=idea, initial=initial), idea)

    def post(self, request, pk):
        idea = self._idea()
        form = IdeaForm(request.POST, request.FILES, user=request.user, idea=idea)
        if form.is_valid():
            try:
                services.idea_update(
                    idea=idea,
                    user=request.user,
                    photos=form.cleaned_data["photos"],
                    remove_photo_ids=form.cleaned_data.get("remove_photos") or (),
                    **form.service_fields(),
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The idea is saved."))
                return redirect("ocop:idea-detail", pk=idea.pk)
        return self._render(form, idea)

    def _render(self, form, idea):
        return render(self.request, self.template_name, {"form": form, "idea": idea})


class IdeaSubmitView(_IdeaActionMixin, CycleSubmitView):
    service = staticmethod(services.idea_submit)

    def success_message(self) -> str:
        return _("The idea is submitted to the commune for a check.")


class IdeaReviewView(_IdeaReviewMixin, CycleReviewView):
    def decisions(self) -> dict:
        done = _("Your decision is recorded and the producer is told by e-mail.")
        return {ReviewForm.ACCEPT: (services.idea_accept, done), ReviewForm.RETURN: (services.idea_return, done)}


class IdeaPhotoView(PrivateFileView):
    roles = IDEA_READERS

    def file_get(self, pk):
        return selectors.idea_photo_get_for_user(user=self.request.user, pk=pk)


# Business plans ----------------------------------------------------------------------------------------------------


class PlanEditView(_OwnIdeaMixin, RoleRequiredMixin, View):
    roles = PRODUCER
    template_name = "programme/ideas/plan_form.html"

    def _refusal(self, idea, plan):
        if idea.status != ReviewStatus.ACCEPTED:
            return _("A business plan is written once the idea is accepted.")
        if plan is not None and plan.status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
            return _("Only a draft or a returned business plan can be changed.")
        return ""

    def get(self, request, pk):
        idea = self._idea()
        plan = selectors.idea_plan(idea=idea)
        refusal = self._refusal(idea, plan)
        if refusal:
            messages.error(request, refusal)
            return redirect("ocop:idea-detail", pk=idea.pk)
        initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS} if plan else {}
        return self._render(PlanForm(plan=plan, initial=initial), idea, plan)

    def post(self, request, pk):
        idea = self._idea()
        plan = selectors.idea_plan(idea=idea)
        form = PlanForm(request.POST, request.FILES, plan=plan)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_save(
                    idea=idea,
                    user=request.user,
                    production_capacity=data["production_capacity"],
                    investment=data["investment"],
                    target_markets=data["target_markets"],
                    plan=data["plan"],
                    attachments=data["attachments"],
                    remove_attachment_ids=data.get("remove_attachments") or (),
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The business plan is saved. Submit it when it is complete."))
                return redirect("ocop:idea-detail", pk=idea.pk)
        return self._render(form, idea, plan)

    def _render(self, form, idea, plan):
        return render(self.request, self.template_name, {"form": form, "idea": idea, "plan": plan})


class PlanSubmitView(_IdeaActionMixin, CycleSubmitView):
    service = staticmethod(services.plan_submit)

    def success_message(self) -> str:
        return _("The business plan is submitted for a check.")


class PlanReviewView(_IdeaReviewMixin, CycleReviewView):
    form_kwarg = "plan_review_form"

    def decisions(self) -> dict:
        done = _("Your decision is recorded and the producer is told by e-mail.")
        return {ReviewForm.ACCEPT: (services.plan_accept, done), ReviewForm.RETURN: (services.plan_return, done)}


class PlanAttachmentView(PrivateFileView):
    roles = IDEA_READERS

    def file_get(self, pk):
        return selectors.plan_attachment_get_for_user(user=self.request.user, pk=pk)


urlpatterns = [
    path("ideas/", IdeaListView.as_view(), name="idea-list"),
    path("ideas/new/", IdeaCreateView.as_view(), name="idea-create"),
    path("ideas/<int:pk>/", IdeaDetailView.as_view(), name="idea-detail"),
    path("ideas/<int:pk>/edit/", IdeaEditView.as_view(), name="idea-edit"),
    path("ideas/<int:pk>/submit/", IdeaSubmitView.as_view(), name="idea-submit"),
    path("ideas/<int:pk>/review/", IdeaReviewView.as_view(), name="idea-review"),
    path("ideas/photos/<int:pk>/", IdeaPhotoView.as_view(), name="idea-photo"),
    path("ideas/<int:pk>/plan/", PlanEditView.as_view(), name="plan-edit"),
    path("ideas/<int:pk>/plan/submit/", PlanSubmitView.as_view(), name="plan-submit"),
    path("ideas/<int:pk>/plan/review/", PlanReviewView.as_view(), name="plan-review"),
    path("ideas/plan-attachments/<int:pk>/", PlanAttachmentView.as_view(), name="plan-attachment"),
]
