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


def test_the_ocop_cycle_has_its_people_and_a_2026_round_in_five_states(demo):
    from programme.demo import COUNCIL, ROUND_NAME, SECRETARY, STATES
    from programme.models import CommuneAssignment, CycleEvent, Dossier, EvaluationRound

    User = get_user_model()
    commune_officer = User.objects.get(email="canbophuong@demo.ocop.vn")
    assert roles.user_is_commune_officer(commune_officer)
    wards = set(CommuneAssignment.objects.filter(user=commune_officer).values_list("region__code", flat=True))
    assert wards == {"07900", "07894", "07909", "07918"}
    for email, *_ in [*COUNCIL, SECRETARY]:
        assert roles.user_is_council_member(User.objects.get(email=email))
        assert email in demo

    evaluation_round = EvaluationRound.objects.get(name=ROUND_NAME)
    assert evaluation_round.year == 2026 and evaluation_round.is_closed
    assert evaluation_round.members.count() == 3
    assert evaluation_round.secretary.email == SECRETARY[0]

    def dossier_of(sku):
        return Dossier.objects.get(product__stockrecords__partner_sku=sku, year=2026)

    returned = dossier_of("DEMO-030")
    assert returned.status == Dossier.Status.RETURNED
    assert returned.events.filter(kind=CycleEvent.Kind.DOSSIER_RETURNED).exclude(comment="").exists()

    scored = dossier_of("DEMO-031").round_entries.get()
    assert dossier_of("DEMO-031").status == Dossier.Status.SCORED
    assert scored.stars == 4 and not scored.decision_items.exists()

    recognised = dossier_of("DEMO-002")
    assert recognised.status == Dossier.Status.RECOGNISED
    certificate = Certification.objects.get(product=recognised.product, status__in=Certification.IN_FORCE_STATUSES)
    assert (certificate.stars, certificate.decision_number, certificate.evaluation_year) == (
        4,
        "125/QĐ-UBND (mẫu)",
        2026,
    )

    central = dossier_of("DEMO-001").round_entries.get()
    assert central.proposed_central and central.score >= 90
    assert dossier_of("DEMO-001").status == Dossier.Status.SCORED

    knocked_out = dossier_of("DEMO-033").round_entries.get()
    assert knocked_out.not_rated and knocked_out.stars is None
    assert dossier_of("DEMO-033").status == Dossier.Status.NOT_RECOGNISED
    assert set(STATES) == {"DEMO-030", "DEMO-031", "DEMO-002", "DEMO-001", "DEMO-033"}
