"""Prices are in đồng only: the dashboard's stock form has no currency input, ignores a posted one and saves VND;
rows saved in another currency before are set to VND by a migration; the database refuses any other currency."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests.factories import ProducerFactory, ProductClassFactory, ProductFactory, UserFactory
from tests.helpers import dashboard_product_form_data

pytestmark = pytest.mark.django_db

StockRecordForm = get_class("dashboard.catalogue.forms", "StockRecordForm")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")


def _form(data, instance=None):
    return StockRecordForm(ProductClassFactory(), UserFactory(is_staff=True), data=data, instance=instance)


def test_the_stock_form_has_no_currency_field():
    form = _form(data=None)
    assert "price_currency" not in form.fields
    assert "price_currency" not in form.as_p()


@pytest.mark.parametrize("posted", ["USD", "XYZ", "<b>EUR</b>", "", "VND"])
def test_a_posted_currency_is_ignored_and_the_record_is_saved_in_dong(posted):
    product = ProductFactory(stockrecord=False)
    form = _form(
        data={
            "partner": ProducerFactory().pk,
            "partner_sku": "SKU-1",
            "price_currency": posted,
            "price": "125000",
            "num_in_stock": "5",
        }
    )
    assert form.is_valid(), form.errors
    record = form.save(commit=False)
    record.product = product
    record.save()
    record.refresh_from_db()
    assert record.price_currency == "VND"
    assert record.price == Decimal("125000")


def test_a_record_saved_in_another_currency_before_is_corrected_on_its_next_save():
    record = ProductFactory(stockrecord__price=Decimal("9")).stockrecords.get()
    with connection_without_constraint_check():
        StockRecord.objects.filter(pk=record.pk).update(price_currency="USD")
    record.refresh_from_db()
    assert record.price_currency == "USD"  # as a row written before the fix

    form = _form(
        data={
            "partner": record.partner_id,
            "partner_sku": "OLD",
            "price_currency": "USD",
            "price": "90000",
            "num_in_stock": "50",
        },
        instance=record,
    )
    assert form.is_valid(), form.errors
    form.save()
    record.refresh_from_db()
    assert (record.price_currency, record.price) == ("VND", Decimal("90000"))


def test_the_dashboard_product_page_saves_vnd_whatever_is_posted(client, groups):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    product_class = ProductClassFactory()
    producer = ProducerFactory()
    url = reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": product_class.slug})

    page = client.get(url).content.decode()
    assert "stockrecords-0-price_currency" not in page
    assert "Giá (đồng)" in page  # the dashboard speaks Vietnamese (no /en/)

    data = dashboard_product_form_data(
        producer=producer, category=groups["tea"], price="99000", **{"stockrecords-0-price_currency": "USD"}
    )
    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    record = Product.objects.get(title="Chè búp tím").stockrecords.get()
    assert (record.price_currency, record.price) == ("VND", Decimal("99000"))


def test_the_migration_sets_vnd_on_rows_in_another_currency():
    migration = importlib.import_module("marketplace.partner.migrations.0012_stockrecord_price_currency_vnd")
    product = ProductFactory()
    record = product.stockrecords.get()
    with connection_without_constraint_check():
        StockRecord.objects.filter(pk=record.pk).update(price_currency="USD")
    migration.forwards(django_apps, None)
    record.refresh_from_db()
    assert record.price_currency == "VND"


def test_the_database_refuses_another_currency():
    record = ProductFactory().stockrecords.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        StockRecord.objects.filter(pk=record.pk).update(price_currency="USD")
    record.refresh_from_db()
    assert record.price_currency == "VND"


class connection_without_constraint_check:  # noqa: N801 - used as a context manager
    """Writes a row as it was before the constraint: drops the check for the block (inside the test's transaction,
    so it comes back when the test rolls back), on SQLite and PostgreSQL alike."""

    def __enter__(self):
        from django.db import connection

        self.connection = connection
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Deferred foreign-key checks of the rows the test made would block the ALTER TABLE.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    "ALTER TABLE partner_stockrecord DROP CONSTRAINT IF EXISTS stockrecord_price_currency_vnd"
                )
        else:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = 1")
        return self

    def __exit__(self, *exc):
        if self.connection.vendor != "postgresql":
            with self.connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = 0")
        return False
