"""Oscar's partner admin, with the search index kept in step: producers' and stock records' edits here
reach search (a producer's name, type and place are in its products' documents too)."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from oscar.apps.partner import admin as core_admin
from oscar.core.loading import get_model

from marketplace.core.phone import phone_to_e164
from marketplace.core.uploads import image_upload_clean
from marketplace.search.services import search_index_enqueue_many, search_index_enqueue_producer

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

admin.site.unregister(Partner)
admin.site.unregister(StockRecord)


class PartnerAdminForm(forms.ModelForm):
    """A logo uploaded here goes through the same pipeline as the producer's own (no EXIF, re-encoded);
    the phone numbers are checked and stored in E.164, as the producer's own profile stores them."""

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        return phone_to_e164(value) if value else ""

    def clean_zalo_phone(self):
        value = self.cleaned_data.get("zalo_phone", "").strip()
        return phone_to_e164(value) if value else ""

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return image_upload_clean(upload=logo)
        return logo


@admin.register(Partner)
class PartnerAdmin(core_admin.PartnerAdmin):
    form = PartnerAdminForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        search_index_enqueue_producer(pk=obj.pk)

    def delete_model(self, request, obj):
        with transaction.atomic():
            # Before the delete: the products are found through the stock records it cascades to.
            search_index_enqueue_producer(pk=obj.pk)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for pk in queryset.values_list("pk", flat=True):
                search_index_enqueue_producer(pk=pk)
            super().delete_queryset(request, queryset)


@admin.register(StockRecord)
class StockRecordAdmin(core_admin.StockRecordAdmin):
    """Price and stock are in the product's search document (price, price band, in stock)."""

    # Prices are VND only (a database constraint refuses anything else): the currency is not an input.
    exclude = ("price_currency",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A record moved to another product changes the one it left too.
        previous = form.initial.get("product") if change and "product" in form.changed_data else None
        search_index_enqueue_many(kind="product", pks=[pk for pk in (obj.product_id, previous) if pk])

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            search_index_enqueue_many(kind="product", pks=[obj.product_id])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            product_ids = list(queryset.values_list("product_id", flat=True))
            super().delete_queryset(request, queryset)
            search_index_enqueue_many(kind="product", pks=product_ids)
