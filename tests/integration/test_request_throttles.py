"""Password-reset requests and producer applications are throttled: by address (and by e-mail for resets);
a refused request answers with a message and sends or saves nothing."""

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from marketplace.onboarding.models import ProducerApplication
from tests.factories import SCAN_PDF_BYTES, UserFactory, WardFactory

pytestmark = pytest.mark.django_db


def _reset(client, email, prefix=""):
    return client.post(f"{prefix}/shop/password-reset/", {"email": email})


@override_settings(PASSWORD_RESET_LIMIT_PER_EMAIL=3, PASSWORD_RESET_LIMIT_PER_ADDRESS=50)
def test_a_fourth_reset_for_one_e_mail_is_refused_with_a_message_and_sends_nothing(db):
    user = UserFactory(email="quen-mat-khau@example.vn")
    for n in range(3):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")  # from different addresses: the e-mail limit counts
        assert _reset(client, user.email).status_code == 302
    assert len(mail.outbox) == 3

    response = _reset(Client(REMOTE_ADDR="192.0.2.9"), "Quen-Mat-Khau@example.vn")
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu đặt lại mật khẩu" in response.content.decode()
    assert len(mail.outbox) == 3


@override_settings(PASSWORD_RESET_LIMIT_PER_EMAIL=50, PASSWORD_RESET_LIMIT_PER_ADDRESS=5)
def test_an_address_is_refused_after_its_limit_whatever_the_e_mail(db):
    users = [UserFactory() for _ in range(6)]
    client = Client(REMOTE_ADDR="198.51.100.40")
    for user in users[:5]:
        assert _reset(client, user.email).status_code == 302
    response = _reset(client, users[5].email, prefix="/en")
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == 5
    # Another address is still served.
    assert _reset(Client(REMOTE_ADDR="198.51.100.41"), users[5].email).status_code == 302
    assert len(mail.outbox) == 6


def test_a_reset_within_the_limits_still_sends_the_link(db):
    user = UserFactory()
    response = _reset(Client(), user.email)
    assert response.status_code == 302 and response["Location"] == "/shop/password-reset/done/"
    (message,) = mail.outbox
    assert "/shop/password-reset/confirm/" in message.body


# Producer applications ----------------------------------------------------------------------------------------


def _application(ward, n) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "name": f"HTX Chè Thanh Ba số {n}",
        "legal_type": "cooperative",
        "registration_number": f"26001234{n:02d}",
        "tax_code": f"26001234{n:02d}",
        "representative": "Nguyễn Văn An",
        "street_address": "Khu 7, xã Thanh Ba",
        "province": ward.parent_id,
        "region": ward.pk,
        "phone": "0912 345 678",
        "email": f"lienhe{n}@htx-thanhba.vn",
        "founded_year": "2015",
        "story": "Chè búp tím.",
        "registration_scan": SimpleUploadedFile("giay-dang-ky.pdf", SCAN_PDF_BYTES),
    }


@override_settings(PRODUCER_APPLICATION_LIMIT_PER_ADDRESS=2)
def test_a_third_application_from_one_address_within_the_hour_is_refused_with_a_message(db):
    ward = WardFactory()
    for n in range(2):
        client = Client(REMOTE_ADDR="203.0.113.50")
        client.force_login(UserFactory())
        response = client.post(reverse("onboarding:apply"), _application(ward, n))
        assert response.status_code == 302, response.content.decode()[:2000]
    assert ProducerApplication.objects.count() == 2

    client = Client(REMOTE_ADDR="203.0.113.50")
    client.force_login(UserFactory())
    response = client.post(reverse("onboarding:apply"), _application(ward, 3))
    assert response.status_code == 429
    assert "Quá nhiều hồ sơ" in response.content.decode()
    assert ProducerApplication.objects.count() == 2

    # From another address the same person may apply.
    client = Client(REMOTE_ADDR="203.0.113.51")
    client.force_login(UserFactory())
    assert client.post(reverse("onboarding:apply"), _application(ward, 4)).status_code == 302
    assert ProducerApplication.objects.count() == 3


@override_settings(PRODUCER_APPLICATION_LIMIT_PER_ADDRESS=1)
def test_an_invalid_application_does_not_use_up_the_limit(db):
    ward = WardFactory()
    client = Client(REMOTE_ADDR="203.0.113.60")
    client.force_login(UserFactory())
    bad = _application(ward, 1)
    bad["phone"] = ""
    assert client.post(reverse("onboarding:apply"), bad).status_code == 200
    assert client.post(reverse("onboarding:apply"), _application(ward, 1)).status_code == 302
