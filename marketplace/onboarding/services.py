"""Writes for producer onboarding: submit an application, approve or reject it, e-mail the decision."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.core.links import absolute_url
from marketplace.core.phone import phone_to_e164
from marketplace.core.queue import enqueue_on_commit
from marketplace.core.roles import PRODUCERS, roles_ensure_groups
from marketplace.core.text import vietnamese_slugify
from marketplace.onboarding import selectors
from marketplace.onboarding.access import user_is_officer
from marketplace.onboarding.models import ProducerApplication
from marketplace.onboarding.validators import registration_scan_clean
from marketplace.partner.story import producer_story_from_plain_text
from marketplace.partner.validators import founded_year_validate, registration_number_normalize, tax_code_normalize

logger = logging.getLogger(__name__)

Partner = get_model("partner", "Partner")

# Filled from the application onto a new producer.
_PRODUCER_FIELDS = (
    "name",
    "legal_type",
    "registration_number",
    "tax_code",
    "representative",
    "street_address",
    "region",
    "email",
    "website",
    "founded_year",
    "story",
)


def application_validate_applicant(*, applicant) -> None:
    """Refuse an applicant who already manages a producer or has an application waiting."""
    producer = selectors.producer_for_user(user=applicant)
    if producer is not None:
        raise ValidationError(
            _("Your account already manages the producer %(name)s, so it cannot apply again.")
            % {"name": producer.name},
            code="already_producer",
        )
    if selectors.application_pending_exists(user=applicant):
        raise ValidationError(_("You already have an application waiting for a decision."), code="already_submitted")


@transaction.atomic
def application_submit(
    *,
    applicant,
    name: str,
    legal_type: str,
    registration_number: str,
    representative: str,
    street_address: str,
    region,
    phone: str,
    registration_scan,
    tax_code: str = "",
    email: str = "",
    website: str = "",
    founded_year: int | None = None,
    story: str = "",
    language: str | None = None,
) -> ProducerApplication:
    """File a producer's application; nothing is written unless every field is valid.

    Raises ValidationError (keyed by field where it concerns one field).
    """
    # Lock the user's row: two submissions of the same person queue here instead of racing.
    get_user_model().objects.select_for_update().filter(pk=applicant.pk).first()
    application_validate_applicant(applicant=applicant)
    errors = {}
    try:
        phone = phone_to_e164(phone)
    except ValidationError as error:
        errors["phone"] = error.messages
    try:
        registration_number = registration_number_normalize(registration_number, legal_type=legal_type)
    except ValidationError as error:
        errors["registration_number"] = error.messages
    try:
        tax_code = tax_code_normalize(tax_code) if (tax_code or "").strip() else ""
    except ValidationError as error:
        errors["tax_code"] = error.messages
    try:
        founded_year_validate(founded_year)
    except ValidationError as error:
        errors["founded_year"] = error.messages
    try:
        # What is stored is the cleaned copy (a photo without its EXIF), named by its content.
        registration_scan = registration_scan_clean(registration_scan)
    except ValidationError as error:
        errors["registration_scan"] = error.messages
    if errors:
        raise ValidationError(errors)
    application = ProducerApplication(
        applicant=applicant,
        language=(language or translation.get_language() or settings.LANGUAGE_CODE)[:10],
        name=(name or "").strip(),
        legal_type=legal_type,
        registration_number=registration_number,
        tax_code=tax_code,
        representative=(representative or "").strip(),
        street_address=(street_address or "").strip(),
        region=region,
        phone=phone,
        email=(email or "").strip(),
        website=(website or "").strip(),
        founded_year=founded_year,
        story=(story or "").strip(),
        registration_scan=registration_scan,
    )
    # The scan was checked above (decoding a picture twice is wasted work).
    application.full_clean(exclude=["registration_scan"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # The one-submitted-application constraint, hit by a concurrent submission.
        raise ValidationError(
            _("You already have an application waiting for a decision."), code="already_submitted"
        ) from None
    return application


def _lock_undecided(*, application, officer) -> ProducerApplication:
    if not user_is_officer(officer):
        raise PermissionDenied(_("Only officers decide producer applications."))
    locked = ProducerApplication.objects.select_for_update().get(pk=application.pk)
    if locked.is_decided:
        raise ValidationError(
            _("This application was already decided (%(status)s); it cannot be decided again.")
            % {"status": locked.get_status_display()},
            code="already_decided",
        )
    return locked


def _producer_slug_unique(name: str) -> str:
    base = vietnamese_slugify(name)[:100] or "producer"
    slug, n = base, 1
    while Partner.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def application_approve(*, application, officer) -> ProducerApplication:
    """Approve: create the producer (or link to the one with the same registration number), give the
    applicant the producer's dashboard, and e-mail them once the transaction commits."""
    locked = _lock_undecided(application=application, officer=officer)
    producer = (
        Partner.objects.select_for_update()
        .filter(registration_number=locked.registration_number)
        .order_by("pk")
        .first()
    )
    if producer is None:
        producer = Partner(slug=_producer_slug_unique(locked.name), phone=locked.phone)  # both in E.164
        for field in _PRODUCER_FIELDS:
            setattr(producer, field, getattr(locked, field))
        # Applicants write plain text; the profile stores sanitized HTML.
        producer.story = producer_story_from_plain_text(text=locked.story or "")
        producer.save()
    producer.users.add(locked.applicant)
    locked.applicant.groups.add(roles_ensure_groups()[PRODUCERS])

    locked.status = ProducerApplication.Status.APPROVED
    locked.decided_at = timezone.now()
    locked.decided_by = officer
    locked.producer = producer
    locked.save(update_fields=["status", "decided_at", "decided_by", "producer"])
    _enqueue_decision_email(locked)
    # The new producer becomes findable.
    from marketplace.search.services import search_index_enqueue

    search_index_enqueue(kind="producer", pk=producer.pk)
    return locked


@transaction.atomic
def application_reject(*, application, officer, reason: str) -> ProducerApplication:
    """Reject with a reason the applicant reads in the e-mail and on the status page."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason for the rejection: the applicant will read it.")}, code="reason_required"
        )
    locked = _lock_undecided(application=application, officer=officer)
    locked.status = ProducerApplication.Status.REJECTED
    locked.decided_at = timezone.now()
    locked.decided_by = officer
    locked.rejection_reason = reason
    locked.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
    _enqueue_decision_email(locked)
    return locked


def _enqueue_decision_email(application) -> None:
    from marketplace.onboarding.tasks import application_decision_email_send

    enqueue_on_commit(application_decision_email_send, application.pk)


@transaction.atomic
def application_decision_email_send(*, application_id: int) -> bool:
    """E-mail the applicant the decision, once: returns False when there is nothing (more) to send."""
    application = (
        ProducerApplication.objects.select_for_update(of=("self",))
        .select_related("applicant", "producer")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not application.is_decided or application.decision_emailed_at is not None:
        return False
    recipients = sorted({application.applicant.email, application.email} - {""})
    if not recipients:
        logger.warning("Producer application %s was decided but nobody has an e-mail address", application.pk)
        return False
    language = application.language if application.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "application": application,
            "applicant": application.applicant,
            "status_url": absolute_url(reverse("onboarding:status")),
            "dashboard_url": absolute_url(reverse("dashboard:index")),
        }
        if application.status == ProducerApplication.Status.APPROVED:
            subject = _("Your application for %(name)s is approved") % {"name": application.name}
            body = render_to_string("onboarding/emails/application_approved.txt", context)
        else:
            subject = _("Your application for %(name)s was not approved") % {"name": application.name}
            body = render_to_string("onboarding/emails/application_rejected.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    application.decision_emailed_at = timezone.now()
    application.save(update_fields=["decision_emailed_at"])
    return True


def registration_scans_make_private() -> dict[str, list[str]]:
    """Move every registration scan still in public media into private storage; safe to run any number of times.

    For after a rolling deploy: web processes still running the code from before migration 0003 keep storing
    new scans in public media until they are replaced. Returns the scan names by outcome (``MoveOutcome``
    values). Raises ImproperlyConfigured when public and private storage are the same place (nothing is
    touched then).
    """
    from marketplace.core.private_files import MoveOutcome, private_file_move_from_public

    outcomes: dict[str, list[str]] = {outcome.value: [] for outcome in MoveOutcome}
    names = ProducerApplication.objects.exclude(registration_scan="").values_list("registration_scan", flat=True)
    for name in names.order_by("pk").iterator():
        outcome = private_file_move_from_public(name=name)
        if outcome is MoveOutcome.MOVED:
            logger.info("Registration scan %s moved into private storage.", name)
        outcomes[outcome.value].append(name)
    return outcomes
