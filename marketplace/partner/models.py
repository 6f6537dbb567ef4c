"""Producers (chủ thể OCOP) are Oscar partners.

The fork adds the producer's public identity, which a Vietnamese marketplace
must show on every listing (Decree 52/2013 as amended by 85/2021), and keeps
stock-record prices in whole đồng.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner, AbstractStockRecord

from marketplace.core.money import validate_whole_dong
from marketplace.core.uploads import image_upload_validate


class Partner(AbstractPartner):
    class LegalType(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        COOPERATIVE = "cooperative", _("Cooperative")
        COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
        HOUSEHOLD = "household", _("Household business")
        FARM_OWNER = "farm_owner", _("Farm owner")
        CRAFT_VILLAGE = "craft_village", _("Craft village")

    slug = models.SlugField(_("Slug"), max_length=128, unique=True, null=True, blank=True)
    legal_type = models.CharField(
        _("Legal type"), max_length=32, choices=LegalType.choices, default=LegalType.HOUSEHOLD
    )
    registration_number = models.CharField(_("Business registration number"), max_length=32, blank=True)
    tax_code = models.CharField(_("Tax code"), max_length=20, blank=True)
    representative = models.CharField(_("Representative"), max_length=128, blank=True)
    street_address = models.CharField(_("Street address"), max_length=255, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Commune or ward"),
        related_name="producers",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    phone = models.CharField(_("Phone"), max_length=20, blank=True)
    email = models.EmailField(_("Email"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("Founding year"), null=True, blank=True)
    # HTML, sanitized on write by marketplace.partner.services; writers that bypass them (admin, onboarding)
    # are covered on read: show it through marketplace.partner.story.producer_story_html, never raw.
    story = models.TextField(
        _("Story"),
        blank=True,
        help_text=_("Formatted text: paragraphs, bold, italics, lists, links, headings and quotes."),
    )
    latitude = models.FloatField(
        _("Latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("Longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    zalo_phone = models.CharField(_("Zalo number"), max_length=20, blank=True)
    # The language the producer's e-mails (new orders, reminders) are written in.
    language = models.CharField(
        _("E-mail language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # The validator refuses what the upload pipeline refuses; the writers (the profile service, the admin form)
    # store the pipeline's clean copy.
    logo = models.ImageField(_("Logo"), upload_to="producers/logos/", blank=True, validators=[image_upload_validate])
    # Home delivery, priced by destination: the producer's own province or elsewhere.
    delivery_fee_same_province = models.DecimalField(
        _("Delivery fee within the province (đồng)"),
        max_digits=12,
        decimal_places=2,
        default=20000,
        validators=[MinValueValidator(0, message=_("A price cannot be negative.")), validate_whole_dong],
    )
    delivery_fee_other_province = models.DecimalField(
        _("Delivery fee to other provinces (đồng)"),
        max_digits=12,
        decimal_places=2,
        default=35000,
        validators=[MinValueValidator(0, message=_("A price cannot be negative.")), validate_whole_dong],
    )
    free_delivery_over = models.DecimalField(
        _("Free delivery for orders from (đồng)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty for no free delivery."),
        validators=[MinValueValidator(0, message=_("A price cannot be negative.")), validate_whole_dong],
    )

    class Meta(AbstractPartner.Meta):
        pass

    def get_absolute_url(self):
        return reverse("producer-detail", kwargs={"slug": self.slug}) if self.slug else ""

    @property
    def full_address(self) -> str:
        parts = [self.street_address]
        if self.region_id:
            parts += [self.region.name, self.region.parent.name if self.region.parent_id else ""]
        return ", ".join(p for p in parts if p)


class ProducerImage(models.Model):
    """A picture in a producer's gallery: workshop, fields, people."""

    producer = models.ForeignKey(Partner, related_name="gallery", on_delete=models.CASCADE)
    # Written by producer_gallery_image_add, which stores the pipeline's clean copy.
    image = models.ImageField(_("Image"), upload_to="producers/gallery/", validators=[image_upload_validate])
    caption = models.CharField(_("Caption"), max_length=200, blank=True)
    display_order = models.PositiveSmallIntegerField(_("Display order"), default=0)

    class Meta:
        verbose_name = _("Producer image")
        verbose_name_plural = _("Producer images")
        ordering = ["display_order", "pk"]

    def __str__(self):
        return self.caption or self.image.name


class StockRecord(AbstractStockRecord):
    # Redefined to refuse fractions of a đồng and negative prices at every form.
    price = models.DecimalField(
        _("Price"),
        decimal_places=2,
        max_digits=12,
        blank=True,
        null=True,
        validators=[MinValueValidator(0, message=_("A price cannot be negative.")), validate_whole_dong],
    )

    class Meta(AbstractStockRecord.Meta):
        constraints = [
            # The last line of defence against overselling: checkout allocates with a
            # conditional update, and the database refuses anything beyond the stock.
            models.CheckConstraint(
                condition=models.Q(num_allocated__lte=models.F("num_in_stock")),
                name="stockrecord_allocated_within_stock",
            ),
            models.CheckConstraint(condition=models.Q(num_in_stock__gte=0), name="stockrecord_stock_not_negative"),
            models.CheckConstraint(condition=models.Q(num_allocated__gte=0), name="stockrecord_allocated_not_negative"),
            # Prices are whole đồng: a row in any other currency would be charged as đồng by card.
            models.CheckConstraint(condition=models.Q(price_currency="VND"), name="stockrecord_price_currency_vnd"),
        ]


from oscar.apps.partner.models import *  # noqa: E402,F403
