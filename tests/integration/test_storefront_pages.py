"""The storefront renders in Vietnamese and English, with stars and đồng prices."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from tests.factories import ProductFactory

Category = get_model("catalogue", "Category")

pytestmark = pytest.mark.django_db


def _url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("language", "prefix"), [("vi", "/"), ("en", "/en/")])
def test_home_page_renders_in_each_language(client, home_page, honey, language, prefix):
    response = client.get(prefix)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert honey.title in html  # featured products link into the shop
    assert honey.get_absolute_url().removeprefix("/") in html


def test_english_home_links_to_english_product_pages(client, home_page, honey):
    import re

    client.get("/")  # a Vietnamese page first must not leak its language into the next one
    html = client.get("/en/").content.decode()
    with translation.override("en"):
        english_url = honey.get_absolute_url()
    links = set(re.findall(rf'href="(/(?:en/)?shop/[a-z0-9-]+_{honey.pk}/)"', html))
    assert links == {english_url}


def test_home_page_content_differs_by_language(client, home_page):
    assert "Sản phẩm OCOP chính hãng từ Phú Thọ" in client.get("/").content.decode()
    assert "Genuine OCOP products from Phú Thọ" in client.get("/en/").content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_catalogue_renders_in_each_language(client, honey, language):
    url = _url("catalogue:index", language)
    assert url == ("/shop/" if language == "vi" else "/en/shop/")
    response = client.get(url)
    assert response.status_code == 200
    assert honey.title in response.content.decode()


@pytest.mark.parametrize(
    ("language", "price"),
    [("vi", "125.000\xa0₫"), ("en", "₫125,000")],
)
def test_product_page_shows_star_badge_and_vnd_price(client, honey, language, price):
    with translation.override(language):
        url = honey.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="ocop-badge ocop-badge--lg"' in html
    assert 'data-stars="4"' in html
    assert price in html


def test_product_page_shows_the_seller_a_marketplace_must_display(client, honey):
    html = client.get(honey.get_absolute_url()).content.decode()
    producer = honey.stockrecords.get().partner
    for fact in (producer.name, producer.registration_number, producer.phone, producer.region.name):
        assert fact in html
    assert producer.get_absolute_url() in html


def test_uncertified_product_shows_no_badge(client, groups):
    product = ProductFactory(certification=False)
    html = client.get(product.get_absolute_url()).content.decode()
    assert "ocop-badge" not in html


def test_expired_certificate_shows_no_badge(client, groups):
    import datetime

    product = ProductFactory(certification=80, certification__decision_date=datetime.date(2020, 1, 1))
    html = client.get(product.get_absolute_url()).content.decode()
    assert "ocop-badge" not in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_basket_page_renders_in_each_language(client, language):
    response = client.get(_url("basket:summary", language))
    assert response.status_code == 200


def test_category_page_lists_products_of_its_subtree(client, groups, honey):
    other = ProductFactory(title="Nón lá Sai Nga")
    other.categories.add(groups["household-decor"])
    response = client.get(groups["food"].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert honey.title in html and other.title not in html


def test_category_with_a_wrong_slug_redirects_to_the_right_one(client, groups):
    food = groups["food"]
    response = client.get(f"/shop/category/old-name_{food.pk}/")
    assert response.status_code == 301
    assert response["Location"] == food.get_absolute_url()


def test_producer_profile_lists_its_products(client, honey):
    producer = honey.stockrecords.get().partner
    response = client.get(producer.get_absolute_url())
    assert response.status_code == 200
    assert honey.title in response.content.decode()


def test_unknown_producer_is_404(client, db):
    assert client.get("/producers/no-such-producer/").status_code == 404


# Query budgets: list pages must not grow with the number of products shown.
LIST_PAGE_BUDGET = 13  # the home page also looks up its translations for the language switcher


def _many_products(groups, count):
    for index in range(count):
        product = ProductFactory(stockrecord__price=Decimal(10000 + index * 1000), certification=50 + index)
        product.categories.add(groups["tea"])


def test_catalogue_query_count_is_flat(client, groups, django_assert_max_num_queries):
    _many_products(groups, 24)
    client.get("/shop/")  # the first view stores the placeholder image's thumbnail once
    with django_assert_max_num_queries(LIST_PAGE_BUDGET):
        response = client.get("/shop/")
    assert response.content.decode().count('class="product-card"') == 24


def test_category_query_count_is_flat(client, groups, django_assert_max_num_queries):
    _many_products(groups, 24)
    client.get(groups["food"].get_absolute_url())  # the first view stores the placeholder image's thumbnail once
    with django_assert_max_num_queries(LIST_PAGE_BUDGET):
        response = client.get(groups["food"].get_absolute_url())
    assert response.content.decode().count('class="product-card"') == 24


def test_home_query_count_is_flat(client, home_page, groups, django_assert_max_num_queries):
    _many_products(groups, 12)
    client.get("/")  # the first view stores the placeholder image's thumbnail once
    with django_assert_max_num_queries(LIST_PAGE_BUDGET):
        response = client.get("/")
    assert response.content.decode().count('class="product-card"') == 8


def test_product_groups_are_named_in_the_page_language(client, groups):
    assert "Thực phẩm" in client.get("/shop/").content.decode()
    english = client.get("/en/shop/").content.decode()
    assert "Handicrafts and textiles" in english and "Thủ công mỹ nghệ" not in english


def test_producer_page_carries_local_business_data(client, honey):
    import json
    import re

    producer = honey.stockrecords.get().partner
    producer.latitude, producer.longitude = 21.3326, 105.399
    producer.save()
    html = client.get(producer.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "LocalBusiness" and data["name"] == producer.name
    assert data["address"]["addressLocality"] == "Phường Việt Trì"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 21.3326, "longitude": 105.399}


def test_producer_page_shows_logo_gallery_and_social_links(client, honey):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from marketplace.partner.models import ProducerImage

    def png():
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), (10, 120, 40)).save(buffer, format="PNG")
        return ContentFile(buffer.getvalue())

    producer = honey.stockrecords.get().partner
    producer.facebook_url = "https://facebook.com/htx-mat-ong"
    producer.zalo_phone = "0912 345 678"
    producer.logo.save("logo.png", png())
    picture = ProducerImage(producer=producer, caption="Đàn ong dưới tán rừng")
    picture.image.save("ong.png", png())
    html = client.get(producer.get_absolute_url()).content.decode()
    assert producer.logo.url in html and picture.image.url in html
    assert "Đàn ong dưới tán rừng" in html
    assert "https://facebook.com/htx-mat-ong" in html and "https://zalo.me/0912345678" in html


# The product page: parts the same for every visitor are cached, the rest is rendered per request.
# Product (+ images, stock records), certificate, view counter (in a savepoint), reviews, recommended products
# (+ images, stock records) and the recently viewed one from the cookie.
PRODUCT_PAGE_BUDGET = 12


def _recommend(product, others):
    from oscar.core.loading import get_model

    ProductRecommendation = get_model("catalogue", "ProductRecommendation")
    for ranking, other in enumerate(reversed(others)):
        ProductRecommendation.objects.create(primary=product, recommendation=other, ranking=ranking)


@pytest.mark.parametrize("count", [1, 6])
def test_product_page_query_count_is_flat(client, honey, django_assert_max_num_queries, count):
    _recommend(honey, [ProductFactory() for _ in range(count)])
    client.get(honey.get_absolute_url())  # the first view stores thumbnails and cached fragments
    with django_assert_max_num_queries(PRODUCT_PAGE_BUDGET):
        response = client.get(honey.get_absolute_url())
    assert response.content.decode().count('class="product-card"') == count


def test_product_page_without_recommendations_does_not_look_them_up_twice(client, honey):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(honey.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(honey.get_absolute_url())
    assert not [q for q in queries.captured_queries if "productrecommendation" in q["sql"]]
    assert not [q for q in queries.captured_queries if "catalogue_category" in q["sql"]]  # the trail is cached


def test_recommended_products_are_public_and_in_ranking_order(client, honey):
    first, second = ProductFactory(title="Chè Thanh Ba"), ProductFactory(title="Bưởi Đoan Hùng")
    hidden = ProductFactory(title="Sản phẩm ẩn", is_public=False)
    _recommend(honey, [first, second, hidden])
    html = client.get(honey.get_absolute_url()).content.decode()
    assert "Sản phẩm ẩn" not in html
    assert html.index("Chè Thanh Ba") < html.index("Bưởi Đoan Hùng")


def test_an_edited_product_shows_its_new_title_in_the_cached_trail(client, honey, groups):
    html = client.get(honey.get_absolute_url()).content.decode()
    assert 'aria-current="page">Mật ong rừng Tân Sơn</li>' in html
    assert groups["honey-farm-foods"].get_absolute_url() in html
    honey.title = "Mật ong bạc hà"
    honey.save()
    html = client.get(honey.get_absolute_url()).content.decode()
    assert 'aria-current="page">Mật ong bạc hà</li>' in html


def test_cached_product_page_parts_follow_the_language(client, honey):
    client.get(honey.get_absolute_url())
    with translation.override("en"):
        english = client.get(honey.get_absolute_url()).content.decode()
    assert ">Home</a>" in english and "Trang chủ" not in english


def test_product_page_price_and_stock_are_never_served_stale(client, honey):
    client.get(honey.get_absolute_url())
    record = honey.stockrecords.get()
    record.price, record.num_in_stock = Decimal("99000"), 0
    record.save()
    html = client.get(honey.get_absolute_url()).content.decode()
    assert "99.000\xa0₫" in html and "125.000\xa0₫" not in html


def test_each_visitor_gets_their_own_basket_form_token(honey):
    import re

    from django.test import Client

    tokens = set()
    for _ in range(2):
        visitor = Client()
        visitor.get("/")  # a session and a CSRF cookie of its own
        html = visitor.get(honey.get_absolute_url()).content.decode()
        tokens.update(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) >= 2


def test_product_page_gallery_and_attributes_render(client, honey):
    html = client.get(honey.get_absolute_url()).content.decode()
    assert 'id="product_gallery"' in html and 'id="add_to_basket_form"' in html
    assert '<table class="table table-striped">' in html
    # Every product's class is "OCOP product": a row saying so told the shopper nothing.
    assert "Product Type" not in html and "Loại sản phẩm" not in html


def test_catalogue_reads_the_cards_cached_by_the_template_in_one_round_trip(client, groups):
    """The view's keys are the ``{% cache %}`` tag's keys: every card cached by one view is found by the next."""
    from catalogue.selectors import product_card_fragments, product_list_storefront

    _many_products(groups, 5)
    ProductFactory(stockrecord=False)  # no price: no card key to guess, the tag handles it
    first = client.get("/shop/").content.decode()
    for language in ("vi", "en"):
        with translation.override(language):
            fragments = product_card_fragments(products=list(product_list_storefront()))
            assert len(fragments) == (5 if language == "vi" else 0)  # English cards not rendered yet
    second = client.get("/shop/").content.decode()
    assert second.count('class="product-card"') == first.count('class="product-card"') == 6
    assert 'class="product-card__title"' in second and second.count("product-card__price") == 6


def test_a_changed_price_is_not_served_from_a_card_read_in_bulk(client, honey):
    client.get("/shop/")
    record = honey.stockrecords.get()
    record.price = Decimal("99000")
    record.save()
    html = client.get("/shop/").content.decode()
    assert "99.000\xa0₫" in html and "125.000\xa0₫" not in html


def test_a_card_cached_for_one_visitor_adds_to_the_basket_for_another(honey):
    """The card (button included) is cached; each visitor's CSRF token joins its form by the ``form`` attribute."""
    import re

    from django.test import Client

    form_id = f"basket-add-{honey.pk}"
    Client().get("/shop/")  # the first visitor fills the card cache
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get("/shop/").content.decode()
    assert f'<form id="{form_id}" action="{reverse("basket:add", kwargs={"pk": honey.pk})}" method="post">' in html
    token = re.search(rf'name="csrfmiddlewaretoken" value="([^"]+)" form="{form_id}"', html).group(1)
    response = visitor.post(
        reverse("basket:add", kwargs={"pk": honey.pk}), {"quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert "Mật ong rừng Tân Sơn" in visitor.get(reverse("basket:summary")).content.decode()


def test_a_cached_card_stops_offering_the_basket_when_stock_runs_out(client, honey):
    assert f'id="basket-add-{honey.pk}"' in client.get("/shop/").content.decode()
    record = honey.stockrecords.get()
    record.num_in_stock = 0
    record.save()
    html = client.get("/shop/").content.decode()
    card = html[html.index(f'data-product-id="{honey.pk}"') :]
    card = card[: card.index("</article>")]
    assert f'id="basket-add-{honey.pk}"' not in card and "disabled" in card


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_product_trail_starts_at_the_site_home_then_all_products(client, honey, prefix):
    html = client.get(prefix + honey.get_absolute_url().removeprefix("/en")).content.decode()
    trail = html[html.index('<ol class="breadcrumb">') : html.index("</ol>")]
    links = re.findall(r'<a href="([^"]+)"', trail)
    assert links[:2] == [f"{prefix}/", f"{prefix}/shop/"]


def test_the_product_page_gives_one_price_and_what_it_covers(client, honey):
    html = client.get(honey.get_absolute_url()).content.decode()
    row = html[html.index('data-testid="price-row"') :]
    row = row[: row.index("</tr>")]
    assert "125.000\xa0₫" in row and "đã gồm thuế" in row and "phí giao hàng" in row
    assert "Thuế" not in html.replace("đã gồm thuế", "")  # no "Tax 0 ₫" row


# The product page's wording: category names in the page's language, no product type, one period ----------------------


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def tea_in_categories():
    food = Category.add_root(name="Thực phẩm", name_en="Food", slug="food")
    tea = food.add_child(name="Chè", name_en="Tea", slug="tea")
    product = ProductFactory(title="Chè búp tím Thanh Ba 200g")
    product.categories.add(tea)
    return product


def _breadcrumb(page: str) -> str:
    return re.search(r'<ol class="breadcrumb">(.*?)</ol>', page, re.S).group(1)


def test_the_english_product_page_names_its_categories_in_english(client, tea_in_categories):
    with translation.override("en"):
        url = tea_in_categories.get_absolute_url()
    assert url.startswith("/en/")

    crumbs = _breadcrumb(_text(client.get(url)))

    assert ">Food</a>" in crumbs and ">Tea</a>" in crumbs
    assert "Thực phẩm" not in crumbs and ">Chè</a>" not in crumbs


def test_the_vietnamese_product_page_names_its_categories_in_vietnamese(client, tea_in_categories):
    crumbs = _breadcrumb(_text(client.get(tea_in_categories.get_absolute_url())))

    assert ">Thực phẩm</a>" in crumbs and ">Chè</a>" in crumbs
    assert ">Food</a>" not in crumbs


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_product_page_shows_no_untranslatable_product_type(client, tea_in_categories, language):
    with translation.override(language):
        url = tea_in_categories.get_absolute_url()

    page = _text(client.get(url))

    information = re.search(r'<table class="table table-striped">(.*?)</table>', page, re.S).group(1)
    assert tea_in_categories.product_class.name not in information  # "Sản phẩm OCOP", the same in every language
    assert "Product Type" not in page and "Loại sản phẩm" not in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_reviews_yet_ends_with_one_period(client, tea_in_categories, language):
    with translation.override(language):
        url = tea_in_categories.get_absolute_url()

    page = " ".join(_text(client.get(url)).split())

    sentence = re.search(r'id="reviews".*?</div> <p>([^<]*)</p>', page).group(1).strip()
    assert sentence.endswith(".") and not sentence.endswith(".."), sentence
    assert sentence.startswith("This product does not have any reviews yet" if language == "en" else "Sản phẩm này")
