from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.admin import *  # noqa: F403
from oscar.core.loading import get_model

from catalogue import services
from catalogue.forms import CertificationForm
from marketplace.core.html import html_sanitize

Certification = get_model("catalogue", "Certification")
Product = get_model("catalogue", "Product")


class ProductAdminForm(forms.ModelForm):
    """The description is shown as HTML on the product page: stored through the site's allow-list.
    (No Meta: the admin builds the form's Meta from its own fields.)"""

    def clean_description(self):
        return html_sanitize(html=self.cleaned_data.get("description"))


admin.site.unregister(Product)


@admin.register(Product)
class ProductAdmin(ProductAdmin):  # noqa: F405 - Oscar's, from the star import above
    form = ProductAdminForm


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    """Officers record evaluations here; recording and revoking go through catalogue.services."""

    form = CertificationForm
    list_display = ("product", "stars", "score", "decision_number", "decision_date", "valid_until", "status")
    list_filter = ("status", "stars", "issuing_level")
    search_fields = ("product__title", "decision_number")
    raw_id_fields = ("product",)
    readonly_fields = ("valid_until", "status", "revoked_on")
    fields = (
        "product",
        "score",
        "stars",
        "decision_number",
        "decision_date",
        "issuing_level",
        "valid_until",
        "status",
        "revoked_on",
        "revocation_reason",
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # A recorded evaluation is history: only a revocation reason may be added.
        return [f for f in self.fields if f != "revocation_reason"]

    def save_model(self, request, obj, form, change):
        if change:
            if form.cleaned_data.get("revocation_reason") and obj.status != Certification.Status.REVOKED:
                try:
                    services.certification_revoke(certification=obj, reason=form.cleaned_data["revocation_reason"])
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
            return
        created = services.certification_record(
            product=form.cleaned_data["product"],
            score=form.cleaned_data["score"],
            stars=form.cleaned_data.get("stars"),
            decision_number=form.cleaned_data["decision_number"],
            decision_date=form.cleaned_data["decision_date"],
            issuing_level=form.cleaned_data.get("issuing_level") or None,
        )
        obj.pk = created.pk
        obj.refresh_from_db()

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = admin.ModelAdmin.form  # history is read-only; no re-validation of old scores
        return super().get_form(request, obj, change, **kwargs)


CertificationAdmin.short_description = _("OCOP certifications")
