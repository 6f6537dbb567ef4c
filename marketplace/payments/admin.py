from django.contrib import admin

from marketplace.payments.models import StripeEvent, StripeRefund


class _ReadOnlyAdmin(admin.ModelAdmin):
    """A log kept by the services: staff read it, nobody edits it here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StripeEvent)
class StripeEventAdmin(_ReadOnlyAdmin):
    list_display = ("event_id", "type", "purchase", "outcome", "received_at")
    list_filter = ("type", "outcome")
    search_fields = ("event_id", "purchase__reference", "purchase__stripe_payment_intent_id")
    list_select_related = ("purchase",)
    date_hierarchy = "received_at"
    raw_id_fields = ("purchase",)


@admin.register(StripeRefund)
class StripeRefundAdmin(_ReadOnlyAdmin):
    list_display = ("refund_id", "order", "amount", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("refund_id", "order__number", "order__purchase__reference")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    raw_id_fields = ("order",)
