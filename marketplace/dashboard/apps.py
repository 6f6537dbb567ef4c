import oscar.apps.dashboard.apps as apps
from django.urls import path
from oscar.core.loading import get_class

from marketplace.dashboard.access import OfficerAccessMixin


class DashboardConfig(OfficerAccessMixin, apps.DashboardConfig):
    """Forked so that Oscar's class loading finds our dashboard sub-app forks (catalogue, orders),
    and to add the marketplace's own pages: producers' sales and balances, bank transfers awaiting,
    lots and certificates.

    Producers (``partner.dashboard_access``) and officers open the index and the producer pages, where
    the selectors show each only their own producers' objects; payouts and the transfers awaiting
    payment are for officers (and staff). A producer user keeps their producer's public profile.
    """

    name = "marketplace.dashboard"
    officer_url_names = "__all__"
    # Commune officers and council members land on the dashboard's index, which sends them to the OCOP cycle.
    cycle_url_names = frozenset({"index"})

    PRODUCER_PAGES = (
        "producer-balance-list",
        "producer-balance-detail",
        "producer-ledger-csv",
        "purchase-mark-paid",
        "producer-lot-list",
        "producer-lot-create",
        "producer-certification-list",
    )
    # Producer users only: staff edit producers in the admin, officers keep no producer's profile.
    PRODUCER_ONLY_PAGES = ("producer-profile",)
    OFFICER_PAGES = ("producer-payout", "payments-awaiting", "security-lockout-list", "security-lockout-reset")

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        for name in self.PRODUCER_PAGES:
            self.permissions_map[name] = (DashboardPermission.staff, DashboardPermission.partner_dashboard_access)
        for name in self.OFFICER_PAGES:
            self.permissions_map[name] = DashboardPermission.staff
        for name in self.PRODUCER_ONLY_PAGES:
            self.permissions_map[name] = DashboardPermission.partner_dashboard_access

    def admits_officers(self, url_name) -> bool:
        return url_name not in self.PRODUCER_ONLY_PAGES and super().admits_officers(url_name)

    def get_urls(self):
        from marketplace.dashboard import security_views, views
        from traceability import dashboard_views as lot_views

        urls = [
            path("balances/", views.ProducerBalanceListView.as_view(), name="producer-balance-list"),
            path("balances/<int:pk>/", views.ProducerBalanceDetailView.as_view(), name="producer-balance-detail"),
            path("balances/<int:pk>/ledger.csv", views.ProducerLedgerCsvView.as_view(), name="producer-ledger-csv"),
            path("balances/<int:pk>/payout/", views.ProducerPayoutView.as_view(), name="producer-payout"),
            path("payments/awaiting/", views.PaymentsAwaitingView.as_view(), name="payments-awaiting"),
            path("payments/<str:reference>/received/", views.PurchaseMarkPaidView.as_view(), name="purchase-mark-paid"),
            path("traceability/lots/", lot_views.LotListView.as_view(), name="producer-lot-list"),
            path("traceability/lots/new/", lot_views.LotCreateView.as_view(), name="producer-lot-create"),
            path(
                "traceability/certificates/",
                views.CertificationListView.as_view(),
                name="producer-certification-list",
            ),
            path("producer/profile/", views.ProducerProfileView.as_view(), name="producer-profile"),
            # Logins locked out by the throttle (settings/integrations/throttling.py), and unlocking them.
            path("security/lockouts/", security_views.LockoutListView.as_view(), name="security-lockout-list"),
            path(
                "security/lockouts/unlock/",
                security_views.LockoutResetView.as_view(),
                name="security-lockout-reset",
            ),
        ]
        return super().get_urls() + self.post_process_urls(urls)
