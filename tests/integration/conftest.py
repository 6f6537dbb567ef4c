from decimal import Decimal

import pytest

from catalogue.services import category_ensure_ocop_groups
from tests.factories import ProducerFactory, ProductFactory


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
