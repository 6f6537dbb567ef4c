"""Which products a dashboard user may list and edit: decided by ``product_list_for_user``."""

from oscar.apps.dashboard.catalogue import mixins as core_mixins

from marketplace.dashboard.selectors import product_list_for_user


class PartnerProductFilterMixin(core_mixins.PartnerProductFilterMixin):
    def filter_queryset(self, queryset):
        return queryset.filter(pk__in=product_list_for_user(user=self.request.user).values("pk"))


class ProductBulkActionMixin(core_mixins.ProductBulkActionMixin):
    # No bulk price change: it would write fractions of a đồng (percentages) past the price validators.
    # Prices are edited on each product's page, where the stock record form checks them.
    intermediate_actions = {
        name: action
        for name, action in core_mixins.ProductBulkActionMixin.intermediate_actions.items()
        if name != "set_product_price"
    }
