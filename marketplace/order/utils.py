"""Oscar's OrderCreator, taught to place one producer's share of a basket as its own order."""

from django.contrib.sites.models import Site
from oscar.apps.order import utils
from oscar.apps.order.utils import OrderNumberGenerator  # noqa: F401  (Oscar loads it from here)


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
    ):
        """Write one order with the given basket lines (all from ``producer``).

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
        for line in lines:
            self.create_line_models(order, line)
        return order

    def update_stock_records(self, line):
        # Allocation happens once for the whole purchase, guarded against overselling.
        return None
