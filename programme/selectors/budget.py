"""Reads of the programme office's budget: plan against actual per line, and the plan's totals."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from programme.models import BudgetLine, ProgrammePlan, Spending


def budget_summary(*, plan: ProgrammePlan) -> dict:
    """Each line with its planned amount, what was spent, what is left and the share spent (whole percent,
    rounded down), and the plan's totals (whole đồng). Two queries."""
    lines = list(
        BudgetLine.objects.filter(plan=plan)
        .annotate(spent=Coalesce(Sum("spendings__amount"), 0), entries=Count("spendings"))
        .order_by("position", "pk")
    )
    rows = []
    for line in lines:
        spent = int(line.spent)
        rows.append(
            {
                "line": line,
                "name": line.name,
                "source": line.get_source_display(),
                "planned": int(line.planned_amount),
                "spent": spent,
                "left": int(line.planned_amount) - spent,
                "share": (100 * spent // line.planned_amount) if line.planned_amount else None,
                "entries": line.entries,
                "over": spent > line.planned_amount,
            }
        )
    planned = sum(row["planned"] for row in rows)
    spent = sum(row["spent"] for row in rows)
    return {
        "rows": rows,
        "planned": planned,
        "spent": spent,
        "left": planned - spent,
        "share": (100 * spent // planned) if planned else None,
    }


def spending_list(*, plan: ProgrammePlan):
    return Spending.objects.filter(line__plan=plan).select_related("line", "recorded_by").order_by("-date", "-pk")


def spending_get(*, pk: int) -> Spending:
    return Spending.objects.select_related("line__plan").get(pk=pk)
