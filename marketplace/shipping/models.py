"""Shipping: Oscar's charge models plus the OCOP sales points shoppers can collect from.

Home-delivery prices are set per producer (see ``partner.Partner``); the rules that
turn them into shipping methods live in ``repository.py``.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SalesPoint(models.Model):
    """An OCOP showroom or shop where shoppers collect orders and buy on the spot."""

    name = models.CharField(_("Name"), max_length=128)
    slug = models.SlugField(_("Slug"), max_length=128, unique=True)
    street_address = models.CharField(_("Street address"), max_length=255)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Commune or ward"),
        related_name="sales_points",
        on_delete=models.PROTECT,
    )
    opening_hours = models.CharField(_("Opening hours"), max_length=255, blank=True)
    phone = models.CharField(_("Phone"), max_length=20, blank=True)
    latitude = models.FloatField(
        _("Latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("Longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    # Producers whose orders can be collected here.
    producers = models.ManyToManyField(
        "partner.Partner", verbose_name=_("Producers"), related_name="sales_points", blank=True
    )
    is_active = models.BooleanField(_("Active"), default=True)

    class Meta:
        verbose_name = _("Sales point")
        verbose_name_plural = _("Sales points")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def full_address(self) -> str:
        parts = [self.street_address, self.region.name]
        if self.region.parent_id:
            parts.append(self.region.parent.name)
        return ", ".join(p for p in parts if p)


from oscar.apps.shipping.models import *  # noqa: E402,F403
