import oscar.apps.dashboard.catalogue.apps as apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Forked to edit the OCOP label facts and to process uploaded product images."""

    name = "marketplace.dashboard.catalogue"
