"""Writes of the OCOP cycle: evaluation rounds, the council's scorecards and closing a round.

Rules:
- programme officers open a round (name, year, level, scoring deadline, members and secretary from the Council
  members group) with products from dossiers in status "proposed"; each product is scored on the criteria set in
  force for its product set on the day it joins the round (a dossier without one is refused, named). Its dossier
  moves to "in_evaluation". Officers may add products while the round is open;
- only the round's members score, only while it is open; a card's answers must be allowed answers of the
  criteria of the product's criteria set, within each criterion's maximum; submitting needs every criterion
  answered; saving as a draft withdraws a submitted card until it is submitted again;
- cards are saved until the round's scoring deadline (that day included); after it the secretary still closes;
- only the round's secretary closes it (a programme officer cannot close for them unless they are the
  secretary), and only when every member of the round has submitted a card for every product (the refusal names
  the missing cards). Drafts do not count. Each product's
  result follows ``programme.scoring``: any submitted card knocked out ⇒ not rated. The dossier becomes "scored"
  (≥ 3★) or "not_recognised" (not rated or below 3★). Once closed, nothing of the round changes.
The round row is locked (``select_for_update``) by every write, so a card cannot be saved while the round closes.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from programme import scoring
from programme.models import (
    Criterion,
    CriterionAnswer,
    CycleEvent,
    Dossier,
    EvaluationRound,
    RoundEntry,
    Scorecard,
    ScorecardAnswer,
)
from programme.selectors.criteria import criteria_set_for
from programme.selectors.rounds import council_member_choices
from programme.services.events import cycle_event_record


def _round_lock(evaluation_round) -> EvaluationRound:
    return EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)


def _refuse_if_closed(evaluation_round) -> None:
    if evaluation_round.is_closed:
        raise ValidationError(_("This round is closed: nothing in it can change any more."), code="round_closed")


def _entries_create(*, evaluation_round, dossiers, actor, on_date) -> list[RoundEntry]:
    """Lock the dossiers, check each is proposed and has a criteria set in force, add them to the round."""
    dossier_ids = sorted({dossier.pk for dossier in dossiers})
    if not dossier_ids:
        raise ValidationError({"dossiers": _("Choose at least one product.")}, code="no_dossiers")
    locked = list(
        Dossier.objects.select_for_update(of=("self",))
        .select_related("idea__producer", "idea__product_set")
        .filter(pk__in=dossier_ids)
        .order_by("pk")
    )
    errors = []
    if len(locked) != len(dossier_ids):
        errors.append(_("A chosen dossier no longer exists."))
    plans = []
    for dossier in locked:
        if dossier.status != Dossier.Status.PROPOSED:
            errors.append(
                _("“%(product)s” is not proposed for evaluation (its dossier is “%(status)s”).")
                % {"product": dossier.idea.name, "status": dossier.get_status_display()}
            )
            continue
        criteria_set = criteria_set_for(product_set=dossier.idea.product_set, on_date=on_date)
        if criteria_set is None:
            errors.append(
                _("“%(product)s”: no criteria set is in force for its product set “%(product_set)s”.")
                % {"product": dossier.idea.name, "product_set": dossier.idea.product_set.name}
            )
            continue
        plans.append((dossier, criteria_set))
    if errors:
        raise ValidationError({"dossiers": errors}, code="dossiers_refused")
    entries = []
    for dossier, criteria_set in plans:
        entries.append(
            RoundEntry.objects.create(evaluation_round=evaluation_round, dossier=dossier, criteria_set=criteria_set)
        )
        dossier.status = Dossier.Status.IN_EVALUATION
        dossier.save(update_fields=["status"])
        cycle_event_record(
            kind=CycleEvent.Kind.DOSSIER_IN_EVALUATION,
            producer=dossier.idea.producer,
            dossier=dossier,
            comment=evaluation_round.name,
            actor=actor,
        )
    return entries


@transaction.atomic
def round_open(
    *, name: str, year: int, level: str, scoring_deadline, members, secretary, dossiers, actor
) -> EvaluationRound:
    """Open a round with its council and its first products (ValidationError, nothing written, on bad input)."""
    errors = {}
    council = council_member_choices()
    member_ids = {member.pk for member in members}
    if not member_ids:
        errors["members"] = _("Choose at least one council member.")
    elif council.filter(pk__in=member_ids).count() != len(member_ids):
        errors["members"] = _("Every member must be in the Council members group.")
    if secretary is None or not council.filter(pk=secretary.pk).exists():
        errors["secretary"] = _("The secretary must be in the Council members group.")
    if level not in EvaluationRound.Level.values:
        errors["level"] = _("Choose a level.")
    if errors:
        raise ValidationError(errors)
    evaluation_round = EvaluationRound.objects.create(
        name=name.strip(),
        year=year,
        level=level,
        scoring_deadline=scoring_deadline,
        secretary=secretary,
        opened_by=actor,
    )
    evaluation_round.members.set(sorted(member_ids))
    _entries_create(evaluation_round=evaluation_round, dossiers=dossiers, actor=actor, on_date=timezone.localdate())
    return evaluation_round


@transaction.atomic
def round_entry_add(*, evaluation_round, dossiers, actor) -> list[RoundEntry]:
    """Add proposed products to an open round."""
    evaluation_round = _round_lock(evaluation_round)
    _refuse_if_closed(evaluation_round)
    return _entries_create(
        evaluation_round=evaluation_round, dossiers=dossiers, actor=actor, on_date=timezone.localdate()
    )


def _criteria_of(criteria_set) -> dict:
    """The set's criteria by id, each with its allowed answers by id."""
    answers = CriterionAnswer.objects.filter(criterion__group__part__criteria_set=criteria_set).select_related(
        "criterion"
    )
    criteria = {}
    for answer in answers:
        criteria.setdefault(answer.criterion_id, (answer.criterion, {}))[1][answer.pk] = answer
    # Criteria without any allowed answer still count as questions to answer.
    for criterion in Criterion.objects.filter(group__part__criteria_set=criteria_set):
        criteria.setdefault(criterion.pk, (criterion, {}))
    return criteria


@transaction.atomic
def scorecard_save(*, entry, member, answers: dict, submit: bool) -> Scorecard:
    """Save the member's card for one product of an open round.

    ``answers`` maps a criterion id to ``(answer id or None, note)``. ``submit`` needs every criterion answered;
    without it the card is a draft (a submitted card saved as a draft is withdrawn). ValidationError, nothing
    written, when the round is closed, the user is not a member, or an answer does not belong to its criterion
    or exceeds the criterion's maximum.
    """
    evaluation_round = _round_lock(entry.evaluation_round)
    _refuse_if_closed(evaluation_round)
    if entry.evaluation_round_id != evaluation_round.pk or not evaluation_round.members.filter(pk=member.pk).exists():
        raise ValidationError(_("Only the round's council members score its products."), code="not_member")
    if evaluation_round.scoring_deadline and timezone.localdate() > evaluation_round.scoring_deadline:
        raise ValidationError(
            _("The scoring deadline (%(deadline)s) has passed: scorecards can no longer be saved.")
            % {"deadline": evaluation_round.scoring_deadline.strftime("%d/%m/%Y")},
            code="deadline_passed",
        )
    criteria = _criteria_of(entry.criteria_set)
    errors = []
    chosen = {}  # criterion id -> (CriterionAnswer | None, note)
    for raw_criterion_id, (raw_answer_id, note) in answers.items():
        try:
            criterion_id = int(raw_criterion_id)
        except (TypeError, ValueError):
            errors.append(_("An answer names an unknown criterion."))
            continue
        if criterion_id not in criteria:
            errors.append(_("An answer names a criterion that is not on this product's scorecard."))
            continue
        criterion, allowed = criteria[criterion_id]
        note = (note or "").strip()
        if raw_answer_id in (None, ""):
            chosen[criterion_id] = (None, note)
            continue
        try:
            answer = allowed.get(int(raw_answer_id))
        except (TypeError, ValueError):
            answer = None
        if answer is None:
            errors.append(
                _("%(code)s: the chosen answer is not one of this criterion's allowed answers.")
                % {"code": criterion.code}
            )
            continue
        if answer.points > criterion.max_points:
            errors.append(
                _("%(code)s: the answer gives %(points)s points, above the criterion's maximum of %(max)s.")
                % {"code": criterion.code, "points": answer.points, "max": criterion.max_points}
            )
            continue
        chosen[criterion_id] = (answer, note)
    if errors:
        raise ValidationError(errors, code="bad_answers")

    card, _created = Scorecard.objects.get_or_create(entry=entry, member=member)
    existing = {row.criterion_id: row for row in card.answers.all()}
    for criterion_id, (answer, note) in chosen.items():
        row = existing.get(criterion_id)
        if answer is None:
            if row is not None:
                row.delete()
                existing.pop(criterion_id)
            continue
        if row is None:
            existing[criterion_id] = ScorecardAnswer.objects.create(
                scorecard=card, criterion_id=criterion_id, answer=answer, points=answer.points, note=note
            )
        elif (row.answer_id, row.points, row.note) != (answer.pk, answer.points, note):
            row.answer, row.points, row.note = answer, answer.points, note
            row.save(update_fields=["answer", "points", "note"])
    if submit:
        missing = [criteria[cid][0] for cid in criteria if cid not in existing]
        if missing:
            codes = ", ".join(sorted((criterion.code for criterion in missing), key=str))
            raise ValidationError(
                _("Answer every criterion before submitting the card (missing: %(codes)s).") % {"codes": codes},
                code="incomplete",
            )
    rows = list(card.answers.select_related("answer"))
    total = scoring.card_total(row.points for row in rows)
    knocked_out = scoring.card_knocked_out(
        row.answer.fails and criteria[row.criterion_id][0].is_knockout for row in rows
    )
    submitted_at = (card.submitted_at or timezone.now()) if submit else None
    if (card.total, card.knocked_out, card.submitted_at) != (total, knocked_out, submitted_at):
        card.total, card.knocked_out, card.submitted_at = total, knocked_out, submitted_at
        card.save(update_fields=["total", "knocked_out", "submitted_at", "updated_at"])
    return card


def _result_comment(result: scoring.EntryResult) -> str:
    # Stored on the producer's timeline (and e-mailed): in the site's language, Vietnamese first.
    with translation.override(settings.LANGUAGE_CODE):
        if result.not_rated:
            return _(
                "The council's mean is %(mean)s, but a knock-out criterion was not met: the product is not rated."
            ) % {"mean": result.mean_exact}
        if result.proposed_central:
            return _("Score %(score)s/100 (mean %(mean)s), %(stars)s★: proposed for 5★ at the central level.") % {
                "score": result.score,
                "mean": result.mean_exact,
                "stars": result.stars,
            }
        if result.certifiable:
            return _("Score %(score)s/100 (mean %(mean)s), %(stars)s★.") % {
                "score": result.score,
                "mean": result.mean_exact,
                "stars": result.stars,
            }
        return _("Score %(score)s/100 (mean %(mean)s), %(stars)s★: below 3★, the product is not certified.") % {
            "score": result.score,
            "mean": result.mean_exact,
            "stars": result.stars,
        }


@transaction.atomic
def round_close(*, evaluation_round, actor) -> EvaluationRound:
    """Close the round (its secretary only): compute each product's result and move its dossier on."""
    evaluation_round = _round_lock(evaluation_round)
    _refuse_if_closed(evaluation_round)
    if actor is None or evaluation_round.secretary_id != actor.pk:
        raise ValidationError(_("Only the round's secretary closes it."), code="not_secretary")
    entries = list(evaluation_round.entries.select_related("dossier__idea__producer").order_by("pk"))
    if not entries:
        raise ValidationError(_("The round has no products to close."), code="empty")
    members = list(evaluation_round.members.order_by("last_name", "first_name", "username", "pk"))
    cards: dict[int, list[scoring.CardValue]] = {}
    submitted: set[tuple[int, int]] = set()
    for entry_id, member_id, total, knocked_out in Scorecard.objects.filter(
        entry__evaluation_round=evaluation_round, submitted_at__isnull=False
    ).values_list("entry_id", "member_id", "total", "knocked_out"):
        submitted.add((entry_id, member_id))
        cards.setdefault(entry_id, []).append(scoring.CardValue(total=total, knocked_out=knocked_out))
    # Every member scores every product: one card cannot decide a product's stars for the whole council.
    # Once the scoring deadline has passed, a member who never scored cannot hold the round open for ever: the
    # secretary closes with the cards submitted, as long as every product has at least one.
    deadline_passed = timezone.localdate() > evaluation_round.scoring_deadline
    missing = [
        _("%(member)s for “%(product)s”")
        % {"member": member.get_full_name() or member.username, "product": entry.dossier.idea.name}
        for entry in entries
        for member in members
        if (entry.pk, member.pk) not in submitted
    ]
    if deadline_passed:
        unscored = [entry.dossier.idea.name for entry in entries if entry.pk not in cards]
        if unscored:
            raise ValidationError(
                _("The deadline has passed but no member submitted a scorecard for: %(products)s.")
                % {"products": "; ".join(f"“{name}”" for name in unscored)},
                code="unscored",
            )
    elif missing:
        raise ValidationError(
            _("Every council member must submit a scorecard for every product before closing. Missing: %(cards)s.")
            % {"cards": "; ".join(missing)},
            code="unscored",
        )
    dossier_ids = sorted(entry.dossier_id for entry in entries)
    locked = {
        d.pk: d for d in Dossier.objects.select_for_update(of=("self",)).filter(pk__in=dossier_ids).order_by("pk")
    }
    for entry in entries:
        result = scoring.entry_result(cards[entry.pk], mode=settings.OCOP_SCORE_ROUNDING)
        entry.mean_exact = result.mean_exact
        entry.score = result.score
        entry.stars = result.stars
        entry.not_rated = result.not_rated
        entry.proposed_central = result.proposed_central
        entry.save(update_fields=["mean_exact", "score", "stars", "not_rated", "proposed_central"])
        dossier = locked[entry.dossier_id]
        scored = result.certifiable
        dossier.status = Dossier.Status.SCORED if scored else Dossier.Status.NOT_RECOGNISED
        dossier.save(update_fields=["status"])
        cycle_event_record(
            kind=CycleEvent.Kind.DOSSIER_SCORED if scored else CycleEvent.Kind.DOSSIER_NOT_RATED,
            producer=entry.dossier.idea.producer,
            dossier=dossier,
            comment=_result_comment(result),
            actor=actor,
        )
    evaluation_round.status = EvaluationRound.Status.CLOSED
    evaluation_round.closed_at = timezone.now()
    evaluation_round.closed_by = actor
    evaluation_round.save(update_fields=["status", "closed_at", "closed_by"])
    return evaluation_round
