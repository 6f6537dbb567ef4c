import oscar.apps.dashboard.offers.apps as apps

from marketplace.dashboard.access import OfficerAccessMixin


class OffersDashboardConfig(OfficerAccessMixin, apps.OffersDashboardConfig):
    """Forked so that officers keep the marketplace's promotions: every page of the offers dashboard.

    Staff keep them as before; producers (``partner.dashboard_access`` only) get 403.
    """

    name = "marketplace.dashboard.offers"
    officer_url_names = "__all__"
