"""Plain helpers shared by test modules (fixtures live in tests/conftest.py and tests/integration/conftest.py).

No test module imports from another test module: what two of them need lives here.

- Shopping through the views: ``basket_add``, ``basket_voucher_add``, ``checkout_data``, ``checkout_post``,
  ``card_checkout_data``, ``checkout_place``, ``card_checkout_place``; over HTTP against a live server:
  ``basket_fill_over_http``.
- Shopping through the services: ``basket_priced``, ``basket_place``; offers and vouchers as an officer makes
  them: ``make_offer``, ``make_voucher``.
- Logging in: ``client_sign_in`` (test client, a new shopper), ``browser_log_in`` (Chromium, the login page).
- Dashboard forms: ``dashboard_product_form_data``, ``dashboard_product_post``; the producer application form:
  ``application_form_data``.
- Uploads: ``photo``, ``phone_jpeg``, ``noisy_jpeg``, ``png_bomb``, ``encrypted_pdf``, ``upload``, ``VALID_PDF``,
  ``assert_clean_photo``, ``files_under``.
- Search: ``search_reindex_quiet``, ``search_hit_ids``.
- A stand-in Elasticsearch cluster: ``ElasticsearchStubHandler`` (served by the ``cluster`` fixture),
  ``elasticsearch_backend_for``.
- Races (PostgreSQL): ``checkout_race_marks`` (a module's ``pytestmark``); ``race_run`` runs one action in many
  threads released together by a barrier, and
  ``race_at`` holds every caller of a function at a barrier right before (or after) it, so that the race
  happens at that critical point however the threads were scheduled (as Saleor's race-condition tests do).
"""

from __future__ import annotations

import io
import json
import pkgutil
import struct
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from PIL import Image

# --- shopping through the views ----------------------------------------------------------------------------------


def basket_add(client, product, quantity: int = 1) -> None:
    """Put ``quantity`` of ``product`` in the client's basket (Oscar's add-to-basket form)."""
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302


def checkout_data(places, **overrides) -> dict:
    """The one-page checkout form, filled in for delivery to Thanh Miếu (Phú Thọ), cash on delivery.

    ``places`` is the fixture of tests/integration/conftest.py.
    """
    data = {
        "email": "khach@example.vn",
        "full_name": "Nguyễn Thị Lan",
        "phone": "0912 345 678",
        "province": places["phu_tho"].code,
        "ward": places["thanh_mieu"].code,
        "street": "Số 12, phố Hòa Phong",
        "notes": "",
        "payment_method": "cod",
    }
    data.update(overrides)
    return data


def checkout_post(client, places, **overrides):
    """Post the checkout form (``checkout_data`` with ``overrides``); the response."""
    return client.post(reverse("checkout:index"), checkout_data(places, **overrides))


def basket_voucher_add(client, code) -> list[str]:
    """Enter a code in the basket's voucher form; the messages it answers with."""
    from django.contrib.messages import get_messages

    client.get(reverse("basket:summary"))  # shows (and so clears) the messages of earlier steps
    response = client.post(reverse("basket:vouchers-add"), {"code": code})
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def card_checkout_data(places, **overrides) -> dict:
    """The checkout form paying by card (Stripe)."""
    return checkout_data(places, **{"payment_method": "stripe", **overrides})


def checkout_place(client, places, *items, **overrides):
    """Put ``(product, quantity)`` items in the basket and check out through the real views; the purchase."""
    from marketplace.order.models import Purchase

    for product, quantity in items:
        basket_add(client, product, quantity)
    response = client.post(reverse("checkout:index"), checkout_data(places, **overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Purchase.objects.get(access_token=response.url.rstrip("/").rsplit("/", 1)[-1])


def card_checkout_place(client, places, *items, **overrides):
    """``checkout_place`` paying by card."""
    return checkout_place(client, places, *items, **{"payment_method": "stripe", **overrides})


def basket_fill_over_http(base_url: str, product, quantity: int, *, timeout: float = 60):
    """A new shopper of a live server: open the product page (CSRF cookie), add it, open the checkout.

    Returns the ``requests.Session`` (its own cookies: session, basket, CSRF).
    """
    import requests

    browser = requests.Session()
    page = browser.get(base_url + product.get_absolute_url(), timeout=timeout)
    assert page.status_code == 200, page.status_code
    added = browser.post(
        base_url + reverse("basket:add", kwargs={"pk": product.pk}),
        data={"quantity": quantity, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=timeout,
    )
    assert added.status_code == 302, added.status_code
    checkout = browser.get(base_url + reverse("checkout:index"), allow_redirects=False, timeout=timeout)
    assert checkout.status_code == 200, checkout.status_code
    return browser


# --- shopping through the services -------------------------------------------------------------------------------


def make_offer(*, name="Giảm giá", offer_type=None, benefit=None, value=10, count=1, max_affected_items=None, **limits):
    """An offer on every product: ``value`` % (or đồng, for ``Benefit.FIXED``) off once ``count`` items are in.

    ``offer_type`` defaults to a site offer, ``benefit`` to a percentage; ``limits`` are the offer's fields
    (``max_global_applications``, ``max_discount``, ``exclusive``…).
    """
    Benefit = get_model("offer", "Benefit")
    Condition = get_model("offer", "Condition")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Range = get_model("offer", "Range")
    everything = Range.objects.create(name=f"Mọi sản phẩm ({name})", includes_all_products=True)
    return ConditionalOffer.objects.create(
        name=name,
        offer_type=offer_type or ConditionalOffer.SITE,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=count),
        benefit=Benefit.objects.create(
            range=everything, type=benefit or Benefit.PERCENTAGE, value=value, max_affected_items=max_affected_items
        ),
        **limits,
    )


def make_voucher(code, *, usage=None, **offer_kwargs):
    """A voucher valid from yesterday for 30 days (multi-use unless ``usage``), with one voucher offer."""
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Voucher = get_model("voucher", "Voucher")
    voucher = Voucher.objects.create(
        name=f"Mã {code}",
        code=code,
        usage=usage or Voucher.MULTI_USE,
        start_datetime=timezone.now() - timedelta(days=1),
        end_datetime=timezone.now() + timedelta(days=30),
    )
    voucher.offers.add(make_offer(name=f"Ưu đãi {code}", offer_type=ConditionalOffer.VOUCHER, **offer_kwargs))
    return voucher


def basket_priced(items, user=None, vouchers=()):
    """A basket of ``(product, quantity)`` with its offers applied, as the basket middleware prices it."""
    from django.contrib.auth.models import AnonymousUser
    from oscar.apps.offer.applicator import Applicator

    basket = get_model("basket", "Basket").objects.create(owner=user)
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    for voucher in vouchers:
        basket.vouchers.add(voucher)
    Applicator().apply(basket, user or AnonymousUser())
    return basket


def basket_place(basket, user=None):
    """``purchase_place`` for ``basket``: cash on delivery to a new ward, home delivery from every producer."""
    from marketplace.order.services import DeliveryAddress, purchase_place
    from tests.factories import WardFactory

    return purchase_place(
        basket=basket,
        user=user,
        email="khach@example.vn",
        address=DeliveryAddress(full_name="Nguyễn Thị Lan", phone="+84912345678", region=WardFactory(), street="Số 1"),
        delivery={},
        payment_method="cod",
    )


# --- logging in ----------------------------------------------------------------------------------------------------


def client_sign_in(client, username):
    """A new shopper ``username``, logged in on the test client."""
    from tests.factories import UserFactory

    user = UserFactory(username=username)
    client.force_login(user)
    return user


def browser_log_in(page, base: str, email: str, password: str) -> None:
    """Log in through the shop's login page in Chromium (after forgetting any earlier login)."""
    page.context.clear_cookies()
    page.goto(base + "/shop/accounts/login/")
    page.locator("#id_login-username").fill(email)
    page.locator("#id_login-password").fill(password)
    page.locator("button[name=login_submit]").click()
    page.wait_for_load_state()


# --- dashboard forms -----------------------------------------------------------------------------------------------


def dashboard_product_form_data(*, producer, category, price, **overrides) -> dict:
    """Oscar's dashboard product form for a standalone "Chè búp tím" of ``producer`` in ``category`` at
    ``price``, with every other formset empty; ``overrides`` replace fields."""
    data = {
        "structure": "standalone",
        "title": "Chè búp tím",
        "slug": "",
        "upc": "",
        "description": "",
        "is_public": "on",
        "is_discountable": "on",
        "priority": "0",
        "stockrecords-TOTAL_FORMS": "1",
        "stockrecords-INITIAL_FORMS": "0",
        "stockrecords-MIN_NUM_FORMS": "0",
        "stockrecords-MAX_NUM_FORMS": "1000",
        "stockrecords-0-partner": str(producer.pk),
        "stockrecords-0-partner_sku": "CHE-1",
        "stockrecords-0-price_currency": "VND",
        "stockrecords-0-price": price,
        "stockrecords-0-num_in_stock": "10",
    }
    data.update(
        {
            "productcategory_set-TOTAL_FORMS": "1",
            "productcategory_set-INITIAL_FORMS": "0",
            "productcategory_set-MIN_NUM_FORMS": "0",
            "productcategory_set-MAX_NUM_FORMS": "1000",
            "productcategory_set-0-category": str(category.pk),
        }
    )
    for prefix in ("images", "primary_recommendations", "attributes", "product_options"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def dashboard_product_post(client, price, category):
    """Create a product through Oscar's dashboard form, as a staff member would; the response."""
    from tests.factories import ProducerFactory, ProductClassFactory, UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    product_class = ProductClassFactory()
    producer = ProducerFactory()
    url = reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": product_class.slug})
    return client.post(url, dashboard_product_form_data(producer=producer, category=category, price=price))


def application_form_data(ward, **overrides) -> dict:
    """The producer application form (onboarding:apply), filled in for HTX Chè Búp Tím Thanh Ba in ``ward``,
    with its registration scan; an override of ``None`` leaves that field out."""
    from tests.factories import SCAN_PDF_BYTES

    data = {
        "name": "HTX Chè Búp Tím Thanh Ba",
        "legal_type": "cooperative",
        "registration_number": "2600123456",
        "tax_code": "2600123456",
        "representative": "Nguyễn Văn An",
        "street_address": "Khu 7, xã Thanh Ba",
        "province": ward.parent_id,
        "region": ward.pk,
        "phone": "0912 345 678",
        "email": "lienhe@htx-thanhba.vn",
        "website": "https://htx-thanhba.vn",
        "founded_year": "2015",
        "story": "Chè búp tím trồng trên đồi Thanh Ba.",
        "registration_scan": SimpleUploadedFile("giay-dang-ky.pdf", SCAN_PDF_BYTES),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- Stripe -------------------------------------------------------------------------------------------------------

STRIPE_WEBHOOK_SECRET = "whsec_test"  # the secret of the ``stripe_api`` fixture (tests/integration/conftest.py)


# --- uploads -------------------------------------------------------------------------------------------------------

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F

# A whole, valid one-page PDF (pypdf reads it strictly).
VALID_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def photo(fmt="JPEG", size=(64, 48), *, orientation=None, padding=0) -> bytes:
    """A picture with a camera make and a GPS location in its EXIF (and an orientation if given)."""
    image = Image.new("RGB", size, (200, 120, 40))
    image.paste((0, 0, 255), (0, 0, 8, 8))  # a blue top-left corner, to see where it ends up
    exif = Image.Exif()
    exif[MAKE] = "OCOP camera"
    exif[GPS_IFD] = {1: "N", 2: (21.0, 19.0, 0.0), 3: "E", 4: (105.0, 24.0, 0.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, exif=exif)
    return buffer.getvalue() + b"\0" * padding


def phone_jpeg(size=(64, 48), *, orientation=6) -> bytes:
    """What an iPhone or a Samsung sends: a JPEG with a second picture after it (MPF), which Pillow reads as
    "MPO", with a GPS location and an orientation in its EXIF."""
    image = Image.new("RGB", size, (200, 120, 40))
    image.paste((0, 0, 255), (0, 0, 8, 8))
    depth_map = Image.new("RGB", (size[0] // 2, size[1] // 2), (9, 9, 9))
    exif = Image.Exif()
    exif[MAKE] = "OCOP phone"
    exif[GPS_IFD] = {1: "N", 2: (21.0, 19.0, 0.0), 3: "E", 4: (105.0, 24.0, 0.0)}
    exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "MPO", save_all=True, append_images=[depth_map], exif=exif)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the file really is what phones send
        assert check.format == "MPO" and check.n_frames == 2 and GPS_IFD in check.getexif()
    return data


def noisy_jpeg(size=(400, 300)) -> bytes:
    """A JPEG whose pixel data is most of the file, so that cutting it in half leaves the header whole."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def png_bomb(width: int, height: int) -> bytes:
    """A PNG header claiming huge dimensions, with almost no data: tiny on disk, gigabytes once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 4096))
        + chunk(b"IEND", b"")
    )


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def assert_clean_photo(stored, *, size, fmt=None) -> None:
    """Read the stored file back: no EXIF at all (so no GPS), the given size, the blue corner upright."""
    stored.seek(0)
    data = stored.read()
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert len(exif) == 0 and GPS_IFD not in exif and MAKE not in exif
        assert "exif" not in image.info
        assert image.size == size
        if fmt:
            assert image.format == fmt


def files_under(*roots) -> set:
    """Every file below the given folders (those that exist)."""
    return {path for root in roots if Path(root).exists() for path in Path(root).rglob("*") if path.is_file()}


# --- races (PostgreSQL) --------------------------------------------------------------------------------------------


def checkout_race_marks() -> list:
    """The marks of a module of concurrent checkouts: PostgreSQL only (its row locks), real transactions."""
    import pytest

    return [
        pytest.mark.skipif(
            connection.vendor != "postgresql",
            reason="concurrent checkouts need PostgreSQL's row locks (SQLite serialises all writers)",
        ),
        pytest.mark.django_db(transaction=True, serialized_rollback=True),
    ]


RACE_TIMEOUT = 60  # seconds: for a barrier, one HTTP request, one thread


@dataclass
class RaceOutcome:
    """What one racer's action returned, or the exception it raised."""

    value: Any = None
    error: BaseException | None = None


def race_run(action, *, racers: int, timeout: float = RACE_TIMEOUT) -> list[RaceOutcome]:
    """Run ``action(index)`` in ``racers`` threads, released together by a barrier; each outcome, in order.

    Each thread has its own database connection, closed when it ends. An exception in one racer is kept in
    its outcome (and breaks the barrier, so that the others do not wait for it); the test asserts on them.
    """
    barrier = threading.Barrier(racers, timeout=timeout)
    outcomes = [RaceOutcome() for _ in range(racers)]

    def racer(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index].value = action(index)
        except BaseException as exc:  # kept for the test to report, with the racer's number
            outcomes[index].error = exc
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(i,), name=f"racer-{i}") for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout * 3)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"racers still running after {timeout * 3} s: {stuck}"
    return outcomes


def race_errors(outcomes: list[RaceOutcome]) -> list[tuple[int, str]]:
    """The racers that raised, as ``(index, "Type: message")``, for an assertion message."""
    return [(i, f"{type(o.error).__name__}: {o.error}") for i, o in enumerate(outcomes) if o.error is not None]


@contextmanager
def race_at(target: str, *, racers: int, after: bool = False, timeout: float = RACE_TIMEOUT):
    """Hold every call of ``target`` (a dotted path, patched where it is looked up) at a barrier of ``racers``.

    Each caller waits right before the real function (or right after it, with ``after=True``: every racer has
    then done what it does, e.g. read the rows it will update, before any goes on), so the race happens at that
    point whatever the scheduling. Patched process-wide: a live server's request threads wait there too.
    Yields the mock: ``call_count`` says how many callers reached the point. Every call in the block must come
    from a racer (``racers`` at a time), or the barrier times out and the call raises ``BrokenBarrierError``.
    """
    barrier = threading.Barrier(racers, timeout=timeout)
    real = pkgutil.resolve_name(target)

    def gate(*args, **kwargs):
        if not after:
            barrier.wait()
        result = real(*args, **kwargs)
        if after:
            barrier.wait()
        return result

    with mock.patch(target, side_effect=gate) as patched:
        yield patched


# --- search -------------------------------------------------------------------------------------------------------


def search_reindex_quiet() -> None:
    """Rebuild the search index, its progress report thrown away."""
    from marketplace.search.services import search_reindex

    search_reindex(stream=io.StringIO())


def search_hit_ids(results, kind) -> set:
    """The object ids of the hits of ``kind`` in a page of search results."""
    return {hit.object_id for hit in results.hits if hit.kind == kind}


# --- a stand-in Elasticsearch cluster (the ``cluster`` fixture of tests/conftest.py serves it) -----------------------

ELASTICSEARCH_SEARCH_RESPONSE = {
    "took": 1,
    "timed_out": False,
    "hits": {
        "total": {"value": 3, "relation": "eq"},
        "hits": [
            {
                "_id": "product-7",
                "_score": 3.2,
                "_source": {
                    "kind": "product",
                    "object_id": 7,
                    "title": "Nước mắm cá cơm",
                    "url": "/shop/x_7/",
                    "stars": 4,
                },
                "sort": [3.2, 4],
            },
            {
                "_id": "producer-2",
                "_score": 1.1,
                "_source": {"kind": "producer", "object_id": 2, "title": "HTX Nước mắm", "url": "/producers/htx/"},
                "sort": [1.1],
            },
        ],
    },
    "aggregations": {
        "kind": {"buckets": [{"key": "product", "doc_count": 2}, {"key": "producer", "doc_count": 1}]},
        "stars": {"buckets": [{"key": 4, "doc_count": 1}, {"key": 3, "doc_count": 1}]},
        "group": {"buckets": [{"key": "food", "doc_count": 2}]},
        "province": {"buckets": []},
        "commune": {"buckets": []},
        "legal_type": {"buckets": []},
        "price_band": {"buckets": []},
        "in_stock": {"buckets": [{"key": 1, "key_as_string": "true", "doc_count": 2}]},
    },
}


class ElasticsearchStubHandler(BaseHTTPRequestHandler):
    """A stand-in Elasticsearch 8 cluster: answers searches with ``ELASTICSEARCH_SEARCH_RESPONSE``, records
    every request in ``server.requests`` and lists ``server.aliased`` as the indexes behind the alias."""

    def log_message(self, *args):
        pass

    def _answer(self, body: dict, status: int = 200):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.server.requests.append((self.path, body))
        if self.path.startswith("/_aliases"):
            return self._answer({"acknowledged": True})
        if "_bulk" in self.path:
            lines = [json.loads(line) for line in body.splitlines() if line]
            items = [{"index": {"_id": line["index"]["_id"], "status": 201}} for line in lines if "index" in line]
            return self._answer({"took": 1, "errors": False, "items": items})
        return self._answer(ELASTICSEARCH_SEARCH_RESPONSE)

    def do_PUT(self):  # noqa: N802 — _bulk, or creating an index
        if "_bulk" in self.path:
            return self.do_POST()
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.server.requests.append(("PUT " + self.path, body))
        return self._answer({"acknowledged": True, "index": self.path.strip("/")})

    def do_GET(self):  # noqa: N802 — which indexes an alias points at
        self.server.requests.append(("GET " + self.path, ""))
        if not self.server.aliased:
            return self._answer({"error": "alias missing", "status": 404}, status=404)
        return self._answer({name: {"aliases": {"ocop-test-search": {}}} for name in self.server.aliased})

    def do_DELETE(self):  # noqa: N802
        self.server.requests.append(("DELETE " + self.path, ""))
        return self._answer({"result": "not_found"}, status=404)


def elasticsearch_backend_for(cluster):
    """Our Elasticsearch backend talking to a stand-in cluster (no retries, short timeout)."""
    from elasticsearch import Elasticsearch

    from marketplace.search.backends.elasticsearch import ElasticsearchBackend

    client = Elasticsearch(f"http://127.0.0.1:{cluster.server_address[1]}", request_timeout=2, max_retries=0)
    return ElasticsearchBackend(url="unused", prefix="ocop-test", client=client)
