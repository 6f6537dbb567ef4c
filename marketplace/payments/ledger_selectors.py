"""Reads over the producer ledger."""

from decimal import Decimal

from django.db.models import QuerySet, Sum

from marketplace.payments.models import LedgerEntry


def producer_balance(*, producer) -> Decimal:
    total = LedgerEntry.objects.filter(producer=producer).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def ledger_entry_list(*, producer) -> QuerySet:
    return LedgerEntry.objects.filter(producer=producer).select_related("order", "created_by")


def producer_ledger_summary(*, producer) -> dict:
    totals = dict(
        LedgerEntry.objects.filter(producer=producer).values_list("kind").annotate(total=Sum("amount")).order_by()
    )
    sales = totals.get(LedgerEntry.Kind.SALE, Decimal(0))
    commission = -totals.get(LedgerEntry.Kind.COMMISSION, Decimal(0))
    payouts = -totals.get(LedgerEntry.Kind.PAYOUT, Decimal(0))
    return {"sales": sales, "commission": commission, "payouts": payouts, "balance": sales - commission - payouts}
