"""`load_demo`: deterministic, idempotent, and rich enough to show the whole product."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from oscar.core.loading import get_model
from wagtail.models import Site

from catalogue.groups import OCOP_GROUPS
from catalogue.selectors import product_queryset_storefront
from cms.models import HomePage
from marketplace.core import roles
from marketplace.regions.models import Region

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Certification = get_model("catalogue", "Certification")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "regions": Region.objects.count(),
        "producers": Partner.objects.count(),
        "products": Product.objects.count(),
        "stockrecords": StockRecord.objects.count(),
        "certifications": Certification.objects.count(),
        "images": ProductImage.objects.count(),
        "categories": Category.objects.count(),
        "home_pages": HomePage.objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.fixture
def demo(wagtail_tree, capsys):
    call_command("load_demo")
    return capsys.readouterr().out


def test_running_twice_leaves_the_same_counts(demo):
    first = _counts()
    call_command("load_demo")
    assert _counts() == first


def test_catalogue_covers_all_six_groups_and_three_star_levels(demo):
    products = list(product_queryset_storefront().prefetch_related("categories"))
    assert len(products) >= 40
    groups = {category.get_ancestors_and_self()[0].slug for p in products for category in p.categories.all()}
    assert groups == {key for key, *_ in OCOP_GROUPS}
    assert {p.ocop_stars for p in products} - {None} == {3, 4, 5}
    for product in products:
        record = product.stockrecords.all()[0]
        assert record.price > 0 and record.price == record.price.to_integral_value()
        assert record.num_in_stock > 0
        assert product.images.exists()


def test_places_include_the_wards_that_replaced_viet_tri_city(demo):
    phu_tho = Region.objects.get(code="25")
    wards = set(phu_tho.children.values_list("short_name", flat=True))
    assert {"Việt Trì", "Nông Trang", "Thanh Miếu", "Vân Phú"} <= wards
    used = Region.objects.filter(producers__isnull=False).distinct()
    assert used.count() >= 9
    assert all(region.parent_id == phu_tho.pk for region in used)


def test_producers_have_different_legal_types(demo):
    assert Partner.objects.count() >= 12
    assert Partner.objects.values("legal_type").distinct().count() == len(Partner.LegalType)


def test_one_user_per_role_and_logins_are_printed(demo):
    User = get_user_model()
    for group in (roles.PRODUCERS, roles.TOURISM_STAFF, roles.OFFICERS):
        assert User.objects.filter(groups__name=group).exists()
    producer_users = User.objects.filter(groups__name=roles.PRODUCERS)
    assert producer_users.count() == 2
    # Each producer login runs a different producer: they must not see each other's orders.
    assert len({user.partners.get().pk for user in producer_users}) == 2
    assert "khachhang@demo.ocop.vn" in demo and "ocop-demo-2026" in demo


def test_demo_has_sales_points_and_orders_in_every_state(demo):
    from marketplace.order.models import Order, Purchase
    from marketplace.shipping.models import SalesPoint

    assert SalesPoint.objects.filter(is_active=True, producers__isnull=False).distinct().count() == 2
    statuses = set(Order.objects.values_list("status", flat=True))
    assert statuses == {"awaiting_payment", "pending", "confirmed", "packed", "shipped", "delivered", "cancelled"}
    assert Purchase.objects.filter(payment_method="vietqr", payment_status="awaiting").exists()
    # Every order belongs to one producer, and at least one purchase spans two producers.
    assert not Order.objects.filter(producer__isnull=True).exists()
    assert any(p.orders.count() == 2 for p in Purchase.objects.all())


def test_home_page_is_the_site_root_in_both_languages(demo, client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert HomePage.objects.filter(locale__language_code="en", live=True).exists()
    assert client.get("/").status_code == 200
    assert client.get("/en/").status_code == 200


def test_demo_banner_shows_in_demo_mode(demo, client, settings):
    settings.DEMO_MODE = True
    assert "Dữ liệu mẫu / sample data" in client.get("/shop/").content.decode()
    settings.DEMO_MODE = False
    assert "Dữ liệu mẫu / sample data" not in client.get("/shop/").content.decode()


def test_certificate_histories_show_the_whole_lifecycle(demo):
    statuses = set(Certification.objects.values_list("status", flat=True))
    assert {"certified", "expiring", "expired", "revoked", "superseded"} <= statuses
    revoked = Certification.objects.get(status="revoked")
    assert revoked.revocation_reason and revoked.revoked_on


def test_demo_livestreams_are_evening_shows_in_vietnam(demo):
    from django.utils import timezone

    from cms.models import Livestream

    starts = [timezone.localtime(slot.starts_at) for slot in Livestream.objects.all()]
    assert starts and {(start.hour, start.minute) for start in starts} == {(20, 0)}
    assert {str(start.tzinfo) for start in starts} == {"Asia/Ho_Chi_Minh"}
