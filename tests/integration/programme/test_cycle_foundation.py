"""The cycle's doors: who reaches /dashboard/ocop/, where the cycle's roles land, whose ideas and dossiers each
role sees, and the producer's e-mail for each step (once, in their language)."""

import pytest
from django.core import mail
from django.urls import reverse

from programme.models import CycleEvent
from programme.selectors import dossier_list_for_user, idea_list_for_user, round_list_for_user
from programme.services.events import cycle_event_email_send, cycle_event_record
from tests.factories import (
    CommuneOfficerFactory,
    CouncilMemberFactory,
    DossierFactory,
    EvaluationRoundFactory,
    OfficerFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductIdeaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOME = "/en/dashboard/ocop/"


@pytest.fixture
def two_producers(wards):
    viet_tri, thanh_mieu = wards
    return ProducerFactory(region=viet_tri), ProducerFactory(region=thanh_mieu)


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert "next=" in response["Location"]


def test_a_shopper_without_a_role_is_refused(client):
    client.force_login(UserFactory())
    assert client.get(HOME).status_code == 403


@pytest.mark.parametrize("role", ["officer", "commune_officer", "council_member", "producer"])
def test_each_role_opens_the_cycle(client, role, wards):
    user = {
        "officer": lambda: OfficerFactory(),
        "commune_officer": lambda: CommuneOfficerFactory(communes=[wards[0]]),
        "council_member": lambda: CouncilMemberFactory(),
        "producer": lambda: ProducerUserFactory(producer=ProducerFactory()),
    }[role]()
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    assert b"programme-work" in response.content


@pytest.mark.parametrize("factory", [CouncilMemberFactory, CommuneOfficerFactory])
def test_the_cycle_roles_land_in_the_cycle_from_the_dashboard(client, factory):
    client.force_login(factory())
    response = client.get("/en/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == reverse("ocop:home")


def test_officers_keep_their_dashboard_home(client):
    client.force_login(OfficerFactory())
    assert client.get("/en/dashboard/").status_code == 200


def test_producers_see_only_their_own_ideas_and_dossiers(two_producers):
    mine, theirs = two_producers
    user = ProducerUserFactory(producer=mine)
    my_dossier = DossierFactory(idea__producer=mine)
    DossierFactory(idea__producer=theirs)
    assert list(idea_list_for_user(user=user)) == [my_dossier.idea]
    assert list(dossier_list_for_user(user=user)) == [my_dossier]


def test_commune_officers_see_submitted_work_of_their_communes_only(two_producers, wards):
    in_ward, elsewhere = two_producers
    officer = CommuneOfficerFactory(communes=[wards[0]])
    submitted = ProductIdeaFactory(producer=in_ward, status="submitted")
    ProductIdeaFactory(producer=in_ward, status="draft")  # a draft stays the producer's own
    ProductIdeaFactory(producer=elsewhere, status="submitted")
    dossier = DossierFactory(idea=submitted, status="submitted")
    draft_dossier = DossierFactory(idea__producer=in_ward, status="draft")  # its idea was accepted
    DossierFactory(idea__producer=elsewhere, status="submitted")
    assert set(idea_list_for_user(user=officer)) == {submitted, draft_dossier.idea}
    assert list(dossier_list_for_user(user=officer)) == [dossier]


def test_council_members_see_the_dossiers_of_their_rounds_only(wards):
    member, outsider = CouncilMemberFactory(), CouncilMemberFactory()
    evaluation_round = EvaluationRoundFactory()
    evaluation_round.members.add(member)
    from tests.factories import criteria_set_build

    criteria_set = criteria_set_build()
    in_round = DossierFactory(status="in_evaluation")
    DossierFactory(status="proposed")
    evaluation_round.entries.create(dossier=in_round, criteria_set=criteria_set)
    assert list(dossier_list_for_user(user=member)) == [in_round]
    assert list(round_list_for_user(user=member)) == [evaluation_round]
    assert list(round_list_for_user(user=evaluation_round.secretary)) == [evaluation_round]
    assert list(dossier_list_for_user(user=outsider)) == []
    assert list(round_list_for_user(user=outsider)) == []
    assert list(idea_list_for_user(user=member)) == []


def test_officers_see_everything(two_producers):
    DossierFactory(idea__producer=two_producers[0], status="draft")
    DossierFactory(idea__producer=two_producers[1])
    officer = OfficerFactory()
    assert dossier_list_for_user(user=officer).count() == 2
    assert idea_list_for_user(user=officer).count() == 2


def test_a_decision_is_e_mailed_to_the_producer_once_after_commit(django_capture_on_commit_callbacks):
    producer = ProducerFactory(email="htx@example.vn")
    idea = ProductIdeaFactory(producer=producer, name="Mật ong hoa nhãn")
    with django_capture_on_commit_callbacks(execute=True):
        event = cycle_event_record(
            kind=CycleEvent.Kind.IDEA_RETURNED, producer=producer, idea=idea, comment="Bổ sung nguồn nguyên liệu."
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["htx@example.vn"]
    assert "Mật ong hoa nhãn" in message.subject
    assert "Bổ sung nguồn nguyên liệu." in message.body
    event.refresh_from_db()
    assert event.emailed_at is not None
    assert cycle_event_email_send(event_id=event.pk) is False  # the row says it went: never twice
    assert len(mail.outbox) == 1


def test_the_producers_own_steps_are_kept_but_not_e_mailed(django_capture_on_commit_callbacks):
    producer = ProducerFactory()
    idea = ProductIdeaFactory(producer=producer)
    with django_capture_on_commit_callbacks(execute=True):
        event = cycle_event_record(kind=CycleEvent.Kind.IDEA_SUBMITTED, producer=producer, idea=idea)
    assert mail.outbox == []
    assert list(idea.events.all()) == [event]


def test_the_e_mail_is_in_vietnamese_by_default(django_capture_on_commit_callbacks):
    producer = ProducerFactory(email="htx@example.vn")
    idea = ProductIdeaFactory(producer=producer)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_event_record(kind=CycleEvent.Kind.IDEA_ACCEPTED, producer=producer, idea=idea)
    assert "Kính gửi" in mail.outbox[0].body
