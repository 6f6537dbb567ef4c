import oscar.apps.dashboard.vouchers.apps as apps

from marketplace.dashboard.access import OfficerAccessMixin


class VouchersDashboardConfig(OfficerAccessMixin, apps.VouchersDashboardConfig):
    """Forked so that officers keep the promotions' vouchers and voucher sets: every page.

    Staff keep them as before; producers (``partner.dashboard_access`` only) get 403.
    """

    name = "marketplace.dashboard.vouchers"
    officer_url_names = "__all__"
