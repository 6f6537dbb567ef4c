"""In a real browser: suggestions under the header box from a query typed without marks, then a facet."""

import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def honeys(storefront):
    from marketplace.search.services import search_reindex
    from tests.factories import ProducerFactory, ProductFactory

    producer = ProducerFactory(name="HTX Ong mật Tân Sơn", slug="htx-ong-mat-tan-son")
    for title, score in [("Mật ong rừng Tân Sơn", 92), ("Mật ong hoa nhãn", 92), ("Mật ong bạc hà", 75)]:
        ProductFactory(
            title=title, stockrecord__price=Decimal("150000"), stockrecord__producer=producer, certification=score
        )
    ProductFactory(title="Chè xanh Long Cốc", stockrecord__price=Decimal("90000"), certification=80)
    search_reindex(stream=io.StringIO())


def test_typing_without_marks_suggests_and_a_facet_narrows(live_server, honeys, browser_page, shots_dir):
    page = browser_page
    page.goto(live_server.url + "/shop/")
    page.locator("#site-search-q").press_sequentially("mat ong", delay=40)
    suggestions = page.get_by_test_id("search-suggestions")
    expect(suggestions).to_be_visible()
    expect(suggestions.locator("li").first).to_contain_text("Mật ong")
    page.screenshot(path=str(shots_dir / "search-suggest.png"))

    page.locator("#site-search-q").press("Enter")
    products = page.get_by_test_id("search-hit").and_(page.locator("[data-kind=product]"))
    expect(products).to_have_count(3)
    five_stars = page.locator('section.facet[data-facet="stars"] a[data-facet-value="5"]')
    count = int(five_stars.locator("xpath=following-sibling::span[1]").inner_text())
    assert count == 2
    five_stars.click()
    expect(products).to_have_count(count)
    for title in products.all_inner_texts():
        assert "Mật ong" in title and "bạc hà" not in title
