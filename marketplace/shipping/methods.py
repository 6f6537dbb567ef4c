"""Shipping methods, one producer at a time: each producer ships their own part of the basket."""

from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import *  # noqa: F403
from oscar.apps.shipping.methods import Base
from oscar.core import prices
from oscar.templatetags.currency_filters import currency

from marketplace.core.money import to_dong


def _price(amount) -> prices.Price:
    amount = Decimal(to_dong(amount))
    return prices.Price(currency="VND", excl_tax=amount, incl_tax=amount, tax=Decimal(0))


class ProducerMethod(Base):
    """A way to get one producer's goods to the shopper; priced on that producer's subtotal."""

    is_pickup = False

    def __init__(self, *, producer):
        self.producer = producer

    def charge_for(self, *, subtotal) -> prices.Price:
        raise NotImplementedError

    def calculate(self, basket):
        # On the producer's whole-đồng subtotal after discounts, as the checkout charges it.
        from marketplace.basket.selectors import basket_producer_groups

        subtotal = next(
            (
                group.subtotal
                for group in basket_producer_groups(basket=basket)
                if group.producer.pk == self.producer.pk
            ),
            Decimal(0),
        )
        return self.charge_for(subtotal=subtotal)


class HomeDelivery(ProducerMethod):
    """Delivered to the shopper's address, priced by destination (same province or elsewhere)."""

    code = "home"
    name = _("Home delivery")

    def __init__(self, *, producer, destination_province=None):
        super().__init__(producer=producer)
        self.destination_province = destination_province

    @property
    def same_province(self) -> bool | None:
        if self.destination_province is None or not self.producer.region_id:
            return None
        return self.producer.region.parent_id == self.destination_province.pk

    def charge_for(self, *, subtotal) -> prices.Price:
        threshold = self.producer.free_delivery_over
        if threshold is not None and subtotal >= threshold:
            return _price(0)
        # Unknown destination: quote the lower, in-province fee as an estimate.
        if self.same_province is False:
            return _price(self.producer.delivery_fee_other_province)
        return _price(self.producer.delivery_fee_same_province)

    @property
    def description(self):
        if self.producer.free_delivery_over is not None:
            return gettext("Free from %(amount)s") % {"amount": currency(self.producer.free_delivery_over, "VND")}
        return ""


class SalesPointPickup(ProducerMethod):
    """Collected by the shopper at an OCOP sales point: no delivery charge."""

    is_pickup = True

    def __init__(self, *, producer, sales_point):
        super().__init__(producer=producer)
        self.sales_point = sales_point
        self.code = f"pickup-{sales_point.pk}"

    @property
    def name(self):
        return gettext("Pick up at %(place)s") % {"place": self.sales_point.name}

    @property
    def description(self):
        return self.sales_point.full_address

    def charge_for(self, *, subtotal) -> prices.Price:
        return _price(0)
