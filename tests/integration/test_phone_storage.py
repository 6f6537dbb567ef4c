"""One stored phone format: E.164 ("+84912345678") in the database, national ("0912 345 678") on pages.

Every writer of a number people type stores E.164 (the producer's profile, the admin's producer and sales-point
forms, producer applications and the producer an approval creates); pages show it the way Vietnamese people write
it, with tel: and Zalo links that work; the data migrations rewrite the rows stored before in any other form and
leave what does not parse as it was.
"""

import importlib

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.template import Context, Template
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.core.phone import (
    INVALID_PHONE_MESSAGE,
    phone_display,
    phone_rows_to_e164,
    phone_to_e164,
    phone_zalo_url,
)
from marketplace.core.roles import roles_ensure_groups
from marketplace.onboarding.services import application_approve
from marketplace.shipping.models import SalesPoint
from tests.factories import (
    OfficerFactory,
    ProducerApplicationFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductFactory,
    PurchaseFactory,
    UserFactory,
    WardFactory,
)
from tests.forms import form_post_data

Partner = get_model("partner", "Partner")
Purchase = get_model("order", "Purchase")
ProducerApplication = get_model("onboarding", "ProducerApplication")

pytestmark = pytest.mark.django_db

# The data migrations, with the rows (model, phone fields) each one rewrites.
PHONE_MIGRATIONS = [
    ("onboarding", "0004_application_phone_e164"),
    ("partner", "0016_partner_phones_e164"),
    ("order", "0026_purchase_phone_e164"),
    ("shipping", "0005_salespoint_phone_e164"),
]


def _admin_post(client, url, **changes):
    """Post a Django admin change form back as rendered, with ``changes``."""
    response = client.get(url)
    assert response.status_code == 200
    data = form_post_data(response.context["adminform"].form)
    data.update(changes)
    return client.post(url, data)


def _sales_point(**fields) -> SalesPoint:
    values = {"name": "Điểm bán OCOP Việt Trì", "slug": "diem-ban-ocop-viet-tri", "street_address": "Số 1"}
    values.update(fields)
    return SalesPoint.objects.create(region=WardFactory(), **values)


# The one module ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912 345 678", "+84912345678"),
        ("091.234.5678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("0210 3812 345", "+842103812345"),
    ],
)
def test_a_typed_number_is_stored_in_e164(typed, stored):
    assert phone_to_e164(typed) == stored


@pytest.mark.parametrize(
    ("stored", "shown", "zalo"),
    [
        ("+84912345678", "0912 345 678", "https://zalo.me/0912345678"),
        ("+842103812345", "0210 3812 345", "https://zalo.me/02103812345"),
        # Legacy rows (before the migration): national digits, or grouped as typed.
        ("0912345678", "0912 345 678", "https://zalo.me/0912345678"),
        ("0210 3812 345", "0210 3812 345", "https://zalo.me/02103812345"),
        # Not a Vietnamese number: shown as stored, never an error on a page.
        ("hotline 1900", "hotline 1900", "https://zalo.me/hotline1900"),
        ("", "", ""),
    ],
)
def test_display_is_national_and_the_zalo_link_uses_national_digits(stored, shown, zalo):
    assert phone_display(stored) == shown
    assert phone_zalo_url(stored) == zalo
    rendered = Template("{% load phone_tags %}[{{ x|phone_display }}|{{ x|phone_zalo_url }}]").render(
        Context({"x": stored})
    )
    assert rendered == f"[{shown}|{zalo}]"


def test_the_display_filter_escapes_what_it_shows_as_stored():
    rendered = Template("{% load phone_tags %}{{ x|phone_display }}").render(Context({"x": "<b>0912</b>"}))
    assert rendered == "&lt;b&gt;0912&lt;/b&gt;"


# Writers -----------------------------------------------------------------------------------------------------------


def test_the_producer_profile_stores_e164_and_the_public_pages_show_national(client):
    roles_ensure_groups()
    producer = ProducerFactory(name="Công ty Chè Thanh Ba", phone="", zalo_phone="")
    client.force_login(ProducerUserFactory(producer=producer))
    url = reverse("dashboard:producer-profile")
    data = form_post_data(client.get(url).context["form"])
    data.update(phone="0210 3812 345", zalo_phone="098 765 4321", logo="")

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    producer.refresh_from_db()
    assert (producer.phone, producer.zalo_phone) == ("+842103812345", "+84987654321")
    page = client.get(producer.get_absolute_url()).content.decode()
    assert '<a href="tel:+842103812345">0210 3812 345</a>' in page
    assert '<a href="https://zalo.me/0987654321" rel="noopener">0987 654 321</a>' in page
    assert "+84987654321" not in page
    # The form shows the owner the number the way they write it, not the stored form.
    form_page = client.get(url).content.decode()
    assert 'value="0210 3812 345"' in form_page and 'value="+842103812345"' not in form_page


def test_the_admin_stores_a_producer_s_and_a_sales_point_s_numbers_in_e164(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    producer = ProducerFactory(phone="", zalo_phone="")
    point = _sales_point(phone="")

    producer_response = _admin_post(
        client,
        reverse("admin:partner_partner_change", args=[producer.pk]),
        phone="0912 345 678",
        zalo_phone="+84 987 654 321",
    )
    point_response = _admin_post(
        client, reverse("admin:shipping_salespoint_change", args=[point.pk]), phone="0210 3846 111"
    )

    assert producer_response.status_code == 302, producer_response.content.decode()[:3000]
    assert point_response.status_code == 302, point_response.content.decode()[:3000]
    producer.refresh_from_db()
    point.refresh_from_db()
    assert (producer.phone, producer.zalo_phone, point.phone) == ("+84912345678", "+84987654321", "+842103846111")


def test_the_admin_refuses_a_number_that_is_not_vietnamese_and_saves_nothing(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    point = _sales_point(phone="+842103846111", opening_hours="7:00–17:00")

    response = _admin_post(
        client,
        reverse("admin:shipping_salespoint_change", args=[point.pk]),
        phone="1900 1234",
        opening_hours="8:00–18:00",
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["phone"] == [str(INVALID_PHONE_MESSAGE)]
    point.refresh_from_db()
    assert (point.phone, point.opening_hours) == ("+842103846111", "7:00–17:00")


def test_an_approved_application_gives_the_producer_the_number_in_e164():
    application = ProducerApplicationFactory(phone="+842103812345")

    application_approve(application=application, officer=OfficerFactory())

    producer = Partner.objects.get(registration_number=application.registration_number)
    assert producer.phone == "+842103812345"


def test_the_officer_sees_an_applicant_s_number_nationally(client):
    application = ProducerApplicationFactory(phone="+84912345678")
    client.force_login(OfficerFactory())

    page = client.get(reverse("onboarding-dashboard:application-detail", args=[application.pk])).content.decode()

    assert '<a href="tel:+84912345678">0912 345 678</a>' in page


# The data migrations -----------------------------------------------------------------------------------------------


def _run_migration(app_label: str, name: str) -> None:
    module = importlib.import_module(f"marketplace.{app_label}.migrations.{name}")
    module.phones_to_e164(global_apps, None)


def test_each_app_has_its_phone_migration_and_going_back_changes_nothing():
    graph = MigrationLoader(connection).graph
    for app_label, name in PHONE_MIGRATIONS:
        assert (app_label, name) in graph.nodes
        migration = graph.nodes[(app_label, name)]
        (operation,) = migration.operations
        assert isinstance(operation, RunPython) and operation.reversible
        assert operation.reverse_code is RunPython.noop


def test_the_migrations_rewrite_legacy_rows_and_leave_what_does_not_parse():
    grouped = ProducerFactory(phone="", zalo_phone="")
    unparsed = ProducerFactory(phone="", zalo_phone="")
    Partner.objects.filter(pk=grouped.pk).update(phone="0210 3812 345", zalo_phone="0987654321")
    Partner.objects.filter(pk=unparsed.pk).update(phone="hotline 1900", zalo_phone="")
    purchase = PurchaseFactory(items=[(ProductFactory(), 1)])
    Purchase.objects.filter(pk=purchase.pk).update(phone="0912345678")  # the checkout's former form
    point = _sales_point(phone="0210 3846 111")
    foreign_point = _sales_point(name="Showroom", slug="showroom", phone="+1 202 555 0143")
    application = ProducerApplicationFactory()
    ProducerApplication.objects.filter(pk=application.pk).update(phone="0912 345 678")
    already = ProducerApplicationFactory(phone="+842103812345")

    for app_label, name in PHONE_MIGRATIONS:
        _run_migration(app_label, name)

    assert list(Partner.objects.filter(pk=grouped.pk).values_list("phone", "zalo_phone")) == [
        ("+842103812345", "+84987654321")
    ]
    assert list(Partner.objects.filter(pk=unparsed.pk).values_list("phone", "zalo_phone")) == [("hotline 1900", "")]
    assert Purchase.objects.get(pk=purchase.pk).phone == "+84912345678"
    assert SalesPoint.objects.get(pk=point.pk).phone == "+842103846111"
    assert SalesPoint.objects.get(pk=foreign_point.pk).phone == "+1 202 555 0143"
    assert ProducerApplication.objects.get(pk=application.pk).phone == "+84912345678"
    assert ProducerApplication.objects.get(pk=already.pk).phone == "+842103812345"


def test_rewriting_twice_changes_nothing_the_second_time():
    producer = ProducerFactory(phone="", zalo_phone="")
    Partner.objects.filter(pk=producer.pk).update(phone="0912 345 678", zalo_phone="0912345678")

    first = phone_rows_to_e164(model=Partner, fields=("phone", "zalo_phone"))
    second = phone_rows_to_e164(model=Partner, fields=("phone", "zalo_phone"))

    assert (first, second) == (1, 0)
    producer.refresh_from_db()
    assert (producer.phone, producer.zalo_phone) == ("+84912345678", "+84912345678")
