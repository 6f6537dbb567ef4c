"""Dashboard catalogue forms: Oscar's, with the OCOP label facts, image processing, stock rules, HTML cleaned
with the site's allow-list and prices in đồng only."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as core_forms

from catalogue.image_services import product_image_enqueue_processing
from marketplace.core.html import html_sanitize
from marketplace.dashboard.selectors import producer_list_for_user

# The market sells in đồng only: the page, the basket and a card payment all read the number as đồng.
PRICE_CURRENCY = "VND"

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
    """The description and rich-text attributes are shown as HTML: they are stored sanitized."""

    class Meta(core_forms.ProductForm.Meta):
        fields = core_forms.ProductForm.Meta.fields + LABEL_FACTS

    def __init__(self, product_class, *args, **kwargs):
        super().__init__(product_class, *args, **kwargs)
        self.richtext_attribute_fields = [
            f"attr_{code}"
            for code in product_class.attributes.filter(type="richtext").values_list("code", flat=True)
            if f"attr_{code}" in self.fields
        ]

    def clean_description(self):
        return html_sanitize(html=self.cleaned_data.get("description"))

    def clean(self):
        cleaned_data = super().clean()
        for name in self.richtext_attribute_fields:
            if cleaned_data.get(name):
                cleaned_data[name] = html_sanitize(html=cleaned_data[name])
        return cleaned_data


class ProductImageForm(core_forms.ProductImageForm):
    def save(self, commit=True):
        image = super().save(commit=commit)
        if commit and "original" in self.changed_data:
            # Strip location data and make the WebP rendition in the background, once committed.
            product_image_enqueue_processing(image=image)
        return image


class StockRecordForm(core_forms.StockRecordForm):
    """A producer picks only their own producers; nobody sets the stock below what orders have reserved.

    The currency is not an input (Oscar's form has one): every price is in đồng, and a posted
    ``price_currency`` is ignored.
    """

    class Meta(core_forms.StockRecordForm.Meta):
        fields = [name for name in core_forms.StockRecordForm.Meta.fields if name != "price_currency"]

    def __init__(self, product_class, user, *args, **kwargs):
        super().__init__(product_class, user, *args, **kwargs)
        self.fields["partner"].queryset = producer_list_for_user(user=user)
        # Before validation, so that a record saved in another currency before is corrected on its next save.
        self.instance.price_currency = PRICE_CURRENCY

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
