"""In a real browser: no storefront page scrolls sideways on a phone, and search results come first.

Wide pictures (a 480 px card image, a 600 px promotion banner) made the content pages 450-650 px wide on a
390 px phone; the search page printed its filters as long lists above the results. These tests look at what
the browser lays out, with pictures wider than a phone on every kind of page.
"""

import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def site(storefront):
    """One page of each kind, each with a picture wider than a phone, and a search index with enough hits."""
    from marketplace.search.services import search_reindex
    from tests.factories import (
        FairIndexPageFactory,
        FairPageFactory,
        NewsIndexPageFactory,
        NewsPageFactory,
        ProducerFactory,
        ProductFactory,
        PromotionIndexPageFactory,
        PromotionPageFactory,
        TourIndexPageFactory,
        TourPageFactory,
        WagtailImageFactory,
    )

    home = storefront["home"]
    picture = WagtailImageFactory(file__width=1600, file__height=800)  # wider than a phone, even when cropped
    producer = ProducerFactory(name="HTX Chè Long Cốc", slug="htx-che-long-coc", latitude=21.3, longitude=105.2)
    products = [
        ProductFactory(
            title=f"Chè xanh Long Cốc loại {n}",
            stockrecord__price=Decimal("160000"),
            stockrecord__producer=producer,
            certification=82,
        )
        for n in range(1, 23)  # more than one page of search results (20)
    ]
    tour = TourPageFactory(
        parent=TourIndexPageFactory(parent=home),
        title="Tour đồi chè Long Cốc",
        slug="tour-doi-che",
        cover_image=picture,
        producers=[producer],
    )
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=home), title="Mùa chè Long Cốc", cover=picture)
    promotion = PromotionPageFactory(
        parent=PromotionIndexPageFactory(parent=home), title="Tuần lễ chè Long Cốc", banner=picture
    )
    fair = FairPageFactory(
        parent=FairIndexPageFactory(parent=home), title="Hội chợ chè Phú Thọ", slug="hoi-cho-che", cover_image=picture
    )
    home.body = [
        {"type": "fairs", "value": {"title": "Hội chợ sắp tới", "count": 3}},
        {"type": "tours", "value": {"title": "Tour trải nghiệm", "count": 3}},
        {"type": "news", "value": {"title": "Tin mới nhất", "count": 3}},
    ]
    home.save()
    search_reindex(stream=io.StringIO())
    return {
        "tour": tour,
        "news": news,
        "promotion": promotion,
        "fair": fair,
        "product": products[0],
        "province": producer.region.parent,
    }


def _pages(site):
    return {
        "home": "/",
        "tour index": site["tour"].get_parent().url,
        "tour": site["tour"].url,
        "news index": site["news"].get_parent().url,
        "news": site["news"].url,
        "promotion index": site["promotion"].get_parent().url,
        "promotion": site["promotion"].url,
        "fair index": site["fair"].get_parent().url,
        "fair": site["fair"].url,
        "search": "/search/?q=che",
        "catalogue": "/shop/",
        "product": site["product"].get_absolute_url(),
        "region": f"/regions/{site['province'].slug}/",
    }


def _load_every_picture(page):
    """Load the lazy pictures too (a picture's width only counts once it is loaded), and wait for all of them."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })")
    # A function, not a bare expression: Playwright re-runs an expression with eval(), which the CSP refuses.
    page.wait_for_function("() => Array.from(document.images).every((img) => img.complete)")


def test_no_page_scrolls_sideways_on_a_phone(live_server, site, browser_page, shots_dir):
    page = browser_page
    page.set_viewport_size(PHONE)
    paths = _pages(site)
    widths = {}
    for name, path in paths.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, (name, path, response.status)
        _load_every_picture(page)
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
        if widths[name] > PHONE["width"]:
            page.screenshot(path=str(shots_dir / f"too-wide-{name.replace(' ', '-')}.png"), full_page=True)
    # The pictures are really there and wider than the phone (so the test would catch an overflow)...
    page.goto(live_server.url + paths["promotion"])
    _load_every_picture(page)
    banner = page.locator("img.promotion__banner")
    expect(banner).to_be_visible()
    assert int(banner.get_attribute("width")) > PHONE["width"]  # the size the page asks for, without the theme's CSS
    # ...and every page fits the phone's width.
    assert widths == dict.fromkeys(paths, PHONE["width"])


def test_content_cards_are_a_grid_without_bullets(live_server, site, browser_page, shots_dir):
    page = browser_page
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    _load_every_picture(page)
    page.screenshot(path=str(shots_dir / "home-cards-desktop.png"), full_page=True)
    lists = page.locator(".page-cards")
    expect(lists).to_have_count(3)  # fairs, tours, news
    assert set(lists.evaluate_all("(all) => all.map((list) => getComputedStyle(list).listStyleType)")) == {"none"}
    # Each card's picture stays inside its card.
    for card in page.locator(".page-card").all():
        card_box, image_box = card.bounding_box(), card.locator("img").first.bounding_box()
        if image_box:
            assert image_box["width"] <= card_box["width"] + 0.5

    page.goto(live_server.url + site["tour"].get_parent().url)
    _load_every_picture(page)
    assert page.locator(".tour-list").evaluate("(list) => getComputedStyle(list).listStyleType") == "none"
    card, image = page.get_by_test_id("tour-card").first, page.locator(".tour-card__image").first
    assert image.bounding_box()["width"] <= card.bounding_box()["width"] + 0.5


def test_search_results_come_before_or_beside_the_filters(live_server, site, browser_page, shots_dir):
    page = browser_page
    facets = page.get_by_test_id("search-facets")
    first_hit = page.get_by_test_id("search-hit").first
    stars_filter = page.locator('section.facet[data-facet="stars"] a').first

    # Desktop: the filters are an open sidebar to the left of the results, which start on the first screen.
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/search/?q=che")
    expect(first_hit).to_be_visible()
    expect(stars_filter).to_be_visible()
    page.screenshot(path=str(shots_dir / "search-desktop.png"), full_page=True)
    hit_box, facets_box = first_hit.bounding_box(), facets.bounding_box()
    assert hit_box["y"] + hit_box["height"] <= DESKTOP["height"]
    assert facets_box["x"] + facets_box["width"] <= hit_box["x"]  # beside, not above
    # Pagination: "Page 1 of 2" and "Next" are apart, and read as such.
    current, following = page.locator(".pagination .page-item").nth(0), page.locator(".pagination .page-item").nth(1)
    expect(following).to_have_text("Trang sau")
    assert current.bounding_box()["x"] + current.bounding_box()["width"] < following.bounding_box()["x"]

    # Phone: the filters are folded into one line above the results; a tap opens them.
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/search/?q=che")
    expect(first_hit).to_be_visible()
    expect(stars_filter).to_be_hidden()
    page.screenshot(path=str(shots_dir / "search-phone.png"), full_page=True)
    assert first_hit.bounding_box()["y"] + 40 <= PHONE["height"]
    facets.locator("summary").click()
    expect(stars_filter).to_be_visible()
    stars_filter.click()
    expect(first_hit).to_be_visible()
    assert "stars=" in page.url


def test_basket_prices_stay_on_one_line(live_server, site, browser_page, shots_dir):
    page = browser_page
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + site["product"].get_absolute_url())
    page.get_by_role("button", name="Thêm vào giỏ hàng").first.click()
    expect(page.get_by_test_id("basket-link").locator(".basket-link__count")).to_have_text("1")
    page.goto(live_server.url + "/shop/basket/")
    price = page.locator(".basket-items .price_color").first
    expect(price).to_contain_text("160.000")
    page.screenshot(path=str(shots_dir / "basket-desktop.png"), full_page=True)
    line_height = price.evaluate("(p) => parseFloat(getComputedStyle(p).lineHeight)")
    assert price.bounding_box()["height"] < 1.5 * line_height  # "160.000 ₫" on one line, not "160.000" / "₫"
    # The producer's subtotal is right-aligned (Bootstrap 4's text-right, not Bootstrap 5's text-end).
    subtotal = page.get_by_test_id("basket-producer-subtotal")
    assert subtotal.evaluate("(el) => getComputedStyle(el).textAlign") == "right"
