"""The forked Oscar catalogue: OCOP product facts and certification on top of Oscar's products.

Lots and their steps live in the traceability app (they moved there with their tables and rows).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractCategory, AbstractProduct, AbstractProductImage
from oscar.utils.models import get_image_upload_path

from catalogue.validators import validate_gtin, validate_product_image
from traceability.codes import new_lot_code  # noqa: F401  (catalogue migration 0035 refers to it here)


class Product(AbstractProduct):
    """An OCOP product, with the label facts Vietnamese law asks of food and drink (Decree 43/2017)."""

    ingredients = models.TextField(_("Ingredients"), blank=True)
    net_quantity = models.CharField(_("Net quantity"), max_length=64, blank=True, help_text=_("e.g. 500 g, 330 ml"))
    shelf_life = models.CharField(_("Shelf life"), max_length=64, blank=True, help_text=_("e.g. 12 months"))
    storage_instructions = models.TextField(_("Storage instructions"), blank=True)
    usage_instructions = models.TextField(_("Instructions for use"), blank=True)
    origin = models.CharField(_("Origin"), max_length=255, blank=True)
    food_safety_certificate = models.CharField(_("Food safety certificate number"), max_length=64, blank=True)
    gtin = models.CharField(
        _("GTIN (barcode)"),
        max_length=14,
        blank=True,
        validators=[validate_gtin],
        help_text=_("8, 12, 13 or 14 digits, with a valid check digit."),
    )

    class Meta(AbstractProduct.Meta):
        pass

    def is_review_permitted(self, user):
        """Only a shopper who received this product may review it, and only once."""
        if not user.is_authenticated:
            return False
        from catalogue.selectors import product_received_by

        return product_received_by(product=self, user=user) and not self.has_review_by(user)


class Category(AbstractCategory):
    """An OCOP product group or product set; the English name is shown under /en/."""

    name_en = models.CharField(_("Name in English"), max_length=255, blank=True)

    class Meta(AbstractCategory.Meta):
        pass

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class ProductImage(AbstractProductImage):
    """A product photo: validated by decoding it; a WebP rendition is made in the background."""

    original = models.ImageField(
        _("Original"), upload_to=get_image_upload_path, max_length=255, validators=[validate_product_image]
    )
    webp = models.ImageField(_("WebP rendition"), upload_to="images/webp/", max_length=255, blank=True)

    class Meta(AbstractProductImage.Meta):
        pass


class Certification(models.Model):
    """One OCOP evaluation of a product. History is kept; at most one is in force per product."""

    class Status(models.TextChoices):
        CERTIFIED = "certified", _("Certified")
        EXPIRING = "expiring", _("Expiring")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded by a newer certificate")
        NOT_CERTIFIED = "not_certified", _("Not certified (below 3 stars)")

    class IssuingLevel(models.TextChoices):
        PROVINCE = "province", _("Provincial People's Committee")
        MINISTRY = "ministry", _("Ministry of Agriculture and Environment")

    IN_FORCE_STATUSES = (Status.CERTIFIED, Status.EXPIRING)

    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("Product"),
        related_name="certifications",
        on_delete=models.CASCADE,
    )
    score = models.PositiveSmallIntegerField(_("Score"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    # Derived from the score by catalogue.certification.stars_for_score when recorded;
    # stored so listings can filter and facet on it.
    stars = models.PositiveSmallIntegerField(_("Stars"))
    decision_number = models.CharField(_("Decision number"), max_length=64)
    decision_date = models.DateField(_("Decision date"))
    # Filled when the certificate comes from a recorded recognition decision (programme.services.decisions).
    decision_signer = models.CharField(_("Signed by"), max_length=255, blank=True)
    evaluation_year = models.PositiveSmallIntegerField(_("Evaluation year"), null=True, blank=True)
    issuing_level = models.CharField(
        _("Issuing level"), max_length=16, choices=IssuingLevel.choices, default=IssuingLevel.PROVINCE
    )
    valid_until = models.DateField(_("Valid until"))
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.CERTIFIED)
    revoked_on = models.DateField(_("Revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("Revocation reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("OCOP certification")
        verbose_name_plural = _("OCOP certifications")
        ordering = ["-decision_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(status__in=["certified", "expiring"]),
                name="certification_one_in_force_per_product",
            ),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="certification_score_0_100"),
            models.CheckConstraint(condition=Q(stars__gte=1) & Q(stars__lte=5), name="certification_stars_1_5"),
        ]

    def __str__(self):
        return f"{self.product} — {self.stars}★ ({self.decision_number})"


class CertificationReminder(models.Model):
    """One expiry reminder e-mailed to the producer; the unique pair makes each go out once."""

    certification = models.ForeignKey(Certification, related_name="reminders", on_delete=models.CASCADE)
    days_before = models.PositiveSmallIntegerField(_("Days before expiry"))
    sent_at = models.DateTimeField(_("Sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Certificate expiry reminder")
        verbose_name_plural = _("Certificate expiry reminders")
        constraints = [
            models.UniqueConstraint(fields=["certification", "days_before"], name="certification_reminder_once")
        ]

    def __str__(self):
        return f"{self.certification} — {self.days_before}"


from oscar.apps.catalogue.models import *  # noqa: E402,F403
