"""Reads over the basket: its lines grouped by the producer who ships them."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class ProducerGroup:
    producer: object
    lines: list = field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.line_price_incl_tax_incl_discounts for line in self.lines), Decimal(0))

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
    groups: dict[int, ProducerGroup] = {}
    for line in basket.all_lines():
        if line.stockrecord is None:
            continue
        producer = line.stockrecord.partner
        groups.setdefault(producer.pk, ProducerGroup(producer=producer)).lines.append(line)
    return list(groups.values())
