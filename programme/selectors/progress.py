"""The programme office's progress dashboard: every figure computed from the data, never typed.

A year's figures are scoped to the plan's communes and wards (``plan_communes``) when the year has a plan, and to
the whole market otherwise. Each function aggregates in the database (a bounded number of queries whatever the
data's size); the page, its JSON (charts) and its XLSX read the same function, so they agree.

Year boundaries follow the decision's date: a decision of 31 December counts for that year, one of 1 January
for the next.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalogue.certification import CERTIFIED_MIN_STARS, EXPIRING_WITHIN_DAYS
from catalogue.selectors import certification_in_force_q
from marketplace.order.statuses import OrderStatus
from programme.models import BusinessPlan, DecisionItem, Dossier, PlanTarget, ProductIdea, ProgrammePlan, ReviewStatus
from programme.services.plans import plan_communes

Certification = get_model("catalogue", "Certification")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Order = get_model("order", "Order")
Purchase = get_model("order", "Purchase")


@dataclass(frozen=True)
class Scope:
    """What a year's figures count: the year, and the communes (None: the whole market)."""

    year: int
    commune_ids: tuple[int, ...] | None
    plan: ProgrammePlan | None = None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


def progress_scope(*, year: int, plan: ProgrammePlan | None) -> Scope:
    if plan is None:
        return Scope(year=year, commune_ids=None)
    return Scope(year=year, commune_ids=tuple(plan_communes(plan=plan).values_list("pk", flat=True)), plan=plan)


def _in_scope(scope: Scope, lookup: str) -> Q:
    return Q() if scope.commune_ids is None else Q(**{f"{lookup}__in": scope.commune_ids})


def _product_in_scope(scope: Scope, prefix: str = "product__") -> Q:
    """A product is in the scope when the producer selling it is in one of the scope's communes."""
    if scope.commune_ids is None:
        return Q()
    return Q(**{f"{prefix}stockrecords__partner__region_id__in": scope.commune_ids})


# Recognitions of the year ---------------------------------------------------------------------------------------


def _items_of_year(scope: Scope):
    return DecisionItem.objects.filter(
        Q(decision__date__gte=scope.start, decision__date__lte=scope.end, stars__gte=CERTIFIED_MIN_STARS)
        & _in_scope(scope, "entry__dossier__idea__commune_id")
    )


def _earlier_certificates(*, outer_product: str = "product_id", outer_date: str = "decision__date"):
    """Certificates of the same product decided before the item's decision (other than the item's own)."""
    return Certification.objects.filter(
        product_id=OuterRef(outer_product), decision_date__lt=OuterRef(outer_date)
    ).exclude(status=Certification.Status.NOT_CERTIFIED)


def recognitions_of_year(*, scope: Scope) -> dict:
    """New products at ≥ 3★, upgrades and re-certifications recognised by the year's decisions (distinct products).

    - new: a product with no certificate decided before its decision;
    - upgrade: more stars than the product's previous certificate;
    - re-certification: recognised through a re-evaluation dossier.
    """
    previous_stars = Subquery(
        _earlier_certificates().order_by("-decision_date", "-pk").values("stars")[:1], output_field=IntegerField()
    )
    items = _items_of_year(scope).annotate(had_before=Exists(_earlier_certificates()), previous_stars=previous_stars)
    return items.aggregate(
        new=Count("product_id", filter=Q(had_before=False), distinct=True),
        upgrades=Count("product_id", filter=Q(had_before=True, stars__gt=F("previous_stars")), distinct=True),
        recertifications=Count("product_id", filter=Q(entry__dossier__kind=Dossier.Kind.RE_EVALUATION), distinct=True),
    )


def _as_of(scope: Scope, today: datetime.date | None) -> datetime.date:
    today = today or timezone.localdate()
    return min(scope.end, today)


def certificates_in_force_at(*, scope: Scope, on: datetime.date):
    """Certificates (≥ 3★) in force on a date, read from their history: decided by then, still valid, not revoked
    by then and not superseded by a newer one decided by then."""
    newer = Certification.objects.filter(
        product_id=OuterRef("product_id"), decision_date__lte=on, decision_date__gt=OuterRef("decision_date")
    ).exclude(status=Certification.Status.NOT_CERTIFIED)
    return (
        Certification.objects.filter(decision_date__lte=on, valid_until__gte=on, stars__gte=CERTIFIED_MIN_STARS)
        .exclude(status=Certification.Status.NOT_CERTIFIED)
        .exclude(revoked_on__lte=on)
        .exclude(Exists(newer))
        .filter(_product_in_scope(scope))
    )


def cumulative_certified(*, scope: Scope, today: datetime.date | None = None) -> int:
    on = _as_of(scope, today)
    return certificates_in_force_at(scope=scope, on=on).values("product_id").distinct().count()


# Communes ------------------------------------------------------------------------------------------------------


def commune_coverage(*, scope: Scope) -> dict:
    """Communes of the plan with at least one registered idea or dossier of the year, and their share (%)."""
    if scope.commune_ids is None:
        return {"covered": 0, "total": 0, "share": 0}
    idea_communes = set(
        ProductIdea.objects.filter(year=scope.year, commune_id__in=scope.commune_ids)
        .exclude(status=ReviewStatus.DRAFT)
        .values_list("commune_id", flat=True)
        .distinct()
    )
    dossier_communes = set(
        Dossier.objects.filter(year=scope.year, idea__commune_id__in=scope.commune_ids)
        .exclude(status=Dossier.Status.DRAFT)
        .values_list("idea__commune_id", flat=True)
        .distinct()
    )
    covered, total = len(idea_communes | dossier_communes), len(scope.commune_ids)
    # Whole percent, half up (2 of 3 → 67 %).
    share = (200 * covered + total) // (2 * total) if total else 0
    return {"covered": covered, "total": total, "share": share}


# Targets --------------------------------------------------------------------------------------------------------


def target_rows(*, scope: Scope, today: datetime.date | None = None) -> list[dict]:
    """Each target of the year's plan with its actual (None for another target: nothing to compute it from)."""
    if scope.plan is None:
        return []
    recognitions = recognitions_of_year(scope=scope)
    coverage = commune_coverage(scope=scope)
    actuals = {
        PlanTarget.Kind.NEW_PRODUCTS: recognitions["new"],
        PlanTarget.Kind.UPGRADES: recognitions["upgrades"],
        PlanTarget.Kind.RECERTIFICATIONS: recognitions["recertifications"],
        PlanTarget.Kind.CUMULATIVE: cumulative_certified(scope=scope, today=today),
        PlanTarget.Kind.COMMUNE_COVERAGE: coverage["share"],
    }
    rows = []
    for target in scope.plan.targets.order_by("position", "pk"):
        actual = actuals.get(target.kind)
        rows.append(
            {
                "kind": target.kind,
                "title": target.title,
                "unit": target.unit or ("%" if target.kind == PlanTarget.Kind.COMMUNE_COVERAGE else _("products")),
                "target": target.value,
                "actual": actual,
                "met": actual is not None and actual >= target.value,
                "percent": (100 * actual // target.value) if actual is not None and target.value else None,
            }
        )
    return rows


# The cycle's funnel ---------------------------------------------------------------------------------------------

PROPOSED_ONWARDS = (
    Dossier.Status.PROPOSED,
    Dossier.Status.IN_EVALUATION,
    Dossier.Status.SCORED,
    Dossier.Status.RECOGNISED,
    Dossier.Status.NOT_RECOGNISED,
)
SCORED_ONWARDS = (Dossier.Status.SCORED, Dossier.Status.RECOGNISED, Dossier.Status.NOT_RECOGNISED)


def funnel(*, scope: Scope) -> list[dict]:
    """Ideas → business plans → dossiers → proposed → scored → recognised, for the year (drafts not counted)."""
    ideas = ProductIdea.objects.filter(Q(year=scope.year) & _in_scope(scope, "commune_id")).exclude(
        status=ReviewStatus.DRAFT
    )
    plans = BusinessPlan.objects.filter(Q(idea__year=scope.year) & _in_scope(scope, "idea__commune_id")).exclude(
        status=ReviewStatus.DRAFT
    )
    dossiers = Dossier.objects.filter(Q(year=scope.year) & _in_scope(scope, "idea__commune_id")).exclude(
        status__in=(Dossier.Status.DRAFT,)
    )
    counts = dossiers.aggregate(
        dossiers=Count("pk"),
        proposed=Count("pk", filter=Q(status__in=PROPOSED_ONWARDS)),
        scored=Count("pk", filter=Q(status__in=SCORED_ONWARDS)),
        recognised=Count("pk", filter=Q(status=Dossier.Status.RECOGNISED)),
    )
    return [
        {"key": "ideas", "label": _("Product ideas"), "count": ideas.count()},
        {"key": "plans", "label": _("Business plans"), "count": plans.count()},
        {"key": "dossiers", "label": _("Dossiers"), "count": counts["dossiers"]},
        {"key": "proposed", "label": _("Proposed for evaluation"), "count": counts["proposed"]},
        {"key": "scored", "label": _("Scored"), "count": counts["scored"]},
        {"key": "recognised", "label": _("Recognised"), "count": counts["recognised"]},
    ]


# Certified products ---------------------------------------------------------------------------------------------


def certified_breakdown(*, scope: Scope, today: datetime.date | None = None) -> dict:
    """The products in force (as counted by the cumulative target) by stars, by product group and by commune."""
    on = _as_of(scope, today)
    in_force = certificates_in_force_at(scope=scope, on=on)
    by_stars = {
        row["stars"]: row["count"]
        for row in in_force.values("stars").annotate(count=Count("product_id", distinct=True)).order_by()
    }
    stars_rows = [{"label": f"{stars}★", "stars": stars, "count": by_stars.get(stars, 0)} for stars in (3, 4, 5)]

    # Group: the root of the product's categories (a group is a root category; a set is its child).
    product_paths = in_force.values_list("product_id", "product__categories__path").distinct()
    step = Category.steplen
    roots_of = {}
    for product_id, path in product_paths:
        if path:
            roots_of.setdefault(product_id, set()).add(path[:step])
    roots = {c.path: c for c in Category.objects.filter(depth=1)}
    group_counts: dict[str, int] = {}
    for product_id in {row[0] for row in product_paths}:
        paths = sorted(roots_of.get(product_id, ()))
        name = roots[paths[0]].display_name() if paths and paths[0] in roots else _("No group")
        group_counts[name] = group_counts.get(name, 0) + 1
    group_rows = [{"label": name, "count": count} for name, count in sorted(group_counts.items())]

    commune_rows = [
        {"label": row["product__stockrecords__partner__region__name"] or _("No commune"), "count": row["count"]}
        for row in in_force.values("product__stockrecords__partner__region__name")
        .annotate(count=Count("product_id", distinct=True))
        .order_by("product__stockrecords__partner__region__name")
    ]
    total = in_force.values("product_id").distinct().count()
    return {"stars": stars_rows, "groups": group_rows, "communes": commune_rows, "as_of": on, "total": total}


def expiring_certificates(*, scope: Scope, today: datetime.date | None = None, limit: int = 200) -> list:
    """Certificates in force today that end within 90 days, soonest first."""
    today = today or timezone.localdate()
    return list(
        Certification.objects.filter(
            certification_in_force_q(today=today),
            valid_until__lte=today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS),
        )
        .filter(_product_in_scope(scope))
        .select_related("product")
        .annotate(producer_name=F("product__stockrecords__partner__name"))
        .order_by("valid_until", "pk")[:limit]
    )


def producers_by_legal_type(*, scope: Scope) -> list[dict]:
    counts = {
        row["legal_type"]: row["count"]
        for row in Partner.objects.filter(_in_scope(scope, "region_id"))
        .values("legal_type")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return [{"key": key, "label": str(label), "count": counts.get(key, 0)} for key, label in Partner.LegalType.choices]


# Sales ----------------------------------------------------------------------------------------------------------


def _sold_orders(scope: Scope):
    """Orders that count as sales: paid (the purchase is paid) or fulfilled (delivered), never cancelled,
    placed in the year (local time)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(scope.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(scope.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return (
        Order.objects.filter(date_placed__gte=start, date_placed__lt=end)
        .filter(Q(purchase__payment_status=Purchase.PaymentStatus.PAID) | Q(status=OrderStatus.DELIVERED))
        .exclude(status=OrderStatus.CANCELLED)
        .filter(_in_scope(scope, "producer__region_id"))
    )


def _dong(value) -> int:
    return int(value or 0)


def sales(*, scope: Scope) -> dict:
    """The market's sales (order totals with delivery, whole đồng) by producer, by commune and by month."""
    orders = _sold_orders(scope)
    by_producer = [
        {"label": row["producer__name"] or _("No producer"), "count": row["count"], "total": _dong(row["total"])}
        for row in orders.values("producer__name")
        .annotate(count=Count("pk"), total=Sum("total_incl_tax"))
        .order_by("-total", "producer__name")
    ]
    by_commune = [
        {"label": row["producer__region__name"] or _("No commune"), "count": row["count"], "total": _dong(row["total"])}
        for row in orders.values("producer__region__name")
        .annotate(count=Count("pk"), total=Sum("total_incl_tax"))
        .order_by("-total", "producer__region__name")
    ]
    months = {
        row["month"].month: row
        for row in orders.annotate(month=TruncMonth("date_placed", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(count=Count("pk"), total=Sum("total_incl_tax"))
        .order_by()
    }
    by_month = [
        {
            "label": f"{month:02d}/{scope.year}",
            "month": month,
            "count": months[month]["count"] if month in months else 0,
            "total": _dong(months[month]["total"]) if month in months else 0,
        }
        for month in range(1, 13)
    ]
    total = sum(row["total"] for row in by_month)
    return {"producers": by_producer, "communes": by_commune, "months": by_month, "total": total}


# The whole dashboard --------------------------------------------------------------------------------------------


def progress_dashboard(*, year: int, plan: ProgrammePlan | None, today: datetime.date | None = None) -> dict:
    scope = progress_scope(year=year, plan=plan)
    return {
        "year": year,
        "plan": plan,
        "targets": target_rows(scope=scope, today=today),
        "coverage": commune_coverage(scope=scope),
        "funnel": funnel(scope=scope),
        "certified": certified_breakdown(scope=scope, today=today),
        "expiring": expiring_certificates(scope=scope, today=today),
        "legal_types": producers_by_legal_type(scope=scope),
        "sales": sales(scope=scope),
    }


def progress_chart_data(*, dashboard: dict) -> dict:
    """What the browser's charts draw (the JSON endpoint): the same figures as the page's tables."""

    def series(rows, value="count"):
        return {
            "labels": [str(row.get("label") or row.get("title")) for row in rows],
            "values": [row[value] for row in rows],
        }

    targets = dashboard["targets"]
    return {
        "year": dashboard["year"],
        "targets": {
            "labels": [row["title"] for row in targets],
            "target": [row["target"] for row in targets],
            "actual": [row["actual"] for row in targets],
        },
        "funnel": series(dashboard["funnel"]),
        "stars": series(dashboard["certified"]["stars"]),
        "groups": series(dashboard["certified"]["groups"]),
        "communes": series(dashboard["certified"]["communes"]),
        "legal_types": series(dashboard["legal_types"]),
        "sales_months": series(dashboard["sales"]["months"], value="total"),
        "sales_producers": series(dashboard["sales"]["producers"], value="total"),
    }
