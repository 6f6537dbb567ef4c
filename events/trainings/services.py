"""Writes for trainings: registration, cancellation and attendance; officers' page permissions.

Registration is checked and written under a lock on the training's row, so the last seat goes to one
person only; every change of a registration is recorded by django-auditlog (``apps.py``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.trainings import selectors
from events.trainings.models import TrainingPage, TrainingRegistration

Audience = TrainingPage.Audience


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _role_for_audience(*, training: TrainingPage, roles: set[str]) -> str:
    """The role the user registers in, or a ValidationError saying who the training is for."""
    if not roles:
        raise ValidationError(
            _("Only producers and officers can register for trainings. Sign in with your producer or officer account."),
            code="not_eligible",
        )
    if training.audience == Audience.PRODUCERS:
        if selectors.ROLE_PRODUCER not in roles:
            raise ValidationError(_("This training is for producers only."), code="wrong_audience")
        return selectors.ROLE_PRODUCER
    if training.audience == Audience.OFFICERS:
        if selectors.ROLE_OFFICER not in roles:
            raise ValidationError(_("This training is for officers only."), code="wrong_audience")
        return selectors.ROLE_OFFICER
    return selectors.ROLE_PRODUCER if selectors.ROLE_PRODUCER in roles else selectors.ROLE_OFFICER


@transaction.atomic
def training_register(*, training: TrainingPage, user, now=None) -> TrainingRegistration:
    """Register ``user`` (a producer's person or an officer) for the training. Raises ValidationError with a
    message when the user may not register (not a producer or officer, not this training's audience), when
    registration has closed (deadline or start), when they already hold a seat, or when every seat is taken.
    Nothing is written when it refuses."""
    now = now or timezone.now()
    training = selectors.training_canonical(training=training)
    producer = selectors.producer_for_user(user=user)
    role = _role_for_audience(training=training, roles=selectors.training_user_roles(user=user, producer=producer))
    # Lock the training's row: registrations for the last seat queue here and count each other's.
    locked = TrainingPage.objects.select_for_update(of=("self",)).filter(pk=training.pk).first()
    if locked is None:
        raise ValidationError(_("This training no longer exists."), code="missing")
    if locked.starts_at <= now:
        raise ValidationError(_("This training has already started: registration is closed."), code="started")
    if locked.registration_closes <= now:
        raise ValidationError(
            _("Registration for this training closed on %(deadline)s.")
            % {"deadline": _when(locked.registration_closes)},
            code="deadline_passed",
        )
    active = TrainingRegistration.objects.filter(training=locked, cancelled_at__isnull=True)
    if active.filter(user=user).exists():
        raise ValidationError(_("You are already registered for this training."), code="duplicate")
    if active.count() >= locked.capacity:
        raise ValidationError(
            ngettext(
                "The only seat of this training is taken.",
                "All %(capacity)s seats of this training are taken.",
                locked.capacity,
            )
            % {"capacity": locked.capacity},
            code="full",
        )
    registration = TrainingRegistration(
        training=locked,
        user=user,
        producer=producer if role == selectors.ROLE_PRODUCER else None,
        registered_at=now,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(_("You are already registered for this training."), code="duplicate") from None
    return registration


@transaction.atomic
def training_registration_cancel(*, registration: TrainingRegistration, user, now=None) -> TrainingRegistration:
    """The participant (or a programme officer) gives the seat back, until the training starts."""
    now = now or timezone.now()
    locked = (
        TrainingRegistration.objects.select_for_update(of=("self",))
        .select_related("training")
        .filter(pk=registration.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This registration no longer exists."), code="missing")
    if locked.user_id != user.pk and not selectors.training_user_may_mark_attendance(
        training=locked.training, user=user
    ):
        raise PermissionDenied(_("You can cancel only your own registration."))
    if locked.cancelled_at is not None:
        raise ValidationError(_("This registration was already cancelled."), code="already_cancelled")
    if locked.training.starts_at <= now:
        raise ValidationError(
            _("This training has already started: the registration can no longer be cancelled."), code="started"
        )
    locked.cancelled_at = now
    locked.save(update_fields=["cancelled_at"])
    return locked


@transaction.atomic
def training_attendance_mark(*, training: TrainingPage, user, attended_ids, now=None) -> int:
    """Record who came: the active registrations in ``attended_ids`` attended, the others did not.

    Only the training's organiser or a programme officer, once the training has started. Returns how many
    registrations changed (only those get a new mark time and marker, and an audit entry)."""
    now = now or timezone.now()
    training = selectors.training_canonical(training=training)
    if not selectors.training_user_may_mark_attendance(training=training, user=user):
        raise PermissionDenied(_("Only the organiser or programme officers mark attendance."))
    if training.starts_at > now:
        raise ValidationError(
            _("Attendance can be marked once the training has started (%(start)s).")
            % {"start": _when(training.starts_at)},
            code="not_started",
        )
    wanted = {int(pk) for pk in attended_ids}
    registrations = list(
        TrainingRegistration.objects.select_for_update(of=("self",))
        .filter(training=training, cancelled_at__isnull=True)
        .order_by("pk")
    )
    unknown = wanted - {registration.pk for registration in registrations}
    if unknown:
        raise ValidationError(_("Some of the marked people are not registered for this training."), code="unknown")
    changed = 0
    for registration in registrations:
        attended = registration.pk in wanted
        if registration.attended == attended and registration.attendance_marked_at is not None:
            continue
        registration.attended = attended
        registration.attendance_marked_at = now
        registration.attendance_marked_by = user
        registration.save(update_fields=["attended", "attendance_marked_at", "attendance_marked_by"])
        changed += 1
    return changed


# What officers may do with trainings: add, edit and publish them under the index.
_OFFICER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def trainings_grant_officer_permissions(*, index) -> None:
    """Let the Officers group create, edit and publish trainings under ``index``. Idempotent."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    from marketplace.core.roles import OFFICERS, roles_ensure_groups

    officers = roles_ensure_groups()[OFFICERS]
    for codename in _OFFICER_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=officers, page=index, permission=permission)
