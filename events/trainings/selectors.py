"""Reads for trainings, with the joins that keep the list pages' query counts flat."""

import datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

from events.fairs.models import local_zone
from events.trainings.models import TrainingIndexPage, TrainingPage, TrainingRegistration
from marketplace.core.roles import user_is_commune_officer, user_is_officer

Partner = get_model("partner", "Partner")

# What a user registers as: a producer's person or an officer (programme or commune officer).
ROLE_PRODUCER = "producer"
ROLE_OFFICER = "officer"


def training_queryset(*, index: TrainingIndexPage | None = None) -> QuerySet:
    """Live trainings (of one index, i.e. one language) with their place."""
    trainings = TrainingPage.objects.live().select_related("region__parent")
    if index is not None:
        trainings = trainings.child_of(index)
    return trainings


def training_list(
    *, index: TrainingIndexPage | None = None, when: str = "upcoming", now: datetime.datetime | None = None
) -> QuerySet:
    """Trainings not yet over, soonest first (``when="upcoming"``), or those over, latest first (``"past"``)."""
    now = now or timezone.now()
    trainings = training_queryset(index=index)
    if when == "past":
        return trainings.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return trainings.filter(ends_at__gte=now).order_by("starts_at", "pk")


def training_list_upcoming(*, limit: int, locale=None, now: datetime.datetime | None = None) -> list:
    """The next ``limit`` trainings not yet over, soonest first; of one language (a Wagtail locale) when given."""
    trainings = training_list(when="upcoming", now=now)
    if locale is not None:
        trainings = trainings.filter(locale=locale)
    return list(trainings[:limit])


def training_get(*, pk: int) -> TrainingPage:
    """A live training by its page id (raises TrainingPage.DoesNotExist)."""
    return training_queryset().select_related("organiser", "locale").get(pk=pk)


def training_canonical(*, training: TrainingPage) -> TrainingPage:
    """The training in the default language: registrations and capacity belong to it, whatever the language."""
    if training.locale.language_code == settings.LANGUAGE_CODE:
        return training
    original = (
        TrainingPage.objects.filter(
            translation_key=training.translation_key, locale__language_code=settings.LANGUAGE_CODE
        )
        .select_related("locale", "organiser")
        .first()
    )
    return original or training


def producer_for_user(*, user):
    """The producer the user works for (``Partner.users``), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Partner.objects.filter(users=user).order_by("pk").first()


def training_user_roles(*, user, producer=None) -> set[str]:
    """What the user may register as: ``{"producer", "officer"}``, one of them, or nothing (shoppers, guests)."""
    roles = set()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return roles
    if user_is_officer(user) or user_is_commune_officer(user):
        roles.add(ROLE_OFFICER)
    if producer is not None or producer_for_user(user=user) is not None:
        roles.add(ROLE_PRODUCER)
    return roles


def training_user_may_mark_attendance(*, training: TrainingPage, user) -> bool:
    """The training's organiser or a programme officer (staff or the Officers group)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    canonical = training_canonical(training=training)
    if canonical.organiser_id is not None and canonical.organiser_id == user.pk:
        return True
    return bool(user.is_superuser or user_is_officer(user))


def training_registered_count(*, training: TrainingPage) -> int:
    return TrainingRegistration.objects.filter(
        training=training_canonical(training=training), cancelled_at__isnull=True
    ).count()


def training_registration_for_user(*, training: TrainingPage, user) -> TrainingRegistration | None:
    """The user's active registration for the training, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TrainingRegistration.objects.filter(
        training=training_canonical(training=training), user=user, cancelled_at__isnull=True
    ).first()


def training_registration_list_for_user(*, user) -> QuerySet:
    """The user's active registrations, the soonest training first, with the training and its place."""
    return (
        TrainingRegistration.objects.filter(user=user, cancelled_at__isnull=True, training__live=True)
        .select_related("training__region__parent", "producer")
        .order_by("training__starts_at", "pk")
    )


def training_attendance_sheet(*, training: TrainingPage) -> list:
    """The active registrations of a training (its default-language page), by participant name."""
    return list(
        TrainingRegistration.objects.filter(training=training_canonical(training=training), cancelled_at__isnull=True)
        .select_related("user", "producer", "attendance_marked_by")
        .order_by("user__last_name", "user__first_name", "user__email", "pk")
    )


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    zone = local_zone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def training_attendance_summary(*, year: int) -> dict:
    """Per training starting in ``year`` (Việt Nam time; default-language pages, live or not) and in total:
    active registrations and attendances. For the programme dashboard::

        {"year": 2026,
         "trainings": [{"id", "title", "topic", "audience", "starts_at", "capacity", "registered", "attended"}, ...],
         "total": {"trainings": n, "registered": n, "attended": n}}
    """
    first, after = _year_bounds(year)
    active = Q(registrations__cancelled_at__isnull=True)
    rows = (
        TrainingPage.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE, starts_at__gte=first, starts_at__lt=after
        )
        .annotate(
            registered=Count("registrations", filter=active),
            attended=Count("registrations", filter=active & Q(registrations__attended=True)),
        )
        .order_by("starts_at", "pk")
        .values("pk", "title", "topic", "audience", "starts_at", "capacity", "registered", "attended")
    )
    trainings = [
        {
            "id": row["pk"],
            "title": row["title"],
            "topic": row["topic"],
            "audience": row["audience"],
            "starts_at": row["starts_at"],
            "capacity": row["capacity"],
            "registered": row["registered"],
            "attended": row["attended"],
        }
        for row in rows
    ]
    return {
        "year": year,
        "trainings": trainings,
        "total": {
            "trainings": len(trainings),
            "registered": sum(row["registered"] for row in trainings),
            "attended": sum(row["attended"] for row in trainings),
        },
    }


def training_page_context(*, training: TrainingPage, user, now: datetime.datetime | None = None) -> dict:
    """Everything a training page shows beyond its own fields: seats, the visitor's registration and rights."""
    now = now or timezone.now()
    canonical = training_canonical(training=training)
    registered = training_registered_count(training=canonical)
    own = training_registration_for_user(training=canonical, user=user)
    roles = training_user_roles(user=user)
    return {
        "canonical": canonical,
        "materials": list(training.materials.select_related("document")),
        "seats_left": max(canonical.capacity - registered, 0),
        "registration_open": canonical.registration_closes > now and canonical.starts_at > now,
        "own_registration": own,
        "may_register": bool(roles),
        "may_mark_attendance": training_user_may_mark_attendance(training=canonical, user=user),
        "is_past": training.ends_at < now,
    }
