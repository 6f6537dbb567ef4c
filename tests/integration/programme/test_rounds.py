"""Evaluation rounds and the council's scorecards: opening a round, scoring (with every refused case), closing
with both rounding rules and the star bands' edges, knock-out, and who sees which card when."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

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
from programme.services.rounds import round_close, round_entry_add, round_open, scorecard_save
from tests.factories import (
    CommuneOfficerFactory,
    CouncilMemberFactory,
    DossierFactory,
    EvaluationRoundFactory,
    OfficerFactory,
    ProducerFactory,
    ProducerUserFactory,
    UserFactory,
    WardFactory,
    _product_set,
    criteria_set_build,
)

pytestmark = pytest.mark.django_db

PRODUCTS = ("Mì gạo Hùng Lô", "Chè búp tím Thanh Ba", "Trà đinh Hoài Trung")
MEMBERS = (("Nguyễn Văn", "An"), ("Trần Thị", "Bình"), ("Lê Hoàng", "Cường"))


# Helpers (also used by test_rounds_minutes.py and test_rounds_views.py) --------------------------------------------


def criteria_set_with_every_point(**kwargs):
    """The small A40/B25/C35 set, with an answer for every whole number of points (so any total can be built);
    the knock-out criterion C3's 0-point answer fails it."""
    criteria_set = criteria_set_build(**kwargs)
    for criterion in Criterion.objects.filter(group__part__criteria_set=criteria_set):
        have = set(criterion.answers.values_list("points", flat=True))
        for points in range(criterion.max_points + 1):
            if points not in have:
                CriterionAnswer.objects.create(
                    criterion=criterion, text=f"{points} điểm", points=points, position=points
                )
    return criteria_set


def answers_for_total(entry, total: int, *, knocked_out: bool = False, note: str = "") -> dict:
    """criterion id → (answer id, note) giving ``total`` points; the knock-out criterion fails when asked."""
    criteria = list(
        Criterion.objects.filter(group__part__criteria_set=entry.criteria_set).order_by("-is_knockout", "pk")
    )
    remaining = total
    chosen = {}
    for criterion in criteria:
        if criterion.is_knockout and knocked_out:
            answer = criterion.answers.get(fails=True)
        else:
            points = min(criterion.max_points, remaining)
            if criterion.is_knockout:
                points = max(points, 1)
            answer = criterion.answers.get(points=points, fails=False)
        remaining -= answer.points
        chosen[criterion.pk] = (answer.pk, note)
    assert remaining == 0, f"cannot build a card of {total}"
    return chosen


def card_submit(entry, member, total, *, knocked_out=False):
    return scorecard_save(
        entry=entry, member=member, answers=answers_for_total(entry, total, knocked_out=knocked_out), submit=True
    )


def named_member(first, last, **kwargs):
    return CouncilMemberFactory(first_name=first, last_name=last, **kwargs)


@pytest.fixture(autouse=True)
def _english_messages():
    """The assertions read the services' English messages (the site itself starts in Vietnamese)."""
    translation.activate("en")
    yield


@pytest.fixture
def council(db):
    members = [named_member(first, last) for first, last in MEMBERS]
    secretary = named_member("Phạm Thu", "Hà")
    return {"members": members, "secretary": secretary, "officer": OfficerFactory()}


@pytest.fixture
def criteria_set(db):
    return criteria_set_with_every_point()


@pytest.fixture
def dossiers(db):
    ward = WardFactory()
    producer = ProducerFactory(name="HTX Nông sản Hùng Lô", region=ward)
    return [DossierFactory(idea__producer=producer, idea__name=name) for name in PRODUCTS]


@pytest.fixture
def open_round(council, criteria_set, dossiers):
    return round_open(
        name="Đợt đánh giá sản phẩm OCOP tỉnh Phú Thọ 2026",
        year=2026,
        level=EvaluationRound.Level.PROVINCE,
        # Relative to today: the deadline is enforced, and these tests score before it.
        scoring_deadline=timezone.localdate() + datetime.timedelta(days=30),
        members=council["members"],
        secretary=council["secretary"],
        dossiers=dossiers,
        actor=council["officer"],
    )


def round_1_open(council, dossiers, **overrides):
    """``round_open`` of "Đợt 1" (2026, province) by the council's officer, with the council (or ``overrides``)."""
    kwargs = {
        "name": "Đợt 1",
        "year": 2026,
        "level": "province",
        "scoring_deadline": datetime.date(2026, 12, 31),
        "members": council["members"],
        "secretary": council["secretary"],
        "dossiers": dossiers,
        "actor": council["officer"],
    }
    kwargs.update(overrides)
    return round_open(**kwargs)


def entries_of(evaluation_round):
    return list(evaluation_round.entries.order_by("pk"))


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# Opening a round --------------------------------------------------------------------------------------------------


def test_opening_a_round_assigns_each_product_its_criteria_set_and_moves_the_dossiers(
    open_round, council, criteria_set, dossiers
):
    entries = entries_of(open_round)
    assert [entry.dossier for entry in entries] == dossiers
    assert {entry.criteria_set for entry in entries} == {criteria_set}
    assert set(open_round.members.all()) == set(council["members"])
    assert open_round.secretary == council["secretary"]
    assert open_round.opened_by == council["officer"]
    assert open_round.status == EvaluationRound.Status.OPEN
    for dossier in dossiers:
        dossier.refresh_from_db()
        assert dossier.status == Dossier.Status.IN_EVALUATION
    events = CycleEvent.objects.filter(kind=CycleEvent.Kind.DOSSIER_IN_EVALUATION)
    assert sorted(events.values_list("dossier_id", flat=True)) == sorted(d.pk for d in dossiers)
    assert all(event.actor == council["officer"] for event in events)


def test_a_dossier_without_a_criteria_set_in_force_is_refused_by_name_and_nothing_is_written(council, criteria_set):
    handicraft = DossierFactory(idea__name="Nón lá Phú Thọ", idea__product_set=_product_set("household-decor"))
    honey = DossierFactory(idea__name="Mật ong rừng")
    with pytest.raises(ValidationError) as refused:
        round_1_open(council, [honey, handicraft])
    assert "Nón lá Phú Thọ" in messages_of(refused.value)
    assert "Mật ong rừng" not in messages_of(refused.value)
    assert not EvaluationRound.objects.exists()
    assert not RoundEntry.objects.exists()
    honey.refresh_from_db()
    assert honey.status == Dossier.Status.PROPOSED


@pytest.mark.parametrize(
    "valid_from, valid_until",
    [(datetime.date(2099, 1, 1), None), (datetime.date(2020, 1, 1), datetime.date(2021, 12, 31))],
)
def test_a_criteria_set_not_in_force_today_does_not_count(council, valid_from, valid_until):
    crafts = _product_set("household-decor")
    stale = criteria_set_build(product_sets=[crafts], valid_from=valid_from)
    stale.valid_until = valid_until
    stale.save()
    dossier = DossierFactory(idea__product_set=crafts)
    with pytest.raises(ValidationError):
        round_1_open(council, [dossier])


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "in_evaluation", "scored"])
def test_only_proposed_dossiers_join_a_round(council, criteria_set, status):
    dossier = DossierFactory(status=status)
    with pytest.raises(ValidationError) as refused:
        round_1_open(council, [dossier])
    assert dossier.idea.name in messages_of(refused.value)
    assert not EvaluationRound.objects.exists()


def test_members_and_secretary_must_be_council_members(council, criteria_set, dossiers):
    outsider = UserFactory()
    with pytest.raises(ValidationError) as refused:
        round_1_open(council, dossiers, members=[*council["members"], outsider], secretary=outsider)
    assert set(refused.value.error_dict) == {"members", "secretary"}
    assert not EvaluationRound.objects.exists()


def test_officers_add_products_to_an_open_round_only(open_round, council, criteria_set):
    late = DossierFactory(idea__name="Nước mắm cốt")
    [entry] = round_entry_add(evaluation_round=open_round, dossiers=[late], actor=council["officer"])
    assert entry.evaluation_round == open_round and entry.criteria_set == criteria_set
    late.refresh_from_db()
    assert late.status == Dossier.Status.IN_EVALUATION
    # The same dossier cannot join twice (it is no longer proposed).
    with pytest.raises(ValidationError):
        round_entry_add(evaluation_round=open_round, dossiers=[late], actor=council["officer"])


# Scoring ----------------------------------------------------------------------------------------------------------


def test_a_member_saves_a_draft_then_submits_a_complete_card(open_round, council):
    entry = entries_of(open_round)[0]
    member = council["members"][0]
    answers = answers_for_total(entry, 73, note="Bao bì đẹp")
    first_two = dict(list(answers.items())[:2])
    draft = scorecard_save(entry=entry, member=member, answers=first_two, submit=False)
    assert draft.submitted_at is None
    assert draft.answers.count() == 2
    card = scorecard_save(entry=entry, member=member, answers=answers, submit=True)
    assert card.pk == draft.pk
    assert card.submitted_at is not None
    assert card.total == 73
    assert card.knocked_out is False
    assert set(card.answers.values_list("note", flat=True)) == {"Bao bì đẹp"}
    # Saving as a draft withdraws it until submitted again.
    card = scorecard_save(entry=entry, member=member, answers=answers, submit=False)
    assert card.submitted_at is None


def test_submitting_needs_every_criterion_answered_and_writes_nothing_otherwise(open_round, council):
    entry = entries_of(open_round)[0]
    answers = answers_for_total(entry, 60)
    missing_id, _ = list(answers.items())[-1]
    answers[missing_id] = (None, "")
    with pytest.raises(ValidationError) as refused:
        scorecard_save(entry=entry, member=council["members"][0], answers=answers, submit=True)
    assert Criterion.objects.get(pk=missing_id).code in messages_of(refused.value)
    assert not Scorecard.objects.exists()
    assert not ScorecardAnswer.objects.exists()


def test_a_failing_knock_out_answer_marks_the_card(open_round, council):
    entry = entries_of(open_round)[0]
    card = card_submit(entry, council["members"][0], 90, knocked_out=True)
    assert card.knocked_out is True
    assert card.total == 90


def test_an_answer_of_another_criterion_is_refused_with_a_message(open_round, council):
    entry = entries_of(open_round)[0]
    answers = answers_for_total(entry, 50)
    criterion_ids = list(answers)
    other_answer = CriterionAnswer.objects.filter(criterion_id=criterion_ids[1]).first()
    answers[criterion_ids[0]] = (other_answer.pk, "")
    with pytest.raises(ValidationError) as refused:
        scorecard_save(entry=entry, member=council["members"][0], answers=answers, submit=True)
    code = Criterion.objects.get(pk=criterion_ids[0]).code
    assert f"{code}: the chosen answer is not one of this criterion's allowed answers" in messages_of(refused.value)
    assert not Scorecard.objects.exists()


def test_an_answer_from_another_criteria_set_or_an_unknown_criterion_is_refused(open_round, council):
    entry = entries_of(open_round)[0]
    foreign_set = criteria_set_build(name="Bộ khác")
    foreign_criterion = Criterion.objects.filter(group__part__criteria_set=foreign_set).first()
    with pytest.raises(ValidationError) as refused:
        scorecard_save(
            entry=entry,
            member=council["members"][0],
            answers={foreign_criterion.pk: (foreign_criterion.answers.first().pk, "")},
            submit=False,
        )
    assert "not on this product's scorecard" in messages_of(refused.value)
    assert not Scorecard.objects.exists()


def test_an_answer_above_the_criterions_maximum_is_refused_with_a_message(open_round, council):
    entry = entries_of(open_round)[0]
    answers = answers_for_total(entry, 50)
    criterion = Criterion.objects.get(pk=list(answers)[0])
    # Bad data slipped past the import: an answer worth more than its criterion allows.
    too_many = CriterionAnswer.objects.create(criterion=criterion, text="Quá điểm", points=criterion.max_points + 5)
    answers[criterion.pk] = (too_many.pk, "")
    with pytest.raises(ValidationError) as refused:
        scorecard_save(entry=entry, member=council["members"][0], answers=answers, submit=True)
    assert f"above the criterion's maximum of {criterion.max_points}" in messages_of(refused.value)
    assert not Scorecard.objects.exists()


def test_a_non_member_cannot_score(open_round, council):
    entry = entries_of(open_round)[0]
    for outsider in (council["secretary"], council["officer"], CouncilMemberFactory()):
        with pytest.raises(ValidationError) as refused:
            card_submit(entry, outsider, 70)
        assert "Only the round's council members" in messages_of(refused.value)
    assert not Scorecard.objects.exists()


def test_score_changes_before_closing_are_audited(open_round, council):
    entry = entries_of(open_round)[0]
    member = council["members"][0]
    card = card_submit(entry, member, 70)
    changed = card_submit(entry, member, 75)
    assert changed.total == 75
    card_type = ContentType.objects.get_for_model(Scorecard)
    answer_type = ContentType.objects.get_for_model(ScorecardAnswer)
    card_changes = LogEntry.objects.filter(content_type=card_type, object_pk=str(card.pk))
    assert card_changes.filter(action=LogEntry.Action.UPDATE).exists()
    assert any("total" in (log.changes_dict or {}) for log in card_changes)
    assert LogEntry.objects.filter(content_type=answer_type, action=LogEntry.Action.UPDATE).exists()


# Closing ----------------------------------------------------------------------------------------------------------


def score_all(evaluation_round, members, totals_per_entry, knocked_out=None):
    knocked_out = knocked_out or {}
    for entry, totals in zip(entries_of(evaluation_round), totals_per_entry, strict=True):
        for index, (member, total) in enumerate(zip(members, totals, strict=True)):
            card_submit(entry, member, total, knocked_out=(entry.pk, index) in knocked_out)


@pytest.mark.parametrize("rounding, score, stars", [("half_up", 70, 4), ("down", 69, 3)])
def test_closing_takes_the_mean_of_three_cards_under_the_rounding_setting(
    settings, open_round, council, rounding, score, stars
):
    settings.OCOP_SCORE_ROUNDING = rounding
    score_all(open_round, council["members"], [(69, 70, 70), (80, 80, 80), (60, 60, 60)])
    round_close(evaluation_round=open_round, actor=council["secretary"])
    entry = entries_of(open_round)[0]
    assert str(entry.mean_exact) == "69.667"
    assert (entry.score, entry.stars, entry.not_rated, entry.proposed_central) == (score, stars, False, False)
    entry.dossier.refresh_from_db()
    assert entry.dossier.status == Dossier.Status.SCORED
    event = CycleEvent.objects.get(dossier=entry.dossier, kind=CycleEvent.Kind.DOSSIER_SCORED)
    assert f"{score}/100" in event.comment and f"{stars}★" in event.comment
    assert event.actor == council["secretary"]
    open_round.refresh_from_db()
    assert open_round.status == EvaluationRound.Status.CLOSED
    assert open_round.closed_by == council["secretary"]
    assert open_round.closed_at is not None


@pytest.mark.parametrize(
    "total, stars, status, central",
    [
        (49, 2, Dossier.Status.NOT_RECOGNISED, False),
        (50, 3, Dossier.Status.SCORED, False),
        (69, 3, Dossier.Status.SCORED, False),
        (70, 4, Dossier.Status.SCORED, False),
        (89, 4, Dossier.Status.SCORED, False),
        (90, 5, Dossier.Status.SCORED, True),
    ],
)
def test_band_boundaries_after_closing(open_round, council, total, stars, status, central):
    score_all(open_round, council["members"], [(total,) * 3, (60,) * 3, (60,) * 3])
    round_close(evaluation_round=open_round, actor=council["secretary"])
    entry = entries_of(open_round)[0]
    assert (entry.score, entry.stars, entry.proposed_central, entry.not_rated) == (total, stars, central, False)
    entry.dossier.refresh_from_db()
    assert entry.dossier.status == status
    kind = CycleEvent.Kind.DOSSIER_SCORED if status == Dossier.Status.SCORED else CycleEvent.Kind.DOSSIER_NOT_RATED
    assert CycleEvent.objects.filter(dossier=entry.dossier, kind=kind).count() == 1


def test_a_knocked_out_card_gives_not_rated(open_round, council):
    first = entries_of(open_round)[0]
    score_all(
        open_round,
        council["members"],
        [(95, 94, 96), (60,) * 3, (60,) * 3],
        knocked_out={(first.pk, 1)},
    )
    round_close(evaluation_round=open_round, actor=council["secretary"])
    first.refresh_from_db()
    assert first.not_rated is True
    assert first.stars is None
    assert first.proposed_central is False
    assert first.score == 95  # the mean is kept for the minutes
    first.dossier.refresh_from_db()
    assert first.dossier.status == Dossier.Status.NOT_RECOGNISED
    event = CycleEvent.objects.get(dossier=first.dossier, kind=CycleEvent.Kind.DOSSIER_NOT_RATED)
    assert event.comment


def test_one_members_card_cannot_close_the_round_every_member_scores_every_product(open_round, council):
    """1 of 3 members scoring 100 does not make a 5★ product: closing needs every member's submitted card for every
    product, and the refusal names each missing (member, product)."""
    entries = entries_of(open_round)
    an, binh, cuong = council["members"]
    for entry in entries:
        card_submit(entry, an, 100)
    with pytest.raises(ValidationError) as refused:
        round_close(evaluation_round=open_round, actor=council["secretary"])
    message = messages_of(refused.value)
    assert "Every council member must submit a scorecard for every product" in message
    for product in PRODUCTS:
        assert f"Trần Thị Bình for “{product}”" in message
        assert f"Lê Hoàng Cường for “{product}”" in message
        assert f"Nguyễn Văn An for “{product}”" not in message
    open_round.refresh_from_db()
    assert open_round.status == EvaluationRound.Status.OPEN
    assert {entry.dossier.status for entry in entries_of(open_round)} == {Dossier.Status.IN_EVALUATION}
    assert not CycleEvent.objects.filter(kind=CycleEvent.Kind.DOSSIER_SCORED).exists()
    assert all(entry.score is None for entry in entries_of(open_round))

    # Every card but one: that one (Cường's for the last product) is still named, and only it.
    for entry in entries:
        card_submit(entry, binh, 60)
    for entry in entries[:2]:
        card_submit(entry, cuong, 80)
    with pytest.raises(ValidationError) as refused:
        round_close(evaluation_round=open_round, actor=council["secretary"])
    assert messages_of(refused.value).endswith(f"Missing: Lê Hoàng Cường for “{PRODUCTS[2]}”.")


def test_drafts_do_not_count_towards_closing(open_round, council):
    entries = entries_of(open_round)
    an, binh, cuong = council["members"]
    for entry in entries:
        card_submit(entry, an, 80)
        card_submit(entry, binh, 60)
    # Cường's card for the last product is a draft: it is missing, and it never counts in the mean.
    for entry in entries[:2]:
        card_submit(entry, cuong, 70)
    scorecard_save(entry=entries[2], member=cuong, answers=answers_for_total(entries[2], 10), submit=False)
    with pytest.raises(ValidationError) as refused:
        round_close(evaluation_round=open_round, actor=council["secretary"])
    assert f"Lê Hoàng Cường for “{PRODUCTS[2]}”" in messages_of(refused.value)
    assert PRODUCTS[0] not in messages_of(refused.value)
    # A submitted card withdrawn to a draft is missing again.
    scorecard_save(entry=entries[0], member=cuong, answers=answers_for_total(entries[0], 70), submit=False)
    with pytest.raises(ValidationError) as refused:
        round_close(evaluation_round=open_round, actor=council["secretary"])
    assert f"Lê Hoàng Cường for “{PRODUCTS[0]}”" in messages_of(refused.value)
    card_submit(entries[0], cuong, 70)
    card_submit(entries[2], cuong, 40)
    round_close(evaluation_round=open_round, actor=council["secretary"])
    entries[2].refresh_from_db()
    assert (str(entries[2].mean_exact), entries[2].score, entries[2].stars) == ("60.000", 60, 3)


def test_cards_are_saved_until_the_scoring_deadline_then_refused_and_the_secretary_still_closes(
    open_round, council, monkeypatch
):
    entries = entries_of(open_round)
    an, binh, cuong = council["members"]
    deadline = datetime.date(2026, 12, 15)
    EvaluationRound.objects.filter(pk=open_round.pk).update(scoring_deadline=deadline)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: deadline)  # the last day still counts
    score_all(open_round, council["members"], [(70, 80, 90)] * 3)
    draft = scorecard_save(entry=entries[0], member=an, answers=answers_for_total(entries[0], 71), submit=False)
    assert draft.submitted_at is None

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: deadline + datetime.timedelta(days=1))
    before = list(Scorecard.objects.order_by("pk").values_list("pk", "total", "submitted_at"))
    answers_before = list(ScorecardAnswer.objects.order_by("pk").values_list("pk", "answer_id", "points"))
    for submit in (True, False):
        with pytest.raises(ValidationError) as refused:
            scorecard_save(entry=entries[1], member=binh, answers=answers_for_total(entries[1], 99), submit=submit)
        assert messages_of(refused.value) == (
            "The scoring deadline (15/12/2026) has passed: scorecards can no longer be saved."
        )
    with pytest.raises(ValidationError):
        card_submit(entries[0], an, 70)  # the withdrawn card cannot come back after the deadline
    assert list(Scorecard.objects.order_by("pk").values_list("pk", "total", "submitted_at")) == before
    assert list(ScorecardAnswer.objects.order_by("pk").values_list("pk", "answer_id", "points")) == answers_before
    # An's withdrawn card stays a draft. After the deadline a missing card no longer holds the round open: the
    # secretary closes it with the cards submitted (Bình's and Cường's for the first product).
    round_close(evaluation_round=open_round, actor=council["secretary"])
    first = entries_of(open_round)[0]
    assert (str(first.mean_exact), first.score) == ("85.000", 85)


def test_after_the_deadline_a_product_nobody_scored_still_holds_the_round(open_round, council, monkeypatch):
    entries = entries_of(open_round)
    for entry in entries[1:]:
        for member, total in zip(council["members"], (70, 80, 90), strict=True):
            card_submit(entry, member, total)
    deadline = open_round.scoring_deadline
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: deadline + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        round_close(evaluation_round=open_round, actor=council["secretary"])
    assert messages_of(refused.value) == (
        f"The deadline has passed but no member submitted a scorecard for: “{PRODUCTS[0]}”."
    )
    open_round.refresh_from_db()
    assert open_round.status == EvaluationRound.Status.OPEN


def test_after_the_deadline_the_secretary_closes_a_complete_round(open_round, council, monkeypatch):
    score_all(open_round, council["members"], [(70, 80, 90)] * 3)
    deadline = open_round.scoring_deadline
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: deadline + datetime.timedelta(days=5))
    round_close(evaluation_round=open_round, actor=council["secretary"])
    open_round.refresh_from_db()
    assert open_round.status == EvaluationRound.Status.CLOSED
    assert {entry.score for entry in entries_of(open_round)} == {80}


def test_the_scorecard_form_names_the_passed_deadline(client, open_round, council, monkeypatch):
    entry = entries_of(open_round)[0]
    member = council["members"][0]
    deadline = open_round.scoring_deadline
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: deadline + datetime.timedelta(days=1))
    client.force_login(member)
    response = post_card(client, open_round, entry, answers_for_total(entry, 70))
    body = (
        response.content.decode() if response.status_code == 200 else client.get(response["Location"]).content.decode()
    )
    assert f"The scoring deadline ({deadline:%d/%m/%Y}) has passed" in body
    assert not Scorecard.objects.filter(entry=entry, member=member).exists()


@pytest.mark.parametrize("who", ["member", "officer", "outsider"])
def test_only_the_secretary_closes(open_round, council, who):
    score_all(open_round, council["members"], [(70,) * 3] * 3)
    actor = {"member": council["members"][0], "officer": council["officer"], "outsider": CouncilMemberFactory()}[who]
    with pytest.raises(ValidationError) as refused:
        round_close(evaluation_round=open_round, actor=actor)
    assert "Only the round's secretary closes it" in messages_of(refused.value)
    open_round.refresh_from_db()
    assert open_round.status == EvaluationRound.Status.OPEN


def test_nothing_changes_after_closing(open_round, council):
    score_all(open_round, council["members"], [(70,) * 3] * 3)
    round_close(evaluation_round=open_round, actor=council["secretary"])
    entry = entries_of(open_round)[0]
    before = list(Scorecard.objects.values_list("pk", "total", "submitted_at"))
    with pytest.raises(ValidationError) as refused:
        card_submit(entry, council["members"][0], 99)
    assert "closed" in messages_of(refused.value)
    with pytest.raises(ValidationError):
        round_close(evaluation_round=open_round, actor=council["secretary"])
    with pytest.raises(ValidationError):
        round_entry_add(evaluation_round=open_round, dossiers=[DossierFactory()], actor=council["officer"])
    assert list(Scorecard.objects.values_list("pk", "total", "submitted_at")) == before
    assert CycleEvent.objects.filter(kind=CycleEvent.Kind.DOSSIER_SCORED).count() == 3


# Screens ----------------------------------------------------------------------------------------------------------


def url(name, **kwargs):
    """The English screen (the assertions read English messages)."""
    with translation.override("en"):
        return reverse(f"ocop:{name}", kwargs=kwargs)


def post_card(client, evaluation_round, entry, answers, action="submit"):
    data = {"action": action}
    for criterion_id, (answer_id, note) in answers.items():
        data[f"criterion_{criterion_id}"] = "" if answer_id is None else str(answer_id)
        data[f"note_{criterion_id}"] = note
    return client.post(url("scorecard-edit", pk=evaluation_round.pk, entry_pk=entry.pk), data)


def test_an_officer_opens_a_round_through_the_form(client, council, criteria_set, dossiers):
    client.force_login(council["officer"])
    page = client.get(url("round-create"))
    assert page.status_code == 200
    assert PRODUCTS[0] in page.content.decode()
    response = client.post(
        url("round-create"),
        {
            "name": "Đợt 1 năm 2026",
            "year": "2026",
            "level": "province",
            "scoring_deadline": "2099-12-31",
            "members": [m.pk for m in council["members"]],
            "secretary": council["secretary"].pk,
            "dossiers": [d.pk for d in dossiers[:2]],
        },
    )
    evaluation_round = EvaluationRound.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(url("round-detail", pk=evaluation_round.pk))
    assert evaluation_round.entries.count() == 2


def test_the_round_form_re_renders_with_errors_and_writes_nothing(client, council, criteria_set, dossiers):
    client.force_login(council["officer"])
    handicraft = DossierFactory(idea__name="Nón lá Phú Thọ", idea__product_set=_product_set("household-decor"))
    response = client.post(
        url("round-create"),
        {
            "name": "Đợt 1",
            "year": "2026",
            "level": "province",
            "scoring_deadline": "2001-01-01",
            "members": [],
            "secretary": council["secretary"].pk,
            "dossiers": [handicraft.pk],
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The scoring deadline cannot be in the past." in body
    assert "Choose at least one council member." in body
    assert not EvaluationRound.objects.exists()
    # Valid fields, but the dossier has no criteria set: the service's message names it.
    response = client.post(
        url("round-create"),
        {
            "name": "Đợt 1",
            "year": "2026",
            "level": "province",
            "scoring_deadline": "2099-12-31",
            "members": [m.pk for m in council["members"]],
            "secretary": council["secretary"].pk,
            "dossiers": [handicraft.pk, dossiers[0].pk],
        },
    )
    assert response.status_code == 200
    assert "Nón lá Phú Thọ" in response.content.decode()
    assert "no criteria set is in force" in response.content.decode()
    assert not EvaluationRound.objects.exists()
    dossiers[0].refresh_from_db()
    assert dossiers[0].status == Dossier.Status.PROPOSED


def test_the_add_products_screen(client, open_round, council, criteria_set):
    late = DossierFactory(idea__name="Nước mắm cốt Việt Trì")
    client.force_login(council["officer"])
    assert "Nước mắm cốt Việt Trì" in client.get(url("round-entry-add", pk=open_round.pk)).content.decode()
    response = client.post(url("round-entry-add", pk=open_round.pk), {"dossiers": [late.pk]})
    assert response.status_code == 302
    assert open_round.entries.filter(dossier=late).exists()
    response = client.post(url("round-entry-add", pk=open_round.pk), {"dossiers": []})
    assert response.status_code == 200
    assert "Choose at least one product." in response.content.decode()


def test_a_member_scores_through_the_form(client, open_round, council):
    member = council["members"][0]
    entry = entries_of(open_round)[0]
    client.force_login(member)
    page = client.get(url("scorecard-edit", pk=open_round.pk, entry_pk=entry.pk))
    assert page.status_code == 200
    body = page.content.decode()
    for code in ("A1", "A2", "B1", "B2", "C1", "C2", "C3"):
        assert f'data-testid="criterion-{code}"' in body
    response = post_card(client, open_round, entry, answers_for_total(entry, 77, note="Hồ sơ đầy đủ"))
    assert response.status_code == 302
    card = Scorecard.objects.get(entry=entry, member=member)
    assert (card.total, card.submitted_at is not None) == (77, True)
    # The form comes back with the saved answers checked.
    body = client.get(url("scorecard-edit", pk=open_round.pk, entry_pk=entry.pk)).content.decode()
    assert body.count("checked") == 7
    assert "Hồ sơ đầy đủ" in body


def _answer_left_out(answers: dict) -> None:
    answers[list(answers)[-1]] = (None, "")


def _answer_of_another_criterion(answers: dict) -> None:
    ids = list(answers)
    answers[ids[0]] = (CriterionAnswer.objects.filter(criterion_id=ids[1]).first().pk, "")


def _answer_above_the_maximum(answers: dict) -> None:
    criterion = Criterion.objects.get(pk=list(answers)[0])
    too_many = CriterionAnswer.objects.create(criterion=criterion, text="Quá điểm", points=criterion.max_points + 1)
    answers[criterion.pk] = (too_many.pk, "")


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_answer_left_out, "Answer every criterion before submitting the card"),
        (_answer_of_another_criterion, "Select a valid choice"),
        (_answer_above_the_maximum, "above the criterion&#x27;s maximum"),
    ],
    ids=["incomplete", "another-criterions-answer", "above-the-maximum"],
)
def test_a_spoiled_card_re_renders_with_the_message_and_saves_nothing(client, open_round, council, spoil, message):
    entry = entries_of(open_round)[0]
    answers = answers_for_total(entry, 60)
    spoil(answers)
    client.force_login(council["members"][0])
    response = post_card(client, open_round, entry, answers)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Scorecard.objects.exists()


def test_a_card_for_a_product_outside_the_members_rounds_is_refused(client, open_round, council, criteria_set):
    other_round = EvaluationRoundFactory()
    other_entry = other_round.entries.create(dossier=DossierFactory(status="in_evaluation"), criteria_set=criteria_set)
    member = council["members"][0]
    client.force_login(member)
    # The member's round with the other round's product: no such product there.
    assert client.get(url("scorecard-edit", pk=open_round.pk, entry_pk=other_entry.pk)).status_code == 404
    # The other round itself is out of reach.
    assert client.get(url("scorecard-edit", pk=other_round.pk, entry_pk=other_entry.pk)).status_code == 404
    response = post_card(client, other_round, other_entry, answers_for_total(other_entry, 50))
    assert response.status_code == 404
    assert not Scorecard.objects.exists()


def test_the_secretary_who_is_not_a_member_cannot_score(client, open_round, council):
    entry = entries_of(open_round)[0]
    client.force_login(council["secretary"])
    assert client.get(url("scorecard-edit", pk=open_round.pk, entry_pk=entry.pk)).status_code == 403
    assert post_card(client, open_round, entry, answers_for_total(entry, 50)).status_code == 403
    client.force_login(council["officer"])
    assert client.get(url("scorecard-edit", pk=open_round.pk, entry_pk=entry.pk)).status_code == 403
    assert not Scorecard.objects.exists()


def test_after_closing_the_form_is_gone_and_a_post_changes_nothing(client, open_round, council):
    score_all(open_round, council["members"], [(70,) * 3] * 3)
    round_close(evaluation_round=open_round, actor=council["secretary"])
    entry = entries_of(open_round)[0]
    member = council["members"][0]
    client.force_login(member)
    response = client.get(url("scorecard-edit", pk=open_round.pk, entry_pk=entry.pk), follow=True)
    assert "This round is closed" in response.content.decode()
    assert 'data-testid="scorecard-form"' not in response.content.decode()
    response = post_card(client, open_round, entry, answers_for_total(entry, 99))
    assert response.status_code == 302
    assert Scorecard.objects.get(entry=entry, member=member).total == 70
    detail = client.get(url("round-detail", pk=open_round.pk)).content.decode()
    assert url("scorecard-edit", pk=open_round.pk, entry_pk=entry.pk) not in detail


def _section(body: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}".*?</table>', body, re.S)
    return match.group(0) if match else ""


def test_before_closing_nobody_sees_anyone_elses_card(client, open_round, council):
    entry = entries_of(open_round)[0]
    alice, bob, _ = council["members"]
    alice_card = card_submit(entry, alice, 83)
    bob_card = card_submit(entry, bob, 61)
    card_url = url("scorecard-detail", pk=open_round.pk, card_pk=alice_card.pk)
    # Alice reads her own card.
    client.force_login(alice)
    assert client.get(card_url).status_code == 200
    # Bob, the secretary and an officer cannot read it.
    for viewer in (bob, council["secretary"], council["officer"]):
        client.force_login(viewer)
        assert client.get(card_url).status_code == 404
    # Bob's page shows his own card only.
    client.force_login(bob)
    body = client.get(url("round-detail", pk=open_round.pk)).content.decode()
    assert "61 points" in body and "83 points" not in body
    assert url("scorecard-detail", pk=open_round.pk, card_pk=alice_card.pk) not in body
    # The secretary and the officer see who submitted, not the scores.
    for viewer in (council["secretary"], council["officer"]):
        client.force_login(viewer)
        body = client.get(url("round-detail", pk=open_round.pk)).content.decode()
        progress = _section(body, "round-progress")
        assert progress
        assert "83" not in progress and "61" not in progress
        assert "2 / 3" in progress
        assert 'data-testid="round-results"' not in body
        assert f"card_pk={bob_card.pk}" not in body
        assert url("scorecard-detail", pk=open_round.pk, card_pk=bob_card.pk) not in body


def test_after_closing_every_card_is_visible_to_the_round(client, open_round, council):
    score_all(open_round, council["members"], [(69, 70, 70), (83, 84, 85), (60, 60, 60)])
    round_close(evaluation_round=open_round, actor=council["secretary"])
    alice_card = Scorecard.objects.get(member=council["members"][0], entry=entries_of(open_round)[1])
    card_url = url("scorecard-detail", pk=open_round.pk, card_pk=alice_card.pk)
    for viewer in (council["members"][1], council["secretary"], council["officer"]):
        client.force_login(viewer)
        response = client.get(card_url)
        assert response.status_code == 200
        assert "<strong>83</strong>" in response.content.decode()
        results = _section(client.get(url("round-detail", pk=open_round.pk)).content.decode(), "round-results")
        assert "69.67" in results and "84.00" in results
        assert "Nguyễn Văn An" in results
    outsider = CouncilMemberFactory()
    client.force_login(outsider)
    assert client.get(card_url).status_code == 404


def test_close_screen(client, open_round, council):
    close_url = url("round-close", pk=open_round.pk)
    client.force_login(council["secretary"])
    assert client.get(close_url).status_code == 405
    response = client.post(close_url, follow=True)
    assert "Every council member must submit a scorecard for every product" in response.content.decode()
    score_all(open_round, council["members"], [(70,) * 3] * 3)
    client.force_login(council["members"][0])
    response = client.post(close_url, follow=True)
    assert "Only the round&#x27;s secretary closes it" in response.content.decode()
    client.force_login(council["officer"])
    assert client.post(close_url).status_code == 403
    open_round.refresh_from_db()
    assert open_round.status == EvaluationRound.Status.OPEN
    client.force_login(council["secretary"])
    response = client.post(close_url, follow=True)
    assert "The round is closed" in response.content.decode()
    open_round.refresh_from_db()
    assert open_round.status == EvaluationRound.Status.CLOSED


# Who reaches what ---------------------------------------------------------------------------------------------------


ROUND_URLS = (
    ("round-list", False, False),
    ("round-create", False, False),
    ("round-detail", True, False),
    ("round-entry-add", True, False),
    ("round-minutes-pdf", True, False),
    ("round-minutes-xlsx", True, False),
    ("scorecard-edit", True, True),
)


def _round_url(name, evaluation_round, with_round, with_entry):
    kwargs = {}
    if with_round:
        kwargs["pk"] = evaluation_round.pk
    if with_entry:
        kwargs["entry_pk"] = evaluation_round.entries.first().pk
    return url(name, **kwargs)


@pytest.mark.parametrize("name, with_round, with_entry", ROUND_URLS)
def test_anonymous_users_are_sent_to_log_in(client, open_round, name, with_round, with_entry):
    response = client.get(_round_url(name, open_round, with_round, with_entry))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("name, with_round, with_entry", ROUND_URLS)
@pytest.mark.parametrize("role", ["producer", "commune_officer", "shopper"])
def test_producers_commune_officers_and_shoppers_are_refused(client, open_round, name, with_round, with_entry, role):
    ward = WardFactory()
    user = {
        "producer": lambda: ProducerUserFactory(producer=open_round.entries.first().dossier.idea.producer),
        "commune_officer": lambda: CommuneOfficerFactory(communes=[ward]),
        "shopper": UserFactory,
    }[role]()
    client.force_login(user)
    assert client.get(_round_url(name, open_round, with_round, with_entry)).status_code == 403
    assert client.post(url("round-close", pk=open_round.pk)).status_code == 403


def test_a_council_member_outside_the_round_sees_no_round(client, open_round):
    outsider = CouncilMemberFactory()
    client.force_login(outsider)
    listing = client.get(url("round-list"))
    assert listing.status_code == 200
    assert open_round.name not in listing.content.decode()
    for name, with_round, with_entry in ROUND_URLS:
        if with_round and name != "round-entry-add":
            assert client.get(_round_url(name, open_round, with_round, with_entry)).status_code == 404, name
    assert client.post(url("round-close", pk=open_round.pk)).status_code == 404
    # Opening rounds and adding products are the officers' work.
    assert client.get(url("round-create")).status_code == 403
    assert client.get(url("round-entry-add", pk=open_round.pk)).status_code == 403


def test_members_and_the_secretary_list_their_rounds_and_officers_all(client, open_round, council):
    EvaluationRoundFactory(name="Đợt khác của hội đồng khác")
    for viewer, sees_other in (
        (council["members"][0], False),
        (council["secretary"], False),
        (council["officer"], True),
    ):
        client.force_login(viewer)
        body = client.get(url("round-list")).content.decode()
        assert open_round.name in body
        assert ("Đợt khác của hội đồng khác" in body) is sees_other


# Query budgets ----------------------------------------------------------------------------------------------------


def _rounds(count, council, criteria_set):
    for n in range(count):
        evaluation_round = EvaluationRoundFactory(secretary=council["secretary"])
        evaluation_round.members.set(council["members"])
        entry = evaluation_round.entries.create(
            dossier=DossierFactory(status="in_evaluation"), criteria_set=criteria_set
        )
        if n % 2:
            Scorecard.objects.create(entry=entry, member=council["members"][0], total=70)


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize("viewer", ["officer", "member"])
def test_the_round_list_stays_within_a_fixed_query_budget(
    client, council, criteria_set, django_assert_max_num_queries, count, viewer
):
    _rounds(count, council, criteria_set)
    client.force_login(council["officer"] if viewer == "officer" else council["members"][0])
    with django_assert_max_num_queries(12):
        response = client.get(url("round-list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="round-row"') == count


def _round_with_entries(count, council, criteria_set, *, closed=False):
    evaluation_round = EvaluationRoundFactory(secretary=council["secretary"])
    evaluation_round.members.set(council["members"])
    for _ in range(count):
        entry = evaluation_round.entries.create(
            dossier=DossierFactory(status="in_evaluation"), criteria_set=criteria_set
        )
        for member in council["members"]:
            Scorecard.objects.create(
                entry=entry, member=member, total=70, submitted_at=datetime.datetime.now(datetime.UTC)
            )
    if closed:
        round_close(evaluation_round=evaluation_round, actor=council["secretary"])
    return evaluation_round


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize(
    "viewer, closed", [("officer", False), ("member", False), ("secretary", False), ("member", True)]
)
def test_the_round_page_stays_within_a_fixed_query_budget(
    client, council, criteria_set, django_assert_max_num_queries, count, viewer, closed
):
    evaluation_round = _round_with_entries(count, council, criteria_set, closed=closed)
    user = {"officer": council["officer"], "member": council["members"][0], "secretary": council["secretary"]}[viewer]
    client.force_login(user)
    with django_assert_max_num_queries(16):
        response = client.get(url("round-detail", pk=evaluation_round.pk))
    assert response.status_code == 200
    body = response.content.decode()
    if closed:
        assert body.count('data-testid="result-row"') == count
