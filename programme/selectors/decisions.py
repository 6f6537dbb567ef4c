"""Reads of the OCOP cycle: recognition decisions and the certificates they create.

Decisions and certificates are programme officers' screens (the views admit officers only); these reads carry
the prefetching that keeps the lists' query counts flat.
"""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from oscar.core.loading import get_model

from programme.models import DecisionItem, Dossier, EvaluationRound, RecognitionDecision, RoundEntry

Certification = get_model("catalogue", "Certification")


def decision_entry_list_recognisable() -> QuerySet:
    """Products a decision may recognise: entries of closed rounds whose dossier is scored (not yet recognised)
    and rated 3★ or more."""
    return (
        RoundEntry.objects.filter(
            evaluation_round__status=EvaluationRound.Status.CLOSED,
            dossier__status=Dossier.Status.SCORED,
            not_rated=False,
            score__isnull=False,
            stars__gte=3,
        )
        .select_related("evaluation_round", "dossier__idea__producer", "dossier__idea__product", "dossier__product")
        .order_by("-evaluation_round__year", "evaluation_round_id", "pk")
    )


def decision_list() -> QuerySet:
    return (
        RecognitionDecision.objects.select_related("recorded_by")
        .annotate(item_count=Count("items"))
        .order_by("-date", "-pk")
    )


def decision_get(*, pk: int) -> RecognitionDecision:
    """One decision with its products and certificates (raises DoesNotExist)."""
    items = DecisionItem.objects.select_related(
        "product", "certification", "entry__evaluation_round", "entry__dossier__idea__producer"
    )
    return (
        RecognitionDecision.objects.select_related("recorded_by")
        .prefetch_related(Prefetch("items", queryset=items))
        .get(pk=pk)
    )


def certificate_list(*, status: str = "", stars: int | None = None, year: int | None = None) -> QuerySet:
    """Every certificate, in force first (then newest decision first), with the decision that created it."""
    queryset = Certification.objects.select_related("product", "decision_item__decision").annotate(
        in_force_first=Case(
            When(status__in=Certification.IN_FORCE_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    if status:
        queryset = queryset.filter(status=status)
    if stars:
        queryset = queryset.filter(stars=stars)
    if year:
        # The evaluation year where the decision recorded it, else the decision's year.
        queryset = queryset.filter(Q(evaluation_year=year) | Q(evaluation_year__isnull=True, decision_date__year=year))
    return queryset.order_by("in_force_first", "-decision_date", "-pk")


def certificate_get(*, pk: int):
    return Certification.objects.select_related("product").get(pk=pk)


def certificate_years() -> list[int]:
    years = set(Certification.objects.exclude(evaluation_year=None).values_list("evaluation_year", flat=True))
    years |= {d.year for d in Certification.objects.dates("decision_date", "year")}
    return sorted(years, reverse=True)
