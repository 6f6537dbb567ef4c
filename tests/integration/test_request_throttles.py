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


# Wagtail's password reset ----------------------------------------------------------------------------------------


@override_settings(PASSWORD_RESET_LIMIT_PER_EMAIL=3, PASSWORD_RESET_LIMIT_PER_ADDRESS=50)
def test_the_cms_password_reset_is_throttled_like_the_shops(db):
    editor = UserFactory(email="bien-tap@example.vn", is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR="198.51.100.70")
    answers = [client.post("/cms/password_reset/", {"email": editor.email}).status_code for _ in range(10)]
    assert answers == [302] * 3 + [429] * 7
    assert len(mail.outbox) == 3
    # The shop's form counts against the same budget for that account.
    assert _reset(Client(REMOTE_ADDR="198.51.100.71"), editor.email).status_code == 429
    assert len(mail.outbox) == 3


@override_settings(PASSWORD_RESET_LIMIT_PER_EMAIL=50, PASSWORD_RESET_LIMIT_PER_ADDRESS=2)
def test_the_cms_password_reset_is_throttled_by_address(db):
    users = [UserFactory(is_staff=True, is_superuser=True) for _ in range(3)]
    client = Client(REMOTE_ADDR="198.51.100.72")
    assert [client.post("/cms/password_reset/", {"email": u.email}).status_code for u in users] == [302, 302, 429]
    assert len(mail.outbox) == 2


# The counter on Redis --------------------------------------------------------------------------------------------


@pytest.fixture(params=["marketplace.core.redis_cache.RedisCache", "marketplace.core.redis_cache.FailSoftRedisCache"])
def redis_default_cache(request, redis_url, settings):
    settings.CACHES = {"default": {"BACKEND": request.param, "LOCATION": redis_url, "KEY_PREFIX": "throttle-test"}}
    import redis

    return redis.Redis.from_url(redis_url)


def test_a_redis_window_always_carries_its_expiry_and_reopens_after_it(redis_default_cache):
    import time

    from marketplace.core.throttling import throttle_hit

    def hit():
        return throttle_hit(scope="test", key="khach@example.vn", limit=2, window_seconds=1)

    assert [hit(), hit(), hit()] == [False, False, True]
    (key,) = redis_default_cache.keys("throttle-test:*")
    assert 0 < redis_default_cache.pttl(key) <= 1000
    time.sleep(1.1)
    # The window ran out: a new one opens, with its own expiry.
    assert hit() is False
    assert 0 < redis_default_cache.pttl(key) <= 1000
    # Hits across many expiries never leave a key without one (Django's incr could: EXISTS, then INCR).
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        throttle_hit(scope="test", key="k", limit=10**9, window_seconds=1)
        for each in redis_default_cache.keys("throttle-test:*"):
            assert redis_default_cache.pttl(each) != -1


def test_with_redis_unreachable_requests_are_not_refused(settings):
    from marketplace.core.throttling import throttle_hit

    settings.CACHES = {
        "default": {"BACKEND": "marketplace.core.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    assert [throttle_hit(scope="test", key="x", limit=1, window_seconds=60) for _ in range(3)] == [False] * 3


def test_with_the_local_memory_cache_the_window_reopens_after_it_runs_out(settings):
    import time

    from marketplace.core.throttling import throttle_hit

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}}
    assert [throttle_hit(scope="test", key="x", limit=1, window_seconds=1) for _ in range(2)] == [False, True]
    time.sleep(1.1)
    assert throttle_hit(scope="test", key="x", limit=1, window_seconds=1) is False


def test_with_the_fail_soft_cache_and_redis_gone_requests_are_not_refused_and_the_breaker_opens(settings, monkeypatch):
    from django.core.cache import caches

    from marketplace.core import redis_cache
    from marketplace.core.throttling import throttle_hit

    monkeypatch.setattr(redis_cache, "_breakers", {})
    settings.CACHES = {
        "default": {
            "BACKEND": "marketplace.core.redis_cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"BREAKER_SECONDS": 60},
        }
    }
    assert [throttle_hit(scope="test", key="x", limit=1, window_seconds=60) for _ in range(3)] == [False] * 3
    assert caches["default"].breaker.is_open
