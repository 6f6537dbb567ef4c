"""Reads of the OCOP cycle: evaluation rounds, the council's scorecards and the minutes (biên bản).

The reach (which rounds a user opens) comes from ``programme.selectors.round_list_for_user``. Within a round:
before it is closed a member reads only their own cards; the secretary and programme officers read who has
submitted, never the scores. Once closed, the members, the secretary and officers read every card and the
minutes. The minutes on screen, in the PDF and in the XLSX all come from ``round_minutes``.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from marketplace.core.roles import COUNCIL_MEMBERS
from programme.access import user_is_officer
from programme.models import Dossier, EvaluationRound, RoundEntry, Scorecard, ScorecardAnswer
from programme.selectors import round_list_for_user


def user_display_name(user) -> str:
    """A person as the council's papers name them: full name, else the login name."""
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


def council_member_choices() -> QuerySet:
    """Active users in the Council members group: who may sit on a round (as member or secretary)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=COUNCIL_MEMBERS)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def dossiers_ready_for_round() -> QuerySet:
    """Dossiers proposed by their commune and waiting for a round (programme officers' choice)."""
    return (
        Dossier.objects.filter(status=Dossier.Status.PROPOSED)
        .select_related("idea__producer", "idea__commune", "idea__product_set")
        .order_by("idea__name", "pk")
    )


def _count_subquery(model, *, outer: str, **filters):
    rows = (
        model.objects.filter(**{outer: OuterRef("pk")}, **filters)
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def round_list(*, user) -> QuerySet:
    """The rounds the user reaches, newest first, with the counts the list shows (flat query count)."""
    member_rows = (
        EvaluationRound.members.through.objects.filter(evaluationround_id=OuterRef("pk"))
        .order_by()
        .values("evaluationround_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        EvaluationRound.objects.filter(pk__in=round_list_for_user(user=user).values("pk"))
        .select_related("secretary")
        .annotate(
            entry_count=_count_subquery(RoundEntry, outer="evaluation_round"),
            member_count=Coalesce(Subquery(member_rows), 0),
            submitted_card_count=_count_subquery(
                Scorecard, outer="entry__evaluation_round", submitted_at__isnull=False
            ),
            my_submitted_count=_count_subquery(
                Scorecard, outer="entry__evaluation_round", submitted_at__isnull=False, member_id=user.pk
            ),
            is_my_round=Count("members", filter=Q(members__pk=user.pk), distinct=True),
        )
        .order_by("-year", "-pk")
    )


def round_get(*, user, pk: int) -> EvaluationRound:
    """One round within the user's reach (raises ``EvaluationRound.DoesNotExist`` otherwise)."""
    return (
        EvaluationRound.objects.filter(pk__in=round_list_for_user(user=user).values("pk"))
        .select_related("secretary", "closed_by", "opened_by")
        .get(pk=pk)
    )


@dataclass(frozen=True)
class RoundViewer:
    """What one user is to one round."""

    is_officer: bool
    is_secretary: bool
    is_member: bool

    @property
    def sees_progress(self) -> bool:
        return self.is_officer or self.is_secretary


def round_viewer(*, evaluation_round, user) -> RoundViewer:
    return RoundViewer(
        is_officer=user_is_officer(user),
        is_secretary=evaluation_round.secretary_id == user.pk,
        is_member=round_members(evaluation_round=evaluation_round).filter(pk=user.pk).exists(),
    )


def round_members(*, evaluation_round) -> QuerySet:
    return evaluation_round.members.order_by("first_name", "last_name", "username", "pk")


def round_entries(*, evaluation_round) -> QuerySet:
    return evaluation_round.entries.select_related(
        "dossier__idea__producer", "dossier__idea__commune", "dossier__idea__product_set", "criteria_set"
    ).order_by("pk")


def round_entry_get(*, evaluation_round, pk: int) -> RoundEntry:
    """One product of the round (raises ``RoundEntry.DoesNotExist``)."""
    return round_entries(evaluation_round=evaluation_round).get(pk=pk)


@dataclass
class ProgressRow:
    entry: RoundEntry
    # One per member, in the members' order: "submitted", "draft" or "none" (never a score).
    states: list[str] = field(default_factory=list)

    @property
    def submitted_count(self) -> int:
        return self.states.count("submitted")


def round_progress(*, evaluation_round) -> tuple[list, list[ProgressRow]]:
    """Who has submitted which card (officers and the secretary, before closing): states only, no scores."""
    members = list(round_members(evaluation_round=evaluation_round))
    entries = list(round_entries(evaluation_round=evaluation_round))
    states = {
        (entry_id, member_id): "submitted" if submitted_at else "draft"
        for entry_id, member_id, submitted_at in Scorecard.objects.filter(
            entry__evaluation_round=evaluation_round
        ).values_list("entry_id", "member_id", "submitted_at")
    }
    rows = [
        ProgressRow(entry=entry, states=[states.get((entry.pk, member.pk), "none") for member in members])
        for entry in entries
    ]
    return members, rows


@dataclass
class MemberEntry:
    entry: RoundEntry
    card: Scorecard | None

    @property
    def state(self) -> str:
        if self.card is None:
            return "none"
        return "submitted" if self.card.submitted_at else "draft"


def round_member_entries(*, evaluation_round, member) -> list[MemberEntry]:
    """The round's products with the member's own card (if any) for each."""
    cards = {
        card.entry_id: card
        for card in Scorecard.objects.filter(entry__evaluation_round=evaluation_round, member=member)
    }
    return [
        MemberEntry(entry=entry, card=cards.get(entry.pk)) for entry in round_entries(evaluation_round=evaluation_round)
    ]


def scorecard_for_member(*, entry, member) -> Scorecard | None:
    """The member's own card for one product, with its answers (None before the first save)."""
    return (
        Scorecard.objects.filter(entry=entry, member=member)
        .prefetch_related(Prefetch("answers", queryset=ScorecardAnswer.objects.select_related("answer")))
        .first()
    )


def scorecard_get_visible(*, user, evaluation_round, pk: int) -> Scorecard:
    """A card the user may read: their own at any time; any card of the round once it is closed (for the
    members, the secretary and officers, i.e. whoever reaches the round). Raises ``Scorecard.DoesNotExist``."""
    cards = Scorecard.objects.filter(entry__evaluation_round=evaluation_round).select_related(
        "member", "entry__dossier__idea__producer", "entry__criteria_set"
    )
    if not evaluation_round.is_closed:
        cards = cards.filter(member=user)
    return cards.get(pk=pk)


def scorecard_answers(*, scorecard) -> dict[int, ScorecardAnswer]:
    """The card's answers by criterion id."""
    return {answer.criterion_id: answer for answer in scorecard.answers.select_related("answer")}


# The minutes (biên bản) ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MinutesCard:
    card_id: int
    total: int
    knocked_out: bool


@dataclass(frozen=True)
class MinutesRow:
    number: int
    entry_id: int
    product: str
    producer: str
    commune: str
    product_set: str
    # One per member, in the members' order; None where the member submitted no card.
    cards: tuple[MinutesCard | None, ...]
    mean_exact: Decimal | None
    score: int | None
    stars: int | None
    not_rated: bool
    proposed_central: bool

    @property
    def result(self) -> str:
        """The proposed outcome in words (in the active language)."""
        if self.not_rated:
            return _("Not rated (a knock-out criterion failed)")
        if self.stars is None:
            return "—"
        if self.proposed_central:
            return _("%(stars)s★ — proposed for 5★ at the central level") % {"stars": self.stars}
        from catalogue.certification import CERTIFIED_MIN_STARS

        if self.stars < CERTIFIED_MIN_STARS:
            return _("%(stars)s★ — not certified") % {"stars": self.stars}
        return _("%(stars)s★") % {"stars": self.stars}

    @property
    def knocked_out_by(self) -> tuple[int, ...]:
        """Positions (0-based) of the members whose card failed a knock-out criterion."""
        return tuple(i for i, card in enumerate(self.cards) if card is not None and card.knocked_out)


@dataclass(frozen=True)
class Minutes:
    round_id: int
    name: str
    year: int
    level: str
    scoring_deadline: object
    closed_at: object
    closed_by: str
    secretary: str
    members: tuple[str, ...]
    rows: tuple[MinutesRow, ...]
    rounding: str


def rounding_label() -> str:
    if settings.OCOP_SCORE_ROUNDING == "down":
        return _("the mean is rounded down to a whole score (69.9 → 69)")
    return _("the mean is rounded half up to a whole score (69.5 → 70)")


def round_minutes(*, evaluation_round) -> Minutes:
    """The closed round's minutes: every product, every member's submitted total (and knock-out), the mean, the
    rounded score and the proposed result. Four queries, whatever the size of the round."""
    members = list(round_members(evaluation_round=evaluation_round))
    entries = list(round_entries(evaluation_round=evaluation_round))
    cards = {
        (card.entry_id, card.member_id): MinutesCard(card_id=card.pk, total=card.total, knocked_out=card.knocked_out)
        for card in Scorecard.objects.filter(entry__evaluation_round=evaluation_round, submitted_at__isnull=False)
    }
    rows = []
    for number, entry in enumerate(entries, start=1):
        idea = entry.dossier.idea
        rows.append(
            MinutesRow(
                number=number,
                entry_id=entry.pk,
                product=idea.name,
                producer=idea.producer.name,
                commune=idea.commune.name,
                product_set=idea.product_set.name,
                cards=tuple(cards.get((entry.pk, member.pk)) for member in members),
                mean_exact=entry.mean_exact,
                score=entry.score,
                stars=entry.stars,
                not_rated=entry.not_rated,
                proposed_central=entry.proposed_central,
            )
        )
    return Minutes(
        round_id=evaluation_round.pk,
        name=evaluation_round.name,
        year=evaluation_round.year,
        level=evaluation_round.get_level_display(),
        scoring_deadline=evaluation_round.scoring_deadline,
        closed_at=evaluation_round.closed_at,
        closed_by=user_display_name(evaluation_round.closed_by),
        secretary=user_display_name(evaluation_round.secretary),
        members=tuple(user_display_name(member) for member in members),
        rows=tuple(rows),
        rounding=rounding_label(),
    )
