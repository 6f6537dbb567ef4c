from django.contrib import admin
from oscar.apps.order.admin import *  # noqa: F403

from marketplace.order.models import Order, Purchase, SentEmail


class PurchaseOrderInline(admin.TabularInline):
    model = Order
    fields = ["number", "producer", "status", "total_incl_tax"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Purchase)
class PurchaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "email", "payment_method", "payment_status", "total", "language", "created_at"]
    list_filter = ["payment_method", "payment_status", "language"]
    search_fields = ["reference", "email", "phone"]
    readonly_fields = ["reference", "user", "total", "stripe_payment_intent_id", "paid_at", "created_at"]
    inlines = [PurchaseOrderInline]


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    """What went out, for support questions ("did the shop write to me?"); written only by the notifications."""

    list_display = ["kind", "object_id", "language", "sent_at"]
    list_filter = ["kind", "language"]
    search_fields = ["object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
