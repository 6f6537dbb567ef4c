"""Producer balances: delivered orders minus the platform's commission, minus payouts.

Writes are here (``ledger_*``); reads are in ``ledger_selectors``.
"""

from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

from marketplace.core.money import validate_whole_dong
from marketplace.payments.models import LedgerEntry


def commission_for(*, goods_total: Decimal) -> Decimal:
    """The platform's share of the goods (not of delivery), rounded down to whole đồng."""
    rate = Decimal(str(settings.MARKETPLACE_COMMISSION_PERCENT)) / 100
    return (goods_total * rate).quantize(Decimal(1), rounding=ROUND_DOWN)


def ledger_record_delivery(*, order) -> None:
    """Book a delivered order to its producer (and the commission, if any). Idempotent."""
    if not order.producer_id:
        return
    with transaction.atomic():
        _sale, created = LedgerEntry.objects.get_or_create(
            order=order,
            kind=LedgerEntry.Kind.SALE,
            defaults={"producer_id": order.producer_id, "amount": order.total_incl_tax},
        )
        if not created:
            return
        commission = commission_for(goods_total=order.total_incl_tax - order.shipping_incl_tax)
        if commission > 0:
            LedgerEntry.objects.create(
                order=order, kind=LedgerEntry.Kind.COMMISSION, producer_id=order.producer_id, amount=-commission
            )


def ledger_record_payout(*, producer, amount, officer, note: str = "") -> LedgerEntry:
    """An officer records money paid out to a producer. Cannot exceed what the producer is owed."""
    from marketplace.payments.ledger_selectors import producer_balance

    try:
        amount = Decimal(amount)
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise ValidationError(_("Enter an amount in đồng."), code="amount") from exc
    if amount <= 0:
        raise ValidationError(_("A payout must be more than 0 ₫."), code="amount")
    validate_whole_dong(amount)
    with transaction.atomic():
        # Lock the producer row so that two officers cannot pay out the same balance twice.
        type(producer).objects.select_for_update().filter(pk=producer.pk).first()
        balance = producer_balance(producer=producer)
        if amount > balance:
            raise ValidationError(
                _("The payout is larger than the balance owed (%(balance)s).") % {"balance": currency(balance, "VND")},
                code="over_balance",
            )
        return LedgerEntry.objects.create(
            producer=producer, kind=LedgerEntry.Kind.PAYOUT, amount=-amount, created_by=officer, note=note.strip()[:255]
        )
