import oscar.apps.dashboard.catalogue.apps as apps

from marketplace.dashboard.access import OfficerAccessMixin


class CatalogueDashboardConfig(OfficerAccessMixin, apps.CatalogueDashboardConfig):
    """Forked to edit the OCOP label facts, to process uploaded product images, and so that products
    reach dashboard users only through ``marketplace.dashboard.selectors.product_list_for_user``.

    Officers open the product pages, as producers do, for every producer (staff too, without Django
    permissions); the catalogue's structure (categories, product types, options) stays with staff.
    """

    name = "marketplace.dashboard.catalogue"
    officer_url_names = frozenset(
        {
            "catalogue-product",
            "catalogue-product-create",
            "catalogue-product-delete",
            "catalogue-product-list",
            "catalogue-product-lookup",
            "stock-alert-list",
        }
    )
