"""Dashboard catalogue forms: Oscar's, with the OCOP label facts and image processing."""

from oscar.apps.dashboard.catalogue import forms as core_forms

from catalogue.image_services import product_image_enqueue_processing

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
