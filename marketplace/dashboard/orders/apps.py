import oscar.apps.dashboard.orders.apps as apps

from marketplace.dashboard.access import OfficerAccessMixin


class OrdersDashboardConfig(OfficerAccessMixin, apps.OrdersDashboardConfig):
    """Forked so that every order a user reaches comes through our selector, and moves through our service.

    Officers open every page; producers (``partner.dashboard_access``) the list, statistics, detail and
    lines of their own orders. The shipping address is shared by all orders of a purchase, so only
    staff and officers may change it.
    """

    name = "marketplace.dashboard.orders"
    officer_url_names = "__all__"

    def configure_permissions(self):
        super().configure_permissions()
        self.permissions_map["order-shipping-address"] = ["is_staff"]
