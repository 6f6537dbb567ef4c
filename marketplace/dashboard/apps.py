import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Forked so that Oscar's class loading finds our dashboard sub-app forks (catalogue)."""

    name = "marketplace.dashboard"
