"""Wagtail admin choosers for what a tour links to: producers, OCOP sales points and products.

Oscar's and our marketplace models are not Wagtail snippets; a ChooserViewSet gives each one a searchable
modal, a form widget and a StreamField block without copying any data. The widgets are not registered
globally (``register_widget = False``) so that other apps' forms keep their own widgets.
"""

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet


def _name_search_form(*fields: str) -> type[BaseFilterForm]:
    """A chooser filter form that finds rows whose fields contain the search term (case-insensitive)."""

    class NameSearchForm(BaseFilterForm):
        q = forms.CharField(
            label=_("Search term"), widget=forms.TextInput(attrs={"placeholder": _("Search")}), required=False
        )

        def filter(self, objects):
            query = (self.cleaned_data.get("q") or "").strip()
            if query:
                condition = Q()
                for field in fields:
                    condition |= Q(**{f"{field}__icontains": query})
                objects = objects.filter(condition)
                self.is_searching = True
                self.search_query = query
            return objects

    return NameSearchForm


def _searchable_views(*fields: str) -> tuple[type, type]:
    """The modal's and the results panel's view classes, searching the given fields."""
    form = _name_search_form(*fields)
    return (
        type("ChooseView", (chooser_views.ChooseView,), {"filter_form_class": form}),
        type("ChooseResultsView", (chooser_views.ChooseResultsView,), {"filter_form_class": form}),
    )


class ProducerChooserViewSet(ChooserViewSet):
    model = "partner.Partner"
    icon = "group"
    choose_one_text = _("Choose a producer")
    choose_another_text = _("Choose another producer")
    edit_item_text = _("Edit this producer")
    register_widget = False
    choose_view_class, choose_results_view_class = _searchable_views("name", "slug")

    def get_object_list(self):
        return apps.get_model(self.model).objects.exclude(slug__isnull=True).order_by("name")


class SalesPointChooserViewSet(ChooserViewSet):
    model = "shipping.SalesPoint"
    icon = "home"
    choose_one_text = _("Choose a sales point")
    choose_another_text = _("Choose another sales point")
    edit_item_text = _("Edit this sales point")
    register_widget = False
    choose_view_class, choose_results_view_class = _searchable_views("name", "street_address")

    def get_object_list(self):
        return apps.get_model(self.model).objects.filter(is_active=True).order_by("name")


class ProductChooserViewSet(ChooserViewSet):
    model = "catalogue.Product"
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit this product")
    register_widget = False
    choose_view_class, choose_results_view_class = _searchable_views("title", "upc")

    def get_object_list(self):
        return apps.get_model(self.model).objects.filter(is_public=True, parent__isnull=True).order_by("title")


producer_chooser_viewset = ProducerChooserViewSet("tours_producer_chooser", url_prefix="tours/choose-producer")
sales_point_chooser_viewset = SalesPointChooserViewSet(
    "tours_sales_point_chooser", url_prefix="tours/choose-sales-point"
)
product_chooser_viewset = ProductChooserViewSet("tours_product_chooser", url_prefix="tours/choose-product")
