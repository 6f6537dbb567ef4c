"""Traceability: lots recorded through the services, the public lot page, its QR codes and label sheet."""

import datetime
import os
import re
from urllib.parse import urlparse
from xml.etree import ElementTree

import cv2
import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from tests.factories import (
    LotFactory,
    ProducerFactory,
    ProductFactory,
)
from traceability.demo import lots_load_demo
from traceability.selectors import lot_get_public, lot_trace_url
from traceability.services import lot_add_step, lot_create, lot_update

Lot = get_model("traceability", "Lot")
LotStep = get_model("traceability", "LotStep")

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 20)
LOT_PAGE_BUDGET = 8  # lot, stock records + producer + region, images, steps, certificate; margin for sessions


@pytest.fixture
def product(db):
    return ProductFactory(
        title="Chè búp tím Thanh Ba 200g",
        stockrecord__producer=ProducerFactory(
            name="Công ty Chè Thanh Ba", slug="cty-che-thanh-ba", registration_number="2600123456"
        ),
        certification=92,
    )


@pytest.fixture
def lot(product):
    lot = lot_create(
        product=product,
        lot_number="TB-2605",
        production_date=datetime.date(2026, 5, 2),
        expiry_date=datetime.date(2027, 11, 2),
        quantity=800,
        raw_material_origin="Vùng chè Thanh Ba, Phú Thọ",
        today=TODAY,
    )
    lot_add_step(lot=lot, date=datetime.date(2026, 5, 1), step="Sao chè", place="Xưởng Thanh Ba", today=TODAY)
    lot_add_step(lot=lot, date=datetime.date(2026, 4, 30), step="Hái búp chè tím", place="Đồi chè", today=TODAY)
    lot_add_step(lot=lot, date=datetime.date(2026, 5, 2), step="Đóng gói", note="Túi 200 g", today=TODAY)
    return lot


def _decode_qr(png: bytes) -> str:
    image = cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None, "the response is not a PNG image"
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    assert points is not None and text, "no QR code found in the PNG"
    return text


# --- The QR code leads to the lot page -----------------------------------------------------------------


def test_lot_page_resolves_from_its_qr_payload(client, lot):
    response = client.get(f"/t/{lot.code}/qr.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    payload = _decode_qr(response.content)

    url = urlparse(payload)
    assert (url.scheme, url.netloc, url.path) == ("http", "testserver", f"/t/{lot.code}/")
    page = client.get(url.path)
    assert page.status_code == 200
    assert "TB-2605" in page.content.decode()


def test_qr_payload_is_the_default_language_page_even_from_english(client, lot):
    payload = _decode_qr(client.get(f"/en/t/{lot.code}/qr.png").content)
    assert urlparse(payload).path == f"/t/{lot.code}/"  # one printed label serves every shopper


def test_qr_payload_without_a_request_uses_the_site_address(settings, lot):
    settings.WAGTAILADMIN_BASE_URL = "https://cho-ocop.example.vn/"
    with translation.override("en"):
        assert lot_trace_url(lot=lot) == f"https://cho-ocop.example.vn/t/{lot.code}/"


def test_qr_images_are_cacheable_and_revalidate(client, lot):
    response = client.get(f"/t/{lot.code}/qr.png")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=86400" in cache_control
    again = client.get(f"/t/{lot.code}/qr.png", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"] and "max-age=86400" in again["Cache-Control"]
    assert client.get(f"/t/{lot.code}/qr.svg")["ETag"] != response["ETag"]


def test_svg_endpoint_returns_valid_svg_with_a_path(client, lot):
    response = client.get(f"/t/{lot.code}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)  # noqa: S314 — our own output; raises unless well-formed
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    paths = root.findall(f"{ns}path")
    assert paths and paths[0].get("d")
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("suffix", ["", "qr.svg", "qr.png", "label/"])
def test_unknown_code_is_404(client, lot, suffix):
    assert client.get(f"/t/notARealCode12/{suffix}").status_code == 404
    assert client.get(f"/en/t/notARealCode12/{suffix}").status_code == 404


# --- Trace codes --------------------------------------------------------------------------------------


def test_codes_are_distinct_random_and_url_safe(product):
    lots = [
        lot_create(product=product, lot_number=f"L{n:03d}", production_date=TODAY, quantity=1, today=TODAY)
        for n in range(200)
    ]
    codes = [lot.code for lot in lots]
    assert len(set(codes)) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{12,}", code) for code in codes)
    # Nothing sequential: consecutive lots share no prefix, codes do not sort in creation order,
    # and they carry neither the primary key nor the lot number.
    assert all(len(os.path.commonprefix([a, b])) < 4 for a, b in zip(codes, codes[1:], strict=False))
    assert codes != sorted(codes)
    assert len({code[0] for code in codes}) > 20  # the first character alone is spread over the alphabet
    assert not any(str(lot.pk) == lot.code for lot in lots)
    assert not any(lot.lot_number in lot.code for lot in lots)


# --- The lot page -------------------------------------------------------------------------------------


def test_lot_page_shows_product_certificate_producer_lot_and_journey(client, lot, product):
    html = client.get(f"/t/{lot.code}/").content.decode()
    producer = product.stockrecords.get().partner
    certification = product.certifications.get()
    assert f'href="{product.get_absolute_url()}"' in html
    assert product.title in html
    assert 'class="ocop-badge ocop-badge--lg"' in html and 'data-stars="5"' in html
    assert certification.decision_number in html
    assert certification.valid_until.strftime("%d/%m/%Y") in html
    assert 'href="/producers/cty-che-thanh-ba/"' in html
    for fact in (producer.name, producer.registration_number, producer.full_address):
        assert fact in html
    for fact in ("TB-2605", "02/05/2026", "02/11/2027", "800", "Vùng chè Thanh Ba, Phú Thọ"):
        assert fact in html
    # The journey is a timeline in date order, whatever order the steps were recorded in.
    positions = [html.index(step) for step in ("Hái búp chè tím", "Sao chè", "Đóng gói")]
    assert positions == sorted(positions)
    assert html.count('class="lot-timeline__step"') == 3
    assert "Túi 200 g" in html and "Xưởng Thanh Ba" in html
    assert '<meta name="robots" content="noindex">' in html


def test_lot_page_is_in_vietnamese_by_default_and_in_english_under_en(client, lot):
    vietnamese = client.get(f"/t/{lot.code}/")
    english = client.get(f"/en/t/{lot.code}/")
    assert vietnamese.status_code == english.status_code == 200
    assert '<html lang="vi"' in vietnamese.content.decode()
    assert "Hành trình của lô hàng" in vietnamese.content.decode()
    html = english.content.decode()
    assert '<html lang="en"' in html
    assert "Journey of this lot" in html and "TB-2605" in html


def test_uncertified_product_shows_no_stars(client):
    lot = LotFactory(product=ProductFactory(certification=False))
    html = client.get(f"/en/t/{lot.code}/").content.decode()
    assert "ocop-badge" not in html
    assert "This product has no OCOP certificate in force." in html


def test_expired_lot_is_flagged(client):
    produced = timezone.localdate() - datetime.timedelta(days=60)
    lot = LotFactory(production_date=produced, expiry_date=produced + datetime.timedelta(days=30))
    html = client.get(f"/en/t/{lot.code}/").content.decode()
    assert "This lot expired on" in html


def test_lot_of_a_delisted_product_stays_traceable_without_a_dead_link(client):
    product = ProductFactory(is_public=False)
    lot = LotFactory(product=product)
    response = client.get(f"/t/{lot.code}/")
    assert response.status_code == 200
    assert product.get_absolute_url() not in response.content.decode()


@pytest.mark.parametrize("steps", [3, 20])
def test_lot_page_query_count_does_not_grow_with_steps(client, django_assert_max_num_queries, steps):
    lot = LotFactory(steps=steps)
    client.get(f"/t/{lot.code}/")  # thumbnails are made on the first view
    with django_assert_max_num_queries(LOT_PAGE_BUDGET):
        response = client.get(f"/t/{lot.code}/")
    assert response.content.decode().count('class="lot-timeline__step"') == steps


def test_lot_page_query_count_is_the_same_for_3_and_20_steps(client):
    counts = []
    for steps in (3, 20):
        lot = LotFactory(steps=steps)
        client.get(f"/t/{lot.code}/")
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/t/{lot.code}/")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_selector_reads_a_lot_in_five_queries(django_assert_num_queries, lot):
    with django_assert_num_queries(5):
        found = lot_get_public(code=lot.code)
        assert [step.step for step in found.steps.all()] == ["Hái búp chè tím", "Sao chè", "Đóng gói"]
        assert found.producer.region.parent.name
        assert found.certification.stars == 5
        assert found.product.primary_image()
    assert lot_get_public(code="missing") is None


# --- Label sheet --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [("", 12), ("?count=1", 1), ("?count=5", 5), ("?count=60", 60)])
def test_label_sheet_shows_the_number_of_labels_asked_for(client, lot, query, expected):
    response = client.get(f"/t/{lot.code}/label/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="lot-label"') == expected
    assert html.count("<svg ") == expected  # every label carries the QR inline
    assert html.count('class="label-sheet"') == -(-expected // 21)  # 21 labels to an A4 sheet
    assert html.count("TB-2605") >= expected
    assert html.count('data-stars="5"') == expected
    assert "02/05/2026" in html and "02/11/2027" in html
    assert "@page" not in html  # print CSS lives in the theme's stylesheet


@pytest.mark.parametrize("count", ["0", "abc", "500", "-1", "", "1.5", "٣"])
def test_label_sheet_rejects_a_bad_count_with_a_message(client, lot, count):
    response = client.get(f"/t/{lot.code}/label/", {"count": count})
    assert response.status_code == 400
    html = response.content.decode()
    message = gettext("The number of labels must be a whole number from 1 to %(max)s.") % {"max": 60}
    assert message in html
    assert 'class="lot-label"' not in html
    english = client.get(f"/en/t/{lot.code}/label/", {"count": count}).content.decode()
    assert "The number of labels must be a whole number from 1 to 60." in english


# --- Services -----------------------------------------------------------------------------------------


def _lot_kwargs(product, **overrides):
    kwargs = {
        "product": product,
        "lot_number": "A-01",
        "production_date": TODAY - datetime.timedelta(days=3),
        "expiry_date": TODAY + datetime.timedelta(days=300),
        "quantity": 100,
        "today": TODAY,
    }
    return kwargs | overrides


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"production_date": TODAY + datetime.timedelta(days=1)}, "production_date", "cannot be in the future"),
        ({"expiry_date": TODAY - datetime.timedelta(days=4)}, "expiry_date", "cannot be before the production date"),
        ({"quantity": 0}, "quantity", "greater than zero"),
        ({"quantity": -5}, "quantity", "greater than zero"),
        ({"lot_number": "   "}, "lot_number", "Give the lot number"),
    ],
)
def test_lot_create_refuses_with_a_message_and_writes_nothing(product, overrides, field, message):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        lot_create(**_lot_kwargs(product, **overrides))
    assert list(error.value.message_dict) == [field]
    assert message in error.value.message_dict[field][0]
    assert not Lot.objects.exists()


def test_lot_create_refuses_a_duplicate_lot_number_for_the_product(product):
    lot_create(**_lot_kwargs(product, lot_number="A-01"))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        lot_create(**_lot_kwargs(product, lot_number=" A-01 "))
    assert error.value.message_dict == {"lot_number": ["This product already has a lot numbered A-01."]}
    assert Lot.objects.count() == 1
    # The same number is fine for another product.
    lot_create(**_lot_kwargs(ProductFactory(), lot_number="A-01"))
    assert Lot.objects.count() == 2


def test_messages_are_in_vietnamese_by_default(product):
    with pytest.raises(ValidationError) as error:
        lot_create(**_lot_kwargs(product, quantity=0))
    assert error.value.message_dict["quantity"] == ["Số lượng của lô phải là số nguyên lớn hơn 0."]


def test_lot_create_records_a_lot_on_the_production_day(product):
    lot = lot_create(**_lot_kwargs(product, lot_number="  B-7 ", production_date=TODAY, expiry_date=TODAY))
    assert (lot.lot_number, lot.production_date, lot.expiry_date, lot.quantity) == ("B-7", TODAY, TODAY, 100)
    assert len(lot.code) >= 12


def test_lot_update_keeps_the_rules_and_the_code(product):
    lot = lot_create(**_lot_kwargs(product, lot_number="A-01"))
    lot_create(**_lot_kwargs(product, lot_number="A-02"))
    code = lot.code
    with pytest.raises(ValidationError) as error:
        lot_update(lot=lot, lot_number="A-02", production_date=lot.production_date, quantity=5, today=TODAY)
    assert "lot_number" in error.value.message_dict
    lot_update(lot=lot, lot_number="A-01", production_date=lot.production_date, quantity=5, today=TODAY)
    lot.refresh_from_db()
    assert (lot.quantity, lot.code) == (5, code)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": TODAY + datetime.timedelta(days=1)}, "date", "cannot be dated in the future"),
        ({"step": "  "}, "step", "Say what happened at this step"),
    ],
)
def test_lot_add_step_refuses_with_a_message_and_writes_nothing(product, overrides, field, message):
    lot = lot_create(**_lot_kwargs(product))
    kwargs = {"lot": lot, "date": TODAY, "step": "Thu hoạch", "today": TODAY} | overrides
    with translation.override("en"), pytest.raises(ValidationError) as error:
        lot_add_step(**kwargs)
    assert list(error.value.message_dict) == [field]
    assert message in error.value.message_dict[field][0]
    assert not LotStep.objects.exists()


def test_a_step_may_come_before_production(product):
    lot = lot_create(**_lot_kwargs(product))
    step = lot_add_step(lot=lot, date=TODAY - datetime.timedelta(days=90), step=" Gieo trồng ", today=TODAY)
    assert step.step == "Gieo trồng"


# --- Admin --------------------------------------------------------------------------------------------


def test_admin_forms_apply_the_service_rules(product):
    from django.contrib import admin

    from traceability import admin as lot_admin

    assert admin.site.is_registered(Lot)
    lot_create(**_lot_kwargs(product, lot_number="A-01", today=None))
    form = lot_admin.LotAdminForm(
        data={
            "product": product.pk,
            "lot_number": "A-01",
            "production_date": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
            "quantity": 10,
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"lot_number", "production_date"}
    step_form = lot_admin.LotStepInlineForm(
        data={"date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(), "step": "Đóng gói"}
    )
    assert not step_form.is_valid() and set(step_form.errors) == {"date"}


# --- Demo data ----------------------------------------------------------------------------------------


def test_demo_lots_are_deterministic_and_idempotent():
    products = [ProductFactory() for _ in range(6)]
    first = lots_load_demo(products=products)
    snapshot = sorted(Lot.objects.values_list("product_id", "lot_number", "code", "quantity"))
    steps = LotStep.objects.count()
    again = lots_load_demo(products=products)
    assert sorted(Lot.objects.values_list("product_id", "lot_number", "code", "quantity")) == snapshot
    assert LotStep.objects.count() == steps
    assert [lot.pk for lot in first] == [lot.pk for lot in again]

    per_product = {}
    for lot in Lot.objects.prefetch_related("steps"):
        per_product.setdefault(lot.product_id, []).append(lot)
        assert 3 <= len(lot.steps.all()) <= 5
        assert all(step.date <= timezone.localdate() for step in lot.steps.all())
    assert 1 < len(per_product) <= 4
    assert all(2 <= len(lots) <= 3 for lots in per_product.values())


# The producer's lot screens: ISO dates, quantities grouped in thousands ----------------------------------------------


def _text(response) -> str:
    return response.content.decode()


def _date_inputs(page: str) -> dict:
    return dict(re.findall(r'<input type="date" name="(\w+)"(?: value="([^"]*)")?', page))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_new_lot_form_shows_todays_date_in_iso(client, producer_user, language):
    client.force_login(producer_user)
    with translation.override(language):
        url = reverse("dashboard:producer-lot-create")

    inputs = _date_inputs(_text(client.get(url)))

    assert inputs["production_date"] == timezone.localdate().isoformat()
    assert inputs["expiry_date"] == ""


def test_a_refused_lot_form_keeps_its_dates_in_iso(client, producer_user):
    client.force_login(producer_user)
    product = producer_user.partners.get().stockrecords.order_by("pk").first().product
    data = {
        "product": str(product.pk),
        "lot_number": "LO-1",
        "production_date": "2026-03-10",
        "expiry_date": "2026-03-01",  # before production: refused
        "quantity": "1400",
    }

    response = client.post(reverse("dashboard:producer-lot-create"), data)

    assert response.status_code == 200
    assert _date_inputs(_text(response)) == {"production_date": "2026-03-10", "expiry_date": "2026-03-01"}


def test_every_date_input_of_the_lot_form_has_an_iso_format():
    from traceability.forms import LotForm

    form = LotForm(products=get_model("catalogue", "Product").objects.none())
    date_fields = [field for field in form.fields.values() if getattr(field.widget, "input_type", "") == "date"]

    assert len(date_fields) == 2
    assert {field.widget.format for field in date_fields} == {"%Y-%m-%d"}


@pytest.fixture
def big_lot(producer_user):
    product = producer_user.partners.get().stockrecords.order_by("pk").first().product
    product.net_quantity = "500 g"
    product.save()
    return LotFactory(product=product, quantity=1400)


@pytest.mark.parametrize(("language", "shown"), [("vi", "1.400"), ("en", "1,400")])
def test_the_lot_page_groups_the_quantity(client, big_lot, language, shown):
    with translation.override(language):
        url = reverse("lots:detail", kwargs={"code": big_lot.code})

    page = _text(client.get(url))

    assert re.search(rf"{re.escape(shown)} [^×]+ × 500 g", page), page  # "1.400 đơn vị × 500 g"
    assert "1400" not in page


@pytest.mark.parametrize(("language", "shown"), [("vi", "1.400"), ("en", "1,400")])
def test_the_lot_list_groups_the_quantity(client, producer_user, big_lot, language, shown):
    client.force_login(producer_user)
    with translation.override(language):
        url = reverse("dashboard:producer-lot-list")

    page = _text(client.get(url))

    assert f'<td class="text-right">{shown}</td>' in page
