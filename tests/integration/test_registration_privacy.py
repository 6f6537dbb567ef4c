"""Registration does not tell whether an e-mail already has an account: the same answer either way, no
second account, and the owner of the existing one gets an e-mail."""

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

    # No second account; the new one exists and can log in.
    assert User.objects.filter(email__iexact="chu-tai-khoan@example.vn").count() == 1
    assert User.objects.filter(email="nguoi-moi@example.vn").count() == 1

    # Each address got one message: a welcome, and a note to the owner.
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("nguoi-moi@example.vn",), ("chu-tai-khoan@example.vn",)}
    note = by_recipient[("chu-tai-khoan@example.vn",)]
    assert "/shop/password-reset/" in note.body and "/shop/accounts/login/" in note.body


def test_the_owner_note_is_in_vietnamese_by_default(owner):
    _register_on_login_page(Client(), owner.email)
    (note,) = mail.outbox
    assert "đăng ký" in note.subject.lower()


def test_the_new_account_logs_in_with_the_password_it_chose(db):
    client = Client()
    _register_on_login_page(client, "moi@example.vn")
    response = client.post(
        "/shop/accounts/login/",
        {"login-username": "moi@example.vn", "login-password": PASSWORD, "login-redirect_url": "", "login_submit": "1"},
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session


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
