import oscar.apps.dashboard.reports.apps as apps

from marketplace.dashboard.access import OfficerAccessMixin


class ReportsDashboardConfig(OfficerAccessMixin, apps.ReportsDashboardConfig):
    """Forked so that officers read the marketplace's reports (orders, products, users, baskets, offers,
    vouchers). Oscar also asks each report generator ``is_available_to(user)`` (staff only): the
    generators of ``marketplace.dashboard.reports.utils`` admit officers too. Producers get 403.
    """

    name = "marketplace.dashboard.reports"
    officer_url_names = "__all__"
