import oscar.apps.dashboard.ranges.apps as apps

from marketplace.dashboard.access import OfficerAccessMixin


class RangesDashboardConfig(OfficerAccessMixin, apps.RangesDashboardConfig):
    """Forked because an offer needs a range (the products it applies to): officers open every page.

    Staff keep them as before; producers (``partner.dashboard_access`` only) get 403.
    """

    name = "marketplace.dashboard.ranges"
    officer_url_names = "__all__"
