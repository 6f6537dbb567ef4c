"""Reads over the basket: its lines grouped by the producer who ships them, and its discounts in whole đồng.

Oscar's benefits put each offer's discount on the lines it affected, but a percentage benefit
leaves fractions of a đồng on the lines (only the offer's total is rounded). Here each offer's
whole-đồng discount is spread back over the lines it affected, in proportion to what Oscar
recorded on each, by the largest-remainder rule: every line gets whole đồng and the lines add
up exactly to the offer's discount. The basket page, the checkout quote, the orders and the
payment all read these amounts, so they agree to the đồng.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

_ZERO = Decimal(0)


def money_allocate(*, amount: int, weights: dict) -> dict:
    """Split ``amount`` whole đồng over the keys of ``weights`` in proportion (largest remainder).

    Every share is a whole number of đồng and the shares add up exactly to ``amount``; ties in the
    remainders go to the earlier key. Keys with no weight get nothing; with no weight at all the
    amount cannot be placed and ``ValueError`` is raised.
    """
    amount = int(amount)
    total = sum((Decimal(w) for w in weights.values() if w > 0), _ZERO)
    if amount == 0:
        return dict.fromkeys(weights, 0)
    if total <= 0:
        raise ValueError("nothing to allocate the amount to")
    shares, remainders = {}, []
    for position, (key, weight) in enumerate(weights.items()):
        exact = Decimal(amount) * Decimal(max(weight, 0)) / total
        whole = int(exact.to_integral_value(rounding=ROUND_DOWN))
        shares[key] = whole
        remainders.append((exact - whole, -position, key))
    left = amount - sum(shares.values())
    for _remainder, _position, key in sorted(remainders, reverse=True)[:left]:
        shares[key] += 1
    return shares


def _whole_dong(amount) -> int:
    return int(Decimal(amount).to_integral_value(rounding=ROUND_DOWN))


def basket_line_discounts(*, basket) -> dict[int, dict[int, int]]:
    """Line id → {offer id → whole đồng}: each applied offer's discount on each line.

    Only discounts off the goods are here (Oscar's "basket" results); shipping and post-order
    benefits are not taken by the marketplace's per-producer delivery.
    """
    lines = [line for line in basket.all_lines() if line.stockrecord_id is not None]
    result: dict[int, dict[int, int]] = defaultdict(dict)
    for application in basket.offer_applications:
        if not application["result"].affects_basket:
            continue
        amount = _whole_dong(application["discount"])
        if amount <= 0:
            continue
        offer_id = application["offer"].id
        weights = {
            line.pk: sum((d.amount for d in line.discounts if d.offer is not None and d.offer.pk == offer_id), _ZERO)
            for line in lines
        }
        if not any(w > 0 for w in weights.values()):
            # A benefit that recorded nothing per line: spread it over the goods by price.
            weights = {line.pk: line.line_price_incl_tax or _ZERO for line in lines}
        for line_id, share in money_allocate(amount=amount, weights=weights).items():
            if share:
                result[line_id][offer_id] = share
    return dict(result)


@dataclass
class ProducerGroup:
    producer: object
    lines: list = field(default_factory=list)
    # Line id → {offer id → whole đồng}, from basket_line_discounts.
    line_discounts: dict = field(default_factory=dict)

    def line_discount(self, line) -> Decimal:
        return Decimal(sum(self.line_discounts.get(line.pk, {}).values()))

    def line_price(self, line) -> Decimal:
        """The line's price after its share of the discounts, in whole đồng."""
        return (line.line_price_incl_tax or _ZERO) - self.line_discount(line)

    @property
    def subtotal_before_discounts(self) -> Decimal:
        return sum((line.line_price_incl_tax or _ZERO for line in self.lines), _ZERO)

    @property
    def discount(self) -> Decimal:
        return sum((self.line_discount(line) for line in self.lines), _ZERO)

    @property
    def subtotal(self) -> Decimal:
        return self.subtotal_before_discounts - self.discount

    @property
    def offer_discounts(self) -> dict[int, Decimal]:
        """Offer id → this producer's share of that offer's discount (offers that touched these lines)."""
        shares: dict[int, Decimal] = defaultdict(lambda: _ZERO)
        for line in self.lines:
            for offer_id, amount in self.line_discounts.get(line.pk, {}).items():
                shares[offer_id] += amount
        return dict(shares)

    @property
    def num_items(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def shipping_estimate(self) -> Decimal:
        from marketplace.shipping.methods import HomeDelivery

        return HomeDelivery(producer=self.producer).charge_for(subtotal=self.subtotal).incl_tax


def basket_producer_groups(*, basket) -> list[ProducerGroup]:
    """The basket's lines grouped by producer, in the order the shopper first added them.

    Lines without a stock record (no seller) are left out: they cannot be bought.
    """
    line_discounts = basket_line_discounts(basket=basket)
    groups: dict[int, ProducerGroup] = {}
    for line in basket.all_lines():
        if line.stockrecord is None:
            continue
        producer = line.stockrecord.partner
        groups.setdefault(producer.pk, ProducerGroup(producer=producer, line_discounts=line_discounts)).lines.append(
            line
        )
    return list(groups.values())


def basket_discount_total(*, basket) -> Decimal:
    """The whole-đồng discount off the basket's goods, all offers and vouchers together."""
    return Decimal(sum(sum(shares.values()) for shares in basket_line_discounts(basket=basket).values()))


def basket_discount_refusals(*, basket, user, vouchers: dict | None = None, offers: dict | None = None) -> list[str]:
    """Why the basket's vouchers or applied offers cannot be used for an order now (empty: they can).

    Judged on the rows as stored now (``vouchers``/``offers``: id → row, already locked by the
    checkout; read here when not given), not on the copies loaded with the basket: another
    checkout may have spent a single-use voucher or an offer's last use meanwhile. Oscar's rules:
    a voucher must be active and available to this shopper (once-per-customer vouchers only to
    signed-in shoppers); an offer must be available and allow as many applications as the basket got.
    """
    from django.utils.translation import gettext as _
    from oscar.core.loading import get_model

    if vouchers is None:
        voucher_ids = basket.vouchers.values_list("pk", flat=True) if basket.pk else []
        vouchers = {v.pk: v for v in get_model("voucher", "Voucher").objects.filter(pk__in=list(voucher_ids))}
    if offers is None:
        offer_ids = [a["offer"].id for a in basket.offer_applications]
        offers = {o.pk: o for o in get_model("offer", "ConditionalOffer").objects.filter(pk__in=offer_ids)}
    shopper = user if user is not None and user.is_authenticated else None
    refusals = []
    for voucher in sorted(vouchers.values(), key=lambda v: v.pk):
        if not voucher.is_active():
            refusals.append(
                _("The voucher %(code)s is not valid at this time. Remove it from your basket to order without it.")
                % {"code": voucher.code}
            )
            continue
        available, reason = voucher.is_available_to_user(user=user if user is not None else _anonymous())
        if not available:
            refusals.append(
                _("%(reason)s (voucher %(code)s). Remove it from your basket to order without it.")
                % {"reason": reason, "code": voucher.code}
            )
    for application in basket.offer_applications:
        offer = offers.get(application["offer"].id)
        if (
            offer is None
            or not offer.is_available(user=shopper)
            or application["freq"] > offer.get_max_applications(shopper)
        ):
            refusals.append(
                _(
                    "The offer “%(offer)s” has reached its limit and no longer applies. "
                    "Please check your basket's new total before ordering."
                )
                % {"offer": application["name"]}
            )
    return refusals


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
