"""A purchase cancelled before it was paid or shipped gives its vouchers and offers back.

Unpaid transfers and card payments are cancelled at their deadline; a shop may also cancel every
order of a purchase before taking money. Otherwise a guest could use up a single-use code or a
limited offer with orders never paid. A paid purchase keeps them spent when cancelled (Oscar's rule).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.order.models import Order, Purchase
from marketplace.order.services import (
    order_status_change,
    purchase_discounts_release,
    purchase_mark_paid,
    purchases_cancel_unpaid,
)
from tests.helpers import (
    basket_add,
    basket_place,
    basket_priced,
    basket_voucher_add,
    checkout_post,
    make_offer,
    make_voucher,
)

ConditionalOffer = get_model("offer", "ConditionalOffer")
OrderDiscount = get_model("order", "OrderDiscount")
Voucher = get_model("voucher", "Voucher")
VoucherApplication = get_model("voucher", "VoucherApplication")

pytestmark = pytest.mark.django_db


def _two_producer_purchase(client, places, three_producers, **checkout):
    honey, tea, _ = three_producers
    basket_add(client, honey)
    basket_add(client, tea)
    basket_voucher_add(client, "MOTLAN")
    response = checkout_post(client, places, **checkout)
    assert response.status_code == 302
    return Purchase.objects.get()


@pytest.mark.parametrize("payment_method", ["vietqr", "stripe"])
def test_an_unpaid_purchase_cancelled_at_its_deadline_gives_its_voucher_and_offer_back(
    client, places, three_producers, payment_method, settings
):
    settings.STRIPE_ENABLED = True  # the checkout offers cards; placing one calls no Stripe API
    voucher = make_voucher("MOTLAN", usage=Voucher.SINGLE_USE, value=10, exclusive=False)
    site_offer = make_offer(name="Một suất", value=5, max_global_applications=1, exclusive=False)
    purchase = _two_producer_purchase(client, places, three_producers, payment_method=payment_method)
    assert OrderDiscount.objects.values("offer_id").distinct().count() == 2  # both offers applied
    voucher_offer = voucher.offers.get()
    site_offer.refresh_from_db()
    assert site_offer.status == ConditionalOffer.CONSUMED
    assert voucher.is_available_to_user(AnonymousUser())[0] is False

    Purchase.objects.filter(pk=purchase.pk).update(payment_deadline=timezone.now() - timedelta(minutes=1))
    assert purchases_cancel_unpaid() == 1

    assert not VoucherApplication.objects.exists()
    voucher.refresh_from_db()
    assert (voucher.num_orders, voucher.total_discount) == (0, Decimal(0))
    assert voucher.is_available_to_user(AnonymousUser())[0] is True
    for offer in (voucher_offer, site_offer):
        offer.refresh_from_db()
        assert (offer.num_applications, offer.num_orders, offer.total_discount) == (0, 0, Decimal(0))
    assert site_offer.status == ConditionalOffer.OPEN  # re-opened by Oscar's save
    assert set(OrderDiscount.objects.values_list("frequency", flat=True)) == {0}
    purchase.refresh_from_db()
    assert purchase.discounts_released_at is not None
    # Given back once: running the release again changes nothing.
    assert purchase_discounts_release(purchase=purchase) is False
    voucher.refresh_from_db()
    assert voucher.num_orders == 0

    # And the code serves another shopper.
    client.logout()
    client.cookies.clear()
    honey, *_ = three_producers
    basket_add(client, honey)
    basket_voucher_add(client, "MOTLAN")
    assert checkout_post(client, places, email="khac@example.vn").status_code == 302
    assert VoucherApplication.objects.filter(voucher=voucher).count() == 1


def test_a_purchase_whose_every_order_is_cancelled_before_payment_gives_its_voucher_back(
    client, places, three_producers
):
    voucher = make_voucher("MOTLAN", usage=Voucher.SINGLE_USE, value=10)
    purchase = _two_producer_purchase(client, places, three_producers)  # cash on delivery
    first, second = purchase.orders.order_by("number")
    order_status_change(order=first, new_status="cancelled", reason="Hết hàng")
    # One order still stands: the purchase still uses the code.
    assert VoucherApplication.objects.filter(voucher=voucher).count() == 1
    order_status_change(order=second, new_status="confirmed")
    order_status_change(order=second, new_status="cancelled", reason="Khách đổi ý")
    assert not VoucherApplication.objects.exists()
    voucher.refresh_from_db()
    assert (voucher.num_orders, voucher.total_discount) == (0, Decimal(0))
    offer = voucher.offers.get()
    assert (offer.num_applications, offer.num_orders, offer.total_discount) == (0, 0, Decimal(0))


def test_a_paid_purchase_cancelled_keeps_its_discounts_counted(client, places, three_producers):
    voucher = make_voucher("MOTLAN", usage=Voucher.SINGLE_USE, value=10)
    purchase = _two_producer_purchase(client, places, three_producers, payment_method="vietqr")
    assert purchase_mark_paid(purchase=purchase)
    for order in purchase.orders.all():
        order_status_change(order=order, new_status="cancelled", reason="Khách đổi ý")
    assert VoucherApplication.objects.filter(voucher=voucher).count() == 1
    voucher.refresh_from_db()
    assert voucher.num_orders == 1
    offer = voucher.offers.get()
    assert offer.num_applications == 1 and offer.total_discount > 0
    purchase.refresh_from_db()
    assert purchase.discounts_released_at is None


def test_a_guest_per_customer_offer_given_back_serves_the_same_email_again(places, three_producers):
    honey, *_ = three_producers
    offer = make_offer(name="Một lần mỗi người", max_user_applications=1)
    purchase = basket_place(basket_priced([(honey, 1)]))
    assert OrderDiscount.objects.get().frequency == 1
    order_status_change(order=purchase.orders.get(), new_status="cancelled", reason="Khách đổi ý")
    # The same e-mail (khach@example.vn) may use it again: the cancelled use no longer counts.
    again = basket_place(basket_priced([(honey, 1)]))
    assert OrderDiscount.objects.get(order__purchase=again).amount == Decimal("12500")
    offer.refresh_from_db()
    assert offer.num_applications == 1
    assert Order.objects.filter(purchase=again).exists()
