"""The basket, grouped by producer: each producer ships (and charges delivery for) their own lines."""

from oscar.apps.basket import views
from oscar.apps.basket.views import *  # noqa: F403

from marketplace.basket.selectors import basket_producer_groups


class BasketView(views.BasketView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Pair each producer group with its line forms; each form keeps its formset index,
        # which Oscar's remove/save-for-later links use.
        forms_by_line = {form.instance.pk: (index, form) for index, form in enumerate(context["formset"])}
        context["producer_groups"] = [
            {"group": group, "forms": [forms_by_line[line.pk] for line in group.lines if line.pk in forms_by_line]}
            for group in basket_producer_groups(basket=self.request.basket)
        ]
        return context
