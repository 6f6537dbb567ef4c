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


def money_allocate(*, amount: int, weights: dict, caps: dict | None = None) -> dict:
    """Split ``amount`` whole đồng over the keys of ``weights`` in proportion (largest remainder).

    Every share is a whole number of đồng and the shares add up exactly to ``amount``; ties in the
    remainders go to the earlier key. Keys with no weight get nothing. ``caps`` (key → most it may
    take) keeps a share from passing what is left of its line's price: a rounding đồng then goes to
    the next-largest remainder below its cap. ``ValueError`` when the amount cannot be placed (no
    weight at all, or more than the caps hold).
    """
    amount = int(amount)
    total = sum((Decimal(w) for w in weights.values() if w > 0), _ZERO)
    if amount == 0:
        return dict.fromkeys(weights, 0)
    if total <= 0:
        raise ValueError("nothing to allocate the amount to")
    room = {key: int(caps[key]) if caps is not None and key in caps else amount for key in weights}
    shares, remainders = {}, []
    for position, (key, weight) in enumerate(weights.items()):
        exact = Decimal(amount) * Decimal(max(weight, 0)) / total
        whole = min(int(exact.to_integral_value(rounding=ROUND_DOWN)), max(room[key], 0))
        shares[key] = whole
        if weight > 0:
            remainders.append((exact - whole, -position, key))
    left = amount - sum(shares.values())
    order = [key for _remainder, _position, key in sorted(remainders, reverse=True)]
    # One đồng each by largest remainder, then (only when caps clipped the floors) whatever room is left.
    for key in order:
        if left and shares[key] < room[key]:
            shares[key] += 1
            left -= 1
    for key in order:
        if left:
            extra = min(left, room[key] - shares[key])
            if extra > 0:
                shares[key] += extra
                left -= extra
    if left:
        raise ValueError("the amount is more than the caps hold")
    return shares


def _whole_dong(amount) -> int:
    return int(Decimal(amount).to_integral_value(rounding=ROUND_DOWN))


def basket_line_discounts(*, basket) -> dict[int, dict[int, int]]:
    """Line id → {offer id → whole đồng}: each applied offer's discount on each line.

    Only discounts off the goods are here (Oscar's "basket" results); shipping and post-order
    benefits are not taken by the marketplace's per-producer delivery. Offers are spread one after
    the other, each capped per line at what earlier offers left of its price, so stacked offers
    never take a line below zero.
    """
    lines = [line for line in basket.all_lines() if line.stockrecord_id is not None]
    result: dict[int, dict[int, int]] = defaultdict(dict)
    given: dict[int, int] = defaultdict(int)
    for application in basket.offer_applications:
        if not application["result"].affects_basket:
            continue
        amount = _whole_dong(application["discount"])
        if amount <= 0:
            continue
        offer_id = application["offer"].id
        caps = {line.pk: _whole_dong(line.line_price_incl_tax or _ZERO) - given[line.pk] for line in lines}
        weights = {
            line.pk: sum((d.amount for d in line.discounts if d.offer is not None and d.offer.pk == offer_id), _ZERO)
            for line in lines
        }
        if not any(w > 0 for w in weights.values()):
            # A benefit that did not say which offer each line discount came from: spread it over the
            # lines carrying such discounts, else over the goods, by what is left of their prices.
            untagged = {line.pk: sum((d.amount for d in line.discounts if d.offer is None), _ZERO) for line in lines}
            weights = untagged if any(w > 0 for w in untagged.values()) else caps
        for line_id, share in money_allocate(amount=amount, weights=weights, caps=caps).items():
            if share:
                result[line_id][offer_id] = share
                given[line_id] += share
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


def _offer_email_uses(*, offer, email: str) -> int:
    """How many times a guest's e-mail address has used an offer (its purchases' recorded frequencies)."""
    from django.db.models import Sum
    from oscar.core.loading import get_model

    if not email:
        return 0
    used = (
        get_model("order", "OrderDiscount")
        .objects.filter(offer_id=offer.pk, order__purchase__email__iexact=email)
        .aggregate(total=Sum("frequency"))["total"]
    )
    return used or 0


def offer_refusal(*, offer, application, shopper, email: str = "") -> str | None:
    """Why this basket may not have this applied offer now (None: it may), judged on ``offer`` as given.

    Oscar's rules: available, with as many applications left as the basket got.
    """
    from django.utils.translation import gettext as _

    if (
        offer is None
        or not offer.is_available(user=shopper)
        or application["freq"] > offer.get_max_applications(shopper)
    ):
        return _(
            "The offer “%(offer)s” has reached its limit and no longer applies. "
            "Please check your basket's new total before ordering."
        ) % {"offer": application["name"]}
    return _offer_limits_refusal(offer=offer, application=application, shopper=shopper, email=email)


def _offer_limits_refusal(*, offer, application, shopper, email: str) -> str | None:
    """The two limits Oscar's pricing lets through: a guest's uses of a per-customer offer (counted
    here by their e-mail address; Oscar counts signed-in customers only) and the offer's budget."""
    from django.utils.translation import gettext as _

    if (
        shopper is None
        and offer.max_user_applications
        and application["freq"] > offer.max_user_applications - _offer_email_uses(offer=offer, email=email)
    ):
        return _(
            "The offer “%(offer)s” is limited per customer and has already been used with %(email)s, "
            "so it no longer applies. Please check your basket's new total before ordering."
        ) % {"offer": application["name"], "email": email}
    if offer.max_discount and offer.total_discount + _whole_dong(application["discount"]) > offer.max_discount:
        return _(
            "The offer “%(offer)s” has too little of its discount budget left for this basket, "
            "so it no longer applies. Please check your basket's new total before ordering."
        ) % {"offer": application["name"]}
    return None


def basket_discount_refusals(*, basket, user, vouchers: dict, offers: dict, email: str = "") -> list[str]:
    """Why the basket's vouchers or applied offers cannot be used for an order now (empty: they can).

    Judged on ``vouchers``/``offers`` (id → row, as locked and re-read by the checkout), not on the
    copies loaded with the basket: another checkout may have spent a single-use voucher or an
    offer's last use meanwhile. Only what gave a discount is judged: a voucher that gave nothing
    is not refused (and not spent).
    """
    from django.contrib.auth.models import AnonymousUser
    from django.utils.translation import gettext as _

    shopper = user if user is not None and user.is_authenticated else None
    applications = list(basket.offer_applications)
    applied = {a["voucher"].pk for a in applications if a["voucher"] is not None}
    refusals = []
    for voucher in sorted(vouchers.values(), key=lambda v: v.pk):
        if voucher.pk not in applied:
            continue
        if not voucher.is_active():
            refusals.append(
                _("The voucher %(code)s is not valid at this time. Remove it from your basket to order without it.")
                % {"code": voucher.code}
            )
            continue
        available, reason = voucher.is_available_to_user(user=shopper or AnonymousUser())
        if not available:
            refusals.append(
                _("%(reason)s (voucher %(code)s). Remove it from your basket to order without it.")
                % {"reason": reason, "code": voucher.code}
            )
    for application in applications:
        voucher = application["voucher"]
        if voucher is not None and voucher.pk not in vouchers:
            # Removed from the basket (in another tab) after the basket was priced.
            refusals.append(
                _(
                    "The voucher %(code)s is no longer in your basket, so its discount no longer applies. "
                    "Please check your basket's new total before ordering."
                )
                % {"code": voucher.code}
            )
            continue
        refusal = offer_refusal(
            offer=offers.get(application["offer"].id), application=application, shopper=shopper, email=email
        )
        if refusal:
            refusals.append(refusal)
    return refusals


def basket_offers_withheld(*, basket, user, email: str = "") -> set[int]:
    """Ids of offers Oscar applied to the basket that this shopper may not have (see ``offer_refusal``).

    Oscar re-applies them on every request (it neither counts a guest's e-mail nor checks an
    offer's remaining budget), so the checkout prices the basket without them.
    """
    shopper = user if user is not None and user.is_authenticated else None
    return {
        application["offer"].id
        for application in basket.offer_applications
        if _offer_limits_refusal(offer=application["offer"], application=application, shopper=shopper, email=email)
    }


def basket_repriced(*, basket, user, request=None, email: str = ""):
    """Apply the offers afresh, as Oscar's basket middleware does, but without those this shopper may
    not have (``basket_offers_withheld``); leaving one out can let another apply, so until none is left."""
    from oscar.core.loading import get_class

    applicator = get_class("offer.applicator", "Applicator")()
    offers = applicator.get_offers(basket, user, request)
    withheld: set[int] = set()
    while True:
        basket.reset_offer_applications()
        applicator.apply_offers(basket, [offer for offer in offers if offer.pk not in withheld])
        more = basket_offers_withheld(basket=basket, user=user, email=email) - withheld
        if not more:
            return basket
        withheld |= more


def basket_within_limits(*, basket, user, request=None, email: str = ""):
    """The basket as the middleware priced it, re-priced only if it holds an offer this shopper may not have."""
    if basket_offers_withheld(basket=basket, user=user, email=email):
        basket_repriced(basket=basket, user=user, request=request, email=email)
    return basket
