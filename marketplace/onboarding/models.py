"""A producer's application to sell on the marketplace, and the officers' decision on it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.private_files import private_storage
from marketplace.onboarding.validators import validate_phone, validate_registration_scan
from marketplace.partner.models import Partner
from marketplace.partner.validators import founded_year_validate
from marketplace.regions.models import Region


def current_year() -> int:
    """Referenced by migration 0001 (the founding year's former validator)."""
    return timezone.localdate().year


def registration_scan_path(instance, filename) -> str:
    """A name nobody can guess: the scan is a personal document, kept in private storage and served to
    officers through a checked view."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"onboarding/registrations/{uuid.uuid4().hex}.{extension}"


class ProducerApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Applicant"),
        related_name="producer_applications",
        on_delete=models.CASCADE,
    )
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    # The language the applicant used, so that the decision e-mail speaks it too.
    language = models.CharField(_("Language"), max_length=10, default=settings.LANGUAGE_CODE)

    # The producer, as it will appear on its listings (Decree 52/2013 as amended by 85/2021).
    name = models.CharField(_("Producer name"), max_length=128)
    legal_type = models.CharField(_("Legal type"), max_length=32, choices=Partner.LegalType.choices)
    registration_number = models.CharField(_("Business registration number"), max_length=32)
    tax_code = models.CharField(_("Tax code"), max_length=20, blank=True)
    representative = models.CharField(_("Representative"), max_length=128)
    street_address = models.CharField(_("Street address"), max_length=255)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Commune or ward"),
        related_name="producer_applications",
        on_delete=models.PROTECT,
        limit_choices_to={"kind__in": Region.LOCAL_UNIT_KINDS},
    )
    phone = models.CharField(
        _("Phone"),
        max_length=20,
        validators=[validate_phone],
        help_text=_("Stored in international form, e.g. +84912345678."),
    )
    email = models.EmailField(_("Email"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("Founding year"),
        null=True,
        blank=True,
        validators=[founded_year_validate],
    )
    story = models.TextField(_("Story"), blank=True)
    registration_scan = models.FileField(
        _("Scan of the registration certificate"),
        upload_to=registration_scan_path,
        storage=private_storage,
        max_length=255,
        validators=[validate_registration_scan],
    )

    submitted_at = models.DateTimeField(_("Submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Decided by"),
        related_name="decided_producer_applications",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    rejection_reason = models.TextField(_("Reason for rejection"), blank=True)
    producer = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("Producer"),
        related_name="applications",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # Set when the decision e-mail went out, so that a retried task does not send it twice.
    decision_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Producer application")
        verbose_name_plural = _("Producer applications")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "-submitted_at"], name="onboarding_status_submitted")]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(status="submitted"),
                name="onboarding_one_submitted_per_applicant",
                violation_error_message=_("You already have an application waiting for a decision."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="onboarding_rejection_has_reason",
                violation_error_message=_("A rejection needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def is_decided(self) -> bool:
        return self.status != self.Status.SUBMITTED
