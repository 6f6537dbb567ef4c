"""Every officer screen that exists today, for every role: officers and staff open it, producers get 403,
anonymous users are sent to log in; the officers' menu shows these screens to officers only.

Officers (the Officers group) are not staff: Oscar's dashboard apps admit them through
``marketplace.dashboard.access.OfficerAccessMixin`` (our forks of offers, vouchers, ranges, reports and
partners); booth decisions are Wagtail admin views (``events.fairs.admin_views``).
Pages are requested under /en/ so that texts are compared in English whatever the translations.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from marketplace.core.roles import OFFICERS, PRODUCERS, roles_ensure_groups
from tests.factories import (
    FairIndexPageFactory,
    FairPageFactory,
    OfficerFactory,
    ProducerApplicationFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductFactory,
    PurchaseFactory,
    UserFactory,
)

Range = get_model("offer", "Range")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")
VoucherSet = get_model("voucher", "VoucherSet")
PartnerAddress = get_model("partner", "PartnerAddress")
Country = get_model("address", "Country")

pytestmark = pytest.mark.django_db

REPORT_CODES = (
    "order_report",
    "product_analytics",
    "user_analytics",
    "open_baskets",
    "submitted_baskets",
    "vouchers",
    "conditional-offers",
)


@pytest.fixture
def english(_default_language):
    translation.activate("en")
    yield
    translation.activate("vi")


class World:
    """Two producers (one with a user), an order, an offer on a range, a voucher and voucher set, a producer
    application and a booth application; an officer, a staff user (no Django permissions), a superuser."""

    def __init__(self):
        roles_ensure_groups()
        self.producer = ProducerFactory(name="HTX Mật ong Tân Sơn")
        self.other = ProducerFactory(name="HTX Chè Long Cốc")
        self.producer_user = ProducerUserFactory(producer=self.producer, email="giamdoc@example.vn")
        self.officer = OfficerFactory()
        self.staff = UserFactory(is_staff=True)
        self.superuser = UserFactory(is_staff=True, is_superuser=True)
        self.honey = ProductFactory(title="Mật ong rừng", stockrecord__producer=self.producer, certification=75)
        self.purchase = PurchaseFactory(items=[(self.honey, 1)], email="khach@example.vn")
        self.range = Range.objects.create(name="Sản phẩm OCOP 4 sao", includes_all_products=True)
        now = timezone.now()
        self.offer = ConditionalOffer.objects.create(
            name="Giảm 10% mùa Tết",
            offer_type=ConditionalOffer.SITE,
            condition=Condition.objects.create(range=self.range, type=Condition.COUNT, value=1),
            benefit=Benefit.objects.create(range=self.range, type=Benefit.PERCENTAGE, value=Decimal("10")),
        )
        self.voucher = Voucher.objects.create(
            name="Mã Tết", code="TET2026", start_datetime=now, end_datetime=now + datetime.timedelta(days=30)
        )
        self.voucher.offers.add(
            ConditionalOffer.objects.create(
                name="Mã Tết",
                offer_type=ConditionalOffer.VOUCHER,
                condition=Condition.objects.create(range=self.range, type=Condition.COUNT, value=1),
                benefit=Benefit.objects.create(range=self.range, type=Benefit.FIXED, value=Decimal("20000")),
            )
        )
        self.voucher_set = VoucherSet.objects.create(
            name="Bộ mã hội chợ",
            count=2,
            code_length=8,
            start_datetime=now,
            end_datetime=now + datetime.timedelta(days=30),
            description="Mã giảm giá phát ở hội chợ",
        )
        self.application = ProducerApplicationFactory(name="HTX Chè Thanh Ba")


@pytest.fixture
def world(english):
    return World()


@pytest.fixture
def booth(home_page, world):
    from wagtail.models import Collection

    from tests.factories import BoothApplicationFactory

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    fair = FairPageFactory(parent=FairIndexPageFactory(parent=home_page), booth_capacity=5)
    return BoothApplicationFactory(fair=fair, producer=world.other)


# The Oscar dashboard's officer screens: officers and staff 200, producers 403, anonymous → dashboard login.
DASHBOARD_PAGES = {
    # Marketplace (the dashboard app itself and its forks of orders and catalogue).
    "index": lambda w: reverse("dashboard:index"),
    "order-list": lambda w: reverse("dashboard:order-list"),
    "order-stats": lambda w: reverse("dashboard:order-stats"),
    "payments-awaiting": lambda w: reverse("dashboard:payments-awaiting"),
    "producer-balances": lambda w: reverse("dashboard:producer-balance-list"),
    "product-list": lambda w: reverse("dashboard:catalogue-product-list"),
    "lots": lambda w: reverse("dashboard:producer-lot-list"),
    "certifications": lambda w: reverse("dashboard:producer-certification-list"),
    "lockouts": lambda w: reverse("dashboard:security-lockout-list"),
    # Producers (Oscar's partners).
    "partner-list": lambda w: reverse("dashboard:partner-list"),
    "partner-list-search": lambda w: reverse("dashboard:partner-list") + "?name=Mật",
    "partner-create": lambda w: reverse("dashboard:partner-create"),
    "partner-manage": lambda w: reverse("dashboard:partner-manage", kwargs={"pk": w.producer.pk}),
    "partner-user-select": lambda w: (
        reverse("dashboard:partner-user-select", kwargs={"partner_pk": w.other.pk}) + "?email=giamdoc"
    ),
    # Promotions: offers, the ranges they apply to, vouchers and voucher sets.
    "offer-list": lambda w: reverse("dashboard:offer-list"),
    "offer-detail": lambda w: reverse("dashboard:offer-detail", kwargs={"pk": w.offer.pk}),
    "offer-create": lambda w: reverse("dashboard:offer-metadata"),
    "offer-update": lambda w: reverse("dashboard:offer-metadata", kwargs={"pk": w.offer.pk}),
    "offer-delete": lambda w: reverse("dashboard:offer-delete", kwargs={"pk": w.offer.pk}),
    "range-list": lambda w: reverse("dashboard:range-list"),
    "range-create": lambda w: reverse("dashboard:range-create"),
    "range-update": lambda w: reverse("dashboard:range-update", kwargs={"pk": w.range.pk}),
    "range-products": lambda w: reverse("dashboard:range-products", kwargs={"pk": w.range.pk}),
    "voucher-list": lambda w: reverse("dashboard:voucher-list"),
    "voucher-create": lambda w: reverse("dashboard:voucher-create"),
    "voucher-update": lambda w: reverse("dashboard:voucher-update", kwargs={"pk": w.voucher.pk}),
    "voucher-stats": lambda w: reverse("dashboard:voucher-stats", kwargs={"pk": w.voucher.pk}),
    "voucher-set-list": lambda w: reverse("dashboard:voucher-set-list"),
    "voucher-set-create": lambda w: reverse("dashboard:voucher-set-create"),
    "voucher-set-detail": lambda w: reverse("dashboard:voucher-set-detail", kwargs={"pk": w.voucher_set.pk}),
    "voucher-set-download": lambda w: reverse("dashboard:voucher-set-download", kwargs={"pk": w.voucher_set.pk}),
    # Reports: the form, then each report on the page and as a CSV download.
    "reports-index": lambda w: reverse("dashboard:reports-index"),
    **{
        f"report-{code}": lambda w, code=code: reverse("dashboard:reports-index") + f"?report_type={code}"
        for code in REPORT_CODES
    },
    **{
        f"report-{code}-csv": lambda w, code=code: (
            reverse("dashboard:reports-index") + f"?report_type={code}&download=on"
        )
        for code in REPORT_CODES
    },
}

# Producer applications (marketplace.onboarding): anonymous users go to the customer login page.
ONBOARDING_PAGES = {
    "application-list": lambda w: reverse("onboarding-dashboard:application-list"),
    "application-detail": lambda w: reverse("onboarding-dashboard:application-detail", kwargs={"pk": w.application.pk}),
}

OFFICER_PAGES = {**DASHBOARD_PAGES, **ONBOARDING_PAGES}

# Partners' pages that stay with staff holding the Django permissions: they set passwords and can make a user staff.
STAFF_ONLY_PARTNER_PAGES = {
    "partner-delete": lambda w: reverse("dashboard:partner-delete", kwargs={"pk": w.other.pk}),
    "partner-user-create": lambda w: reverse("dashboard:partner-user-create", kwargs={"partner_pk": w.producer.pk}),
    "partner-user-update": lambda w: reverse(
        "dashboard:partner-user-update", kwargs={"partner_pk": w.producer.pk, "user_pk": w.producer_user.pk}
    ),
}


# Pages producers also open, each showing only their own producer's objects (test_producer_dashboard.py).
SHARED_WITH_PRODUCERS = {
    "index",
    "order-list",
    "order-stats",
    "product-list",
    "lots",
    "certifications",
    "producer-balances",
}


def _login_url(page) -> str:
    return reverse("customer:login") if page in ONBOARDING_PAGES else reverse("dashboard:login")


@pytest.mark.parametrize("page", OFFICER_PAGES)
def test_every_officer_screen_for_every_role(client, world, page):
    """Officers and staff 200; producers 403 (or their own objects only, on the pages they share);
    anonymous users are sent to log in."""
    url = OFFICER_PAGES[page](world)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(_login_url(page))
    for who in ("officer", "staff"):
        client.force_login(getattr(world, who))
        response = client.get(url)
        assert response.status_code == 200, (who, response.status_code)
    client.force_login(world.producer_user)
    status = client.get(url).status_code
    if page in SHARED_WITH_PRODUCERS:
        assert status in (200, 302), status  # a producer with one producer goes straight to its balance
    else:
        assert status == 403, status


def test_users_without_a_role_get_403(client, world):
    client.force_login(UserFactory())
    for page in ("offer-list", "voucher-list", "range-list", "reports-index", "partner-list"):
        assert client.get(DASHBOARD_PAGES[page](world)).status_code == 403, page


# Reports -----------------------------------------------------------------------------------------------------------


def test_officers_read_the_order_report_with_every_producers_orders(client, world):
    order = world.purchase.orders.get()
    client.force_login(world.officer)
    response = client.get(reverse("dashboard:reports-index") + "?report_type=order_report")
    assert response.status_code == 200
    assert order.number in response.content.decode()
    csv = client.get(reverse("dashboard:reports-index") + "?report_type=order_report&download=on")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert order.number in csv.content.decode()


def test_an_unknown_report_re_renders_the_form_with_an_error(client, world):
    client.force_login(world.officer)
    response = client.get(reverse("dashboard:reports-index") + "?report_type=salaries")
    assert response.status_code == 200
    assert response.context["form"].errors["report_type"]


# Producers (partners) ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", STAFF_ONLY_PARTNER_PAGES)
def test_deleting_producers_and_editing_user_accounts_stay_with_staff(client, world, page):
    url = STAFF_ONLY_PARTNER_PAGES[page](world)
    for user in (world.officer, world.producer_user, world.staff):  # staff without the Django permissions too
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(world.superuser)
    assert client.get(url).status_code == 200


def test_officers_cannot_make_a_user_staff_through_the_partner_forms(client, world):
    client.force_login(world.officer)
    url = STAFF_ONLY_PARTNER_PAGES["partner-user-update"](world)
    response = client.post(url, {"first_name": "A", "last_name": "B", "role": "staff"})
    assert response.status_code == 403
    world.producer_user.refresh_from_db()
    assert not world.producer_user.is_staff


def test_the_producer_pages_hide_the_staff_only_actions_from_officers(client, world):
    links = [
        reverse("dashboard:partner-delete", kwargs={"pk": world.producer.pk}),
        reverse("dashboard:partner-user-create", kwargs={"partner_pk": world.producer.pk}),
        reverse(
            "dashboard:partner-user-update", kwargs={"partner_pk": world.producer.pk, "user_pk": world.producer_user.pk}
        ),
    ]
    pages = [reverse("dashboard:partner-list"), reverse("dashboard:partner-manage", kwargs={"pk": world.producer.pk})]
    client.force_login(world.officer)
    officer_html = "".join(client.get(page).content.decode() for page in pages)
    assert "giamdoc@example.vn" in officer_html  # the producer's user is listed, without an edit link
    assert world.producer.name in officer_html
    assert not [link for link in links if link in officer_html]
    assert reverse("dashboard:partner-user-select", kwargs={"partner_pk": world.producer.pk}) in officer_html
    client.force_login(world.superuser)
    superuser_html = "".join(client.get(page).content.decode() for page in pages)
    assert all(link in superuser_html for link in links)


def test_an_officer_edits_a_producers_address(client, world):
    Country.objects.get_or_create(iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "printable_name": "Việt Nam"})
    client.force_login(world.officer)
    url = reverse("dashboard:partner-manage", kwargs={"pk": world.producer.pk})
    address = {"name": "HTX Mật ong Tân Sơn", "line1": "Khu 5", "line4": "Việt Trì", "country": ""}
    response = client.post(url, address)
    assert response.status_code == 200  # without a country the form comes back with its error, nothing saved
    assert response.context["form"].errors["country"]
    assert not PartnerAddress.objects.filter(partner=world.producer).exists()
    response = client.post(url, {**address, "name": "HTX Mật ong rừng Tân Sơn", "country": "VN"})
    assert response.status_code == 302
    world.producer.refresh_from_db()
    assert world.producer.name == "HTX Mật ong rừng Tân Sơn"
    assert PartnerAddress.objects.get(partner=world.producer).line1 == "Khu 5"


def test_an_officer_links_and_unlinks_a_user_with_posts_only(client, world):
    newcomer = UserFactory(email="ketoan@example.vn")
    link = reverse("dashboard:partner-user-link", kwargs={"partner_pk": world.producer.pk, "user_pk": newcomer.pk})
    unlink = reverse("dashboard:partner-user-unlink", kwargs={"partner_pk": world.producer.pk, "user_pk": newcomer.pk})
    client.force_login(world.officer)

    response = client.get(link)  # a link followed (or planted in a page) changes nothing
    assert response.status_code == 302
    assert response.url == reverse("dashboard:partner-user-select", kwargs={"partner_pk": world.producer.pk})
    assert not world.producer.users.filter(pk=newcomer.pk).exists()

    response = client.post(link)
    assert response.status_code == 302
    assert world.producer.users.filter(pk=newcomer.pk).exists()
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)  # fresh permission cache
    assert newcomer.has_perm("partner.dashboard_access")

    response = client.post(unlink, follow=True)
    assert not world.producer.users.filter(pk=newcomer.pk).exists()
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)
    assert not newcomer.has_perm("partner.dashboard_access")
    messages = [str(m) for m in response.context["messages"]]
    assert any("was unlinked from" in m for m in messages)
    assert link not in response.content.decode()  # no "Undo" link that would link again on GET


def test_producers_cannot_link_users_to_their_producer(client, world):
    stranger = UserFactory()
    client.force_login(world.producer_user)
    url = reverse("dashboard:partner-user-link", kwargs={"partner_pk": world.producer.pk, "user_pk": stranger.pk})
    assert client.post(url).status_code == 403
    assert not world.producer.users.filter(pk=stranger.pk).exists()


def _producers(n):
    for i in range(n):
        producer = ProducerFactory(name=f"HTX số {i:03d}")
        ProducerUserFactory(producer=producer)
        PartnerAddress.objects.create(partner=producer, line1="Khu 1", line4="Việt Trì", country_id="VN")


@pytest.mark.parametrize("rows", [5, 50])
def test_the_producer_list_stays_within_a_fixed_query_budget(client, world, django_assert_max_num_queries, rows):
    Country.objects.get_or_create(iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "printable_name": "Việt Nam"})
    _producers(rows)
    client.force_login(world.officer)
    with django_assert_max_num_queries(15):  # 13 today, whatever the number of producers
        response = client.get(reverse("dashboard:partner-list"))
    assert response.status_code == 200
    shown = len(response.context["partners"])
    assert shown == min(rows + 2, 20)  # paged, 20 a page


# Booth decisions (Wagtail admin) ------------------------------------------------------------------------------------


def test_officers_open_and_decide_booth_applications(client, world, booth):
    client.force_login(world.officer)
    assert client.get(reverse("fairs_booth_applications:index")).status_code == 200
    url = reverse("fairs_booth_applications:decide", args=[booth.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "approved"}).status_code == 302
    booth.refresh_from_db()
    assert (booth.status, booth.decided_by) == ("approved", world.officer)


def test_producers_and_anonymous_users_are_turned_away_from_booth_decisions(client, world, booth):
    """Wagtail's admin answers users without admin access with a redirect to its login page and a message
    (not 403); the decision is not taken."""
    url = reverse("fairs_booth_applications:decide", args=[booth.pk])
    response = client.post(url, {"decision": "approved"})
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))
    client.force_login(world.producer_user)
    for response in (client.get(reverse("fairs_booth_applications:index")), client.post(url, {"decision": "approved"})):
        assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))
    booth.refresh_from_db()
    assert booth.status == "submitted"


# The officers' menu --------------------------------------------------------------------------------------------------

MENU_ENTRIES = {
    "Producers": "dashboard:partner-list",
    "Offers": "dashboard:offer-list",
    "Vouchers": "dashboard:voucher-list",
    "Ranges": "dashboard:range-list",
    "Reports": "dashboard:reports-index",
    "Producer applications": "onboarding-dashboard:application-list",
    "Certificates": "dashboard:producer-certification-list",
    "Payments awaiting": "dashboard:payments-awaiting",
}


def _menu_links(client) -> set[str]:
    """The hrefs of the dashboard's navigation bar on the dashboard's home page."""
    import re

    html = client.get(reverse("dashboard:index")).content.decode()
    start = html.index("navbar-primary")  # the dashboard menu (oscar/dashboard/layout.html)
    nav = html[start : html.index("</nav>", start)]
    return set(re.findall(r'href="([^"#]+)"', nav))


def test_the_menu_shows_the_officer_screens_to_officers_and_staff_only(client, world):
    expected = {reverse(name) for name in MENU_ENTRIES.values()}
    for who in ("officer", "staff"):
        client.force_login(getattr(world, who))
        assert expected <= _menu_links(client), who
    client.force_login(world.producer_user)
    producer_links = _menu_links(client)
    assert not (expected - {reverse("dashboard:producer-certification-list")}) & producer_links
    assert reverse("dashboard:order-list") in producer_links  # the producer's own section is still there


# Roles ---------------------------------------------------------------------------------------------------------------


def test_ensure_roles_creates_the_groups_and_is_idempotent(capsys):
    Group.objects.filter(name=PRODUCERS).delete()
    call_command("ensure_roles")
    call_command("ensure_roles")
    out = capsys.readouterr().out
    producers = Group.objects.get(name=PRODUCERS)  # one group, whatever the number of runs
    assert producers.permissions.filter(content_type__app_label="partner", codename="dashboard_access").exists()
    assert out.count(f"Producers: {producers.permissions.count()} permissions") == 2
    officers = Group.objects.get(name=OFFICERS)
    assert officers.permissions.filter(content_type__app_label="wagtailadmin", codename="access_admin").exists()
