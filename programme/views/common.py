"""What the OCOP cycle's screens share: the officers' access, the programme office's plan pages and form pages,
the forgiving pagination, status tabs, private file downloads, and the producer's "submit" and the reviewer's
"accept/propose or return" buttons of ideas, plans and dossiers.

Each generic view is parameterised by the selector that finds the object in the user's reach and the service
that acts on it; the views stay thin (the services check the right and the state again).
"""

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from marketplace.core.forms import form_add_service_errors
from marketplace.core.private_files import private_file_response
from programme.access import RoleRequiredMixin
from programme.models import ProgrammePlan

PRODUCER = ("producer",)
REVIEWERS = ("officer", "commune_officer")


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


class OfficerMixin(RoleRequiredMixin):
    roles = ("officer",)


class OfficePlanMixin(OfficerMixin):
    """A page of one yearly plan (``pk`` in the URL), found only for officers: others learn nothing of the plan."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.user_has_role(request.user):
            self.plan = get_object_or_404(ProgrammePlan.objects.select_related("region"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class OfficeFormView(OfficerMixin, FormView):
    """A form page of the programme office: ``perform`` has the service do the write, its refusals show beside
    the fields; on success "Saved." and a redirect to ``success_target(obj)``."""

    template_name = "programme/office/form.html"
    heading = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading
        context["plan"] = getattr(self, "plan", None)
        return context

    def perform(self, data):
        raise NotImplementedError

    def success_target(self, obj) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            obj = self.perform(form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.success_target(obj))


class ForgivingPageMixin:
    """A ListView whose ``?page=`` never answers 404, like the dashboard's other lists (``Paginator.get_page``):
    a page that is not a number shows the first page, one past the end the last."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=True
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class PrivateFileView(RoleRequiredMixin, View):
    """Streams one private file (a row with ``file`` and ``original_name``) found by ``file_get``."""

    def file_get(self, pk: int):
        raise NotImplementedError

    def get(self, request, pk):
        row = self.file_get(pk)
        filename = download_name(original=row.original_name, stored=row.file.name)
        return private_file_response(file=row.file, filename=filename)


class _CycleActionView(RoleRequiredMixin, View):
    """A POST button on the detail page of an idea (or its plan) or a dossier.

    ``object_kwarg`` names the object in the services' arguments ("idea", "dossier"); ``object_get`` finds it in
    the user's reach (Http404 otherwise); ``detail_url`` is the page the button sits on.
    """

    http_method_names = ["post"]
    object_kwarg = ""
    detail_url = ""

    def object_get(self, pk: int):
        raise NotImplementedError

    def detail_redirect(self, obj):
        return redirect(self.detail_url, pk=obj.pk)


class CycleSubmitView(_CycleActionView):
    """The producer sends the object on (``service``); a refusal is said above the page."""

    roles = PRODUCER

    def service(self, **kwargs):
        raise NotImplementedError

    def success_message(self) -> str:
        raise NotImplementedError

    def post(self, request, pk):
        obj = self.object_get(pk)
        try:
            self.service(**{self.object_kwarg: obj}, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, self.success_message())
        return self.detail_redirect(obj)


class CycleReviewView(_CycleActionView):
    """A reviewer's decision: ``form_class`` holds the action and the comment, ``decisions()`` maps each action
    to its service and the message said when it is recorded. A refused decision re-renders the detail page
    (``detail_render``) with the form under ``form_kwarg`` and the service's messages on it."""

    roles = REVIEWERS
    form_class = None
    form_kwarg = "review_form"

    def can_review(self, obj) -> bool:
        raise NotImplementedError

    def decisions(self) -> dict:
        raise NotImplementedError

    def detail_render(self, obj, *, form):
        raise NotImplementedError

    def post(self, request, pk):
        obj = self.object_get(pk)
        if not self.can_review(obj):
            raise PermissionDenied
        form = self.form_class(request.POST)
        if form.is_valid():
            decide, done = self.decisions()[form.cleaned_data["action"]]
            try:
                decide(**{self.object_kwarg: obj}, user=request.user, comment=form.cleaned_data["comment"])
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, done)
                return self.detail_redirect(obj)
        return self.detail_render(self.object_get(pk), form=form)
