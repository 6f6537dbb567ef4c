from oscar.apps.basket.abstract_models import AbstractBasket


class Basket(AbstractBasket):
    def all_lines(self):
        """Oscar's cached lines, with each line's producer (and its place) loaded in the same query.

        The marketplace groups lines by producer on every basket view; without this
        each line would fetch its producer separately.
        """
        if self.id is None:
            return self.lines.model.objects.none()
        if self._lines is None:
            self._lines = (
                self.lines.select_related("product", "stockrecord__partner__region")
                .prefetch_related("attributes", "product__images", "stockrecord__partner__sales_points")
                .order_by(self._meta.pk.name)
            )
        return self._lines

    # Totals in whole đồng: Oscar's line discounts may carry fractions (a percentage benefit rounds
    # only the offer's total); the selectors spread each offer's rounded discount over its lines.
    @property
    def total_incl_tax(self):
        from marketplace.basket.selectors import basket_discount_total

        return self.total_incl_tax_excl_discounts - basket_discount_total(basket=self)

    @property
    def total_excl_tax(self):
        from marketplace.basket.selectors import basket_discount_total

        return self.total_excl_tax_excl_discounts - basket_discount_total(basket=self)

    class Meta(AbstractBasket.Meta):
        pass


from oscar.apps.basket.models import *  # noqa: E402,F403
