"""Oscar's dashboard menu, with what officers and producers need.

Producers see their own section, officers theirs; Oscar's stock sections stay for staff (who also see
the officers' section). Each entry is shown only to users its page admits
(marketplace.dashboard.menu_access); what a page then shows is decided by the dashboard selectors.
"""

from django.utils.translation import gettext_lazy as _
from oscar.defaults import OSCAR_DASHBOARD_NAVIGATION as _OSCAR_NAVIGATION

from marketplace.dashboard.menu_access import dashboard_user_access, officer_access, producer_access
from marketplace.onboarding.access import officer_nav_access
from programme.access import (
    nav_commune_officer,
    nav_council_member,
    nav_officer,
    nav_producer,
    nav_programme,
    nav_reviewer_or_producer,
)

OSCAR_DASHBOARD_DEFAULT_ACCESS_FUNCTION = "marketplace.dashboard.menu_access.staff_access"

_PRODUCER_MENU = {
    "label": _("My shop"),
    "icon": "fas fa-store",
    "access_fn": producer_access,
    "children": [
        {"label": _("My orders"), "url_name": "dashboard:order-list", "access_fn": producer_access},
        {"label": _("My products"), "url_name": "dashboard:catalogue-product-list", "access_fn": producer_access},
        {
            "label": _("My sales and balance"),
            "url_name": "dashboard:producer-balance-list",
            "access_fn": producer_access,
        },
        {"label": _("Lots"), "url_name": "dashboard:producer-lot-list", "access_fn": producer_access},
        {"label": _("Certificates"), "url_name": "dashboard:producer-certification-list", "access_fn": producer_access},
        {"label": _("My public profile"), "url_name": "dashboard:producer-profile", "access_fn": producer_access},
    ],
}

_OFFICER_MENU = {
    "label": _("Marketplace"),
    "icon": "fas fa-landmark",
    "access_fn": officer_access,
    "children": [
        {"label": _("Orders"), "url_name": "dashboard:order-list", "access_fn": officer_access},
        {"label": _("Payments awaiting"), "url_name": "dashboard:payments-awaiting", "access_fn": officer_access},
        {"label": _("Producer balances"), "url_name": "dashboard:producer-balance-list", "access_fn": officer_access},
        {
            "label": _("Producer applications"),
            "url_name": "onboarding-dashboard:application-list",
            "access_fn": officer_nav_access,
        },
        {"label": _("Products"), "url_name": "dashboard:catalogue-product-list", "access_fn": officer_access},
        {"label": _("Lots"), "url_name": "dashboard:producer-lot-list", "access_fn": officer_access},
        {"label": _("Certificates"), "url_name": "dashboard:producer-certification-list", "access_fn": officer_access},
        {"label": _("Locked logins"), "url_name": "dashboard:security-lockout-list", "access_fn": officer_access},
        {"label": _("Producers"), "url_name": "dashboard:partner-list", "access_fn": officer_access},
        {"label": _("Offers"), "url_name": "dashboard:offer-list", "access_fn": officer_access},
        {"label": _("Vouchers"), "url_name": "dashboard:voucher-list", "access_fn": officer_access},
        {"label": _("Ranges"), "url_name": "dashboard:range-list", "access_fn": officer_access},
        {"label": _("Reports"), "url_name": "dashboard:reports-index", "access_fn": officer_access},
    ],
}

# The OCOP cycle (programme app): each entry is shown to the roles its page admits.
_PROGRAMME_MENU = {
    "label": _("OCOP programme"),
    "icon": "fas fa-star",
    "access_fn": nav_programme,
    "children": [
        {"label": _("Where things stand"), "url_name": "ocop:home", "access_fn": nav_programme},
        {"label": _("Product ideas"), "url_name": "ocop:idea-list", "access_fn": nav_reviewer_or_producer},
        {"label": _("Dossiers"), "url_name": "ocop:dossier-list", "access_fn": nav_reviewer_or_producer},
        {"label": _("My products' progress"), "url_name": "ocop:timeline-list", "access_fn": nav_producer},
        {"label": _("Board of the cycle"), "url_name": "ocop:board", "access_fn": nav_commune_officer},
        {"label": _("Criteria sets"), "url_name": "ocop:criteria-set-list", "access_fn": nav_council_member},
        {"label": _("Evaluation rounds"), "url_name": "ocop:round-list", "access_fn": nav_council_member},
        {"label": _("Recognition decisions"), "url_name": "ocop:decision-list", "access_fn": nav_officer},
        {"label": _("OCOP certificates"), "url_name": "ocop:certificate-list", "access_fn": nav_officer},
        {"label": _("Audit trail"), "url_name": "ocop:audit-log", "access_fn": nav_officer},
    ],
}

# The programme office (programme app): the yearly plan, its progress and its budget (officers only).
_PROGRAMME_OFFICE_MENU = {
    "label": _("Programme office"),
    "icon": "fas fa-chart-bar",
    "access_fn": nav_officer,
    "children": [
        {"label": _("Progress dashboard"), "url_name": "programme_office:dashboard", "access_fn": nav_officer},
        {"label": _("Yearly OCOP plans"), "url_name": "programme_office:plan-list", "access_fn": nav_officer},
    ],
}

OSCAR_DASHBOARD_NAVIGATION = [
    {**_OSCAR_NAVIGATION[0], "access_fn": dashboard_user_access},  # the dashboard's home page
    _PRODUCER_MENU,
    _OFFICER_MENU,
    _PROGRAMME_MENU,
    _PROGRAMME_OFFICE_MENU,
    *_OSCAR_NAVIGATION[1:],
]

__all__ = ["OSCAR_DASHBOARD_DEFAULT_ACCESS_FUNCTION", "OSCAR_DASHBOARD_NAVIGATION"]
