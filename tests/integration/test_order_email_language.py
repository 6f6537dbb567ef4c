"""Order e-mails: each goes out once (the database decides, not a cache) and in its recipient's language.

The shopper reads the language they checked out in; a producer the language chosen on their profile
(Vietnamese until they choose).
"""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model

from marketplace.core.roles import roles_ensure_groups
from marketplace.order import notifications
from marketplace.order.models import Purchase, SentEmail
from marketplace.order.services import DeliveryAddress, order_status_change, purchase_place
from marketplace.partner.services import producer_update_profile
from tests.factories import ProducerFactory, ProducerUserFactory, PurchaseFactory, WardFactory
from tests.helpers import basket_add, checkout_data

OrderStatusChange = get_model("order", "OrderStatusChange")

pytestmark = pytest.mark.django_db


def _checkout(client, places, product, *, language, capture):
    """Check out one product through the storefront in ``language`` (English lives under /en/)."""
    basket_add(client, product, 1)
    with translation.override(language):
        url = reverse("checkout:index")
    assert url.startswith("/en/") is (language == "en")
    with capture(execute=True):
        response = client.post(url, checkout_data(places))
    assert response.status_code == 302, response.content.decode()[:500]
    return Purchase.objects.order_by("-pk").first()


def _mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_a_shopper_who_ordered_in_english_gets_english_e_mails(
    client, places, three_producers, django_capture_on_commit_callbacks
):
    honey, *_ = three_producers
    purchase = _checkout(client, places, honey, language="en", capture=django_capture_on_commit_callbacks)
    assert purchase.language == "en"

    [confirmation] = _mails_to("khach@example.vn")
    assert confirmation.subject == f"Your purchase {purchase.reference} at Chợ OCOP"
    assert f"Thank you for your purchase {purchase.reference}." in confirmation.body
    assert "Cảm ơn" not in confirmation.body
    assert "/en/" in confirmation.body  # the link opens the purchase page in English too

    order = purchase.orders.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_status_change(order=order, new_status="confirmed")
        order_status_change(order=order, new_status="packed")
        order_status_change(order=order, new_status="shipped", carrier="Viettel Post", tracking_number="VTP9")
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        f"Order {order.number}: Confirmed",
        f"Order {order.number}: Packed",
        f"Order {order.number}: Shipped",
    ]
    assert "Carrier: Viettel Post" in mail.outbox[2].body
    assert "Tracking number: VTP9" in mail.outbox[2].body
    assert "Reason" not in mail.outbox[2].body


def test_a_shopper_who_ordered_in_vietnamese_gets_vietnamese_e_mails(
    client, places, three_producers, django_capture_on_commit_callbacks
):
    honey, *_ = three_producers
    purchase = _checkout(client, places, honey, language="vi", capture=django_capture_on_commit_callbacks)
    assert purchase.language == "vi"
    [confirmation] = _mails_to("khach@example.vn")
    assert confirmation.subject == f"Đơn mua {purchase.reference} tại Chợ OCOP"
    assert "/en/" not in confirmation.body

    order = purchase.orders.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_status_change(order=order, new_status="cancelled", reason="Hết hàng")
    [cancelled] = mail.outbox
    assert cancelled.subject == f"Đơn hàng {order.number}: Đã hủy"
    assert "Hết hàng" in cancelled.body
    assert "Carrier" not in cancelled.body and "Đơn vị vận chuyển" not in cancelled.body


def test_each_producer_reads_their_new_order_in_their_own_language(
    client, places, three_producers, django_capture_on_commit_callbacks
):
    """One purchase in English from two producers: one reads Vietnamese (the default), the other English."""
    honey, tea, _fish_sauce = three_producers
    honey_producer = honey.stockrecords.get().partner
    tea_producer = tea.stockrecords.get().partner
    assert honey_producer.language == "vi"  # every producer starts with Vietnamese
    tea_producer.language = "en"
    tea_producer.save(update_fields=["language"])

    basket_add(client, honey, 1)
    purchase = _checkout(client, places, tea, language="en", capture=django_capture_on_commit_callbacks)
    orders = {order.producer_id: order for order in purchase.orders.all()}

    [honey_mail] = _mails_to(honey_producer.email)
    assert honey_mail.subject == f"Đơn hàng mới {orders[honey_producer.pk].number}"
    assert "bạn có đơn hàng mới" in honey_mail.body
    [tea_mail] = _mails_to(tea_producer.email)
    assert tea_mail.subject == f"New order {orders[tea_producer.pk].number}"
    assert "you have a new order" in tea_mail.body
    # The shopper still reads English whatever the producers read.
    [confirmation] = _mails_to("khach@example.vn")
    assert confirmation.subject.startswith("Your purchase")


def test_a_purchase_placed_by_a_service_keeps_the_language_it_was_placed_in(three_producers):
    honey, *_ = three_producers
    with translation.override("en"):
        english = PurchaseFactory(items=[(honey, 1)])
    vietnamese = PurchaseFactory(items=[(honey, 1)])
    assert (english.language, vietnamese.language) == ("en", "vi")


@pytest.mark.parametrize(("given", "kept"), [("en", "en"), ("en-us", "en"), ("vi", "vi"), ("fr", "vi"), ("", "vi")])
def test_the_language_kept_is_one_of_the_sites(three_producers, given, kept):
    honey, *_ = three_producers
    basket = get_model("basket", "Basket").objects.create()
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    basket.add_product(honey, 1)
    address = DeliveryAddress(full_name="Lan", phone="+84912345678", region=WardFactory(), street="Số 1")
    with translation.override("vi"):
        purchase = purchase_place(
            basket=basket,
            user=None,
            email="khach@example.vn",
            address=address,
            delivery={},
            payment_method="cod",
            language=given,
        )
    assert purchase.language == kept


def test_each_e_mail_is_sent_once_even_when_the_cache_is_cleared(three_producers):
    """The old guard lived in the cache (per process without Redis): a cleared cache sent it again."""
    honey, tea, _fish = three_producers
    purchase = PurchaseFactory(items=[(honey, 1), (tea, 1)])
    mail.outbox.clear()
    assert notifications.purchase_send_confirmations(purchase_id=purchase.pk) == 3  # the shopper and two producers
    assert len(mail.outbox) == 3
    cache.clear()
    assert notifications.purchase_send_confirmations(purchase_id=purchase.pk) == 0
    assert len(mail.outbox) == 3
    assert sorted(SentEmail.objects.values_list("kind", "object_id")) == sorted(
        [("purchase_placed", purchase.pk)] + [("order_placed", order.pk) for order in purchase.orders.all()]
    )

    order = purchase.orders.first()
    order_status_change(order=order, new_status="confirmed")
    change = OrderStatusChange.objects.get(order=order, new_status="confirmed")
    mail.outbox.clear()
    assert notifications.order_send_status_email(status_change_id=change.pk) is True
    cache.clear()
    assert notifications.order_send_status_email(status_change_id=change.pk) is False
    assert len(mail.outbox) == 1
    assert SentEmail.objects.get(kind="status_changed", object_id=change.pk).language == "vi"


def test_the_unique_row_decides_when_two_workers_race(three_producers, monkeypatch):
    """Both workers pass the cheap "already sent?" read; only the first inserts its row and sends."""
    honey, *_ = three_producers
    purchase = PurchaseFactory(items=[(honey, 1)])
    mail.outbox.clear()
    monkeypatch.setattr(notifications, "_already_sent", lambda **kwargs: False)
    assert notifications.purchase_send_confirmations(purchase_id=purchase.pk) == 2
    assert notifications.purchase_send_confirmations(purchase_id=purchase.pk) == 0
    assert len(mail.outbox) == 2
    assert SentEmail.objects.count() == 2


def test_a_failed_send_leaves_no_row_so_a_retry_sends_it(three_producers, monkeypatch):
    honey, *_ = three_producers
    purchase = PurchaseFactory(items=[(honey, 1)])
    mail.outbox.clear()

    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", smtp_down)
    with pytest.raises(ConnectionRefusedError):
        notifications.purchase_send_confirmations(purchase_id=purchase.pk)
    assert not SentEmail.objects.exists()
    monkeypatch.undo()
    assert notifications.purchase_send_confirmations(purchase_id=purchase.pk) == 2
    assert len(mail.outbox) == 2


def test_nothing_is_recorded_for_an_e_mail_without_a_recipient(three_producers):
    honey, *_ = three_producers
    producer = honey.stockrecords.get().partner
    producer.email = ""
    producer.save(update_fields=["email"])
    purchase = PurchaseFactory(items=[(honey, 1)])
    mail.outbox.clear()
    assert notifications.purchase_send_confirmations(purchase_id=purchase.pk) == 1  # the shopper only
    assert list(SentEmail.objects.values_list("kind", flat=True)) == ["purchase_placed"]


def test_old_purchases_and_an_unknown_language_fall_back_to_vietnamese(three_producers):
    honey, *_ = three_producers
    purchase = PurchaseFactory(items=[(honey, 1)])
    # A purchase from before the language was kept holds the migration's default; a bad value is not trusted.
    Purchase.objects.filter(pk=purchase.pk).update(language="xx")
    mail.outbox.clear()
    notifications.purchase_send_confirmations(purchase_id=purchase.pk)
    shopper = [message for message in mail.outbox if message.to == [purchase.email]]
    assert shopper[0].subject.startswith("Đơn mua")
    assert SentEmail.objects.get(kind="purchase_placed").language == "vi"


# The producer chooses their language in the dashboard profile -----------------------------------------------------


def _profile_data(**overrides):
    data = {
        "story": "<p>Chuyện đồi chè.</p>",
        "phone": "0912 345 678",
        "email": "lienhe@example.vn",
        "website": "",
        "facebook_url": "",
        "zalo_phone": "",
        "street_address": "Khu 5",
        "founded_year": "2004",
        "logo": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def producer_user(db):
    roles_ensure_groups()
    return ProducerUserFactory(producer=ProducerFactory(name="HTX Chè Thanh Ba"))


def _producer_of(user):
    return user.partners.get()


def test_a_producer_chooses_the_language_of_their_e_mails(client, producer_user):
    client.force_login(producer_user)
    url = reverse("dashboard:producer-profile")
    page = client.get(url).content.decode()
    assert 'name="language"' in page
    response = client.post(url, _profile_data(language="en"))
    assert response.status_code == 302, response.content.decode()[:500]
    assert _producer_of(producer_user).language == "en"
    # Left empty (an old form, a script): the choice stays as it was.
    response = client.post(url, _profile_data())
    assert response.status_code == 302
    assert _producer_of(producer_user).language == "en"


def test_a_language_the_site_does_not_have_is_refused_and_nothing_is_saved(client, producer_user):
    client.force_login(producer_user)
    with translation.override("en"):
        url = reverse("dashboard:producer-profile")
    response = client.post(url, _profile_data(language="fr", street_address="Khu 9"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    producer = _producer_of(producer_user)
    assert (producer.language, producer.street_address) == ("vi", "Khu 3")


def test_the_service_refuses_an_unknown_language_too(producer_user):
    producer = _producer_of(producer_user)
    with pytest.raises(ValidationError) as error:
        producer_update_profile(
            producer=producer,
            user=producer_user,
            story="",
            phone="",
            email="",
            website="",
            facebook_url="",
            zalo_phone="",
            street_address="Khu 9",
            founded_year=None,
            language="fr",
        )
    assert "language" in error.value.message_dict
    producer.refresh_from_db()
    assert (producer.language, producer.street_address) == ("vi", "Khu 3")
