"""Which ways of getting goods to the shopper each producer offers.

Oscar asks the repository for a basket's methods; a marketplace basket holds many
producers, so ``producer_methods`` answers per producer and the basket-level
answer is an estimate (each producer's in-province fee) that the checkout page replaces
with the charges for the shopper's province before the order is placed.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import repository
from oscar.apps.shipping.methods import Base
from oscar.core import prices

from marketplace.shipping.methods import HomeDelivery, SalesPointPickup


class BasketDeliveryEstimate(Base):
    """The basket page's figure: each producer's in-province delivery fee, summed."""

    code = "estimate"
    name = _("Delivery (estimate; the fee for your province is shown at checkout)")

    def calculate(self, basket):
        from marketplace.basket.selectors import basket_producer_groups

        total = sum((group.shipping_estimate for group in basket_producer_groups(basket=basket)), Decimal(0))
        return prices.Price(currency="VND", excl_tax=total, incl_tax=total, tax=Decimal(0))


class Repository(repository.Repository):
    methods = (BasketDeliveryEstimate(),)

    def producer_methods(self, *, producer, destination_province=None) -> list:
        """Home delivery first (the default), then each active sales point that hands out this producer's orders."""
        methods = [HomeDelivery(producer=producer, destination_province=destination_province)]
        methods += [
            SalesPointPickup(producer=producer, sales_point=point)
            for point in producer.sales_points.all()
            if point.is_active
        ]
        return methods
