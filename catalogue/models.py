"""The forked Oscar catalogue: OCOP certification on top of Oscar's products."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
