from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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
    # The scan is a private file with no URL: linked through the officers' checked view, never replaced here.
    exclude = ("registration_scan",)
    readonly_fields = (
        "status",
        "submitted_at",
        "decided_at",
        "decided_by",
        "rejection_reason",
        "producer",
        "registration_scan_link",
    )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Scan of the registration certificate"))
    def registration_scan_link(self, obj):
        if not obj.registration_scan:
            return "-"
        url = reverse("onboarding-dashboard:application-scan", kwargs={"pk": obj.pk})
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Open the scan"))
