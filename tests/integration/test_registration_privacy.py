"""Registration does not tell whether an e-mail already has an account: the same answer either way, no
second account, and the owner of the existing one gets an e-mail. A new account stays inactive until the
link e-mailed to it is followed, so "register, then log in with that password" tells nothing either."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "a-Long-pass-9876"


def _register_on_login_page(client, email, prefix="", next_url=""):
    return client.post(
        f"{prefix}/shop/accounts/login/",
        {
            "registration-email": email,
            "registration-password1": PASSWORD,
            "registration-password2": PASSWORD,
            "registration-redirect_url": next_url,
            "registration_submit": "1",
        },
    )


def _register_on_register_page(client, email, prefix="", next_url=""):
    return client.post(
        f"{prefix}/shop/accounts/register/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "redirect_url": next_url},
    )


@pytest.fixture
def owner(db):
    return UserFactory(email="chu-tai-khoan@example.vn")


@pytest.mark.parametrize("register", [_register_on_login_page, _register_on_register_page])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_an_existing_e_mail_gets_the_same_answer_as_a_new_one(owner, register, prefix):
    new_client, taken_client = Client(), Client()
    new = register(new_client, "nguoi-moi@example.vn", prefix)
    taken = register(taken_client, "Chu-Tai-Khoan@EXAMPLE.vn", prefix)

    assert new.status_code == taken.status_code == 302
    assert new["Location"] == taken["Location"] == f"{prefix}/shop/accounts/login/"
    new_messages = [str(m) for m in get_messages(new.wsgi_request)]
    taken_messages = [str(m) for m in get_messages(taken.wsgi_request)]
    # The same message but for the address typed.
    assert [m.replace("nguoi-moi@example.vn", "X") for m in new_messages] == [
        m.replace("chu-tai-khoan@example.vn", "X").replace("Chu-Tai-Khoan@example.vn", "X") for m in taken_messages
    ]
    assert len(new_messages) == 1
    # Nobody is logged in either way.
    assert "_auth_user_id" not in new_client.session and "_auth_user_id" not in taken_client.session

    new_page = new_client.get(new["Location"])
    taken_page = taken_client.get(taken["Location"])
    assert new_page.status_code == taken_page.status_code == 200
    assert [t.name for t in new_page.templates] == [t.name for t in taken_page.templates]

    # No second account; the new one exists, inactive until its link is followed.
    assert User.objects.filter(email__iexact="chu-tai-khoan@example.vn").count() == 1
    assert User.objects.get(email="nguoi-moi@example.vn").is_active is False

    # Each address got one message: an activation link, and a note to the owner.
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("nguoi-moi@example.vn",), ("chu-tai-khoan@example.vn",)}
    note = by_recipient[("chu-tai-khoan@example.vn",)]
    assert "/shop/password-reset/" in note.body and "/shop/accounts/login/" in note.body
    assert "/shop/accounts/activate/" in by_recipient[("nguoi-moi@example.vn",)].body


def test_the_owner_note_is_in_vietnamese_by_default(owner):
    _register_on_login_page(Client(), owner.email)
    (note,) = mail.outbox
    assert "đăng ký" in note.subject.lower()


def _login(client, email, password=PASSWORD):
    return client.post(
        "/shop/accounts/login/",
        {"login-username": email, "login-password": password, "login-redirect_url": "", "login_submit": "1"},
    )


def _activation_path(message) -> str:
    (url,) = re.findall(r"https?://[^/\s]+(/\S*/activate/\S+)", message.body)
    return url


def test_register_then_log_in_with_that_password_tells_a_new_address_from_a_taken_one_no_more(owner):
    answers = []
    for email in ("moi@example.vn", owner.email):
        client = Client()
        _register_on_login_page(client, email)
        response = _login(client, email)
        answers.append((response.status_code, "_auth_user_id" in client.session))
    assert answers == [(200, False), (200, False)]


def test_the_activation_link_asks_on_get_then_activates_and_logs_in_on_post(db):
    client = Client()
    _register_on_login_page(client, "moi@example.vn", next_url="/shop/basket/")
    (message,) = mail.outbox
    path = _activation_path(message)
    assert "next=%2Fshop%2Fbasket%2F" in path

    # A mail scanner opening the link activates nothing.
    page = client.get(path)
    assert page.status_code == 200 and 'data-testid="confirm-form"' in page.content.decode()
    assert User.objects.get(email="moi@example.vn").is_active is False

    response = client.post(path, {"next": "/shop/basket/"})
    assert response.status_code == 302 and response["Location"] == "/shop/basket/"
    assert "_auth_user_id" in client.session
    user = User.objects.get(email="moi@example.vn")
    assert user.is_active and user.check_password(PASSWORD)

    # Used once: the link is dead, and the password works from now on.
    other = Client()
    assert other.get(path).status_code == 400 and other.post(path).status_code == 400
    assert "_auth_user_id" not in other.session
    assert _login(other, "moi@example.vn").status_code == 302 and "_auth_user_id" in other.session


def test_a_wrong_or_tampered_link_activates_nothing(db):
    _register_on_login_page(Client(), "moi@example.vn")
    path = _activation_path(mail.outbox[0])
    user = User.objects.get(email="moi@example.vn")
    tampered = re.sub(r"/activate/[^/]+/", "/activate/MTIzNDU2Nzg5/", path)
    for bad in (
        path.replace("/?", "x/?") if "?" in path else path[:-2] + "x/",
        tampered,
        "/shop/accounts/activate/xx/yy/",
    ):
        response = Client().post(bad)
        assert response.status_code in (400, 404)
    # A password-reset token for the same account does not activate it.
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    reset_token = default_token_generator.make_token(user)
    assert Client().post(f"/shop/accounts/activate/{uid}/{reset_token}/").status_code == 400
    user.refresh_from_db()
    assert user.is_active is False


def test_registering_again_before_activating_takes_the_new_password_and_kills_the_old_link(db):
    _register_on_login_page(Client(), "moi@example.vn")
    first = _activation_path(mail.outbox[0])
    Client().post(
        "/shop/accounts/register/",
        {"email": "moi@example.vn", "password1": "Another-pass-5432", "password2": "Another-pass-5432"},
    )
    assert User.objects.filter(email="moi@example.vn").count() == 1
    second = _activation_path(mail.outbox[1])
    assert Client().post(first).status_code == 400
    client = Client()
    assert client.post(second).status_code == 302
    user = User.objects.get(email="moi@example.vn")
    assert user.is_active and user.check_password("Another-pass-5432")


def test_an_account_switched_off_by_an_officer_is_not_reactivated_by_registering(db):
    user = UserFactory(email="bi-khoa@example.vn", is_active=False)
    user.last_login = user.date_joined
    user.save()
    _register_on_login_page(Client(), "bi-khoa@example.vn")
    assert not mail.outbox
    user.refresh_from_db()
    assert user.is_active is False and user.check_password("secret-pass-123")


def test_accounts_active_before_this_change_log_in_as_before(owner):
    client = Client()
    assert _login(client, owner.email, "secret-pass-123").status_code == 302


def test_the_existing_owners_password_is_unchanged_and_the_attempt_cannot_log_in(owner):
    client = Client()
    _register_on_login_page(client, owner.email)
    owner.refresh_from_db()
    assert owner.check_password("secret-pass-123") and not owner.check_password(PASSWORD)
    response = client.post(
        "/shop/accounts/login/",
        {"login-username": owner.email, "login-password": PASSWORD, "login-redirect_url": "", "login_submit": "1"},
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_a_safe_next_is_kept_for_both(owner):
    new = _register_on_login_page(Client(), "khac@example.vn", next_url="/shop/basket/")
    taken = _register_on_login_page(Client(), owner.email, next_url="/shop/basket/")
    assert new["Location"] == taken["Location"] == "/shop/accounts/login/?next=%2Fshop%2Fbasket%2F"


def test_mismatched_passwords_are_refused_the_same_way_for_both(owner):
    answers = []
    for email in ("moi2@example.vn", owner.email):
        response = Client().post(
            "/shop/accounts/login/",
            {
                "registration-email": email,
                "registration-password1": PASSWORD,
                "registration-password2": PASSWORD + "x",
                "registration_submit": "1",
            },
        )
        assert response.status_code == 200
        form = response.context["registration_form"]
        answers.append(sorted((field, list(errors)) for field, errors in form.errors.items()))
    assert answers[0] == answers[1] and "email" not in dict(answers[0])
    assert not mail.outbox
    assert not User.objects.filter(email="moi2@example.vn").exists()


def test_the_owner_is_not_flooded_with_notes(owner):
    for _ in range(6):
        _register_on_login_page(Client(), owner.email)
    assert len(mail.outbox) == 3


def test_a_new_address_is_not_flooded_with_activation_links(db):
    for _ in range(6):
        _register_on_login_page(Client(), "moi@example.vn")
    assert len(mail.outbox) == 3


def test_a_look_alike_spelling_shares_the_owners_note_budget(owner):
    # "Chu-Tai-Khoan@EXAMPLE.VN" is the same account: one budget, not one per spelling.
    for spelling in (
        "chu-tai-khoan@example.vn",
        "CHU-TAI-KHOAN@example.vn",
        "Chu-Tai-Khoan@EXAMPLE.VN",
        "chu-tai-khoan@Example.vn",
    ):
        _register_on_login_page(Client(), spelling)
    assert len(mail.outbox) == 3


def test_a_shopper_registering_from_checkout_keeps_the_basket_and_comes_back_to_checkout(three_producers):
    from django.urls import reverse
    from oscar.core.loading import get_model

    honey = three_producers[0]
    client = Client()
    assert client.post(reverse("basket:add", kwargs={"pk": honey.pk}), {"quantity": 2}).status_code == 302
    checkout = reverse("checkout:index")
    assert client.get(checkout).status_code == 200  # a guest may check out as before

    _register_on_register_page(client, "mua-lan-dau@example.vn", next_url=checkout)
    response = client.post(_activation_path(mail.outbox[0]))  # the link carries ?next=
    assert response.status_code == 302 and response["Location"] == checkout
    assert client.get(checkout).status_code == 200
    Basket = get_model("basket", "Basket")
    basket = Basket.objects.get(owner__email="mua-lan-dau@example.vn", status=Basket.OPEN)
    assert [(line.product_id, line.quantity) for line in basket.lines.all()] == [(honey.pk, 2)]


def test_registrations_over_the_budget_do_not_kill_the_pending_link(db):
    _register_on_login_page(Client(), "moi@example.vn")
    for _ in range(5):
        Client().post(
            "/shop/accounts/register/",
            {"email": "moi@example.vn", "password1": "Ke-khac-pass-111", "password2": "Ke-khac-pass-111"},
        )
    assert len(mail.outbox) == 3
    newest = _activation_path(mail.outbox[-1])
    client = Client()
    assert client.post(newest).status_code == 302
    assert User.objects.get(email="moi@example.vn").check_password("Ke-khac-pass-111")
