from django import forms
from django.contrib import admin
from oscar.apps.shipping.admin import *  # noqa: F403

from marketplace.core.phone import phone_to_e164
from marketplace.shipping.models import SalesPoint


class SalesPointAdminForm(forms.ModelForm):
    """The phone is checked and stored in E.164; pages show it nationally (the phone_display filter)."""

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        return phone_to_e164(value) if value else ""


@admin.register(SalesPoint)
class SalesPointAdmin(admin.ModelAdmin):
    form = SalesPointAdminForm
    list_display = ["name", "region", "opening_hours", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "street_address", "region__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["producers"]
    raw_id_fields = ["region"]
