from decimal import Decimal

import pytest

from catalogue.services import category_ensure_ocop_groups
from tests.factories import ProducerFactory, ProductFactory, ProvinceFactory, WardFactory


@pytest.fixture
def groups(db):
    return category_ensure_ocop_groups()


@pytest.fixture
def honey(db, groups):
    """A 4★ product at 125.000 ₫ in the 'honey and farm foods' set."""
    product = ProductFactory(
        title="Mật ong rừng Tân Sơn",
        stockrecord__price=Decimal("125000"),
        stockrecord__producer=ProducerFactory(name="HTX Mật ong Tân Sơn", slug="htx-mat-ong-tan-son"),
        certification=75,
    )
    product.categories.add(groups["honey-farm-foods"])
    return product


@pytest.fixture
def home_page(wagtail_tree):
    """The Vietnamese home page as the site root, with an English translation (as load_demo makes it)."""
    from marketplace.core.demo.services import _home_pages

    return _home_pages()


@pytest.fixture
def places(db):
    phu_tho = ProvinceFactory()
    viet_tri = WardFactory(parent=phu_tho)
    thanh_mieu = WardFactory(
        code="07906", name="Phường Thanh Miếu", short_name="Thanh Miếu", slug="thanh-mieu", parent=phu_tho
    )
    ha_noi = ProvinceFactory(code="01", name="Thành phố Hà Nội", short_name="Hà Nội", slug="ha-noi", kind="city")
    hoan_kiem = WardFactory(
        code="00070", name="Phường Hoàn Kiếm", short_name="Hoàn Kiếm", slug="hoan-kiem", parent=ha_noi
    )
    return {
        "phu_tho": phu_tho,
        "viet_tri": viet_tri,
        "thanh_mieu": thanh_mieu,
        "ha_noi": ha_noi,
        "hoan_kiem": hoan_kiem,
    }


@pytest.fixture
def three_producers(places):
    """Three producers in Phú Thọ, each with one product; the tea producer delivers free from 300.000 ₫."""
    honey, tea = _honey_and_tea(places, free_delivery_over=Decimal("300000"))
    fish_sauce = ProductFactory(
        title="Nước mắm cốt",
        stockrecord__price=Decimal("90000"),
        stockrecord__num_in_stock=3,
        stockrecord__producer=ProducerFactory(name="Hộ kinh doanh Nước mắm", region=places["viet_tri"]),
    )
    return honey, tea, fish_sauce


@pytest.fixture
def stripe_api(settings):
    """The stand-in Stripe API on a free port, with the settings pointing the SDK at it."""
    from tests.helpers import STRIPE_WEBHOOK_SECRET
    from tests.stripe_stub import StripeStubServer

    with StripeStubServer() as server:
        settings.STRIPE_SECRET_KEY = "sk_test_x"
        settings.STRIPE_PUBLISHABLE_KEY = "pk_test_x"
        settings.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.port}"
        settings.STRIPE_ENABLED = True
        yield server.stub


@pytest.fixture
def products(places):
    """Honey at 125.000 ₫ and tea at 160.000 ₫ from two producers in Phú Thọ (delivery 20.000 ₫ each)."""
    return _honey_and_tea(places)


def _honey_and_tea(places, **tea_producer):
    """Honey at 125.000 ₫ (Việt Trì) and tea at 160.000 ₫ (Thanh Miếu), each from its own producer;
    ``tea_producer``: more fields for the tea producer."""
    honey = ProductFactory(
        title="Mật ong rừng",
        stockrecord__price=Decimal("125000"),
        stockrecord__producer=ProducerFactory(name="HTX Mật ong", region=places["viet_tri"]),
    )
    tea = ProductFactory(
        title="Chè xanh Long Cốc",
        stockrecord__price=Decimal("160000"),
        stockrecord__producer=ProducerFactory(name="HTX Chè Long Cốc", region=places["thanh_mieu"], **tea_producer),
    )
    return honey, tea


@pytest.fixture
def producer_user(db):
    """The user of a producer (HTX Mật ong Tân Sơn) with two honey products. Modules that need another
    producer user define their own ``producer_user``."""
    from tests.factories import ProducerUserFactory

    producer = ProducerFactory(name="HTX Mật ong Tân Sơn")
    user = ProducerUserFactory(producer=producer)
    ProductFactory(title="Mật ong rừng", stockrecord__producer=producer)
    ProductFactory(title="Mật ong hoa nhãn", stockrecord__producer=producer)
    return user


@pytest.fixture
def fair_index(home_page):
    from tests.factories import FairIndexPageFactory

    return FairIndexPageFactory(parent=home_page)


@pytest.fixture
def tour_index(home_page):
    from tests.factories import TourIndexPageFactory

    return TourIndexPageFactory(parent=home_page)
