"""Dashboard screens of the OCOP cycle: evaluation rounds, the council's scorecards, closing, the minutes.

Who: programme officers open rounds and add products; council members score the rounds they sit on; the round's
secretary closes it. Which rounds a user reaches is decided by ``programme.selectors.round_list_for_user``; a
round out of reach answers 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import ListView

from marketplace.core.forms import form_add_service_errors
from programme import minutes as minutes_files
from programme.access import RoleRequiredMixin, user_is_officer
from programme.forms.rounds import RoundEntryAddForm, RoundOpenForm, ScorecardForm
from programme.models import EvaluationRound, RoundEntry, Scorecard
from programme.selectors import criteria as criteria_selectors
from programme.selectors import rounds as selectors
from programme.services import rounds as services


class _RoundMixin(RoleRequiredMixin):
    roles = ("officer", "council_member")

    def get_round(self) -> EvaluationRound:
        try:
            return selectors.round_get(user=self.request.user, pk=self.kwargs["pk"])
        except EvaluationRound.DoesNotExist:
            raise Http404(_("No such evaluation round.")) from None


class RoundListView(RoleRequiredMixin, ListView):
    roles = ("officer", "council_member")
    template_name = "programme/rounds/list.html"
    context_object_name = "rounds"
    paginate_by = 50

    def get_queryset(self):
        return selectors.round_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_open"] = user_is_officer(self.request.user)
        return context


class RoundCreateView(RoleRequiredMixin, View):
    roles = ("officer",)
    template_name = "programme/rounds/form.html"

    def get(self, request):
        return self._render(form=RoundOpenForm())

    def post(self, request):
        form = RoundOpenForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                evaluation_round = services.round_open(
                    name=data["name"],
                    year=data["year"],
                    level=data["level"],
                    scoring_deadline=data["scoring_deadline"],
                    members=list(data["members"]),
                    secretary=data["secretary"],
                    dossiers=list(data["dossiers"]),
                    actor=request.user,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The evaluation round is open: its members can score now."))
                return redirect("ocop:round-detail", pk=evaluation_round.pk)
        return self._render(form=form)

    def _render(self, *, form):
        return render(self.request, self.template_name, {"form": form})


class RoundEntryAddView(_RoundMixin, View):
    roles = ("officer",)
    template_name = "programme/rounds/entry_add.html"

    def get(self, request, pk):
        evaluation_round = self.get_round()
        if evaluation_round.is_closed:
            messages.error(request, _("This round is closed: nothing in it can change any more."))
            return redirect("ocop:round-detail", pk=pk)
        return self._render(evaluation_round=evaluation_round, form=RoundEntryAddForm())

    def post(self, request, pk):
        evaluation_round = self.get_round()
        form = RoundEntryAddForm(request.POST)
        if form.is_valid():
            try:
                entries = services.round_entry_add(
                    evaluation_round=evaluation_round, dossiers=list(form.cleaned_data["dossiers"]), actor=request.user
                )
            except ValidationError as error:
                if evaluation_round.is_closed or getattr(error, "code", None) == "round_closed":
                    messages.error(request, " ".join(error.messages))
                    return redirect("ocop:round-detail", pk=pk)
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s product added to the round.", "%(count)s products added to the round.", len(entries)
                    )
                    % {"count": len(entries)},
                )
                return redirect("ocop:round-detail", pk=pk)
        return self._render(evaluation_round=evaluation_round, form=form)

    def _render(self, *, evaluation_round, form):
        return render(self.request, self.template_name, {"evaluation_round": evaluation_round, "form": form})


class RoundDetailView(_RoundMixin, View):
    template_name = "programme/rounds/detail.html"

    def get(self, request, pk):
        evaluation_round = self.get_round()
        viewer = selectors.round_viewer(evaluation_round=evaluation_round, user=request.user)
        context = {
            "evaluation_round": evaluation_round,
            "viewer": viewer,
            "members": list(selectors.round_members(evaluation_round=evaluation_round)),
        }
        if evaluation_round.is_closed:
            context["minutes"] = selectors.round_minutes(evaluation_round=evaluation_round)
            context["minutes_rows"] = [
                {"row": row, "cells": list(zip(context["minutes"].members, row.cards, strict=True))}
                for row in context["minutes"].rows
            ]
        else:
            if viewer.sees_progress:
                context["progress_members"], context["progress"] = selectors.round_progress(
                    evaluation_round=evaluation_round
                )
            if viewer.is_member:
                context["my_entries"] = selectors.round_member_entries(
                    evaluation_round=evaluation_round, member=request.user
                )
        return render(request, self.template_name, context)


class RoundCloseView(_RoundMixin, View):
    """POST only. The secretary closes the scoring (programme officers cannot close for them)."""

    roles = ("council_member",)
    http_method_names = ["post"]

    def post(self, request, pk):
        evaluation_round = self.get_round()
        try:
            services.round_close(evaluation_round=evaluation_round, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The round is closed; the results and the minutes are ready."))
        return redirect("ocop:round-detail", pk=pk)


class _EntryMixin(_RoundMixin):
    def get_entry(self, evaluation_round) -> RoundEntry:
        try:
            return selectors.round_entry_get(evaluation_round=evaluation_round, pk=self.kwargs["entry_pk"])
        except RoundEntry.DoesNotExist:
            raise Http404(_("No such product in this round.")) from None


class ScorecardEditView(_EntryMixin, View):
    """A member's own card for one product of an open round (the round's members only)."""

    roles = ("council_member",)
    template_name = "programme/rounds/scorecard_form.html"

    def _prepare(self, pk):
        evaluation_round = self.get_round()
        entry = self.get_entry(evaluation_round)
        if not selectors.round_viewer(evaluation_round=evaluation_round, user=self.request.user).is_member:
            raise PermissionDenied(_("Only the round's council members score its products."))
        return evaluation_round, entry

    def _closed(self, request, evaluation_round, card):
        messages.error(request, _("This round is closed: nothing in it can change any more."))
        if card is not None:
            return redirect("ocop:scorecard-detail", pk=evaluation_round.pk, card_pk=card.pk)
        return redirect("ocop:round-detail", pk=evaluation_round.pk)

    def _form(self, *, entry, card, data=None):
        criteria_set = criteria_selectors.criteria_set_get(pk=entry.criteria_set_id)
        card_answers = selectors.scorecard_answers(scorecard=card) if card else {}
        return ScorecardForm(data, criteria_set=criteria_set, card_answers=card_answers), criteria_set

    def get(self, request, pk, entry_pk):
        evaluation_round, entry = self._prepare(pk)
        card = selectors.scorecard_for_member(entry=entry, member=request.user)
        if evaluation_round.is_closed:
            return self._closed(request, evaluation_round, card)
        form, criteria_set = self._form(entry=entry, card=card)
        return self._render(
            evaluation_round=evaluation_round, entry=entry, card=card, form=form, criteria_set=criteria_set
        )

    def post(self, request, pk, entry_pk):
        evaluation_round, entry = self._prepare(pk)
        card = selectors.scorecard_for_member(entry=entry, member=request.user)
        if evaluation_round.is_closed:
            return self._closed(request, evaluation_round, card)
        form, criteria_set = self._form(entry=entry, card=card, data=request.POST)
        if form.is_valid():
            submit = ScorecardForm.wants_submit(request.POST)
            try:
                card = services.scorecard_save(entry=entry, member=request.user, answers=form.answers(), submit=submit)
            except ValidationError as error:
                if getattr(error, "code", None) == "round_closed":
                    return self._closed(request, evaluation_round, card)
                form_add_service_errors(form, error)
            else:
                if submit:
                    messages.success(
                        request,
                        _(
                            "Your scorecard is submitted. You can still change it until the scoring deadline "
                            "(%(deadline)s), as long as the round is open."
                        )
                        % {"deadline": evaluation_round.scoring_deadline.strftime("%d/%m/%Y")},
                    )
                else:
                    messages.info(request, _("Your scorecard is saved as a draft; it counts once you submit it."))
                return redirect("ocop:round-detail", pk=pk)
        return self._render(
            evaluation_round=evaluation_round, entry=entry, card=card, form=form, criteria_set=criteria_set
        )

    def _render(self, **context):
        return render(self.request, self.template_name, context)


class ScorecardDetailView(_RoundMixin, View):
    """One card, read only: its owner at any time; after closing, anyone who reaches the round."""

    template_name = "programme/rounds/scorecard_detail.html"

    def get(self, request, pk, card_pk):
        evaluation_round = self.get_round()
        try:
            card = selectors.scorecard_get_visible(user=request.user, evaluation_round=evaluation_round, pk=card_pk)
        except Scorecard.DoesNotExist:
            raise Http404(_("No such scorecard.")) from None
        criteria_set = criteria_selectors.criteria_set_get(pk=card.entry.criteria_set_id)
        answers = selectors.scorecard_answers(scorecard=card)
        parts = [
            {
                "part": part,
                "rows": [
                    {"criterion": criterion, "answer": answers.get(criterion.pk)}
                    for group in part.groups.all()
                    for criterion in group.criteria.all()
                ],
            }
            for part in criteria_set.parts.all()
        ]
        context = {
            "evaluation_round": evaluation_round,
            "card": card,
            "member_name": selectors.user_display_name(card.member),
            "parts": parts,
            "is_own": card.member_id == request.user.pk,
        }
        return render(request, self.template_name, context)


class _MinutesView(_RoundMixin, View):
    content_type = ""
    extension = ""

    def build(self, minutes) -> bytes:
        raise NotImplementedError

    def get(self, request, pk):
        evaluation_round = self.get_round()
        if not evaluation_round.is_closed:
            messages.warning(request, _("The minutes are ready once the secretary closes the round."))
            return redirect("ocop:round-detail", pk=pk)
        minutes = selectors.round_minutes(evaluation_round=evaluation_round)
        response = HttpResponse(self.build(minutes), content_type=self.content_type)
        filename = f"bien-ban-{slugify(evaluation_round.name) or evaluation_round.pk}.{self.extension}"
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
        response["Cache-Control"] = "private, no-store"
        return response


class RoundMinutesPdfView(_MinutesView):
    content_type = "application/pdf"
    extension = "pdf"

    def build(self, minutes) -> bytes:
        return minutes_files.minutes_pdf(minutes=minutes)


class RoundMinutesXlsxView(_MinutesView):
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def build(self, minutes) -> bytes:
        return minutes_files.minutes_xlsx(minutes=minutes)


urlpatterns = [
    path("rounds/", RoundListView.as_view(), name="round-list"),
    path("rounds/new/", RoundCreateView.as_view(), name="round-create"),
    path("rounds/<int:pk>/", RoundDetailView.as_view(), name="round-detail"),
    path("rounds/<int:pk>/add-products/", RoundEntryAddView.as_view(), name="round-entry-add"),
    path("rounds/<int:pk>/close/", RoundCloseView.as_view(), name="round-close"),
    path("rounds/<int:pk>/minutes.pdf", RoundMinutesPdfView.as_view(), name="round-minutes-pdf"),
    path("rounds/<int:pk>/minutes.xlsx", RoundMinutesXlsxView.as_view(), name="round-minutes-xlsx"),
    path("rounds/<int:pk>/products/<int:entry_pk>/scorecard/", ScorecardEditView.as_view(), name="scorecard-edit"),
    path("rounds/<int:pk>/scorecards/<int:card_pk>/", ScorecardDetailView.as_view(), name="scorecard-detail"),
]
