"""Writes of the OCOP cycle: recognition decisions (the one door from the cycle to the shop's certificates) and
revocations. Keyword-only arguments, `<entity>_<action>` names."""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalogue.certification import CERTIFIED_MIN_STARS, stars_for_score
from catalogue.selectors import producer_of
from catalogue.services import certification_revoke
from programme.models import CycleEvent, DecisionItem, Dossier, EvaluationRound, RecognitionDecision, RoundEntry
from programme.services.events import cycle_event_record

Certification = get_model("catalogue", "Certification")


@contextlib.contextmanager
def audit_actor(actor):
    """Name ``actor`` on the audit log entries written inside (tasks and commands have no request).

    auditlog's ``set_actor`` replaces the context its middleware set for the request and does not put it back;
    this restores it, so entries written later in the same request keep their actor.
    """
    if actor is None or not getattr(actor, "is_authenticated", False):
        yield
        return
    from auditlog.context import auditlog_value, set_actor
    from django.db.models.signals import pre_save

    previous = auditlog_value.get(None)
    if previous is not None and getattr(previous.get("actor"), "pk", None) == actor.pk:
        # The request's own context already names this actor (with its address): use it while it is live.
        duid = previous.get("signal_duid")
        if any(key[0] == duid for key, *_rest in pre_save.receivers):
            yield
            return
    try:
        with set_actor(actor):
            yield
    finally:
        if previous is not None:
            auditlog_value.set(previous)


def _decision_product(dossier):
    return dossier.product or dossier.idea.product


def _entry_problems(*, entry, dossier, level: str) -> list[str]:
    """Why this product cannot be recognised by a decision of this level (empty: it can)."""
    name = dossier.idea.name
    if entry.evaluation_round.status != EvaluationRound.Status.CLOSED:
        return [_("%(product)s: its evaluation round is not closed yet.") % {"product": name}]
    if dossier.status == Dossier.Status.RECOGNISED:
        return [_("%(product)s is already recognised; it cannot be recognised again.") % {"product": name}]
    if dossier.status != Dossier.Status.SCORED or entry.not_rated or entry.score is None:
        return [_("%(product)s has no council score to recognise.") % {"product": name}]
    stars = stars_for_score(entry.score)
    problems = []
    if stars < CERTIFIED_MIN_STARS:
        problems.append(
            _("%(product)s scored %(score)s points: below 3 stars, it cannot be recognised.")
            % {"product": name, "score": entry.score}
        )
    if _decision_product(dossier) is None:
        problems.append(
            _("%(product)s has no product in the shop yet: link its listing to the dossier first.") % {"product": name}
        )
    if level == RecognitionDecision.Level.PROVINCE and stars == 5:
        problems.append(
            _(
                "%(product)s scored %(score)s points (5 stars): the province recognises 3 and 4 stars only; "
                "record the ministry's decision at the central level."
            )
            % {"product": name, "score": entry.score}
        )
    if level == RecognitionDecision.Level.CENTRAL and not entry.proposed_central:
        problems.append(
            _("%(product)s was not proposed for 5 stars at the central level; the province recognises it.")
            % {"product": name}
        )
    return problems


def decision_record(
    *,
    number: str,
    date: datetime.date,
    signer: str,
    level: str,
    entries,
    actor,
    note: str = "",
    today: datetime.date | None = None,
) -> tuple[RecognitionDecision, bool]:
    """Record a recognition decision: a certificate in force for each product (superseding the previous one,
    reindexing search), each dossier recognised, each producer told.

    Returns ``(decision, created)``: recording the same decision again (same level, number and products, e.g. a
    double POST) returns the one recorded with ``created=False`` and changes nothing. Raises ValidationError
    (keyed by field where one is to blame) and writes nothing when any product cannot be recognised.
    """
    today = today or timezone.localdate()
    number = (number or "").strip()
    signer = (signer or "").strip()
    entry_ids = sorted({entry.pk for entry in entries})
    errors = {}
    if not number:
        errors["number"] = _("Give the decision's number.")
    if not signer:
        errors["signer"] = _("Give the name of the person who signed the decision.")
    if date is None:
        errors["date"] = _("Give the decision's date.")
    elif date > today:
        errors["date"] = _("A decision cannot be dated in the future.")
    if level not in RecognitionDecision.Level.values:
        errors["level"] = _("Choose the level of the decision.")
    if not entry_ids:
        errors["entries"] = _("Choose at least one product the decision recognises.")
    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic(), audit_actor(actor):
            return _decision_record_locked(
                number=number,
                date=date,
                signer=signer,
                level=level,
                entry_ids=entry_ids,
                actor=actor,
                note=(note or "").strip(),
                today=today,
            )
    except IntegrityError:
        # A concurrent request recorded the same number first: the same decision, or a clash.
        existing = RecognitionDecision.objects.filter(level=level, number=number).first()
        if existing is not None and set(existing.items.values_list("entry_id", flat=True)) == set(entry_ids):
            return existing, False
        raise ValidationError(
            {"number": _("Decision %(number)s was already recorded with other products.") % {"number": number}}
        ) from None


def _decision_record_locked(*, number, date, signer, level, entry_ids, actor, note, today):
    entries = list(
        RoundEntry.objects.filter(pk__in=entry_ids)
        .select_related("evaluation_round", "dossier__idea__producer", "dossier__idea__product", "dossier__product")
        .order_by("pk")
    )
    if len(entries) != len(entry_ids):
        raise ValidationError({"entries": _("One of the chosen products no longer exists; reload the page.")})
    # Lock the dossiers (in pk order) so two officers cannot recognise one product twice at once.
    dossiers = {
        dossier.pk: dossier
        for dossier in Dossier.objects.select_for_update(of=("self",))
        .select_related("idea__producer", "idea__product", "product")
        .filter(pk__in=[entry.dossier_id for entry in entries])
        .order_by("pk")
    }
    existing = RecognitionDecision.objects.filter(level=level, number=number).first()
    if existing is not None:
        if set(existing.items.values_list("entry_id", flat=True)) == set(entry_ids):
            return existing, False
        raise ValidationError(
            {"number": _("Decision %(number)s was already recorded with other products.") % {"number": number}}
        )
    problems = []
    products = set()
    for entry in entries:
        dossier = dossiers[entry.dossier_id]
        problems.extend(_entry_problems(entry=entry, dossier=dossier, level=level))
        product = _decision_product(dossier)
        if product is not None:
            if product.pk in products:
                problems.append(
                    _("%(product)s is chosen twice; a decision recognises each product once.")
                    % {"product": dossier.idea.name}
                )
            products.add(product.pk)
    if problems:
        raise ValidationError({"entries": problems})

    decision = RecognitionDecision.objects.create(
        number=number, date=date, signer=signer, level=level, note=note, recorded_by=actor
    )
    issuing_level = (
        Certification.IssuingLevel.MINISTRY
        if level == RecognitionDecision.Level.CENTRAL
        else Certification.IssuingLevel.PROVINCE
    )
    from catalogue.services import certification_record

    for entry in entries:
        dossier = dossiers[entry.dossier_id]
        product = _decision_product(dossier)
        certification = certification_record(
            product=product,
            score=entry.score,
            decision_number=number,
            decision_date=date,
            issuing_level=issuing_level,
            decision_signer=signer,
            evaluation_year=entry.evaluation_round.year,
            today=today,
        )
        DecisionItem.objects.create(
            decision=decision,
            entry=entry,
            product=product,
            score=entry.score,
            stars=certification.stars,
            certification=certification,
        )
        dossier.status = Dossier.Status.RECOGNISED
        if dossier.product_id is None:
            dossier.product = product
        dossier.save(update_fields=["status", "product"])
        cycle_event_record(
            kind=CycleEvent.Kind.PRODUCT_RECOGNISED,
            producer=dossier.idea.producer,
            dossier=dossier,
            comment=_("Decision %(number)s of %(date)s: %(stars)s stars (%(score)s points).")
            % {
                "number": number,
                "date": date.strftime("%d/%m/%Y"),
                "stars": certification.stars,
                "score": entry.score,
            },
            actor=actor,
        )
    return decision, True


def certificate_revoke(*, certification, reason: str, actor, on: datetime.date | None = None):
    """Revoke a certificate in force (the province's decision): the badge leaves the product page and search at
    once, the producer is told, the reason is kept."""
    reason = (reason or "").strip()
    with transaction.atomic(), audit_actor(actor):
        certification = (
            Certification.objects.select_for_update(of=("self",)).select_related("product").get(pk=certification.pk)
        )
        if certification.status == Certification.Status.REVOKED:
            raise ValidationError(_("This certificate was already revoked."))
        if certification.status not in Certification.IN_FORCE_STATUSES:
            raise ValidationError(_("Only a certificate in force can be revoked."))
        certification_revoke(certification=certification, reason=reason, on=on)
        item = (
            DecisionItem.objects.select_related("entry__dossier__idea__producer")
            .filter(certification=certification)
            .first()
        )
        dossier = item.entry.dossier if item else None
        producer = dossier.idea.producer if dossier else producer_of(certification.product)
        if producer is not None:
            cycle_event_record(
                kind=CycleEvent.Kind.CERTIFICATE_REVOKED,
                producer=producer,
                dossier=dossier,
                comment=reason,
                actor=actor,
            )
    return certification
