from django.contrib import admin
from oscar.apps.order.admin import *  # noqa: F403

from marketplace.order.models import Order, Purchase


class PurchaseOrderInline(admin.TabularInline):
    model = Order
    fields = ["number", "producer", "status", "total_incl_tax"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Purchase)
class PurchaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "email", "payment_method", "payment_status", "total", "created_at"]
    list_filter = ["payment_method", "payment_status"]
    search_fields = ["reference", "email", "phone"]
    readonly_fields = ["reference", "user", "total", "stripe_payment_intent_id", "paid_at", "created_at"]
    inlines = [PurchaseOrderInline]
