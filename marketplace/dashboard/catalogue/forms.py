"""Dashboard catalogue forms: Oscar's, with the OCOP label facts, image processing and stock rules."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as core_forms

from catalogue.image_services import product_image_enqueue_processing
from marketplace.dashboard.selectors import producer_list_for_user

LABEL_FACTS = [
    "gtin",
    "net_quantity",
    "ingredients",
    "shelf_life",
    "storage_instructions",
    "usage_instructions",
    "origin",
    "food_safety_certificate",
]


class ProductForm(core_forms.ProductForm):
    class Meta(core_forms.ProductForm.Meta):
        fields = core_forms.ProductForm.Meta.fields + LABEL_FACTS


class ProductImageForm(core_forms.ProductImageForm):
    def save(self, commit=True):
        image = super().save(commit=commit)
        if commit and "original" in self.changed_data:
            # Strip location data and make the WebP rendition in the background, once committed.
            product_image_enqueue_processing(image=image)
        return image


class StockRecordForm(core_forms.StockRecordForm):
    """A producer picks only their own producers; nobody sets the stock below what orders have reserved."""

    def __init__(self, product_class, user, *args, **kwargs):
        super().__init__(product_class, user, *args, **kwargs)
        self.fields["partner"].queryset = producer_list_for_user(user=user)

    def clean_num_in_stock(self):
        num_in_stock = self.cleaned_data.get("num_in_stock")
        if num_in_stock is None or not self.instance.pk:
            return num_in_stock
        # Read the reservations afresh: checkouts may have reserved units since the page was opened.
        reserved = (
            type(self.instance).objects.filter(pk=self.instance.pk).values_list("num_allocated", flat=True).first() or 0
        )
        if num_in_stock < reserved:
            raise ValidationError(
                _("%(reserved)s units are reserved for orders not yet shipped: the stock cannot be lower than that."),
                code="below_reserved",
                params={"reserved": reserved},
            )
        return num_in_stock
