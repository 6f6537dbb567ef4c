"""Oscar's OrderCreator, taught to place one producer's share of a basket as its own order."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.sites.models import Site
from oscar.apps.order import utils
from oscar.apps.order.utils import OrderNumberGenerator  # noqa: F401  (Oscar loads it from here)
from oscar.core.loading import get_model

OrderDiscount = get_model("order", "OrderDiscount")
OrderLineDiscount = get_model("order", "OrderLineDiscount")


@dataclass(frozen=True)
class DiscountShare:
    """One offer's (or voucher's) share of the purchase discount that falls on one producer's order.

    ``frequency`` is how many times the offer applied to the whole purchase, kept on one order
    only (the first that carries it, 0 on the others): Oscar counts a shopper's uses of an offer
    by adding up ``OrderDiscount.frequency`` over their orders, and a purchase is one use.
    """

    offer: object
    voucher: object | None
    amount: Decimal
    frequency: int


class OrderCreator(utils.OrderCreator):
    def place_producer_order(
        self,
        *,
        basket,
        lines,
        producer,
        purchase,
        number,
        total,
        shipping_method,
        shipping_charge,
        shipping_address,
        status,
        user=None,
        guest_email="",
        pickup_point=None,
        request=None,
        discounts=(),
        line_discounts=None,
    ):
        """Write one order with the given basket lines (all from ``producer``).

        ``discounts`` are this order's shares of the purchase's discounts (``DiscountShare``), and
        ``line_discounts`` maps each basket line id to {offer id: whole đồng}, the same amounts
        line by line; the lines are written at their discounted price.

        Stock is not touched here: the checkout service allocates every line of the
        purchase up front, guarded, in stock-record order (see ``stock_allocate``).
        """
        order = self.create_order_model(
            user,
            basket,
            shipping_address,
            shipping_method,
            shipping_charge,
            None,
            total,
            number,
            status,
            request,
            purchase=purchase,
            producer=producer,
            pickup_point=pickup_point,
            guest_email=guest_email if not (user and user.is_authenticated) else "",
            site=Site.objects.get_current(request),
        )
        # Kept by offer for the lines' discounts below (no query per line).
        self._order_discounts = {
            share.offer.id: OrderDiscount.objects.create(
                order=order,
                offer_id=share.offer.id,
                offer_name=share.offer.name,
                voucher_id=share.voucher.id if share.voucher else None,
                voucher_code=share.voucher.code if share.voucher else "",
                frequency=share.frequency,
                amount=share.amount,
            )
            for share in discounts
        }
        self._line_discounts = line_discounts or {}
        for line in lines:
            discount = Decimal(sum(self._line_discounts.get(line.pk, {}).values()))
            price = (line.line_price_incl_tax or Decimal(0)) - discount
            self.create_line_models(
                order, line, extra_line_fields={"line_price_incl_tax": price, "line_price_excl_tax": price}
            )
        return order

    def create_line_discount_models(self, order, order_line, basket_line):
        # Whole-đồng shares (Oscar's own would copy the fractions a percentage benefit leaves on lines).
        line_discounts = [
            OrderLineDiscount(
                line=order_line, order_discount=self._order_discounts[offer_id], is_incl_tax=True, amount=amount
            )
            for offer_id, amount in self._line_discounts.get(basket_line.pk, {}).items()
            if offer_id in self._order_discounts
        ]
        if line_discounts:
            OrderLineDiscount.objects.bulk_create(line_discounts)

    def update_stock_records(self, line):
        # Allocation happens once for the whole purchase, guarded against overselling.
        return None
