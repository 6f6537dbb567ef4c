"""The producer dashboard: each producer sees and moves only their own orders, products, lots and money;
officers see everything; anonymous users are sent to the login page.

Pages are requested under /en/ so that messages are compared in English whatever the translations.
"""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from marketplace.core.roles import roles_ensure_groups
from marketplace.order.models import Purchase
from marketplace.order.services import order_status_change, purchase_mark_paid
from marketplace.payments.models import LedgerEntry
from tests.factories import (
    LotFactory,
    OfficerFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductFactory,
    PurchaseFactory,
    UserFactory,
)

StockRecord = get_model("partner", "StockRecord")
Lot = get_model("traceability", "Lot")
OrderStatusChange = get_model("order", "OrderStatusChange")

pytestmark = pytest.mark.django_db

SHIPPED = {"carrier": "VNPost", "tracking_number": "EB123456789VN"}


@pytest.fixture
def english(_default_language):
    translation.activate("en")
    yield
    translation.activate("vi")


def _text(response) -> str:
    """The response as text; JSON with its non-ASCII characters as they are (not \\u-escaped)."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(json.loads(response.content), ensure_ascii=False)
    return response.content.decode("utf-8-sig")


def _move(order, *statuses):
    for status in statuses:
        order = order_status_change(order=order, new_status=status, **(SHIPPED if status == "shipped" else {}))
    return order


class World:
    """Producer A (honey) and producer B (tea), each with a user, products, orders, a lot and a ledger."""

    def __init__(self):
        roles_ensure_groups()
        self.a = ProducerFactory(name="HTX Mật ong Tân Sơn")
        self.b = ProducerFactory(name="HTX Chè Long Cốc")
        self.a_user = ProducerUserFactory(producer=self.a)
        self.b_user = ProducerUserFactory(producer=self.b)
        self.officer = OfficerFactory()
        self.staff = UserFactory(is_staff=True)
        self.honey = ProductFactory(title="Mật ong rừng", upc="HONEY-0001", stockrecord__producer=self.a)
        self.tea = ProductFactory(title="Chè xanh Long Cốc", upc="TEA-0001", stockrecord__producer=self.b)
        self.a_purchase = PurchaseFactory(items=[(self.honey, 2)], email="khach-a@example.vn")
        self.a_order = self.a_purchase.orders.get()
        self.b_purchase = PurchaseFactory(items=[(self.tea, 1)], email="khach-b@example.vn", payment_method="vietqr")
        self.b_order = self.b_purchase.orders.get()
        delivered = PurchaseFactory(items=[(self.tea, 1)], email="khach-b@example.vn").orders.get()
        self.b_delivered = _move(delivered, "confirmed", "packed", "shipped", "delivered")
        self.b_note = self.b_order.notes.create(message="Gọi trước khi giao", note_type="Info", user=self.b_user)
        self.a_lot = LotFactory(product=self.honey, lot_number="LO-MAT-ONG-1")
        self.b_lot = LotFactory(product=self.tea, lot_number="LO-CHE-XANH-1")

    def b_markers(self) -> list[str]:
        """Text that only B's objects put on a page."""
        return [self.b_order.number, self.b_delivered.number, "Chè xanh Long Cốc", "HTX Chè Long Cốc", "khach-b@"]


@pytest.fixture
def world(english):
    return World()


# The permission matrix -----------------------------------------------------------------------------------------

# Pages of one of B's objects: producer A gets 403 or 404; officers and staff open them.
B_OBJECT_PAGES = {
    "order-detail": lambda w: reverse("dashboard:order-detail", kwargs={"number": w.b_order.number}),
    "order-note": lambda w: reverse(
        "dashboard:order-detail-note", kwargs={"number": w.b_order.number, "note_id": w.b_note.pk}
    ),
    "order-line": lambda w: reverse(
        "dashboard:order-line-detail", kwargs={"number": w.b_order.number, "line_id": w.b_order.lines.get().pk}
    ),
    "order-shipping-address": lambda w: reverse(
        "dashboard:order-shipping-address", kwargs={"number": w.b_order.number}
    ),
    "product-edit": lambda w: reverse("dashboard:catalogue-product", kwargs={"pk": w.tea.pk}),
    "product-delete": lambda w: reverse("dashboard:catalogue-product-delete", kwargs={"pk": w.tea.pk}),
    "producer-balance": lambda w: reverse("dashboard:producer-balance-detail", kwargs={"pk": w.b.pk}),
    "producer-ledger-csv": lambda w: reverse("dashboard:producer-ledger-csv", kwargs={"pk": w.b.pk}),
}

# List pages, searches, filters and exports: open to A, but without any of B's objects.
LIST_PAGES = {
    "index": lambda w: reverse("dashboard:index"),
    "order-list": lambda w: reverse("dashboard:order-list"),
    "order-list-by-number": lambda w: reverse("dashboard:order-list") + f"?order_number={w.b_order.number[:6]}",
    "order-list-by-product": lambda w: reverse("dashboard:order-list") + "?product_title=Chè",
    "order-list-by-customer": lambda w: reverse("dashboard:order-list") + "?name=Nguyễn",
    "order-list-by-status": lambda w: reverse("dashboard:order-list") + "?status=awaiting_payment",
    "order-list-by-payment": lambda w: reverse("dashboard:order-list") + "?payment_method=vietqr",
    "order-list-by-producer": lambda w: reverse("dashboard:order-list") + f"?producer={w.b.pk}&partner={w.b.pk}",
    "order-csv": lambda w: reverse("dashboard:order-list") + "?response_format=csv",
    "order-csv-filtered": lambda w: reverse("dashboard:order-list") + "?response_format=csv&product_title=Chè",
    "order-stats": lambda w: reverse("dashboard:order-stats"),
    "product-list": lambda w: reverse("dashboard:catalogue-product-list"),
    "product-list-by-title": lambda w: reverse("dashboard:catalogue-product-list") + "?title=Chè",
    "product-list-by-upc": lambda w: reverse("dashboard:catalogue-product-list") + "?upc=TEA-0001",
    "product-list-by-partner": lambda w: (
        reverse("dashboard:catalogue-product-list") + f"?partner={w.b.pk}&producer={w.b.pk}"
    ),
    "product-lookup": lambda w: reverse("dashboard:catalogue-product-lookup") + "?q=Chè",
    "product-lookup-all": lambda w: reverse("dashboard:catalogue-product-lookup") + "?q=",
    "producer-balances": lambda w: reverse("dashboard:producer-balance-list"),
    "lots": lambda w: reverse("dashboard:producer-lot-list"),
    "certificates": lambda w: reverse("dashboard:producer-certification-list"),
}

# Officers' own pages: producers get 403.
OFFICER_PAGES = {
    "payments-awaiting": lambda w: reverse("dashboard:payments-awaiting"),
    "payments-received": lambda w: reverse("dashboard:payments-awaiting") + "?received=1",
}

ALL_GET_PAGES = {
    **B_OBJECT_PAGES,
    **LIST_PAGES,
    **OFFICER_PAGES,
    "lot-create": lambda w: reverse("dashboard:producer-lot-create"),
}

POST_ONLY = {
    "payout": lambda w: reverse("dashboard:producer-payout", kwargs={"pk": w.b.pk}),
    "mark-paid": lambda w: reverse("dashboard:purchase-mark-paid", kwargs={"reference": w.b_purchase.reference}),
}


@pytest.mark.parametrize("page", B_OBJECT_PAGES)
def test_producer_a_cannot_open_producer_b_objects(client, world, page):
    client.force_login(world.a_user)
    response = client.get(B_OBJECT_PAGES[page](world))
    assert response.status_code in (403, 404), response.status_code


@pytest.mark.parametrize("page", LIST_PAGES)
def test_producer_a_never_sees_producer_b_data_in_lists_searches_and_exports(client, world, page):
    client.force_login(world.a_user)
    response = client.get(LIST_PAGES[page](world), follow=True)
    assert response.status_code == 200
    content = _text(response)
    for marker in world.b_markers():
        assert marker not in content, f"{marker!r} leaked into {page}"


@pytest.mark.parametrize(
    "page", ["order-list", "order-csv", "product-list", "product-lookup-all", "lots", "certificates"]
)
def test_producer_a_sees_their_own_objects_in_lists(client, world, page):
    client.force_login(world.a_user)
    content = _text(client.get(LIST_PAGES[page](world), follow=True))
    own = {"order-list": world.a_order.number, "order-csv": world.a_order.number}.get(page, "Mật ong rừng")
    assert own in content


@pytest.mark.parametrize(
    "page", ["order-list", "order-csv", "product-list", "product-lookup-all", "lots", "certificates"]
)
def test_officers_see_every_producer_in_lists(client, world, page):
    client.force_login(world.officer)
    content = _text(client.get(LIST_PAGES[page](world)))
    # Order lists name orders by number; the others name products by title.
    orders = (world.b_order.number, world.a_order.number)
    expected = {"order-list": orders, "order-csv": orders}.get(page, ("Chè xanh Long Cốc", "Mật ong rừng"))
    assert all(text in content for text in expected), expected


@pytest.mark.parametrize("page", OFFICER_PAGES)
def test_producers_cannot_open_officer_pages(client, world, page):
    client.force_login(world.a_user)
    assert client.get(OFFICER_PAGES[page](world)).status_code == 403


@pytest.mark.parametrize("who", ["officer", "staff"])
@pytest.mark.parametrize("page", ALL_GET_PAGES)
def test_officers_and_staff_open_every_page(client, world, page, who):
    client.force_login(getattr(world, who))
    response = client.get(ALL_GET_PAGES[page](world))
    assert response.status_code == 200, response.status_code


@pytest.mark.parametrize("page", {**ALL_GET_PAGES, **POST_ONLY})
def test_anonymous_users_are_sent_to_login(client, world, page):
    url = {**ALL_GET_PAGES, **POST_ONLY}[page](world)
    response = client.post(url) if page in POST_ONLY else client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("dashboard:login"))


def test_a_user_without_a_role_gets_403(client, world):
    client.force_login(UserFactory())
    for page in ("index", "order-list", "product-list", "producer-balances"):
        assert client.get(LIST_PAGES[page](world)).status_code == 403


def test_searching_for_another_producers_order_number_finds_nothing(client, world):
    url = reverse("dashboard:order-list") + f"?order_number={world.b_order.number}"
    client.force_login(world.a_user)
    response = client.get(url)
    assert response.status_code == 200  # no redirect to B's order
    assert list(response.context["orders"]) == []
    client.force_login(world.officer)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("dashboard:order-detail", kwargs={"number": world.b_order.number})


def test_order_statistics_count_only_the_producers_own_orders(client, world):
    client.force_login(world.a_user)
    assert client.get(reverse("dashboard:order-stats")).context["total_orders"] == 1
    client.force_login(world.officer)
    assert client.get(reverse("dashboard:order-stats")).context["total_orders"] == 3


def test_downloading_selected_orders_leaves_out_other_producers_orders(client, world):
    client.force_login(world.a_user)
    response = client.post(
        reverse("dashboard:order-list"),
        {"action": "download_selected_orders", "selected_order": [world.a_order.pk, world.b_order.pk]},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows[1:]] == [world.a_order.number]


def test_downloading_only_other_producers_orders_gives_nothing(client, world):
    client.force_login(world.a_user)
    response = client.post(
        reverse("dashboard:order-list"),
        {"action": "download_selected_orders", "selected_order": [world.b_order.pk]},
        follow=True,
    )
    assert world.b_order.number not in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_product_lookup_finds_only_own_products(client, world):
    client.force_login(world.a_user)
    found = json.loads(client.get(reverse("dashboard:catalogue-product-lookup") + "?q=").content)
    assert [item["text"] for item in found["results"]] == ["Mật ong rừng"]


def test_menu_shows_each_role_its_own_section(client, world):
    client.force_login(world.a_user)
    page = client.get(reverse("dashboard:index")).content.decode()
    assert "My orders" in page and "My sales and balance" in page
    assert "Payments awaiting" not in page and "Producer balances" not in page
    client.force_login(world.officer)
    page = client.get(reverse("dashboard:index")).content.decode()
    assert "Payments awaiting" in page and "Producer balances" in page
    assert "My orders" not in page


# Moving orders on ----------------------------------------------------------------------------------------------


def _detail(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def _act(client, order, new_status, **fields):
    return client.post(_detail(order), {"order_action": "change_order_status", "new_status": new_status, **fields})


def test_order_page_shows_lines_address_and_history(client, world):
    client.force_login(world.a_user)
    page = client.get(_detail(world.a_order)).content.decode()
    assert "Mật ong rừng" in page
    assert "Số 12, phố Hòa Phong" in page
    assert 'data-testid="status-history"' in page
    assert 'data-testid="action-confirmed"' in page and 'data-testid="action-cancelled"' in page
    assert 'data-testid="action-delivered"' not in page


def test_producer_moves_an_order_to_delivered_and_the_shopper_gets_one_email_per_step(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.a_user)
    order = world.a_order
    stock = StockRecord.objects.get(product=world.honey)
    assert (stock.num_in_stock, stock.num_allocated) == (50, 2)
    for step, fields in (("confirmed", {}), ("packed", {}), ("shipped", SHIPPED), ("delivered", {})):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = _act(client, order, step, **fields)
        assert response.status_code == 302, response.content.decode()[:3000]
        order.refresh_from_db()
        assert order.status == step
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["khach-a@example.vn"]
        assert order.number in mail.outbox[0].subject + mail.outbox[0].body
    assert (order.carrier, order.tracking_number) == ("VNPost", "EB123456789VN")
    stock.refresh_from_db()
    assert (stock.num_in_stock, stock.num_allocated) == (48, 0)
    # Delivered: the producer's ledger is credited with the order.
    assert LedgerEntry.objects.get(order=order, kind="sale").amount == order.total_incl_tax
    page = client.get(_detail(order), follow=True).content.decode()
    assert "This order can't have its status changed." in page  # {% trans %} output: the apostrophe as it is


def test_shipping_without_carrier_or_tracking_number_is_refused_with_a_message(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.a_user)
    order = _move(world.a_order, "confirmed", "packed")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(client, order, "shipped", carrier="VNPost", tracking_number="  ")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the tracking number." in page
    assert 'value="VNPost"' in page  # what was typed is kept
    order.refresh_from_db()
    assert order.status == "packed" and order.tracking_number == ""
    assert StockRecord.objects.get(product=world.honey).num_in_stock == 50
    assert mail.outbox == []


def test_cancelling_needs_a_reason_and_gives_the_stock_back(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.a_user)
    order = world.a_order
    response = _act(client, order, "cancelled", reason="")
    assert response.status_code == 200
    assert "Give a reason for cancelling." in response.content.decode()
    order.refresh_from_db()
    assert order.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(client, order, "cancelled", reason="Hết hàng do mưa lũ")
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.cancel_reason) == ("cancelled", "Hết hàng do mưa lũ")
    assert StockRecord.objects.get(product=world.honey).num_allocated == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("new_status", ["delivered", "shipped", "pending", "awaiting_payment", "nonsense", ""])
def test_a_move_the_pipeline_does_not_allow_changes_nothing(client, world, new_status):
    client.force_login(world.a_user)
    response = _act(client, world.a_order, new_status, **SHIPPED)
    assert response.status_code == 200
    assert "The order was not changed" in response.content.decode()
    world.a_order.refresh_from_db()
    assert world.a_order.status == "pending"
    assert not world.a_order.status_changes.exists()


def test_a_change_that_became_impossible_shows_the_services_message(client, world, monkeypatch):
    """Two people on one order: an officer cancels it while the producer is confirming it."""
    from marketplace.dashboard.orders import views as order_views

    def officer_cancels_first(*, order, **kwargs):
        order_status_change(order=order, new_status="cancelled", reason="Khách gọi huỷ", user=world.officer)
        return order_status_change(order=order, **kwargs)

    monkeypatch.setattr(order_views, "order_status_change", officer_cancels_first)
    client.force_login(world.a_user)
    response = _act(client, world.a_order, "confirmed")
    assert response.status_code == 200
    assert "cannot move from" in response.content.decode()
    world.a_order.refresh_from_db()
    assert world.a_order.status == "cancelled"


def test_producer_cannot_move_another_producers_order(client, world):
    client.force_login(world.a_user)
    response = _act(client, world.b_order, "cancelled", reason="nope")
    assert response.status_code == 404
    world.b_order.refresh_from_db()
    assert world.b_order.status == "awaiting_payment"


def test_oscars_bulk_status_change_is_switched_off(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("dashboard:order-list"),
        {"action": "change_order_statuses", "new_status": "delivered", "selected_order": [world.a_order.pk]},
    )
    assert response.status_code == 302
    world.a_order.refresh_from_db()
    assert world.a_order.status == "pending"


@pytest.mark.parametrize("line_action", ["change_line_statuses", "create_shipping_event", "create_payment_event"])
def test_oscars_line_actions_are_switched_off(client, world, line_action):
    client.force_login(world.staff)
    line = world.a_order.lines.get()
    client.post(
        _detail(world.a_order),
        {
            "line_action": line_action,
            "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": "1",
            "new_status": "delivered",
        },
    )
    line.refresh_from_db()
    assert line.status == "pending"
    assert not world.a_order.shipping_events.exists() and not world.a_order.payment_events.exists()


def test_officer_moves_any_producers_order(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(client, world.a_order, "confirmed")
    assert response.status_code == 302
    world.a_order.refresh_from_db()
    assert world.a_order.status == "confirmed"
    assert len(mail.outbox) == 1


# Bank transfers ------------------------------------------------------------------------------------------------


def _mark_paid(client, purchase, **data):
    return client.post(reverse("dashboard:purchase-mark-paid", kwargs={"reference": purchase.reference}), data)


def test_producer_marks_a_transfer_received_when_the_whole_purchase_is_theirs(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.b_user)
    detail = _detail(world.b_order)
    assert 'data-testid="mark-paid"' in client.get(detail).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _mark_paid(client, world.b_purchase, next=detail)
    assert response.status_code == 302 and response.url == detail
    world.b_purchase.refresh_from_db()
    world.b_order.refresh_from_db()
    assert world.b_purchase.payment_status == "paid" and world.b_purchase.paid_at is not None
    assert world.b_order.status == "pending"
    assert [m.to for m in mail.outbox] == [["khach-b@example.vn"]]
    # A second click changes nothing and says so.
    response = _mark_paid(client, world.b_purchase)
    assert response.status_code == 302
    assert "already recorded" in client.get(response.url).content.decode()


def test_producer_cannot_mark_a_shared_purchase_received(client, world):
    shared = PurchaseFactory(items=[(world.honey, 1), (world.tea, 1)], payment_method="vietqr")
    client.force_login(world.a_user)
    response = _mark_paid(client, shared)
    assert response.status_code == 403
    assert "other producers" in response.content.decode()
    shared.refresh_from_db()
    assert shared.payment_status == "awaiting"
    assert set(shared.orders.values_list("status", flat=True)) == {"awaiting_payment"}
    # An officer records it.
    client.force_login(world.officer)
    assert _mark_paid(client, shared).status_code == 302
    shared.refresh_from_db()
    assert shared.payment_status == "paid"
    assert set(shared.orders.values_list("status", flat=True)) == {"pending"}


def test_producer_cannot_mark_another_producers_purchase(client, world):
    client.force_login(world.a_user)
    assert _mark_paid(client, world.b_purchase).status_code == 404
    world.b_purchase.refresh_from_db()
    assert world.b_purchase.payment_status == "awaiting"


def test_cash_on_delivery_is_not_marked_received_by_hand(client, world):
    client.force_login(world.officer)
    response = _mark_paid(client, world.a_purchase)
    assert response.status_code == 302
    assert "Only bank transfers" in client.get(response.url).content.decode()
    world.a_purchase.refresh_from_db()
    assert world.a_purchase.payment_status == "on_delivery"


def test_a_cancelled_transfer_cannot_be_marked_received(client, world):
    Purchase.objects.filter(pk=world.b_purchase.pk).update(payment_status="cancelled")
    client.force_login(world.officer)
    response = _mark_paid(client, world.b_purchase)
    assert "was cancelled" in client.get(response.url).content.decode()
    world.b_purchase.refresh_from_db()
    assert world.b_purchase.payment_status == "cancelled"


def test_payments_page_lists_transfers_awaiting_then_received(client, world):
    client.force_login(world.officer)
    awaiting = reverse("dashboard:payments-awaiting")
    page = client.get(awaiting).content.decode()
    assert world.b_purchase.reference in page
    assert world.a_purchase.reference not in page  # cash on delivery
    assert world.b_purchase.reference not in client.get(awaiting + "?received=1").content.decode()
    response = _mark_paid(client, world.b_purchase)
    assert "recorded" in client.get(response.url).content.decode()  # the message, shown once
    assert world.b_purchase.reference not in client.get(awaiting).content.decode()
    assert world.b_purchase.reference in client.get(awaiting + "?received=1").content.decode()


def test_mark_paid_ignores_a_next_address_on_another_site(client, world):
    client.force_login(world.officer)
    response = _mark_paid(client, world.b_purchase, next="https://evil.example.com/")
    assert response.url == reverse("dashboard:payments-awaiting")


# Balances, payouts, sales figures -------------------------------------------------------------------------------


def _payout(client, world, **data):
    return client.post(reverse("dashboard:producer-payout", kwargs={"pk": world.b.pk}), data)


def test_producer_sees_their_sales_figures_and_balance(client, world):
    client.force_login(world.b_user)
    response = client.get(reverse("dashboard:producer-balance-list"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard:producer-balance-detail", kwargs={"pk": world.b.pk})
    figures = response.context["figures"]
    total = world.b_delivered.total_incl_tax
    assert figures["delivered_all"] == {"count": 1, "total": total}
    assert figures["delivered_recent"] == {"count": 1, "total": total}
    by_status = {row["status"]: row["count"] for row in figures["by_status"]}
    assert by_status["delivered"] == 1 and by_status["awaiting_payment"] == 1 and by_status["pending"] == 0
    assert response.context["summary"]["balance"] == total
    assert 'data-testid="payout-form"' not in response.content.decode()


def test_revenue_of_the_last_30_days_counts_orders_delivered_in_them(client, world):
    old = _move(PurchaseFactory(items=[(world.tea, 3)]).orders.get(), "confirmed", "packed", "shipped", "delivered")
    OrderStatusChange.objects.filter(order=old).update(date_created=timezone.now() - datetime.timedelta(days=45))
    client.force_login(world.b_user)
    figures = client.get(reverse("dashboard:producer-balance-detail", kwargs={"pk": world.b.pk})).context["figures"]
    assert figures["delivered_all"] == {
        "count": 2,
        "total": world.b_delivered.total_incl_tax + old.total_incl_tax,
    }
    assert figures["delivered_recent"] == {"count": 1, "total": world.b_delivered.total_incl_tax}


def test_commission_is_taken_from_delivered_orders(client, world, settings):
    settings.MARKETPLACE_COMMISSION_PERCENT = 10
    order = _move(world.a_order, "confirmed", "packed", "shipped", "delivered")
    goods = order.total_incl_tax - order.shipping_incl_tax
    client.force_login(world.a_user)
    summary = client.get(reverse("dashboard:producer-balance-detail", kwargs={"pk": world.a.pk})).context["summary"]
    assert summary["commission"] == goods / 10
    assert summary["balance"] == order.total_incl_tax - goods / 10


def test_officer_lists_producers_with_balances(client, world):
    client.force_login(world.officer)
    response = client.get(reverse("dashboard:producer-balance-list"))
    balances = {producer.name: producer.balance for producer in response.context["producers"]}
    assert balances["HTX Chè Long Cốc"] == world.b_delivered.total_incl_tax
    assert balances["HTX Mật ong Tân Sơn"] == 0


def test_officer_records_a_payout(client, world):
    client.force_login(world.officer)
    response = _payout(client, world, amount="50000", note="UNC 123")
    assert response.status_code == 302
    payout = LedgerEntry.objects.get(kind="payout")
    assert (payout.producer, payout.amount, payout.note, payout.created_by) == (
        world.b,
        Decimal("-50000"),
        "UNC 123",
        world.officer,
    )
    page = client.get(response.url).content.decode()
    assert "UNC 123" in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("99999999", "The payout is larger than the balance owed"),
        ("1000.5", "Enter a whole number of đồng."),
        ("0", "A payout must be more than 0"),
        ("-5000", "A payout must be more than 0"),
        ("năm mươi nghìn", "Enter a number."),
        ("", "This field is required."),
    ],
)
def test_a_bad_payout_is_refused_in_the_form(client, world, amount, message):
    client.force_login(world.officer)
    response = _payout(client, world, amount=amount)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LedgerEntry.objects.filter(kind="payout").exists()


def test_producers_cannot_record_payouts(client, world):
    client.force_login(world.b_user)
    assert _payout(client, world, amount="1000").status_code == 403
    assert not LedgerEntry.objects.filter(kind="payout").exists()


def test_ledger_csv_lists_sales_and_payouts(client, world):
    client.force_login(world.officer)
    _payout(client, world, amount="20000", note="Chuyển khoản tháng 5")
    client.force_login(world.b_user)
    response = client.get(reverse("dashboard:producer-ledger-csv", kwargs={"pk": world.b.pk}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Date", "Entry type", "Order", "Amount (đồng)", "Note", "Recorded by"]
    body = sorted((row[1], row[2], row[3], row[4]) for row in rows[1:])
    assert body == [
        ("Delivered order", world.b_delivered.number, str(int(world.b_delivered.total_incl_tax)), ""),
        ("Payout", "", "-20000", "Chuyển khoản tháng 5"),
    ]


# Products and stock --------------------------------------------------------------------------------------------


def _product_data(product, category, **stock):
    record = product.stockrecords.get()
    data = {
        "structure": "standalone",
        "title": product.title,
        "slug": product.slug,
        "upc": product.upc or "",
        "description": product.description,
        "is_public": "on",
        "is_discountable": "on",
        "priority": "0",
        "stockrecords-TOTAL_FORMS": "1",
        "stockrecords-INITIAL_FORMS": "1",
        "stockrecords-MIN_NUM_FORMS": "0",
        "stockrecords-MAX_NUM_FORMS": "1000",
        "stockrecords-0-id": str(record.pk),
        "stockrecords-0-partner": str(record.partner_id),
        "stockrecords-0-partner_sku": record.partner_sku,
        "stockrecords-0-price_currency": "VND",
        "stockrecords-0-price": "130000",
        "stockrecords-0-num_in_stock": str(record.num_in_stock),
        "productcategory_set-TOTAL_FORMS": "1",
        "productcategory_set-INITIAL_FORMS": "0",
        "productcategory_set-MIN_NUM_FORMS": "0",
        "productcategory_set-MAX_NUM_FORMS": "1000",
        "productcategory_set-0-category": str(category.pk),
    }
    for prefix in ("images", "primary_recommendations", "attributes", "product_options"):
        data.update({f"{prefix}-{key}": value for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))})
    data.update({f"stockrecords-0-{key}": value for key, value in stock.items()})
    return data


def _edit(client, product, data):
    return client.post(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}), data)


def test_producer_edits_their_own_price_and_stock(client, world, groups):
    client.force_login(world.a_user)
    response = _edit(client, world.honey, _product_data(world.honey, groups["honey-farm-foods"], num_in_stock="60"))
    assert response.status_code == 302, response.content.decode()[:3000]
    record = world.honey.stockrecords.get()
    assert (record.price, record.num_in_stock) == (Decimal("130000"), 60)


@pytest.mark.parametrize(
    ("stock", "message"),
    [
        ({"price": "130000.5"}, "whole đồng"),
        ({"price": "-1"}, "A price cannot be negative."),
        ({"num_in_stock": "1"}, "2 units are reserved for orders not yet shipped"),
        ({"num_in_stock": "-3"}, "greater than or equal to 0"),
    ],
)
def test_bad_prices_and_stock_are_refused_with_a_message(client, world, groups, stock, message):
    client.force_login(world.a_user)
    response = _edit(client, world.honey, _product_data(world.honey, groups["honey-farm-foods"], **stock))
    assert response.status_code == 200
    assert message in response.content.decode()
    record = world.honey.stockrecords.get()
    assert (record.price, record.num_in_stock, record.num_allocated) == (Decimal("125000"), 50, 2)


def test_producer_cannot_give_their_stock_record_to_another_producer(client, world, groups):
    client.force_login(world.a_user)
    data = _product_data(world.honey, groups["honey-farm-foods"], partner=str(world.b.pk))
    response = _edit(client, world.honey, data)
    assert response.status_code == 200
    assert world.honey.stockrecords.get().partner == world.a


def test_producer_cannot_edit_another_producers_stock_record_through_their_own_product(client, world, groups):
    client.force_login(world.a_user)
    tea_record = world.tea.stockrecords.get()
    data = _product_data(world.honey, groups["honey-farm-foods"], id=str(tea_record.pk), price="1000")
    response = _edit(client, world.honey, data)
    assert response.status_code == 200
    tea_record.refresh_from_db()
    assert (tea_record.price, tea_record.product_id) == (Decimal("125000"), world.tea.pk)


def test_producer_cannot_post_to_another_producers_product(client, world, groups):
    client.force_login(world.a_user)
    data = _product_data(world.tea, groups["honey-farm-foods"], price="1000")
    assert _edit(client, world.tea, data).status_code == 404
    assert world.tea.stockrecords.get().price == Decimal("125000")


def test_officer_edits_any_producers_product(client, world, groups):
    client.force_login(world.officer)
    response = _edit(client, world.tea, _product_data(world.tea, groups["honey-farm-foods"]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert world.tea.stockrecords.get().price == Decimal("130000")


def test_a_product_with_lots_is_not_deleted(client, world):
    client.force_login(world.a_user)
    response = client.post(reverse("dashboard:catalogue-product-delete", kwargs={"pk": world.honey.pk}), follow=True)
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert world.honey.stockrecords.exists()


def test_producer_deletes_their_product_without_lots(client, world):
    spare = ProductFactory(title="Mật ong thử", stockrecord__producer=world.a)
    client.force_login(world.a_user)
    response = client.post(reverse("dashboard:catalogue-product-delete", kwargs={"pk": spare.pk}))
    assert response.status_code == 302
    assert not type(spare).objects.filter(pk=spare.pk).exists()


def test_producer_cannot_delete_another_producers_product(client, world):
    client.force_login(world.a_user)
    response = client.post(reverse("dashboard:catalogue-product-delete", kwargs={"pk": world.tea.pk}))
    assert response.status_code == 404
    assert type(world.tea).objects.filter(pk=world.tea.pk).exists()


def test_bulk_price_change_is_not_offered(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("dashboard:catalogue-product-list"))
    assert "set_product_price" not in response.context["actions"]


# Lots and certificates -----------------------------------------------------------------------------------------


def _lot_data(product, **overrides):
    data = {
        "product": str(product.pk),
        "lot_number": "LO-2025-07",
        "production_date": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "expiry_date": "",
        "quantity": "200",
        "raw_material_origin": "Tân Sơn, Phú Thọ",
    }
    data.update(overrides)
    return data


def test_producer_records_a_lot_of_their_product(client, world):
    client.force_login(world.a_user)
    response = client.post(reverse("dashboard:producer-lot-create"), _lot_data(world.honey))
    assert response.status_code == 302
    lot = Lot.objects.get(lot_number="LO-2025-07")
    assert (lot.product, lot.quantity) == (world.honey, 200)
    page = client.get(response.url).content.decode()
    assert reverse("lots:label-sheet", kwargs={"code": lot.code}) in page


def test_producer_cannot_record_a_lot_of_another_producers_product(client, world):
    client.force_login(world.a_user)
    response = client.post(reverse("dashboard:producer-lot-create"), _lot_data(world.tea))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Lot.objects.filter(lot_number="LO-2025-07").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"lot_number": "LO-MAT-ONG-1"}, "This product already has a lot numbered LO-MAT-ONG-1."),
        ({"production_date": "2999-01-01"}, "A production date cannot be in the future."),
        ({"expiry_date": "2000-01-01"}, "The expiry date cannot be before the production date."),
        ({"quantity": "0"}, "greater than or equal to 1"),
    ],
)
def test_a_bad_lot_is_refused_with_the_rules_message(client, world, overrides, message):
    client.force_login(world.a_user)
    before = Lot.objects.count()
    response = client.post(reverse("dashboard:producer-lot-create"), _lot_data(world.honey, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Lot.objects.count() == before


def test_certificates_are_listed_read_only(client, world):
    client.force_login(world.a_user)
    response = client.get(reverse("dashboard:producer-certification-list"))
    certifications = list(response.context["certifications"])
    assert [c.product for c in certifications] == [world.honey]
    assert "<form" not in response.content.decode().split('data-testid="certification-table"')[1]


# Query counts stay flat ----------------------------------------------------------------------------------------


def _grow(world, size):
    """``size`` orders (and as many paid transfers), lots, certificates and ledger entries for producer A;
    ``size`` more producers."""
    for n in range(size):
        product = ProductFactory(title=f"Mật ong số {n}", stockrecord__producer=world.a)
        PurchaseFactory(items=[(product, 1)], payment_method="vietqr")
        purchase_mark_paid(purchase=PurchaseFactory(items=[(product, 1)], payment_method="vietqr"))
        LotFactory(product=product)
        LedgerEntry.objects.create(producer=world.a, kind="sale", amount=Decimal(1000))
        ProducerFactory()


# Measured on PostgreSQL, plus a little room; a query per row would add 20 or more at the larger size.
LIST_PAGE_QUERY_BOUNDS = {
    ("a_user", "order-list"): 15,
    ("a_user", "order-csv"): 13,
    ("a_user", "product-list"): 22,
    ("a_user", "lots"): 12,
    ("a_user", "certificates"): 12,
    ("a_user", "index"): 13,
    ("a_user", "producer-balances"): 25,  # redirected to the producer's page: figures and ledger entries
    ("officer", "order-list"): 13,
    ("officer", "producer-balances"): 10,
    ("officer", "payments-awaiting"): 12,
    ("officer", "payments-received"): 12,
    ("officer", "lots"): 12,
    ("officer", "certificates"): 12,
}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(("who", "page"), LIST_PAGE_QUERY_BOUNDS)
def test_list_pages_take_the_same_number_of_queries_whatever_their_length(
    client, world, django_assert_max_num_queries, size, who, page
):
    _grow(world, size)
    client.force_login(getattr(world, who))
    url = {**LIST_PAGES, **OFFICER_PAGES}[page](world)
    with django_assert_max_num_queries(LIST_PAGE_QUERY_BOUNDS[(who, page)]):
        response = client.get(url, follow=True)
    assert response.status_code == 200


# Sorting the dashboard's tables by any column ------------------------------------------------------------------------


Category = get_model("catalogue", "Category")


@pytest.mark.parametrize("sort", ["checkbox", "-checkbox", "actions", "nonsense", "title", "-product_class"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_product_list_takes_any_sort(client, producer_user, sort, prefix):
    client.force_login(producer_user)

    response = client.get(f"{prefix}/dashboard/catalogue/", {"sort": sort})

    assert response.status_code == 200
    assert "Mật ong rừng" in _text(response) and "Mật ong hoa nhãn" in _text(response)


def test_the_checkbox_header_is_not_a_sort_link(client, producer_user):
    client.force_login(producer_user)

    page = _text(client.get("/dashboard/catalogue/"))

    assert "sort=title" in page  # the title header still sorts
    assert "sort=checkbox" not in page


def test_the_product_list_is_sorted_by_title_when_asked(client, producer_user):
    client.force_login(producer_user)

    page = _text(client.get("/dashboard/catalogue/", {"sort": "title"}))

    assert page.index("Mật ong hoa nhãn") < page.index("Mật ong rừng")


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/catalogue/categories/?sort=checkbox",
        "/dashboard/catalogue/categories/?sort=-checkbox",
        "/dashboard/users/?sort=actions",  # upstream's users table: an orderable column with no field
        "/dashboard/users/?sort=-actions",
        "/dashboard/users/?sort=nonsense",
    ],
)
def test_staff_tables_take_any_sort(client, path):
    Category.add_root(name="Thực phẩm", name_en="Food")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(path)

    assert response.status_code == 200
    assert "sort=checkbox" not in _text(response)
