"""Writes for purchases and orders: placing a purchase, moving orders on, taking payment."""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.apps.address.models import Country
from oscar.core import prices
from oscar.core.loading import get_model

from marketplace.basket.selectors import basket_discount_refusals, basket_producer_groups
from marketplace.core.queue import enqueue_on_commit
from marketplace.order.models import Order, Purchase, ShippingAddress
from marketplace.order.statuses import OrderStatus
from marketplace.order.utils import DiscountShare, OrderCreator
from marketplace.partner.stock import OutOfStock, stock_allocate, stock_consume, stock_release
from marketplace.shipping.repository import Repository

Basket = get_model("basket", "Basket")
ConditionalOffer = get_model("offer", "ConditionalOffer")
OrderDiscount = get_model("order", "OrderDiscount")
Voucher = get_model("voucher", "Voucher")
VoucherApplication = get_model("voucher", "VoucherApplication")

logger = logging.getLogger(__name__)

# No 0/O or 1/I: references are read aloud on the phone and typed into bank apps.
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class DiscountUnavailable(ValidationError):
    """A voucher or offer in the basket can no longer be used; ``messages`` say which and why."""

    def __init__(self, messages):
        super().__init__(messages)
        self.code = "discount"


def purchase_reference_new() -> str:
    """A short, unguessable, non-sequential reference such as ``OC7K3QF9XD``."""
    while True:
        reference = "OC" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
        if not Purchase.objects.filter(reference=reference).exists():
            return reference


@dataclass(frozen=True)
class DeliveryAddress:
    full_name: str
    phone: str  # E.164 ("+84912345678"), already validated (marketplace.core.phone)
    region: object  # a commune/ward Region
    street: str
    notes: str = ""


def _vietnam() -> Country:
    country, _created = Country.objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "printable_name": "Việt Nam",
            "name": "Việt Nam",
        },
    )
    return country


def _price(amount: Decimal) -> prices.Price:
    return prices.Price(currency="VND", excl_tax=amount, incl_tax=amount, tax=Decimal(0))


def _initial_status(payment_method: str) -> tuple[str, str]:
    """(order status, purchase payment status) right after checkout."""
    if payment_method == Purchase.PaymentMethod.COD:
        return OrderStatus.PENDING, Purchase.PaymentStatus.ON_DELIVERY
    return OrderStatus.AWAITING_PAYMENT, Purchase.PaymentStatus.AWAITING


def _shopper_language(language: str | None) -> str:
    """One of the site's languages: the one given, else the active one, else the default."""
    try:
        return translation.get_supported_language_variant(language or translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def _payment_deadline(payment_method: str):
    if payment_method == Purchase.PaymentMethod.VIETQR:
        return timezone.now() + timedelta(days=settings.VIETQR_PAYMENT_DAYS)
    if payment_method == Purchase.PaymentMethod.STRIPE:
        return timezone.now() + timedelta(hours=settings.STRIPE_PAYMENT_HOURS)
    return None


def purchase_place(
    *,
    basket,
    user,
    email: str,
    address: DeliveryAddress,
    delivery: dict,
    payment_method: str,
    request=None,
    language: str | None = None,
) -> Purchase:
    """Place one order per producer in the basket, all tied to one purchase and one payment.

    Prices, shipping and totals are recomputed here from the database; nothing the
    browser sent about money is used. Every line's stock is reserved first, guarded;
    if any line cannot be served nothing is written and ``ValidationError`` says which.

    ``delivery`` maps a producer's id to the code of the method chosen for it
    ("home" or "pickup-<sales point id>"). ``language`` is the shopper's (the active one by
    default): the purchase keeps it, and every e-mail to the shopper about it is written in it.
    """
    if payment_method not in Purchase.PaymentMethod.values:
        raise ValidationError(_("Choose a payment method."), code="payment_method")
    groups = basket_producer_groups(basket=basket)
    if not groups:
        raise ValidationError(_("Your basket is empty."), code="empty")

    repository = Repository()
    destination_province = address.region.parent
    planned = []
    for group in groups:
        for line in group.lines:
            availability = line.purchase_info.availability
            allowed, message = availability.is_purchase_permitted(line.quantity)
            if not allowed:
                raise ValidationError(
                    _("%(product)s: %(reason)s") % {"product": line.product.get_title(), "reason": message},
                    code="unavailable",
                )
        methods = {
            m.code: m
            for m in repository.producer_methods(producer=group.producer, destination_province=destination_province)
        }
        method = methods.get(delivery.get(group.producer.pk, "home"))
        if method is None:
            raise ValidationError(
                _("Choose how to receive the products of %(producer)s.") % {"producer": group.producer.name},
                code="delivery",
            )
        shipping = method.charge_for(subtotal=group.subtotal).incl_tax
        planned.append((group, method, shipping))

    order_status, payment_status = _initial_status(payment_method)
    total = sum((group.subtotal + shipping for group, _m, shipping in planned), Decimal(0))
    try:
        with transaction.atomic():
            # One checkout per basket: a double-clicked "Place order" waits here for the first
            # to finish, then finds the basket submitted and places nothing.
            if not Basket.objects.select_for_update().filter(pk=basket.pk, status=Basket.OPEN).exists():
                raise ValidationError(_("This basket has already been ordered."), code="submitted")
            # Vouchers and offers are spent here, under their row locks (vouchers, then offers, each in
            # key order, before any stock): of two checkouts racing for a single-use voucher or the
            # last use of an offer, the second waits, then sees the first's use and is refused.
            rows = _discounts_lock(basket=basket)
            # As Oscar's place_order: a voucher out of its dates gave nothing and simply leaves the basket.
            for voucher in [v for v in rows.vouchers.values() if not v.is_active()]:
                basket.vouchers.remove(voucher)
                del rows.vouchers[voucher.pk]
            refusals = basket_discount_refusals(
                basket=basket, user=user, email=email, vouchers=rows.vouchers, offers=rows.offers
            )
            if refusals:
                raise DiscountUnavailable(refusals)
            stock_allocate(items=[(line.stockrecord_id, line.quantity) for group in groups for line in group.lines])
            purchase = Purchase.objects.create(
                reference=purchase_reference_new(),
                user=user if user and user.is_authenticated else None,
                email=email,
                phone=address.phone,
                payment_method=payment_method,
                payment_status=payment_status,
                total=total,
                payment_deadline=_payment_deadline(payment_method),
                language=_shopper_language(language),
            )
            shipping_address = ShippingAddress.objects.create(
                first_name=address.full_name,
                line1=address.street,
                line4=address.region.name,
                state=destination_province.name if destination_province else "",
                country=_vietnam(),
                phone_number=address.phone,
                notes=address.notes,
                region=address.region,
            )
            creator = OrderCreator()
            shares = _discount_shares(basket=basket, groups=groups, vouchers=rows.vouchers, offers=rows.offers)
            orders = []
            for number, (group, method, shipping) in enumerate(planned, start=1):
                order = creator.place_producer_order(
                    basket=basket,
                    lines=group.lines,
                    producer=group.producer,
                    purchase=purchase,
                    number=f"{purchase.reference}-{number}",
                    total=_price(group.subtotal + shipping),
                    shipping_method=method,
                    shipping_charge=_price(shipping),
                    shipping_address=shipping_address,
                    status=order_status,
                    user=user,
                    guest_email=email,
                    pickup_point=method.sales_point if method.is_pickup else None,
                    request=request,
                    discounts=shares.get(group.producer.pk, []),
                    line_discounts=group.line_discounts,
                )
                orders.append((group.producer.pk, order))
            _discounts_record_usage(user=user, orders=orders, shares=shares, rows=rows)
            basket.submit()
    except OutOfStock as exc:
        line = next(line for group in groups for line in group.lines if line.stockrecord_id == exc.stockrecord_id)
        raise ValidationError(
            _("Sorry, %(product)s has just sold out or has fewer units left than you asked for.")
            % {"product": line.product.get_title()},
            code="out_of_stock",
        ) from exc

    from marketplace.order import tasks

    enqueue_on_commit(tasks.purchase_send_confirmations, purchase.pk)
    return purchase


def _basket_applications(basket) -> list[dict]:
    """Oscar's offer applications that took money off the goods (the ones the orders record)."""
    return [a for a in basket.offer_applications if a["result"].affects_basket and int(a["discount"]) > 0]


@dataclass
class _DiscountRows:
    """Vouchers and offers re-read for a purchase (id → row), and the ids of those locked."""

    vouchers: dict
    offers: dict
    locked_vouchers: set
    locked_offers: set


def _discount_rows_lock(*, voucher_ids, offer_ids) -> _DiscountRows:
    """Lock vouchers, then offers, in key order, but only those with limits (call inside a transaction).

    A single-use or once-per-customer voucher and an offer with a limit are judged and counted on
    their locked rows (``FOR NO KEY UPDATE``: the orders' rows still refer to them freely); the
    others limit nothing, are read without a lock and counted at the end with ``F()`` updates, so
    popular multi-use vouchers and site offers do not queue every checkout behind one row.
    """
    vouchers = {v.pk: v for v in Voucher.objects.filter(pk__in=sorted(set(voucher_ids)))}
    limited = sorted(pk for pk, v in vouchers.items() if v.usage != Voucher.MULTI_USE)
    if limited:
        vouchers.update(
            {v.pk: v for v in Voucher.objects.select_for_update(no_key=True).filter(pk__in=limited).order_by("pk")}
        )
    locked_vouchers = set(limited)
    offers = {o.pk: o for o in ConditionalOffer.objects.filter(pk__in=sorted(set(offer_ids)))}
    limited = sorted(
        pk for pk, o in offers.items() if o.max_global_applications or o.max_user_applications or o.max_discount
    )
    if limited:
        offers.update(
            {
                o.pk: o
                for o in ConditionalOffer.objects.select_for_update(no_key=True).filter(pk__in=limited).order_by("pk")
            }
        )
    return _DiscountRows(vouchers, offers, locked_vouchers, set(limited))


def _discounts_lock(*, basket) -> _DiscountRows:
    """Lock and re-read the basket's vouchers and the offers applied to it (see ``_discount_rows_lock``).

    Fresh rows matter twice: availability is judged on the counts as committed by other checkouts,
    and usage is added to those counts (saving the copies loaded with the basket would overwrite them).
    """
    return _discount_rows_lock(
        voucher_ids=basket.vouchers.values_list("pk", flat=True) if basket.pk else [],
        offer_ids=[a["offer"].id for a in basket.offer_applications],
    )


def _discount_shares(*, basket, groups, vouchers, offers) -> dict[int, list[DiscountShare]]:
    """Producer id → its order's shares of each offer's discount (whole đồng, adding up to the offer's)."""
    shares: dict[int, list[DiscountShare]] = {}
    for application in _basket_applications(basket):
        offer = offers[application["offer"].id]
        voucher = vouchers.get(application["voucher"].pk) if application["voucher"] else None
        frequency = application["freq"]
        for group in groups:
            amount = group.offer_discounts.get(offer.pk)
            if not amount:
                continue
            shares.setdefault(group.producer.pk, []).append(
                DiscountShare(offer=offer, voucher=voucher, amount=amount, frequency=frequency)
            )
            frequency = 0  # the purchase's uses are counted once, on its first order with this offer
    return shares


def _offer_count(*, offer, rows, applications: int, discount: Decimal, orders: int) -> None:
    """Add (or, negative, take back) a purchase's use to an offer's counters."""
    if offer.pk in rows.locked_offers:
        offer.num_applications = max(0, offer.num_applications + applications)
        offer.total_discount = max(Decimal(0), offer.total_discount + discount)
        offer.num_orders = max(0, offer.num_orders + orders)
        offer.save()  # Oscar sets the status here: consumed at its limit, open again below it
    else:
        ConditionalOffer.objects.filter(pk=offer.pk).update(
            num_applications=Greatest(F("num_applications") + applications, Value(0)),
            total_discount=Greatest(F("total_discount") + discount, Value(Decimal(0))),
            num_orders=Greatest(F("num_orders") + orders, Value(0)),
        )


def _voucher_count(*, voucher, rows, discount: Decimal, orders: int) -> None:
    if voucher.pk in rows.locked_vouchers:
        voucher.total_discount = max(Decimal(0), voucher.total_discount + discount)
        voucher.num_orders = max(0, voucher.num_orders + orders)
        voucher.save(update_fields=["total_discount", "num_orders"])
    else:
        Voucher.objects.filter(pk=voucher.pk).update(
            total_discount=Greatest(F("total_discount") + discount, Value(Decimal(0))),
            num_orders=Greatest(F("num_orders") + orders, Value(0)),
        )


def _discounts_record_usage(*, user, orders, shares, rows) -> None:
    """Count the purchase's use of each offer and voucher, as Oscar's OrderCreator does for one order.

    An offer counts its applications, its discount and one order per purchase; a voucher one
    application (on the first order it discounted), its discount and one order. A voucher in the
    basket that gave nothing is not spent. ``orders`` are (producer id, order) in placing order.
    """
    offer_uses: dict[int, list] = {}
    voucher_uses: dict[int, list] = {}
    for producer_id, order in orders:
        for share in shares.get(producer_id, []):
            use = offer_uses.setdefault(share.offer.pk, [share.offer, 0, Decimal(0)])
            use[1] += share.frequency
            use[2] += share.amount
            if share.voucher is not None:
                voucher_use = voucher_uses.setdefault(share.voucher.pk, [share.voucher, order, Decimal(0)])
                voucher_use[2] += share.amount
    for offer, frequency, amount in offer_uses.values():
        _offer_count(offer=offer, rows=rows, applications=frequency, discount=amount, orders=1)
    shopper = user if user is not None and user.is_authenticated else None
    for voucher, order, amount in voucher_uses.values():
        VoucherApplication.objects.create(voucher=voucher, order=order, user=shopper)
        _voucher_count(voucher=voucher, rows=rows, discount=amount, orders=1)


def purchase_discounts_release(*, purchase: Purchase) -> bool:
    """Give back the offer and voucher uses of a purchase cancelled before it was paid or shipped.

    Call inside the transaction that cancels it, before its stock is released (locks: purchase,
    vouchers, offers, stock, as the checkout takes them). The voucher applications go (a single-use
    code works again), the counters drop by what the purchase added, and its recorded frequencies
    become 0 (Oscar counts a customer's uses of an offer by them). Once only: returns False when
    the purchase had already given them back.
    """
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        if purchase.discounts_released_at is not None:
            return False
        purchase.discounts_released_at = timezone.now()
        purchase.save(update_fields=["discounts_released_at"])
        discounts = list(OrderDiscount.objects.filter(order__purchase=purchase))
        if not discounts:
            return True
        rows = _discount_rows_lock(
            voucher_ids=[d.voucher_id for d in discounts if d.voucher_id],
            offer_ids=[d.offer_id for d in discounts if d.offer_id],
        )
        applications = VoucherApplication.objects.filter(order__purchase=purchase)
        applied = {}
        for voucher_id in applications.values_list("voucher_id", flat=True):
            applied[voucher_id] = applied.get(voucher_id, 0) + 1
        applications.delete()
        for voucher in rows.vouchers.values():
            amount = sum((d.amount for d in discounts if d.voucher_id == voucher.pk), Decimal(0))
            _voucher_count(voucher=voucher, rows=rows, discount=-amount, orders=-applied.get(voucher.pk, 0))
        for offer in rows.offers.values():
            mine = [d for d in discounts if d.offer_id == offer.pk]
            _offer_count(
                offer=offer,
                rows=rows,
                applications=-sum(d.frequency for d in mine),
                discount=-sum((d.amount for d in mine), Decimal(0)),
                orders=-1,
            )
        OrderDiscount.objects.filter(pk__in=[d.pk for d in discounts]).update(frequency=0)
    logger.info("Purchase %s gave back its offer and voucher uses", purchase.reference)
    return True


def _order_items(order) -> list[tuple[int, int]]:
    return [(line.stockrecord_id, line.quantity) for line in order.lines.all() if line.stockrecord_id]


def order_status_change(
    *, order: Order, new_status: str, user=None, carrier: str = "", tracking_number: str = "", reason: str = ""
) -> Order:
    """Move one order along its pipeline; e-mail the shopper about it.

    Shipping consumes the reserved stock; cancelling gives it back (and refunds a card
    payment for this order). Invalid moves raise ``ValidationError`` with a message.
    """
    with transaction.atomic():
        purchase = None
        if new_status == OrderStatus.CANCELLED and order.purchase_id:
            # The purchase before its order, as paying and the unpaid-deadline job lock them: two of
            # its orders cancelled at once then see each other's status.
            purchase = Purchase.objects.select_for_update().get(pk=order.purchase_id)
        order = Order.objects.select_for_update().get(pk=order.pk)
        if new_status not in order.available_statuses():
            raise ValidationError(
                _("Order %(number)s cannot move from “%(old)s” to “%(new)s”.")
                % {"number": order.number, "old": order.status, "new": new_status},
                code="invalid_status",
            )
        if new_status == OrderStatus.SHIPPED:
            carrier, tracking_number = carrier.strip(), tracking_number.strip()
            if not carrier or not tracking_number:
                raise ValidationError(_("Enter the carrier and the tracking number."), code="tracking")
            order.carrier, order.tracking_number = carrier, tracking_number
            stock_consume(items=_order_items(order))
        elif new_status == OrderStatus.CANCELLED:
            reason = reason.strip()
            if not reason:
                raise ValidationError(_("Give a reason for cancelling."), code="reason")
            order.cancel_reason = reason[:255]
            if purchase is not None and _purchase_cancelled_unpaid(purchase=purchase, cancelling=order):
                purchase_discounts_release(purchase=purchase)
            stock_release(items=_order_items(order))
        order.set_status(new_status)
        change = order.status_changes.order_by("-pk").first()

    from marketplace.order import tasks

    enqueue_on_commit(tasks.order_send_status_email, change.pk)
    if new_status == OrderStatus.CANCELLED and order.purchase_id:
        purchase = order.purchase
        if (
            purchase.payment_method == Purchase.PaymentMethod.STRIPE
            and purchase.payment_status == Purchase.PaymentStatus.PAID
        ):
            from marketplace.payments import tasks as payment_tasks

            enqueue_on_commit(payment_tasks.stripe_refund_order, order.pk)
    if new_status == OrderStatus.DELIVERED:
        from marketplace.payments.services import ledger_record_delivery

        ledger_record_delivery(order=order)
    return order


def _purchase_cancelled_unpaid(*, purchase: Purchase, cancelling: Order) -> bool:
    """Whether cancelling this order leaves the whole purchase cancelled without ever being paid.

    Only then are its discounts given back: a paid purchase keeps its vouchers and offers spent even
    if cancelled (Oscar's rule; the shopper got the discount on money that was taken).
    """
    if purchase.paid_at is not None or purchase.payment_status == Purchase.PaymentStatus.PAID:
        return False
    return not purchase.orders.exclude(pk=cancelling.pk).exclude(status=OrderStatus.CANCELLED).exists()


def purchase_mark_paid(*, purchase: Purchase, user=None) -> bool:
    """The whole payment arrived: orders waiting for it go to their producers. Idempotent.

    Returns False when nothing changed (already paid, or the purchase was cancelled).
    """
    with transaction.atomic():
        purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
        if purchase.payment_status in (Purchase.PaymentStatus.PAID, Purchase.PaymentStatus.CANCELLED):
            return False
        purchase.payment_status = Purchase.PaymentStatus.PAID
        purchase.paid_at = timezone.now()
        purchase.save(update_fields=["payment_status", "paid_at"])
        for order in purchase.orders.filter(status=OrderStatus.AWAITING_PAYMENT):
            order_status_change(order=order, new_status=OrderStatus.PENDING, user=user)
    return True


def purchase_mark_payment_failed(*, purchase: Purchase) -> bool:
    """A card payment attempt failed. Changes nothing once the purchase is paid or cancelled."""
    updated = Purchase.objects.filter(pk=purchase.pk, payment_status=Purchase.PaymentStatus.AWAITING).update(
        payment_status=Purchase.PaymentStatus.FAILED
    )
    return bool(updated)


def purchases_cancel_unpaid(*, now=None) -> int:
    """Cancel purchases whose transfer or card payment did not arrive in time; their stock returns.

    Idempotent: a purchase once cancelled is not touched again. Returns how many were cancelled.
    """
    now = now or timezone.now()
    overdue = Purchase.objects.filter(
        payment_status__in=[Purchase.PaymentStatus.AWAITING, Purchase.PaymentStatus.FAILED],
        payment_deadline__lt=now,
    ).values_list("pk", flat=True)
    cancelled = 0
    for purchase_id in overdue:
        with transaction.atomic():
            purchase = Purchase.objects.select_for_update().get(pk=purchase_id)
            if purchase.payment_status not in (Purchase.PaymentStatus.AWAITING, Purchase.PaymentStatus.FAILED):
                continue
            purchase.payment_status = Purchase.PaymentStatus.CANCELLED
            purchase.save(update_fields=["payment_status"])
            # Never paid: its vouchers and offers become usable again (before the stock, in lock order).
            purchase_discounts_release(purchase=purchase)
            for order in purchase.orders.filter(status=OrderStatus.AWAITING_PAYMENT):
                order_status_change(
                    order=order, new_status=OrderStatus.CANCELLED, reason=_("The payment did not arrive in time.")
                )
            cancelled += 1
    if cancelled:
        logger.info("Cancelled %d unpaid purchases", cancelled)
    return cancelled
