"""Writes for the OCOP catalogue."""

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalogue.certification import (
    CERTIFIED_MIN_STARS,
    EXPIRING_WITHIN_DAYS,
    REMINDER_DAYS,
    VALIDITY_MONTHS,
    stars_for_score,
)
from catalogue.groups import OCOP_GROUPS
from catalogue.selectors import producer_of

logger = logging.getLogger(__name__)

Category = get_model("catalogue", "Category")
Certification = get_model("catalogue", "Certification")
CertificationReminder = get_model("catalogue", "CertificationReminder")


@transaction.atomic
def category_ensure_ocop_groups() -> dict[str, "Category"]:
    """Create the six OCOP groups and their product sets if missing; returns categories by key.

    Categories are found by slug, so running it again changes nothing.
    """
    by_key = {}
    for key, name, name_en, sets in OCOP_GROUPS:
        group = Category.get_root_nodes().filter(slug=key).first() or Category.add_root(
            name=name, name_en=name_en, slug=key
        )
        by_key[key] = group
        for set_key, set_name, set_name_en in sets:
            child = group.get_children().filter(slug=set_key).first()
            if child is None:
                child = group.add_child(name=set_name, name_en=set_name_en, slug=set_key)
                group.refresh_from_db()  # treebeard updates the parent's child count in the database
            by_key[set_key] = child
    return by_key


def certification_validate(*, score, decision_date, stars=None, today=None) -> int:
    """Check an evaluation before it is recorded; returns the stars its score gives.

    Raises ValidationError keyed by field, so forms show each message beside its field.
    """
    today = today or timezone.localdate()
    errors = {}
    expected = None
    if score is None or not 0 <= score <= 100:
        errors["score"] = _("An OCOP score is between 0 and 100 points.")
    else:
        expected = stars_for_score(score)
        if stars is not None and stars != expected:
            errors["stars"] = _("%(stars)s stars contradict a score of %(score)s, which gives %(expected)s stars.") % {
                "stars": stars,
                "score": score,
                "expected": expected,
            }
    if decision_date is not None and decision_date > today:
        errors["decision_date"] = _("A decision cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    return expected


def _status_for(*, stars: int, valid_until: datetime.date, today: datetime.date) -> str:
    if stars < CERTIFIED_MIN_STARS:
        return Certification.Status.NOT_CERTIFIED
    if valid_until < today:
        return Certification.Status.EXPIRED
    if (valid_until - today).days <= EXPIRING_WITHIN_DAYS:
        return Certification.Status.EXPIRING
    return Certification.Status.CERTIFIED


@transaction.atomic
def certification_record(
    *,
    product,
    score: int,
    decision_number: str,
    decision_date: datetime.date,
    stars: int | None = None,
    issuing_level: str | None = None,
    decision_signer: str = "",
    evaluation_year: int | None = None,
    today: datetime.date | None = None,
) -> "Certification":
    """Record an evaluation. Stars come from the score bands; validity is 36 months.

    A new certificate in force supersedes the previous one, which is kept as history.
    """
    today = today or timezone.localdate()
    stars = certification_validate(score=score, decision_date=decision_date, stars=stars, today=today)
    if issuing_level is None:
        issuing_level = Certification.IssuingLevel.MINISTRY if stars == 5 else Certification.IssuingLevel.PROVINCE
    valid_until = decision_date + relativedelta(months=VALIDITY_MONTHS)
    status = _status_for(stars=stars, valid_until=valid_until, today=today)
    if status in Certification.IN_FORCE_STATUSES:
        Certification.objects.select_for_update().filter(
            product=product, status__in=Certification.IN_FORCE_STATUSES
        ).update(status=Certification.Status.SUPERSEDED)
    certification = Certification.objects.create(
        product=product,
        score=score,
        stars=stars,
        decision_number=decision_number,
        decision_date=decision_date,
        issuing_level=issuing_level,
        decision_signer=decision_signer,
        evaluation_year=evaluation_year,
        valid_until=valid_until,
        status=status,
    )
    _search_reindex_product(product.pk)
    return certification


@transaction.atomic
def certification_revoke(*, certification, reason: str, on: datetime.date | None = None) -> "Certification":
    """Revoke a certificate (a province's decision): the badge goes at once; the reason is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"revocation_reason": _("Give the reason for revoking the certificate.")})
    if certification.status == Certification.Status.REVOKED:
        return certification
    certification.status = Certification.Status.REVOKED
    certification.revoked_on = on or timezone.localdate()
    certification.revocation_reason = reason
    certification.save(update_fields=["status", "revoked_on", "revocation_reason"])
    _search_reindex_product(certification.product_id)
    return certification


def _search_reindex_product(product_id: int) -> None:
    """Stars and the "certified" facet live in the search index too: refresh the product's document."""
    from marketplace.search.services import search_index_enqueue

    search_index_enqueue(kind="product", pk=product_id)


def _search_reindex_products(product_ids: list[int]) -> None:
    from marketplace.search.services import search_index_enqueue_many

    search_index_enqueue_many(kind="product", pks=product_ids)


def _send_reminder(certification, days_before: int) -> bool:
    """E-mail one reminder unless it was sent already; the unique constraint decides, not a read."""
    try:
        with transaction.atomic():
            CertificationReminder.objects.create(certification=certification, days_before=days_before)
    except IntegrityError:
        return False
    producer = producer_of(certification.product)
    recipients = sorted({producer.email, *producer.users.values_list("email", flat=True)} - {""}) if producer else []
    if not recipients:
        logger.warning("Certificate %s expires soon but its producer has no e-mail address", certification.pk)
        return True
    with translation.override(settings.LANGUAGE_CODE):
        context = {"certification": certification, "product": certification.product, "producer": producer}
        subject = _("OCOP certificate for %(product)s expires on %(date)s") % {
            "product": certification.product.get_title(),
            "date": certification.valid_until.strftime("%d/%m/%Y"),
        }
        body = render_to_string("catalogue/emails/certification_reminder.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return True


def certifications_refresh(*, today: datetime.date | None = None) -> dict:
    """The daily job: move certificates through expiring → expired and send reminders.

    Idempotent: running it twice on a day changes nothing the second time and sends no e-mail twice.
    """
    today = today or timezone.localdate()
    in_force = Certification.objects.filter(status__in=Certification.IN_FORCE_STATUSES)
    with transaction.atomic():
        expired = list(in_force.filter(valid_until__lt=today).values_list("pk", "product_id"))
        expired_ids = [pk for pk, _product_id in expired]
        Certification.objects.filter(pk__in=expired_ids).update(status=Certification.Status.EXPIRED)
        expiring_ids = list(
            in_force.filter(
                status=Certification.Status.CERTIFIED,
                valid_until__lte=today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS),
            ).values_list("pk", flat=True)
        )
        Certification.objects.filter(pk__in=expiring_ids).update(status=Certification.Status.EXPIRING)
        if expired_ids and settings.OCOP_EXPIRED_LISTING == "delist":
            Product = get_model("catalogue", "Product")
            Product.objects.filter(certifications__pk__in=expired_ids).exclude(
                certifications__status__in=Certification.IN_FORCE_STATUSES
            ).update(is_public=False)
        # Their stars leave the search documents (or, delisted, the documents go). Expiring ones keep
        # their stars: nothing searchable changes for them.
        _search_reindex_products([product_id for _pk, product_id in expired])
    sent = 0
    due = in_force.filter(valid_until__lte=today + datetime.timedelta(days=max(REMINDER_DAYS))).select_related(
        "product"
    )
    for certification in due.prefetch_related("product__stockrecords__partner", "reminders"):
        days_left = (certification.valid_until - today).days
        # Only the tightest reminder that applies: a certificate recorded late gets one e-mail, not three.
        applicable = [days for days in REMINDER_DAYS if days_left <= days]
        tightest = min(applicable)
        if _send_reminder(certification, tightest):
            sent += 1
        for days in applicable:
            if days != tightest:
                CertificationReminder.objects.get_or_create(certification=certification, days_before=days)
    return {"expired": len(expired_ids), "expiring": len(expiring_ids), "reminders_sent": sent}
