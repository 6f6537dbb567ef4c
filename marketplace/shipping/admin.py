from django.contrib import admin
from oscar.apps.shipping.admin import *  # noqa: F403

from marketplace.shipping.models import SalesPoint


@admin.register(SalesPoint)
class SalesPointAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "opening_hours", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "street_address", "region__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["producers"]
    raw_id_fields = ["region"]
