"""Dashboard screens of the OCOP cycle: where each product stands (the board for officers and commune officers,
the timeline for producers) and the audit trail (programme officers)."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from programme.access import RoleRequiredMixin
from programme.board_xlsx import board_xlsx_build
from programme.forms.decisions import AuditFilterForm, BoardFilterForm
from programme.models import ProductIdea
from programme.selectors import board as selectors

BOARD_PAGE_SIZE = 50


def _page(items, *, per_page: int, number):
    """The page asked for, as on the site's other lists (Django's ListView): "last" or a page that exists;
    anything else (abc, 0, 999) is 404."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(paginator.num_pages if number == "last" else (number or 1))
    except InvalidPage:
        raise Http404 from None


class BoardMixin(RoleRequiredMixin):
    # Commune officers see their communes' products: the reach selectors decide which.
    roles = ("officer", "commune_officer")

    def board(self):
        self.filter_form = BoardFilterForm(self.request.GET or None, user=self.request.user)
        return selectors.board_get(user=self.request.user, filters=self.filter_form.filters())


class BoardView(BoardMixin, TemplateView):
    template_name = "programme/board/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = self.board()
        page = _page(board["rows"], per_page=BOARD_PAGE_SIZE, number=self.request.GET.get("page"))
        context.update(
            board=board,
            rows=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            filter_form=self.filter_form,
            query=self.request.GET.urlencode(),
            steps=selectors.STEPS,
        )
        return context


class BoardXlsxView(BoardMixin, View):
    def get(self, request, *args, **kwargs):
        content = board_xlsx_build(board=self.board())
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        filename = f"ocop-board-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


class TimelineListView(RoleRequiredMixin, TemplateView):
    """The producer's products and the step each has reached (officers reach everyone's)."""

    roles = ("producer", "officer", "commune_officer")
    template_name = "programme/board/timeline_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.board_rows(queryset=selectors.board_queryset(user=self.request.user))
        page = _page(rows, per_page=BOARD_PAGE_SIZE, number=self.request.GET.get("page"))
        context.update(ideas=page.object_list, page_obj=page, paginator=page.paginator, steps=selectors.STEPS)
        return context


class TimelineView(RoleRequiredMixin, TemplateView):
    roles = ("producer", "officer", "commune_officer")
    template_name = "programme/board/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            idea = selectors.timeline_idea_get(user=self.request.user, pk=kwargs["pk"])
        except ProductIdea.DoesNotExist:
            raise Http404 from None
        context["idea"] = idea
        context["timeline"] = selectors.timeline_get(idea=idea)
        return context


class AuditLogView(RoleRequiredMixin, TemplateView):
    roles = ("officer",)
    template_name = "programme/audit/log.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AuditFilterForm(self.request.GET or None)
        if form.is_bound and not form.is_valid():
            entries = selectors.audit_entry_list().none()  # the errors show beside the filters
        else:
            filters = form.cleaned_data if form.is_bound else {}
            entries = selectors.audit_entry_list(content_type=filters.get("model"), actor=filters.get("actor"))
        page = _page(entries, per_page=self.paginate_by, number=self.request.GET.get("page"))
        context.update(
            filter_form=form,
            entries=selectors.audit_rows(entries=page.object_list),
            page_obj=page,
            paginator=page.paginator,
        )
        return context


urlpatterns = [
    path("board/", BoardView.as_view(), name="board"),
    path("board/export.xlsx", BoardXlsxView.as_view(), name="board-xlsx"),
    path("timeline/", TimelineListView.as_view(), name="timeline-list"),
    path("timeline/<int:pk>/", TimelineView.as_view(), name="timeline"),
    path("audit/", AuditLogView.as_view(), name="audit-log"),
]
