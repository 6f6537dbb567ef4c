"""Dashboard screens of the OCOP cycle: product ideas (step 2) and business plans (step 3).

Thin views: the selectors decide what the user reaches (anything else is 404), the services decide what the user
may do (PermissionDenied → 403) and in which state (ValidationError → the form re-rendered with the message).
"""

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from marketplace.core.private_files import private_file_response
from programme.access import RoleRequiredMixin
from programme.forms.ideas import IdeaForm, PlanForm, ReviewForm
from programme.models import ReviewStatus
from programme.selectors import dossier_list_for_user
from programme.selectors import ideas as selectors
from programme.services import ideas as services

PRODUCER = ("producer",)
REVIEWERS = ("officer", "commune_officer")
IDEA_READERS = ("officer", "commune_officer", "producer")


def form_add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names (the rest above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def download_name(*, original: str, stored: str) -> str:
    """The name a private file is handed out under: the uploaded stem with the extension of what was stored
    (decided by content: a picture renamed .pdf is served as the picture it is)."""
    stem = PurePosixPath(original or "").stem or "file"
    return f"{stem}{PurePosixPath(stored).suffix}"


def status_tabs(*, counts: dict, active: str, choices) -> list[dict]:
    tabs = [{"value": "", "label": _("All"), "count": sum(counts.values()), "active": not active}]
    for value, label in choices:
        tabs.append({"value": value, "label": label, "count": counts.get(value, 0), "active": active == value})
    return tabs


class ForgivingPageMixin:
    """A ListView whose ``?page=`` never answers 404, like the dashboard's other lists (``Paginator.get_page``):
    a page that is not a number shows the first page, one past the end the last."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=True
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


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


class IdeaEditView(RoleRequiredMixin, View):
    roles = PRODUCER
    template_name = "programme/ideas/idea_form.html"

    def _idea(self):
        idea = selectors.idea_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        if not selectors.idea_is_own(user=self.request.user, idea=idea):
            raise Http404
        return idea

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


class IdeaSubmitView(RoleRequiredMixin, View):
    roles = PRODUCER
    http_method_names = ["post"]

    def post(self, request, pk):
        idea = selectors.idea_get_for_user(user=request.user, pk=pk)
        try:
            services.idea_submit(idea=idea, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The idea is submitted to the commune for a check."))
        return redirect("ocop:idea-detail", pk=idea.pk)


class IdeaReviewView(RoleRequiredMixin, View):
    roles = REVIEWERS
    http_method_names = ["post"]

    def post(self, request, pk):
        idea = selectors.idea_get_for_user(user=request.user, pk=pk)
        if not selectors.idea_can_review(user=request.user, idea=idea):
            raise PermissionDenied
        form = ReviewForm(request.POST)
        if form.is_valid():
            decide = services.idea_accept if form.cleaned_data["action"] == ReviewForm.ACCEPT else services.idea_return
            try:
                decide(idea=idea, user=request.user, comment=form.cleaned_data["comment"])
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Your decision is recorded and the producer is told by e-mail."))
                return redirect("ocop:idea-detail", pk=idea.pk)
        idea = selectors.idea_get_for_user(user=request.user, pk=pk)
        return idea_detail_render(request, idea=idea, review_form=form)


class IdeaPhotoView(RoleRequiredMixin, View):
    roles = IDEA_READERS

    def get(self, request, pk):
        photo = selectors.idea_photo_get_for_user(user=request.user, pk=pk)
        return private_file_response(
            file=photo.file, filename=download_name(original=photo.original_name, stored=photo.file.name)
        )


# Business plans ----------------------------------------------------------------------------------------------------


class PlanEditView(RoleRequiredMixin, View):
    roles = PRODUCER
    template_name = "programme/ideas/plan_form.html"

    def _idea(self):
        idea = selectors.idea_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        if not selectors.idea_is_own(user=self.request.user, idea=idea):
            raise Http404
        return idea

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


class PlanSubmitView(RoleRequiredMixin, View):
    roles = PRODUCER
    http_method_names = ["post"]

    def post(self, request, pk):
        idea = selectors.idea_get_for_user(user=request.user, pk=pk)
        try:
            services.plan_submit(idea=idea, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The business plan is submitted for a check."))
        return redirect("ocop:idea-detail", pk=idea.pk)


class PlanReviewView(RoleRequiredMixin, View):
    roles = REVIEWERS
    http_method_names = ["post"]

    def post(self, request, pk):
        idea = selectors.idea_get_for_user(user=request.user, pk=pk)
        if not selectors.idea_can_review(user=request.user, idea=idea):
            raise PermissionDenied
        form = ReviewForm(request.POST)
        if form.is_valid():
            decide = services.plan_accept if form.cleaned_data["action"] == ReviewForm.ACCEPT else services.plan_return
            try:
                decide(idea=idea, user=request.user, comment=form.cleaned_data["comment"])
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Your decision is recorded and the producer is told by e-mail."))
                return redirect("ocop:idea-detail", pk=idea.pk)
        idea = selectors.idea_get_for_user(user=request.user, pk=pk)
        return idea_detail_render(request, idea=idea, plan_review_form=form)


class PlanAttachmentView(RoleRequiredMixin, View):
    roles = IDEA_READERS

    def get(self, request, pk):
        attachment = selectors.plan_attachment_get_for_user(user=request.user, pk=pk)
        filename = download_name(original=attachment.original_name, stored=attachment.file.name)
        return private_file_response(file=attachment.file, filename=filename)


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
