"""Orders after checkout: statuses and their e-mails, stock on shipping and cancelling, VietQR, ledger, reviews."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.order.models import Order, Purchase
from marketplace.order.services import order_status_change, purchase_mark_paid, purchases_cancel_unpaid
from marketplace.payments.models import LedgerEntry
from marketplace.payments.selectors import producer_balance, producer_ledger_summary
from marketplace.payments.services import ledger_record_payout
from marketplace.payments.vietqr import vietqr_parse
from tests.factories import UserFactory
from tests.helpers import basket_add, checkout_data

StockRecord = get_model("partner", "StockRecord")
ProductReview = get_model("reviews", "ProductReview")

pytestmark = pytest.mark.django_db


def _buy(client, places, product, quantity=1, **overrides):
    basket_add(client, product, quantity)
    response = client.post(reverse("checkout:index"), checkout_data(places, **overrides))
    assert response.status_code == 302, response.content.decode()[:500]
    return Purchase.objects.order_by("-pk").first()


def _stock(product):
    record = StockRecord.objects.get(product=product)
    return record.num_in_stock, record.num_allocated


def test_an_order_moves_through_its_pipeline_with_one_email_per_step(
    client, places, three_producers, django_capture_on_commit_callbacks
):
    honey, *_ = three_producers
    purchase = _buy(client, places, honey, 2)
    order = purchase.orders.get()
    assert _stock(honey) == (50, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for status in ["confirmed", "packed"]:
            order = order_status_change(order=order, new_status=status)
        order = order_status_change(order=order, new_status="shipped", carrier="Viettel Post", tracking_number="VTP123")
    assert _stock(honey) == (48, 0)  # shipped: reserved units left the warehouse
    with django_capture_on_commit_callbacks(execute=True):
        order = order_status_change(order=order, new_status="delivered")
    assert [m.to for m in mail.outbox] == [["khach@example.vn"]] * 4
    assert "VTP123" in mail.outbox[2].body and "Viettel Post" in mail.outbox[2].body
    assert list(order.status_changes.values_list("new_status", flat=True).order_by("pk")) == [
        "confirmed",
        "packed",
        "shipped",
        "delivered",
    ]


@pytest.mark.parametrize(
    ("status", "extra"),
    [
        ("shipped", {}),  # skipping confirmed and packed
        ("delivered", {}),
        ("bogus", {}),
    ],
)
def test_moves_out_of_order_are_refused(client, places, three_producers, status, extra):
    honey, *_ = three_producers
    order = _buy(client, places, honey).orders.get()
    with pytest.raises(ValidationError):
        order_status_change(order=order, new_status=status, **extra)
    order.refresh_from_db()
    assert order.status == "pending" and order.status_changes.count() == 0


def test_shipping_needs_carrier_and_tracking_and_cancelling_needs_a_reason(client, places, three_producers):
    honey, *_ = three_producers
    order = _buy(client, places, honey, 3).orders.get()
    order = order_status_change(order=order, new_status="confirmed")
    order = order_status_change(order=order, new_status="packed")
    with pytest.raises(ValidationError, match="mã vận đơn"):
        order_status_change(order=order, new_status="shipped", carrier="  ", tracking_number="X1")
    with pytest.raises(ValidationError, match="lý do"):
        order_status_change(order=order, new_status="cancelled", reason="   ")
    order.refresh_from_db()
    assert order.status == "packed" and _stock(honey) == (50, 3)
    order_status_change(order=order, new_status="cancelled", reason="Hết hàng trong kho")
    order.refresh_from_db()
    assert order.status == "cancelled" and order.cancel_reason == "Hết hàng trong kho"
    assert _stock(honey) == (50, 0)  # the reservation came back


def test_vietqr_purchase_shows_a_valid_code_for_the_exact_total(client, places, three_producers):
    honey, *_ = three_producers
    purchase = _buy(client, places, honey, 1, payment_method="vietqr")
    assert purchase.payment_status == "awaiting"
    assert purchase.orders.get().status == "awaiting_payment"
    page = client.get(purchase.get_absolute_url()).content.decode()
    start = page.index('data-testid="vietqr-payload">') + len('data-testid="vietqr-payload">')
    payload = page[start : page.index("<", start)]
    fields = vietqr_parse(payload)
    assert fields["54"] == "145000"  # 125.000 ₫ + 20.000 ₫ delivery, whole đồng
    assert fields["62"]["08"] == purchase.reference
    assert "<svg" in page
    # The bank as shoppers know it, beside the BIN the code carries.
    assert 'data-testid="vietqr-bank">Vietcombank · BIN 970436</dd>' in page


def test_a_received_transfer_sends_the_orders_to_their_producers(client, places, three_producers):
    honey, tea, _ = three_producers
    basket_add(client, tea, 1)
    purchase = _buy(client, places, honey, 1, payment_method="vietqr")
    assert purchase_mark_paid(purchase=purchase) is True
    assert purchase_mark_paid(purchase=purchase) is False  # twice changes nothing
    purchase.refresh_from_db()
    assert purchase.payment_status == "paid" and purchase.paid_at
    assert set(purchase.orders.values_list("status", flat=True)) == {"pending"}


def test_unpaid_transfers_are_cancelled_after_the_deadline_and_their_stock_returns(client, places, three_producers):
    honey, *_ = three_producers
    late = _buy(client, places, honey, 4, payment_method="vietqr")
    on_time = _buy(client, places, honey, 1, payment_method="vietqr")
    cod = _buy(client, places, honey, 2)
    Purchase.objects.filter(pk__in=[late.pk, cod.pk]).update(payment_deadline=timezone.now() - timedelta(minutes=1))
    assert _stock(honey) == (50, 7)

    assert purchases_cancel_unpaid() == 1
    assert purchases_cancel_unpaid() == 0  # idempotent

    late.refresh_from_db()
    on_time.refresh_from_db()
    assert late.payment_status == "cancelled"
    assert late.orders.get().status == "cancelled"
    assert on_time.payment_status == "awaiting" and on_time.orders.get().status == "awaiting_payment"
    assert Order.objects.get(purchase=cod).status == "pending"
    assert _stock(honey) == (50, 3)


def test_delivered_orders_are_booked_once_with_the_commission(client, places, three_producers, settings):
    settings.MARKETPLACE_COMMISSION_PERCENT = 5
    honey, *_ = three_producers
    order = _buy(client, places, honey, 2).orders.get()  # 250.000 ₫ goods + 20.000 ₫ delivery
    for status in ["confirmed", "packed"]:
        order = order_status_change(order=order, new_status=status)
    order = order_status_change(order=order, new_status="shipped", carrier="GHN", tracking_number="GHN1")
    order = order_status_change(order=order, new_status="delivered")
    from marketplace.payments.services import ledger_record_delivery

    ledger_record_delivery(order=order)  # reported twice
    producer = order.producer
    assert LedgerEntry.objects.filter(order=order).count() == 2
    summary = producer_ledger_summary(producer=producer)
    assert summary == {
        "sales": Decimal("270000"),
        "commission": Decimal("12500"),
        "payouts": Decimal("0"),
        "balance": Decimal("257500"),
    }
    officer = UserFactory(is_staff=True)
    for bad in ["0", "-1000", "1000.5", "abc", "257501"]:
        with pytest.raises(ValidationError):
            ledger_record_payout(producer=producer, amount=bad, officer=officer)
    ledger_record_payout(producer=producer, amount="257500", officer=officer, note="Chuyển khoản tháng 11")
    assert producer_balance(producer=producer) == 0


def test_only_shoppers_who_received_the_product_may_review_it(client, places, three_producers):
    honey, tea, _ = three_producers
    buyer = UserFactory()
    client.force_login(buyer)
    order = _buy(client, places, honey).orders.get()
    review_url = reverse("catalogue:reviews-add", kwargs={"product_slug": honey.slug, "product_pk": honey.pk})
    review = {"title": "Ngon", "score": 5, "body": "Mật ong thơm.", "name": "Lan", "email": buyer.email}

    response = client.post(review_url, review)  # not delivered yet
    assert response.status_code == 302 and ProductReview.objects.count() == 0

    for status in ["confirmed", "packed"]:
        order = order_status_change(order=order, new_status=status)
    order = order_status_change(order=order, new_status="shipped", carrier="GHN", tracking_number="GHN2")
    order_status_change(order=order, new_status="delivered")
    assert honey.is_review_permitted(buyer) and not tea.is_review_permitted(buyer)
    response = client.post(review_url, review)
    assert response.status_code == 302
    assert ProductReview.objects.filter(product=honey, user=buyer).count() == 1
    assert not honey.is_review_permitted(buyer)  # once

    client.logout()
    other = UserFactory()
    client.force_login(other)
    client.post(review_url, review)
    assert ProductReview.objects.filter(user=other).count() == 0


def test_a_mail_server_failure_after_checkout_does_not_lose_the_purchase(
    client, places, three_producers, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    """The purchase is committed before its e-mails are queued; a failing task is logged, not shown as an error."""
    from marketplace.order import notifications

    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", smtp_down)
    honey, *_ = three_producers
    basket_add(client, honey, 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkout:index"), checkout_data(places))
    assert response.status_code == 302
    assert Purchase.objects.count() == 1 and Order.objects.count() == 1
    assert "mail server down" in caplog.text
