"""Wagtail admin choosers for the places a tour stops at: producers and OCOP sales points (products use
cms.choosers.product_chooser_viewset).

Oscar's and our marketplace models are not Wagtail snippets; a ChooserViewSet gives each one a searchable
modal, a form widget and a StreamField block without copying any data. The widgets are not registered
globally (``register_widget = False``) so that other apps' forms keep their own widgets.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet

from cms.choosers import searchable_views


class ProducerChooserViewSet(ChooserViewSet):
    model = "partner.Partner"
    icon = "group"
    choose_one_text = _("Choose a producer")
    choose_another_text = _("Choose another producer")
    edit_item_text = _("Edit this producer")
    register_widget = False
    choose_view_class, choose_results_view_class = searchable_views("name__icontains", "slug__icontains")

    def get_object_list(self):
        return apps.get_model(self.model).objects.exclude(slug__isnull=True).order_by("name")


class SalesPointChooserViewSet(ChooserViewSet):
    model = "shipping.SalesPoint"
    icon = "home"
    choose_one_text = _("Choose a sales point")
    choose_another_text = _("Choose another sales point")
    edit_item_text = _("Edit this sales point")
    register_widget = False
    choose_view_class, choose_results_view_class = searchable_views("name__icontains", "street_address__icontains")

    def get_object_list(self):
        return apps.get_model(self.model).objects.filter(is_active=True).order_by("name")


producer_chooser_viewset = ProducerChooserViewSet("tours_producer_chooser", url_prefix="tours/choose-producer")
sales_point_chooser_viewset = SalesPointChooserViewSet(
    "tours_sales_point_chooser", url_prefix="tours/choose-sales-point"
)
