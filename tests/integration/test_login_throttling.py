"""Login throttling (django-axes): by account and by address, on the shop, dashboard, CMS and admin logins;
the lockout page; officers unlock."""

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.test import Client, override_settings

from tests.factories import OfficerFactory, ProducerFactory, ProducerUserFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # UserFactory's
WRONG = "not-the-password"


def _shop_post(client, login, password, prefix=""):
    return client.post(
        f"{prefix}/shop/accounts/login/",
        {"login-username": login, "login-password": password, "login-redirect_url": "", "login_submit": "1"},
    )


def _plain_post(path):
    def post(client, login, password, prefix=""):
        return client.post(f"{prefix}{path}", {"username": login, "password": password})

    return post


# Each login: (name, how to post, what the form takes as the login: e-mail or username).
LOGINS = [
    ("shop", _shop_post, lambda u: u.email),
    ("dashboard", _plain_post("/dashboard/login/"), lambda u: u.username),
    ("cms", _plain_post("/cms/login/"), lambda u: u.username),
    ("django-admin", _plain_post("/django-admin/login/"), lambda u: u.username),
]


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def staff_user(db):
    # Staff and superuser: every one of the four logins lets them in with the right password.
    return UserFactory(username="canbo", email="CanBo@Example.vn", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(("name", "post", "login_of"), LOGINS, ids=[entry[0] for entry in LOGINS])
def test_the_right_password_is_refused_after_five_wrong_ones_with_a_message(name, post, login_of, staff_user):
    client = Client()
    for _ in range(5):
        response = post(client, login_of(staff_user), WRONG)
        assert not _logged_in(client)
    # The 5th failure already answers with the lockout page.
    assert response.status_code == 429

    response = post(client, login_of(staff_user), PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)
    page = response.content.decode()
    assert 'data-testid="lockout-message"' in page
    assert "Đăng nhập sai quá nhiều lần" in page  # Vietnamese by default
    assert "Vui lòng thử lại sau 30 phút" in page


@pytest.mark.parametrize(("name", "post", "login_of"), LOGINS, ids=[entry[0] for entry in LOGINS])
def test_four_wrong_passwords_then_the_right_one_logs_in(name, post, login_of, staff_user):
    client = Client()
    for _ in range(4):
        post(client, login_of(staff_user), WRONG)
    response = post(client, login_of(staff_user), PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)
    # A success clears the account's failures.
    assert not AccessAttempt.objects.filter(username="canbo@example.vn").exists()


def test_the_lockout_page_is_in_english_under_en(staff_user):
    client = Client()
    for _ in range(5):
        _shop_post(client, staff_user.email, WRONG, prefix="/en")
    response = _shop_post(client, staff_user.email, PASSWORD, prefix="/en")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many login attempts" in page and "Please try again in 30 minutes" in page


def test_the_shop_e_mail_and_the_admin_username_count_for_the_same_account_case_insensitively(staff_user):
    client = Client()
    _shop_post(client, "canbo@example.vn", WRONG)
    _shop_post(client, "CANBO@EXAMPLE.VN", WRONG)
    _plain_post("/django-admin/login/")(client, "canbo", WRONG)
    _plain_post("/cms/login/")(client, "CanBo", WRONG)
    _plain_post("/dashboard/login/")(client, "canbo", WRONG)
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"canbo@example.vn"}

    # From another address: the account itself is locked, not just the first address.
    other = Client(REMOTE_ADDR="203.0.113.9")
    response = _plain_post("/django-admin/login/")(other, "canbo", PASSWORD)
    assert response.status_code == 429 and not _logged_in(other)


@override_settings(AXES_ADDRESS_FAILURE_LIMIT=8)
def test_another_account_from_the_same_address_is_refused_after_the_address_limit(db):
    victims = [UserFactory(email=f"nguoi{i}@example.vn") for i in range(4)]
    bystander = UserFactory(email="khac@example.vn")
    client = Client(REMOTE_ADDR="198.51.100.7")
    # Two wrong passwords per account: no account reaches its own limit of 5, the address reaches 8.
    for victim in victims:
        for _ in range(2):
            _shop_post(client, victim.email, WRONG)

    response = _shop_post(client, bystander.email, PASSWORD)
    assert response.status_code == 429 and not _logged_in(client)

    # The same account from elsewhere is fine: only the address is locked.
    elsewhere = Client(REMOTE_ADDR="198.51.100.8")
    response = _shop_post(elsewhere, bystander.email, PASSWORD)
    assert response.status_code == 302 and _logged_in(elsewhere)


@override_settings(AXES_ADDRESS_FAILURE_LIMIT=8)
def test_logging_in_to_ones_own_account_does_not_clear_the_failures_against_another(db):
    attacker = UserFactory(email="ke-gian@example.vn")
    victim = UserFactory(email="nan-nhan@example.vn")
    client = Client(REMOTE_ADDR="198.51.100.20")
    for _ in range(3):
        _shop_post(client, victim.email, WRONG)
    assert _shop_post(client, attacker.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        _shop_post(client, victim.email, WRONG)
    response = _shop_post(Client(REMOTE_ADDR="198.51.100.21"), victim.email, PASSWORD)
    assert response.status_code == 429


@override_settings(TRUSTED_PROXY_NETWORKS=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_forwarded_client_address_is_throttled_and_a_forged_one_ignored(staff_user):
    # The proxy appends the address it saw; whatever the client put in front of it is ignored.
    for forged in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"]:
        client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{forged}, 192.0.2.44, 10.1.2.3")
        _plain_post("/django-admin/login/")(client, "canbo", WRONG)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.44"}


@override_settings(TRUSTED_PROXY_NETWORKS=["10.0.0.0/8"], AXES_ADDRESS_FAILURE_LIMIT=8)
def test_behind_the_proxy_one_address_locked_out_does_not_lock_out_everyone(db):
    victims = [UserFactory(email=f"nguoi{i}@example.vn") for i in range(4)]
    bystander = UserFactory(email="khac@example.vn")
    for victim in victims:
        for _ in range(2):
            _shop_post(Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7"), victim.email, WRONG)
    locked = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert _shop_post(locked, bystander.email, PASSWORD).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert _shop_post(other, bystander.email, PASSWORD).status_code == 302


@override_settings(TRUSTED_PROXY_NETWORKS=["10.0.0.0/8"])
def test_x_forwarded_for_from_a_peer_outside_the_proxy_networks_is_ignored(staff_user):
    client = Client(REMOTE_ADDR="192.0.2.60", HTTP_X_FORWARDED_FOR="9.9.9.9")
    _plain_post("/django-admin/login/")(client, "canbo", WRONG)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.60"]


def test_ipv6_clients_are_counted_by_their_64(staff_user):
    for address in ("2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff:ffff:ffff:fff0"):
        _plain_post("/django-admin/login/")(Client(REMOTE_ADDR=address), "canbo", WRONG)
    _plain_post("/django-admin/login/")(Client(REMOTE_ADDR="2001:db8:1:3::1"), "canbo", WRONG)
    counts = dict(AccessAttempt.objects.values_list("ip_address", "failures_since_start"))
    assert counts == {"2001:db8:1:2::": 3, "2001:db8:1:3::": 1}


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(staff_user):
    client = Client(REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="9.9.9.9")
    _plain_post("/django-admin/login/")(client, "canbo", WRONG)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.50"]


# Unlocking -----------------------------------------------------------------------------------------------------


def _lock_out(user, *, address="192.0.2.77"):
    client = Client(REMOTE_ADDR=address)
    for _ in range(5):
        _shop_post(client, user.email, WRONG)
    assert _shop_post(client, user.email, PASSWORD).status_code == 429


def test_an_officer_sees_the_locked_account_and_unlocks_it_and_it_is_recorded(db):
    shopper = UserFactory(email="KhachHang@example.vn")
    _lock_out(shopper)
    officer = OfficerFactory()
    client = Client()
    client.force_login(officer)

    page = client.get("/dashboard/security/lockouts/").content.decode()
    assert page.count('data-testid="locked-account"') == 1 and "khachhang@example.vn" in page
    assert 'data-testid="no-locked-addresses"' in page  # 6 failures: below the address limit

    # A GET does nothing; the unlock is a POST.
    assert client.get("/dashboard/security/lockouts/unlock/?username=khachhang@example.vn").status_code == 405
    response = client.post("/dashboard/security/lockouts/unlock/", {"username": "khachhang@example.vn"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/security/lockouts/"

    entry = LogEntry.objects.get()
    assert entry.user == officer and "khachhang@example.vn" in entry.change_message
    page = client.get("/dashboard/security/lockouts/").content.decode()
    assert 'data-testid="no-locked-accounts"' in page

    shop = Client(REMOTE_ADDR="192.0.2.77")
    response = _shop_post(shop, shopper.email, PASSWORD)
    assert response.status_code == 302 and _logged_in(shop)


@override_settings(AXES_ADDRESS_FAILURE_LIMIT=8)
def test_an_officer_unlocks_an_address(db):
    users = [UserFactory() for _ in range(2)]
    client = Client(REMOTE_ADDR="198.51.100.30")
    for user in users:
        for _ in range(4):
            _shop_post(client, user.email, WRONG)
    assert _shop_post(client, users[0].email, PASSWORD).status_code == 429

    officer = Client()
    officer.force_login(OfficerFactory())
    page = officer.get("/dashboard/security/lockouts/").content.decode()
    assert page.count('data-testid="locked-address"') == 1 and "198.51.100.30" in page
    officer.post("/dashboard/security/lockouts/unlock/", {"ip_address": "198.51.100.30"})

    response = _shop_post(client, users[1].email, PASSWORD)
    assert response.status_code == 302


@pytest.mark.parametrize("data", [{}, {"username": "a@example.vn", "ip_address": "192.0.2.1"}, {"ip_address": "x"}])
def test_an_unlock_needs_exactly_one_valid_account_or_address(db, data):
    shopper = UserFactory()
    _lock_out(shopper)
    client = Client()
    client.force_login(OfficerFactory())
    response = client.post("/dashboard/security/lockouts/unlock/", data, follow=True)
    assert response.status_code == 200
    assert not LogEntry.objects.exists()
    assert AccessAttempt.objects.filter(username=shopper.email).exists()


def test_a_producer_and_a_shopper_cannot_open_or_use_the_unlock_screen(db):
    shopper = UserFactory()
    _lock_out(shopper)
    producer_user = ProducerUserFactory(producer=ProducerFactory())
    for user in (producer_user, UserFactory()):
        client = Client()
        client.force_login(user)
        assert client.get("/dashboard/security/lockouts/").status_code == 403
        response = client.post("/dashboard/security/lockouts/unlock/", {"username": shopper.email})
        assert response.status_code == 403
    assert AccessAttempt.objects.filter(username=shopper.email).exists()
    anonymous = Client().get("/dashboard/security/lockouts/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_the_dashboard_menu_leads_officers_and_staff_to_the_unlock_screen_and_not_producers(db):
    officer, staff = OfficerFactory(), UserFactory(is_staff=True)
    for user in (officer, staff):
        client = Client()
        client.force_login(user)
        page = client.get("/dashboard/").content.decode()
        assert 'href="/dashboard/security/lockouts/"' in page
        assert client.get("/dashboard/security/lockouts/").status_code == 200
    producer = Client()
    producer.force_login(ProducerUserFactory(producer=ProducerFactory()))
    assert 'href="/dashboard/security/lockouts/"' not in producer.get("/dashboard/").content.decode()


def test_unlocking_takes_the_e_mail_in_any_case_or_the_username(db, staff_user):
    for given in ("Canbo@Example.vn", "canbo"):
        _lock_out(staff_user)
        client = Client()
        client.force_login(OfficerFactory())
        response = client.post("/dashboard/security/lockouts/unlock/", {"username": given}, follow=True)
        assert [m.level_tag for m in response.context["messages"]] == ["success"]
        assert not AccessAttempt.objects.filter(username="canbo@example.vn").exists()
        shop = Client(REMOTE_ADDR="192.0.2.77")
        assert _shop_post(shop, staff_user.email, PASSWORD).status_code == 302


def test_unlocking_what_is_not_locked_says_so_and_records_nothing(db):
    shopper = UserFactory(email="khoa@example.vn")
    _lock_out(shopper)
    client = Client()
    client.force_login(OfficerFactory())
    response = client.post("/dashboard/security/lockouts/unlock/", {"username": "nobody@example.vn"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and "nobody@example.vn" in messages[0]
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not LogEntry.objects.exists()
    assert AccessAttempt.objects.filter(username="khoa@example.vn").exists()


def test_the_lockout_does_not_grow_while_someone_keeps_trying(db):
    from datetime import timedelta

    from django.utils import timezone

    shopper = UserFactory(email="kien-nhan@example.vn")
    _lock_out(shopper)
    # 29 minutes later, still guessing: the cool-off keeps counting from the lockout.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=29))
    client = Client(REMOTE_ADDR="192.0.2.78")
    assert _shop_post(client, shopper.email, WRONG).status_code == 429
    assert all(a.attempt_time < timezone.now() - timedelta(minutes=28) for a in AccessAttempt.objects.all())
    # Two minutes later the cool-off is over.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert _shop_post(client, shopper.email, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("reset_path", "confirm_prefix"),
    [
        ("/shop/password-reset/", "/shop/password-reset/confirm/"),
        ("/cms/password_reset/", "/cms/password_reset/confirm/"),
    ],
)
def test_resetting_the_password_lifts_the_accounts_lockout(db, staff_user, reset_path, confirm_prefix):
    import re

    from django.core import mail

    _lock_out(staff_user)
    page = _shop_post(Client(REMOTE_ADDR="192.0.2.77"), staff_user.email, PASSWORD).content.decode()
    assert 'href="/shop/password-reset/"' in page  # the lockout page sends the owner to the reset

    client = Client(REMOTE_ADDR="192.0.2.90")
    assert client.post(reset_path, {"email": staff_user.email}).status_code == 302
    (message,) = mail.outbox
    (link,) = re.findall(re.escape(confirm_prefix) + r"\S+/", message.body)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "Mat-khau-moi-2468", "new_password2": "Mat-khau-moi-2468"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="canbo@example.vn").exists()
    shop = Client(REMOTE_ADDR="192.0.2.77")
    assert _shop_post(shop, staff_user.email, "Mat-khau-moi-2468").status_code == 302


# PostgreSQL: UPPER() folds look-alikes ("ſ" to "S"), and AccessAttempt.username is varchar(255). -------------


def _postgres(connection):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (UPPER() folding and varchar limits)")


@pytest.mark.parametrize(
    ("email", "look_alike"), [("sis@example.vn", "ſiſ@example.vn"), ("bill@example.vn", "bıll@example.vn")]
)
def test_a_look_alike_spelling_of_a_locked_e_mail_is_refused(db, email, look_alike):
    from axes.utils import reset
    from django.db import connection

    _postgres(connection)
    user = UserFactory(email=email)
    _lock_out(user)
    # PostgreSQL's iexact (UPPER) matches the look-alike to the account: the throttle counts it there.
    client = Client(REMOTE_ADDR="192.0.2.99")
    response = _shop_post(client, look_alike, PASSWORD)
    assert response.status_code == 429 and not _logged_in(client)
    # Unlocked, the look-alike does log in to that account: why it must count for it.
    reset(username=email)
    response = _shop_post(client, look_alike, PASSWORD)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_a_very_long_login_name_is_counted_not_a_server_error(db):
    from django.db import connection

    _postgres(connection)
    name = "a" * 250 + "@example.vn"  # 261 characters
    client = Client(REMOTE_ADDR="192.0.2.98")
    for _ in range(5):
        response = _plain_post("/django-admin/login/")(client, name, WRONG)
        assert response.status_code in (200, 429)
    (key,) = AccessAttempt.objects.values_list("username", flat=True)
    assert key.startswith("h:") and len(key) == 66
    assert _plain_post("/django-admin/login/")(client, name, WRONG).status_code == 429
