import oscar.apps.dashboard.partners.apps as apps

from marketplace.dashboard.access import OfficerAccessMixin


class PartnersDashboardConfig(OfficerAccessMixin, apps.PartnersDashboardConfig):
    """Forked so that officers keep the producers (Oscar's partners): list, create, edit the name and
    address, and link or unlink the producer's existing user accounts (which gives or takes their
    producer dashboard access).

    Deleting a producer, and creating or editing a user account from here, stay with staff holding the
    Django permissions: those forms set a password and can make the user staff ("Full dashboard access").
    Producers (``partner.dashboard_access`` only) get 403 everywhere; they keep their own public profile
    (``dashboard:producer-profile``).
    """

    name = "marketplace.dashboard.partners"
    officer_url_names = frozenset(
        {
            "partner-list",
            "partner-create",
            "partner-manage",
            "partner-user-select",
            "partner-user-link",
            "partner-user-unlink",
        }
    )
