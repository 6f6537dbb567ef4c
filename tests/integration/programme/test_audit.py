"""The audit trail (issue #13 item 7): a decision, a returned dossier, a score change, a revocation and a group
membership change each appear with who and what; programme officers read it, filtered and paginated."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.core.roles import OFFICERS, roles_ensure_groups
from programme.models import Dossier, RecognitionDecision, RoundEntry, Scorecard
from programme.services.decisions import audit_actor, certificate_revoke, decision_record
from tests.factories import (
    CommuneOfficerFactory,
    CouncilMemberFactory,
    DossierFactory,
    EvaluationRoundFactory,
    OfficerFactory,
    ProductFactory,
    UserFactory,
    criteria_set_build,
)
from tests.integration.programme.dossier_helpers import assert_only_officers_open, scored_entry

pytestmark = pytest.mark.django_db

Certification = get_model("catalogue", "Certification")
AUDIT = "/en/dashboard/ocop/audit/"


@pytest.fixture
def officer(db):
    return OfficerFactory(username="thu.tran", first_name="Thu", last_name="Trần")


def _entries_for(model):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))


def _scored_entry(score=75):
    return scored_entry(criteria_set_build(), score=score)


def test_a_recorded_decision_appears_with_who_and_what(client, officer):
    entry = _scored_entry()
    client.force_login(officer)
    response = client.post(
        reverse("ocop:decision-create"),
        {
            "number": "44/QĐ-UBND",
            "date": datetime.date.today().isoformat(),
            "signer": "Nguyễn Văn Bình",
            "level": "province",
            "entries": [entry.pk],
        },
    )
    assert response.status_code == 302
    decision = RecognitionDecision.objects.get()
    logged = _entries_for(RecognitionDecision).get(object_id=decision.pk)
    assert (logged.actor, logged.action) == (officer, LogEntry.Action.CREATE)
    assert logged.remote_addr == "127.0.0.1"  # the request's own context, kept
    certificate = _entries_for(Certification).filter(action=LogEntry.Action.CREATE).latest("pk")
    assert certificate.actor == officer
    dossier_change = _entries_for(Dossier).filter(object_id=entry.dossier_id, action=LogEntry.Action.UPDATE).get()
    assert dossier_change.actor == officer
    assert dossier_change.changes_dict["status"] == ["scored", "recognised"]

    page = client.get(AUDIT).content.decode()
    assert "44/QĐ-UBND" in page
    assert "Thu Trần" in page


def test_the_service_names_the_actor_outside_a_request(client, officer):
    """Tasks and commands have no request: the service passes its actor to the trail itself (even after a request
    of the same user has come and gone in this thread)."""
    client.force_login(officer)
    assert client.get(AUDIT).status_code == 200
    entry = _scored_entry()
    decision, _created = decision_record(
        number="45/QĐ", date=datetime.date.today(), signer="B", level="province", entries=[entry], actor=officer
    )
    assert _entries_for(RecognitionDecision).get(object_id=decision.pk).actor == officer
    # Nothing leaks into later writes made without an actor.
    dossier = Dossier.objects.get(pk=entry.dossier_id)
    dossier.review_comment = "Ghi chú sau"
    dossier.save()
    assert _entries_for(Dossier).latest("pk").actor is None


def test_a_returned_dossier_appears_with_who_and_the_comment(officer):
    from programme.services.dossiers import dossier_return

    commune_officer = CommuneOfficerFactory(username="xa.viet.tri")
    dossier = DossierFactory(status="submitted")
    commune_officer.ocop_communes.create(region=dossier.idea.commune)
    with audit_actor(commune_officer):
        dossier_return(dossier=dossier, user=commune_officer, comment="Bổ sung nhãn sản phẩm")
    logged = _entries_for(Dossier).filter(object_id=dossier.pk, action=LogEntry.Action.UPDATE).latest("pk")
    assert logged.actor == commune_officer
    assert logged.changes_dict["status"] == ["submitted", "returned"]
    assert logged.changes_dict["review_comment"][1] == "Bổ sung nhãn sản phẩm"


def test_a_score_change_before_closing_appears(officer):
    entry = _scored_entry()
    member = CouncilMemberFactory(username="hoidong.1")
    card = Scorecard.objects.create(entry=entry, member=member, total=60)
    with audit_actor(member):
        card.total = 72
        card.save()
    logged = _entries_for(Scorecard).filter(object_id=card.pk, action=LogEntry.Action.UPDATE).get()
    assert logged.actor == member
    assert logged.changes_dict["total"] == ["60", "72"]


def test_a_revocation_appears_with_the_reason(client, officer):
    product = ProductFactory(certification=75)
    cert = Certification.objects.get(product=product)
    client.force_login(officer)
    client.post(reverse("ocop:certificate-revoke", kwargs={"pk": cert.pk}), {"revocation_reason": "Vi phạm nhãn"})
    logged = _entries_for(Certification).filter(object_id=cert.pk, action=LogEntry.Action.UPDATE).get()
    assert logged.actor == officer
    assert logged.changes_dict["status"] == ["certified", "revoked"]
    assert logged.changes_dict["revocation_reason"][1] == "Vi phạm nhãn"
    # The certificate service called directly names the actor too.
    other = Certification.objects.get(product=ProductFactory(certification=80))
    certificate_revoke(certification=other, reason="Hết hiệu lực", actor=officer)
    assert _entries_for(Certification).filter(object_id=other.pk, action=LogEntry.Action.UPDATE).get().actor == (
        officer
    )


def test_a_group_membership_change_appears_on_the_screen(client, officer):
    newcomer = UserFactory(username="can.bo.moi")
    with audit_actor(officer):
        newcomer.groups.add(roles_ensure_groups()[OFFICERS])
    logged = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(newcomer), object_id=newcomer.pk
    ).latest("pk")
    assert logged.actor == officer
    assert logged.changes_dict["groups"]["operation"] == "add"
    client.force_login(officer)
    user_type = ContentType.objects.get_for_model(newcomer)
    response = client.get(AUDIT, {"model": user_type.pk, "actor": officer.pk})
    rows = response.context["entries"]
    assert rows and all(row["entry"].content_type == user_type for row in rows)
    assert any(OFFICERS in line for row in rows for line in row["changes"])
    assert "can.bo.moi" in response.content.decode()
    # A user who did nothing is no choice: the form says so and lists nothing.
    refused = client.get(AUDIT, {"actor": newcomer.pk})
    assert refused.status_code == 200
    assert refused.context["filter_form"].errors["actor"]
    assert not refused.context["entries"]
    assert Group.objects.filter(name=OFFICERS).exists()


def test_changes_are_shown_escaped(client, officer):
    dossier = DossierFactory(status="submitted")
    with audit_actor(officer):
        dossier.review_comment = "<script>alert(1)</script>"
        dossier.save()
    client.force_login(officer)
    html = client.get(AUDIT).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_only_programme_officers_read_the_trail(client, officer):
    assert_only_officers_open(client, AUDIT, officer)


@pytest.mark.parametrize("size", [5, 50])
def test_the_trail_stays_within_a_fixed_query_budget(client, officer, size, django_assert_max_num_queries):
    LogEntry.objects.all().delete()
    with audit_actor(officer):
        for n in range(size):
            DossierFactory(status="submitted", idea__name=f"Sản phẩm {n}")
    client.force_login(officer)
    # Beyond the page itself: one read of the open rounds' cards (kept out of the trail) and one per kind of
    # related object the page's changes name (idea, producer, commune, product set): not one per row.
    with django_assert_max_num_queries(16):
        response = client.get(AUDIT)
    assert len(response.context["entries"]) == min(size * 2, 50)


def _audit_rows(client, **query):
    response = client.get(AUDIT, query)
    assert response.status_code == 200
    return response.context["entries"], response.content.decode()


def test_scores_of_an_open_round_stay_out_of_the_trail_until_it_closes(client, officer):
    """Members' cards and answers (totals, points, even an answer cleared from a draft) are not readable through
    the trail while the round is open; once closed they all appear."""
    from programme.models import Criterion, EvaluationRound, ScorecardAnswer

    criteria_set = criteria_set_build()
    evaluation_round = EvaluationRoundFactory(status="open")
    entry = RoundEntry.objects.create(
        evaluation_round=evaluation_round, dossier=DossierFactory(status="in_evaluation"), criteria_set=criteria_set
    )
    member = CouncilMemberFactory(username="hoidong.mo")
    criteria = list(Criterion.objects.filter(group__part__criteria_set=criteria_set).order_by("pk")[:2])
    with audit_actor(member):
        card = Scorecard.objects.create(entry=entry, member=member, total=61)
        kept = ScorecardAnswer.objects.create(
            scorecard=card, criterion=criteria[0], answer=criteria[0].answers.order_by("-points").first(), points=7
        )
        cleared = ScorecardAnswer.objects.create(
            scorecard=card, criterion=criteria[1], answer=criteria[1].answers.first(), points=3
        )
        card.total = 87
        card.save()
        kept.points = 9
        kept.save()
        cleared.delete()
    # A closed round's card in the same trail shows as before.
    closed_card = Scorecard.objects.create(entry=_scored_entry(), member=CouncilMemberFactory(), total=55)
    card_types = {ContentType.objects.get_for_model(model) for model in (Scorecard, ScorecardAnswer)}
    assert LogEntry.objects.filter(content_type__in=card_types).count() == 7  # 6 for the open round's card

    client.force_login(officer)
    rows, html = _audit_rows(client)
    shown = [row["entry"] for row in rows if row["entry"].content_type in card_types]
    assert [(e.content_type.model, e.object_id) for e in shown] == [("scorecard", closed_card.pk)]
    assert all(row["entry"].actor != member for row in rows)
    card_lines = [line for row in rows if row["entry"].content_type in card_types for line in row["changes"]]
    assert [line for line in card_lines if line.startswith("Total:")] == ["Total: — → 55"]
    # Filtering by the kind of object or by the member shows nothing more.
    for card_type in card_types:
        rows, _html = _audit_rows(client, model=card_type.pk)
        assert all(row["entry"].object_id == closed_card.pk for row in rows)

    evaluation_round.status = EvaluationRound.Status.CLOSED
    evaluation_round.save()
    rows, html = _audit_rows(client)
    shown = {(row["entry"].content_type.model, row["entry"].action) for row in rows}
    assert ("scorecardanswer", LogEntry.Action.DELETE) in shown
    assert ("scorecard", LogEntry.Action.UPDATE) in shown
    lines = [line for row in rows for line in row["changes"]]
    assert "Total: 61 → 87" in lines
    assert "Points: 7 → 9" in lines
    assert sum(row["entry"].actor == member for row in rows) == 6


def test_changes_read_with_labels_names_and_without_reverse_relations(client, officer):
    """A status reads with its label, a related object by its name; "events: None → programme.CycleEvent.None"
    (the other side of a relation) is left out."""
    from programme.services.dossiers import dossier_return

    commune_officer = CommuneOfficerFactory(username="xa.nhan")
    with audit_actor(officer):
        dossier = DossierFactory(status="submitted", idea__name="Mật ong hoa nhãn")
    commune_officer.ocop_communes.create(region=dossier.idea.commune)
    with audit_actor(commune_officer):
        dossier_return(dossier=dossier, user=commune_officer, comment="Thiếu nhãn")
    client.force_login(officer)
    rows, html = _audit_rows(client, model=ContentType.objects.get_for_model(Dossier).pk)
    by_action = {row["entry"].action: row["changes"] for row in rows if row["entry"].object_id == dossier.pk}
    status_label = str(Dossier._meta.get_field("status").verbose_name)
    submitted, returned = str(Dossier.Status.SUBMITTED.label), str(Dossier.Status.RETURNED.label)
    assert f"{status_label}: {submitted} → {returned}" in by_action[LogEntry.Action.UPDATE]
    created = by_action[LogEntry.Action.CREATE]
    idea_label = str(Dossier._meta.get_field("idea").verbose_name)
    assert f"{idea_label}: — → Mật ong hoa nhãn" in created
    every_line = " ".join(line for lines in by_action.values() for line in lines)
    assert "submitted → returned" not in every_line
    assert "CycleEvent" not in html and "None" not in every_line
    assert f"{submitted} → {returned}" in html
