"""Oscar's dashboard menu, with what officers and producers need."""

from oscar.defaults import OSCAR_DASHBOARD_NAVIGATION as _OSCAR_NAVIGATION

OSCAR_DASHBOARD_NAVIGATION = list(_OSCAR_NAVIGATION)
