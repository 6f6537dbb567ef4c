"""A Wagtail admin chooser for Oscar products (not a snippet): a searchable modal instead of a <select>
listing every product, which would not scale to a full catalogue."""

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet


class ProductSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"), widget=forms.TextInput(attrs={"placeholder": _("Search")}), required=False
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(Q(title__icontains=query) | Q(upc__iexact=query))
            self.is_searching = True
            self.search_query = query
        return objects


class ProductChooseView(chooser_views.ChooseView):
    filter_form_class = ProductSearchForm


class ProductChooseResultsView(chooser_views.ChooseResultsView):
    filter_form_class = ProductSearchForm


class ProductChooserViewSet(ChooserViewSet):
    model = "catalogue.Product"
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit this product")
    register_widget = False  # other apps' forms keep their own widgets
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView

    def get_object_list(self):
        return apps.get_model(self.model).objects.filter(is_public=True, parent__isnull=True).order_by("title")


product_chooser_viewset = ProductChooserViewSet("cms_product_chooser", url_prefix="content/choose-product")
