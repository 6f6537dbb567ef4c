"""Re-certification (issue #13 item 5): a certificate entering its last 90 days opens, once, a re-evaluation
dossier pre-filled from the dossier that won it, and tells the producer."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from oscar.core.loading import get_model

from catalogue.certification import stars_for_score
from programme import tasks
from programme.models import CycleEvent, DocumentType, Dossier, DossierDocument, RoundEntry
from programme.services.decisions import decision_record
from programme.services.recertification import recertification_open_dossiers
from tests.factories import (
    DossierFactory,
    EvaluationRoundFactory,
    OfficerFactory,
    ProducerFactory,
    ProductFactory,
    criteria_set_build,
)

pytestmark = pytest.mark.django_db

Certification = get_model("catalogue", "Certification")
TODAY = datetime.date.today()


def _document_types():
    """Two document types (the migration makes them; a database flushed by a transactional test may lack them)."""
    return [
        DocumentType.objects.get_or_create(code=code, defaults={"name": name, "position": position})[0]
        for position, (code, name) in enumerate(
            (("recert-label", "Mẫu nhãn"), ("recert-registration", "Giấy đăng ký kinh doanh"))
        )
    ]


def _recognised(*, days_left: int, documents=True):
    """A product recognised by a decision whose certificate has ``days_left`` days to run."""
    producer = ProducerFactory(email="htx@example.vn")
    product = ProductFactory(certification=False, stockrecord__producer=producer)
    dossier = DossierFactory(status="scored", product=product, idea__producer=producer, year=2023)
    if documents:
        label, registration = _document_types()
        for document_type, version in ((label, 1), (label, 2), (registration, 1)):
            DossierDocument.objects.create(
                dossier=dossier,
                document_type=document_type,
                version=version,
                file=f"ocop/dossiers/2023/05/{document_type.code}-v{version}.pdf",
                original_name=f"{document_type.code}-v{version}.pdf",
                content_type="application/pdf",
                size=1000 + version,
                sha256=f"{version:064d}",
            )
    entry = RoundEntry.objects.create(
        evaluation_round=EvaluationRoundFactory(status="closed", year=2023),
        dossier=dossier,
        criteria_set=criteria_set_build(),
        score=75,
        stars=stars_for_score(75),
    )
    decision_date = TODAY + datetime.timedelta(days=days_left) - relativedelta(months=36)
    decision_record(
        number=f"{dossier.pk}/QĐ", date=decision_date, signer="B", level="province", entries=[entry], actor=None
    )
    return Certification.objects.filter(product=product).latest("pk"), dossier


def test_a_certificate_entering_its_last_90_days_opens_one_pre_filled_dossier(django_capture_on_commit_callbacks):
    cert, previous = _recognised(days_left=60)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert recertification_open_dossiers() == 1
    dossier = Dossier.objects.get(kind=Dossier.Kind.RE_EVALUATION)
    assert (dossier.previous, dossier.certification, dossier.idea, dossier.product) == (
        previous,
        cert,
        previous.idea,
        cert.product,
    )
    assert (dossier.status, dossier.year) == ("draft", TODAY.year)
    copies = {(d.document_type.code, d.version, d.file.name, d.size) for d in dossier.documents.all()}
    label, registration = _document_types()
    assert copies == {
        (label.code, 1, f"ocop/dossiers/2023/05/{label.code}-v2.pdf", 1002),
        (registration.code, 1, f"ocop/dossiers/2023/05/{registration.code}-v1.pdf", 1001),
    }
    # The previous dossier keeps all its versions.
    assert previous.documents.count() == 3
    event = CycleEvent.objects.get(kind=CycleEvent.Kind.RE_EVALUATION_OPENED)
    assert event.dossier == dossier and cert.decision_number in event.comment
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["htx@example.vn"]


def test_running_twice_opens_one(django_capture_on_commit_callbacks):
    _recognised(days_left=30)
    assert recertification_open_dossiers() == 1
    assert recertification_open_dossiers() == 0
    assert tasks.recertification_open_dossiers() == 0
    assert Dossier.objects.filter(kind=Dossier.Kind.RE_EVALUATION).count() == 1
    assert CycleEvent.objects.filter(kind=CycleEvent.Kind.RE_EVALUATION_OPENED).count() == 1


def test_certificates_not_yet_due_or_without_a_dossier_are_left_alone():
    _recognised(days_left=200)
    # A certificate recorded outside the cycle (no recognised dossier) has nothing to copy from.
    outside = ProductFactory(
        certification=75, certification__decision_date=TODAY - relativedelta(months=36) + relativedelta(days=20)
    )
    assert Certification.objects.get(product=outside).status == Certification.Status.EXPIRING
    assert recertification_open_dossiers() == 0
    assert not Dossier.objects.filter(kind=Dossier.Kind.RE_EVALUATION).exists()


def test_a_revoked_or_expired_certificate_opens_nothing():
    cert, _previous = _recognised(days_left=40)
    cert.status = Certification.Status.REVOKED
    cert.save()
    expired, _ = _recognised(days_left=-5, documents=False)
    assert expired.status == Certification.Status.EXPIRED
    assert recertification_open_dossiers() == 0


def test_the_task_runs_the_service_and_the_beat_schedules_it(settings):
    _recognised(days_left=10, documents=False)
    assert tasks.recertification_open_dossiers.apply().get() == 1
    dossier = Dossier.objects.get(kind=Dossier.Kind.RE_EVALUATION)
    assert dossier.documents.count() == 0
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "programme.tasks.recertification_open_dossiers" in schedule
    assert OfficerFactory()  # the dossier needs no officer to open
