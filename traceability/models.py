"""Production lots and the steps of their journey, traceable by shoppers through a QR code.

The tables are the ones the catalogue app created (catalogue migration 0035): the models moved here by
state-only migrations (catalogue 0040, traceability 0001), so every lot, step and printed trace code is kept.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from traceability.codes import new_lot_code


class Lot(models.Model):
    """A production lot a producer records, traceable by shoppers through its QR code."""

    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("Product"), related_name="lots", on_delete=models.PROTECT
    )
    lot_number = models.CharField(_("Lot number"), max_length=64)
    code = models.CharField(_("Trace code"), max_length=32, unique=True, default=new_lot_code, editable=False)
    production_date = models.DateField(_("Production date"))
    expiry_date = models.DateField(_("Expiry date"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("Quantity"))
    raw_material_origin = models.CharField(_("Raw material origin"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "catalogue_lot"
        verbose_name = _("Lot")
        verbose_name_plural = _("Lots")
        ordering = ["-production_date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "lot_number"], name="lot_number_unique_per_product"),
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True) | Q(expiry_date__gte=models.F("production_date")),
                name="lot_expiry_after_production",
            ),
        ]

    def __str__(self):
        return f"{self.product} — {self.lot_number}"


class LotStep(models.Model):
    """One step of a lot's journey: growing, harvest, processing, packing, transport…"""

    lot = models.ForeignKey(Lot, related_name="steps", on_delete=models.CASCADE)
    date = models.DateField(_("Date"))
    step = models.CharField(_("Step"), max_length=128)
    place = models.CharField(_("Place"), max_length=255, blank=True)
    note = models.TextField(_("Note"), blank=True)

    class Meta:
        db_table = "catalogue_lotstep"
        verbose_name = _("Lot step")
        verbose_name_plural = _("Lot steps")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date} {self.step}"
