"""Django admin for traceability lots, with their journey steps inline.

The rules are traceability.services' own: the forms run its validators, so the admin refuses what the
services refuse, with the same messages beside the same fields.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.core.forms import form_add_service_errors
from traceability import selectors, services
from traceability.models import Lot, LotStep


class LotAdminForm(forms.ModelForm):
    class Meta:
        model = Lot
        fields = ("product", "lot_number", "production_date", "expiry_date", "quantity", "raw_material_origin")

    def clean(self):
        cleaned = super().clean()
        product = cleaned.get("product") or (self.instance.product if self.instance.pk else None)
        if product is None or "quantity" not in cleaned:
            return cleaned  # the field errors already say what is missing
        try:
            cleaned["lot_number"] = services.lot_validate(
                product=product,
                lot_number=cleaned.get("lot_number", ""),
                production_date=cleaned.get("production_date"),
                quantity=cleaned.get("quantity"),
                expiry_date=cleaned.get("expiry_date"),
                lot=self.instance if self.instance.pk else None,
            )
        except ValidationError as error:
            form_add_service_errors(self, error)
        return cleaned


class LotStepInlineForm(forms.ModelForm):
    class Meta:
        model = LotStep
        fields = ("date", "step", "place", "note")

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get("DELETE") or not self.has_changed():
            return cleaned
        try:
            cleaned["step"] = services.lot_step_validate(date=cleaned.get("date"), step=cleaned.get("step", ""))
        except ValidationError as error:
            form_add_service_errors(self, error)
        return cleaned


class LotStepInline(admin.TabularInline):
    model = LotStep
    form = LotStepInlineForm
    fields = ("date", "step", "place", "note")
    extra = 1


@admin.register(Lot)
class LotAdmin(admin.ModelAdmin):
    """Staff record lots and their journey here until producers get their own dashboard screens."""

    form = LotAdminForm
    inlines = [LotStepInline]
    list_display = ("lot_number", "product", "production_date", "expiry_date", "quantity", "trace_link")
    list_select_related = ("product",)
    search_fields = ("lot_number", "code", "product__title", "product__upc")
    date_hierarchy = "production_date"
    raw_id_fields = ("product",)
    readonly_fields = ("code", "trace_link", "created_at")
    fields = (
        "product",
        "lot_number",
        "production_date",
        "expiry_date",
        "quantity",
        "raw_material_origin",
        "code",
        "trace_link",
        "created_at",
    )

    def get_fields(self, request, obj=None):
        if obj is None:  # the trace code is drawn when the lot is recorded
            return [f for f in self.fields if f not in self.readonly_fields]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        # A lot's product is fixed once recorded: its printed QR codes already point at it.
        return self.readonly_fields + (("product",) if obj is not None else ())

    @admin.display(description=_("Lot page and QR code"))
    def trace_link(self, obj):
        if obj is None or not obj.pk:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            selectors.lot_trace_path(lot=obj),
            obj.code,
            selectors.lot_trace_path(lot=obj) + "qr.svg",
            _("QR (SVG)"),
            selectors.lot_trace_path(lot=obj) + "label/",
            _("Label sheet"),
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        facts = {
            "lot_number": data["lot_number"],
            "production_date": data["production_date"],
            "expiry_date": data.get("expiry_date"),
            "quantity": data["quantity"],
            "raw_material_origin": data.get("raw_material_origin", ""),
        }
        if change:
            services.lot_update(lot=obj, **facts)
            return
        created = services.lot_create(product=data["product"], **facts)
        obj.pk = created.pk
        obj.refresh_from_db()
