"""Reads of the programme office's yearly plans (programme officers see every plan)."""

from django.db.models import Count, QuerySet

from programme.models import PlannedProduct, PlanTarget, ProgrammePlan


def plan_list() -> QuerySet:
    return (
        ProgrammePlan.objects.select_related("region")
        .annotate(target_count=Count("targets", distinct=True), planned_count=Count("planned_products", distinct=True))
        .order_by("-year", "title", "pk")
    )


def plan_for_year(*, year: int) -> ProgrammePlan | None:
    """The plan the dashboard shows for a year: the city's (or former city's) first, else the province's."""
    plans = ProgrammePlan.objects.filter(year=year).select_related("region")
    return plans.filter(level=ProgrammePlan.Level.CITY).order_by("pk").first() or plans.order_by("pk").first()


def plan_years() -> list[int]:
    return list(ProgrammePlan.objects.order_by("-year").values_list("year", flat=True).distinct())


def plan_target_list(*, plan: ProgrammePlan) -> QuerySet:
    return PlanTarget.objects.filter(plan=plan).order_by("position", "pk")


def planned_product_list(*, plan: ProgrammePlan) -> QuerySet:
    return (
        PlannedProduct.objects.filter(plan=plan)
        .select_related("producer", "commune", "product", "idea")
        .order_by("position", "pk")
    )
