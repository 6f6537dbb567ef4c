"""Wagtail admin choosers for Oscar's and the marketplace's models (not snippets): a searchable modal, a
form widget and a StreamField block without copying any data, instead of a <select> listing every row,
which would not scale to a full catalogue. The widgets are not registered globally
(``register_widget = False``) so that other apps' forms keep their own widgets.
"""

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet


def _search_form(*lookups: str) -> type[BaseFilterForm]:
    """A chooser filter form keeping the rows where any lookup (e.g. "name__icontains") matches the term."""

    class SearchForm(BaseFilterForm):
        q = forms.CharField(
            label=_("Search term"), widget=forms.TextInput(attrs={"placeholder": _("Search")}), required=False
        )

        def filter(self, objects):
            query = (self.cleaned_data.get("q") or "").strip()
            if query:
                condition = Q()
                for lookup in lookups:
                    condition |= Q(**{lookup: query})
                objects = objects.filter(condition)
                self.is_searching = True
                self.search_query = query
            return objects

    return SearchForm


def searchable_views(*lookups: str) -> tuple[type, type]:
    """The modal's and the results panel's view classes, searching with the given lookups."""
    form = _search_form(*lookups)
    return (
        type("ChooseView", (chooser_views.ChooseView,), {"filter_form_class": form}),
        type("ChooseResultsView", (chooser_views.ChooseResultsView,), {"filter_form_class": form}),
    )


class ProductChooserViewSet(ChooserViewSet):
    model = "catalogue.Product"
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit this product")
    register_widget = False
    # A barcode is typed or scanned whole; titles are found by any part.
    choose_view_class, choose_results_view_class = searchable_views("title__icontains", "upc__iexact")

    def get_object_list(self):
        return apps.get_model(self.model).objects.filter(is_public=True, parent__isnull=True).order_by("title")


# One product chooser for every page type that links products (promotions, news, tours).
product_chooser_viewset = ProductChooserViewSet("cms_product_chooser", url_prefix="content/choose-product")
