from django.contrib import admin

from marketplace.onboarding.models import ProducerApplication


@admin.register(ProducerApplication)
class ProducerApplicationAdmin(admin.ModelAdmin):
    """A read-mostly view: decisions are taken in the dashboard, where the services run."""

    list_display = ("name", "registration_number", "region", "applicant", "status", "submitted_at", "decided_at")
    list_filter = ("status", "legal_type")
    search_fields = ("name", "registration_number", "tax_code", "applicant__email", "representative")
    list_select_related = ("region", "applicant")
    date_hierarchy = "submitted_at"
    raw_id_fields = ("applicant", "region", "decided_by", "producer")
    readonly_fields = ("status", "submitted_at", "decided_at", "decided_by", "rejection_reason", "producer")

    def has_add_permission(self, request):
        return False
