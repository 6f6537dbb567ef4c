"""The daily job, reminders, revocation, and the officer's form."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from oscar.core.loading import get_model

from catalogue.forms import CertificationForm
from catalogue.services import certification_record, certification_revoke, certifications_refresh
from catalogue.tasks import certifications_refresh as certifications_refresh_task
from tests.factories import ProducerFactory, ProductFactory, UserFactory

Certification = get_model("catalogue", "Certification")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 28)


def _certified(valid_days_left: int, producer=None, score=80):
    """A product whose certificate has ``valid_days_left`` days to run on TODAY."""
    product = ProductFactory(certification=False, stockrecord__producer=producer or ProducerFactory())
    cert = certification_record(
        product=product, score=score, decision_number="1/QĐ", decision_date=datetime.date(2020, 1, 1), today=TODAY
    )
    cert.valid_until = TODAY + datetime.timedelta(days=valid_days_left)
    cert.status = Certification.Status.CERTIFIED
    cert.save()
    return cert


def test_expires_exactly_the_certificates_past_their_date():
    past = _certified(-1)
    last_day = _certified(0)
    later = _certified(200)
    result = certifications_refresh(today=TODAY)
    for cert in (past, last_day, later):
        cert.refresh_from_db()
    assert (past.status, last_day.status, later.status) == ("expired", "expiring", "certified")
    assert result["expired"] == 1


def test_expired_badge_leaves_the_product_page(client):
    cert = _certified(-1)
    certifications_refresh(today=TODAY)
    html = client.get(cert.product.get_absolute_url()).content.decode()
    assert "ocop-badge" not in html


def test_each_reminder_goes_once_even_when_the_job_runs_twice():
    producer = ProducerFactory(email="htx@example.vn")
    producer.users.add(UserFactory(email="giamdoc@example.vn"))
    cert = _certified(30, producer=producer)
    certifications_refresh(today=TODAY)
    certifications_refresh(today=TODAY)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["giamdoc@example.vn", "htx@example.vn"]
    assert cert.product.get_title() in mail.outbox[0].subject
    assert cert.reminders.filter(days_before=30).exists()


@pytest.mark.parametrize(("days_left", "expected"), [(120, []), (90, [90]), (31, [90]), (30, [30]), (7, [7]), (3, [7])])
def test_reminders_follow_the_90_30_7_day_steps(days_left, expected):
    cert = _certified(days_left)
    certifications_refresh(today=TODAY)
    sent_for = sorted(set(cert.reminders.values_list("days_before", flat=True)))
    if expected:
        assert len(mail.outbox) == 1
        assert min(sent_for) == expected[0]
    else:
        assert mail.outbox == [] and sent_for == []


def test_a_sequence_of_days_sends_90_then_30_then_7():
    cert = _certified(95)
    for day in range(0, 100):
        certifications_refresh(today=TODAY + datetime.timedelta(days=day))
    assert len(mail.outbox) == 3
    assert sorted(cert.reminders.values_list("days_before", flat=True)) == [7, 30, 90]
    cert.refresh_from_db()
    assert cert.status == "expired"


def test_delist_setting_takes_expired_products_out_of_the_shop(settings):
    settings.OCOP_EXPIRED_LISTING = "delist"
    cert = _certified(-1)
    certifications_refresh(today=TODAY)
    assert not Product.objects.get(pk=cert.product_id).is_public


def test_pending_setting_keeps_the_product_listed_without_badge(settings):
    settings.OCOP_EXPIRED_LISTING = "pending"
    cert = _certified(-1)
    certifications_refresh(today=TODAY)
    assert Product.objects.get(pk=cert.product_id).is_public


def test_the_beat_task_runs_the_same_job():
    cert = _certified(-5)
    certifications_refresh_task.apply().get()
    cert.refresh_from_db()
    assert cert.status == "expired"


def test_revoking_needs_a_reason_and_removes_the_badge(client):
    cert = _certified(300)
    with pytest.raises(ValidationError):
        certification_revoke(certification=cert, reason="  ")
    certification_revoke(certification=cert, reason="Vi phạm an toàn thực phẩm", on=TODAY)
    cert.refresh_from_db()
    assert (cert.status, cert.revoked_on, cert.revocation_reason) == ("revoked", TODAY, "Vi phạm an toàn thực phẩm")
    assert "ocop-badge" not in client.get(cert.product.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"score": 80, "decision_date": "2099-01-01"}, "decision_date", "Ngày quyết định không thể ở tương lai."),
        ({"score": 120}, "score", "Điểm OCOP phải từ 0 đến 100."),
        ({"score": -5}, "score", "Điểm OCOP phải từ 0 đến 100."),
        ({"score": 72, "stars": 5}, "stars", "5 sao mâu thuẫn với số điểm 72, tương ứng 4 sao."),
    ],
)
def test_officer_form_refuses_bad_evaluations_with_a_message(data, field, message):
    product = ProductFactory(certification=False)
    form = CertificationForm(
        data={
            "product": product.pk,
            "decision_number": "12/QĐ-UBND",
            "decision_date": "2025-06-01",
            "issuing_level": "province",
            **data,
        }
    )
    assert not form.is_valid()
    assert message in form.errors[field]
    assert not Certification.objects.exists()


def test_officer_form_derives_the_stars():
    product = ProductFactory(certification=False)
    form = CertificationForm(
        data={
            "product": product.pk,
            "score": 90,
            "decision_number": "12/QĐ-UBND",
            "decision_date": "2025-06-01",
            "issuing_level": "ministry",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["stars"] == 5


def test_officer_records_an_evaluation_in_the_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    product = ProductFactory(certification=False)
    response = client.post(
        "/django-admin/catalogue/certification/add/",
        {
            "product": product.pk,
            "score": 71,
            "stars": "",
            "decision_number": "7/QĐ-UBND",
            "decision_date": "2025-06-01",
            "issuing_level": "province",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    cert = Certification.objects.get(product=product)
    assert (cert.stars, cert.valid_until) == (4, datetime.date(2028, 6, 1))


def test_product_page_says_when_a_certificate_ended(client):
    cert = _certified(-1)
    certifications_refresh(today=TODAY)
    html = client.get(cert.product.get_absolute_url()).content.decode()
    assert "đang chờ đánh giá lại" in html


def test_product_page_says_when_a_certificate_was_revoked(client):
    cert = _certified(100)
    certification_revoke(certification=cert, reason="Vi phạm", on=TODAY)
    html = client.get(cert.product.get_absolute_url()).content.decode()
    assert "đã bị thu hồi ngày 28/11/2026" in html
