"""In a real browser: a visitor opens a tour, adds a product from it to the basket, and downloads a fair's .ics."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def tour_and_fair(storefront):
    from tests.factories import (
        FairIndexPageFactory,
        FairPageFactory,
        ProducerFactory,
        ProductFactory,
        TourIndexPageFactory,
        TourPageFactory,
    )

    home = storefront["home"]
    producer = ProducerFactory(name="HTX Chè Long Cốc", slug="htx-che-long-coc", latitude=21.3, longitude=105.2)
    tea = ProductFactory(
        title="Chè xanh Long Cốc",
        stockrecord__price=Decimal("160000"),
        stockrecord__producer=producer,
        certification=82,
    )
    tour = TourPageFactory(
        parent=TourIndexPageFactory(parent=home), title="Tour đồi chè Long Cốc", producers=[producer]
    )
    fair = FairPageFactory(
        parent=FairIndexPageFactory(parent=home), title="Hội chợ OCOP Phú Thọ 2027", slug="hoi-cho-2027"
    )
    return {"tour": tour, "fair": fair, "tea": tea}


def test_visitor_buys_from_a_tour_and_saves_a_fair_to_the_calendar(live_server, tour_and_fair, browser_page, shots_dir):
    from icalendar import Calendar

    page = browser_page
    page.goto(live_server.url + tour_and_fair["tour"].url)
    expect(page.locator("h1", has_text="Tour đồi chè Long Cốc")).to_be_visible()
    card = page.locator(".product-card", has_text="Chè xanh Long Cốc")
    expect(card).to_be_visible()
    page.screenshot(path=str(shots_dir / "tour-vi.png"), full_page=True)
    card.get_by_role("button", name="Thêm vào giỏ hàng").click()
    expect(page.get_by_test_id("basket-link").locator(".basket-link__count")).to_have_text("1")

    page.goto(live_server.url + tour_and_fair["fair"].url)
    expect(page.locator("h1", has_text="Hội chợ OCOP Phú Thọ 2027")).to_be_visible()
    with page.expect_download() as download_info:
        page.locator("a[href$='ics/']").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    from pathlib import Path

    calendar = Calendar.from_ical(Path(download.path()).read_bytes())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Hội chợ OCOP Phú Thọ 2027"
    start = event.decoded("DTSTART")
    assert start == tour_and_fair["fair"].start
