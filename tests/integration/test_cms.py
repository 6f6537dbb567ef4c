"""Promotions (khuyen-mai), news (tin-tuc) and the StreamField home page: rendering, rules, API, languages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation
from oscar.core.loading import get_model
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

from cms.blocks import ProductsByRuleBlock
from cms.models import (
    HomePage,
    Livestream,
    NewsIndexPage,
    NewsPage,
    NewsRelatedProduct,
    PromotionIndexPage,
    PromotionPage,
    PromotionProduct,
)
from cms.selectors import page_translation_urls, products_by_rule
from cms.services import livestream_validate
from tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ProductFactory,
    PromotionIndexPageFactory,
    PromotionPageFactory,
    WagtailImageFactory,
)

pytestmark = pytest.mark.django_db

Range = get_model("offer", "Range")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")

# A promotion or news list page, whatever its length (the language switcher looks up the page's
# translations once; the main navigation's sections are cached after the first page).
LIST_BUDGET = 15


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _english(page, **fields):
    english = page.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    for name, value in fields.items():
        setattr(english, name, value)
    return _publish(english)


# Page-type rules -------------------------------------------------------------------------------------------------


class TestPageTypeRules(WagtailPageTestCase):
    def test_index_pages_go_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, PromotionIndexPage)
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertAllowedParentPageTypes(PromotionIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertCanNotCreateAt(Page, PromotionIndexPage)
        self.assertCanNotCreateAt(PromotionIndexPage, PromotionIndexPage)

    def test_promotions_and_news_go_under_their_own_index(self):
        self.assertAllowedSubpageTypes(PromotionIndexPage, {PromotionPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(PromotionPage, {PromotionIndexPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertCanNotCreateAt(NewsIndexPage, PromotionPage)
        self.assertCanNotCreateAt(PromotionIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, PromotionPage)
        self.assertAllowedSubpageTypes(PromotionPage, set())
        self.assertAllowedSubpageTypes(NewsPage, set())


def test_one_promotion_index_per_home_page(home_page):
    assert PromotionIndexPage.can_create_at(home_page)
    PromotionIndexPageFactory(parent=home_page)
    assert not PromotionIndexPage.can_create_at(home_page)
    assert NewsIndexPage.can_create_at(home_page)


# Promotions ------------------------------------------------------------------------------------------------------


@pytest.fixture
def promotion_index(home_page):
    return PromotionIndexPageFactory(parent=home_page)


def _product(title, stars_score=75):
    return ProductFactory(title=title, stockrecord__price=Decimal("90000"), certification=stars_score)


def test_promotion_page_shows_dates_banner_products_voucher_and_upcoming_livestreams(client, promotion_index):
    tea, honey = _product("Chè búp tím Thanh Ba"), _product("Mật ong rừng Xuân Sơn")
    voucher = Voucher.objects.create(
        name="Tuần lễ OCOP",
        code="OCOP10",
        start_datetime=timezone.now() - datetime.timedelta(days=1),
        end_datetime=timezone.now() + datetime.timedelta(days=10),
    )
    promotion = PromotionPageFactory(
        parent=promotion_index,
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2026, 12, 14),
        banner=WagtailImageFactory(),
        voucher=voucher,
    )
    for product in (honey, tea):
        PromotionProduct.objects.create(page=promotion, product=product)
    now = timezone.now()
    Livestream.objects.create(
        page=promotion,
        title="Buổi đã qua",
        starts_at=now - datetime.timedelta(days=1),
        url="https://www.facebook.com/ocop/live/1",
    )
    Livestream.objects.create(
        page=promotion,
        title="Buổi sắp tới",
        starts_at=now + datetime.timedelta(days=1),
        url="https://www.youtube.com/watch?v=abc",
    )

    response = client.get(promotion.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "01/12/2026" in html and "14/12/2026" in html
    banner = re.search(r'<img[^>]*class="promotion__banner"[^>]*>', html).group(0)
    assert 'srcset="' in banner and banner.count(".webp") >= 3
    cards = re.findall(r'class="product-card"', html)
    assert len(cards) == 2
    assert html.index("Mật ong rừng Xuân Sơn") < html.index("Chè búp tím Thanh Ba")  # the editor's order
    assert "OCOP10" in html
    assert "Buổi sắp tới" in html and 'href="https://www.youtube.com/watch?v=abc"' in html
    assert "Buổi đã qua" not in html


def test_promotion_without_chosen_products_shows_its_offers_range(client, promotion_index):
    in_range = _product("Bưởi Đoan Hùng")
    _product("Nón lá Sai Nga")
    product_range = Range.objects.create(name="Bưởi khuyến mại")
    product_range.add_product(in_range)
    offer = ConditionalOffer.objects.create(
        name="Giảm 10% bưởi",
        condition=Condition.objects.create(range=product_range, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=product_range, type=Benefit.PERCENTAGE, value=10),
    )
    promotion = PromotionPageFactory(parent=promotion_index, offer=offer)

    html = client.get(promotion.url).content.decode()

    assert "Bưởi Đoan Hùng" in html and "Nón lá Sai Nga" not in html


def test_promotion_with_a_voucher_shows_the_vouchers_offer_range(promotion_index):
    from cms.selectors import promotion_products

    in_range = _product("Rượu men lá")
    _product("Mì gạo Hùng Lô")
    product_range = Range.objects.create(name="Rượu")
    product_range.add_product(in_range)
    offer = ConditionalOffer.objects.create(
        name="Voucher rượu",
        offer_type=ConditionalOffer.VOUCHER,
        condition=Condition.objects.create(range=product_range, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=product_range, type=Benefit.FIXED, value=20000),
    )
    voucher = Voucher.objects.create(
        name="Rượu",
        code="RUOU20",
        start_datetime=timezone.now(),
        end_datetime=timezone.now() + datetime.timedelta(days=3),
    )
    voucher.offers.add(offer)
    promotion = PromotionPageFactory(parent=promotion_index, voucher=voucher)

    assert [p.title for p in promotion_products(promotion=promotion)] == ["Rượu men lá"]
    assert promotion_products(promotion=PromotionPageFactory(parent=promotion_index)) == []


def test_promotion_rejects_end_before_start_and_offer_with_voucher(promotion_index):
    promotion = PromotionPageFactory.build(start_date=datetime.date(2026, 12, 10), end_date=datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError) as error:
        promotion.clean()
    assert "end_date" in error.value.message_dict

    voucher = Voucher.objects.create(
        name="V", code="V1", start_datetime=timezone.now(), end_datetime=timezone.now() + datetime.timedelta(days=1)
    )
    product_range = Range.objects.create(name="Tất cả", includes_all_products=True)
    offer = ConditionalOffer.objects.create(
        name="O",
        condition=Condition.objects.create(range=product_range, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=product_range, type=Benefit.PERCENTAGE, value=5),
    )
    both = PromotionPageFactory.build(offer=offer, voucher=voucher)
    with pytest.raises(ValidationError) as error:
        both.clean()
    assert "voucher" in error.value.message_dict

    PromotionPageFactory.build(offer=offer).clean()  # one of them is fine
    PromotionPageFactory.build(start_date=datetime.date(2026, 12, 1), end_date=datetime.date(2026, 12, 1)).clean()


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.vn/live", "https://", "www.facebook.com/live", "https://localhost/x", ""],
)
def test_livestream_rejects_addresses_that_are_not_web_links(url):
    with pytest.raises(ValidationError) as error:
        livestream_validate(url=url, starts_at=timezone.now())
    assert "url" in error.value.message_dict


def test_livestream_must_end_after_it_starts_and_accepts_a_good_slot():
    start = timezone.now()
    with pytest.raises(ValidationError) as error:
        livestream_validate(url="https://www.tiktok.com/@ocop/live", starts_at=start, ends_at=start)
    assert list(error.value.message_dict) == ["ends_at"]
    livestream_validate(
        url="https://www.tiktok.com/@ocop/live", starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        Livestream(title="x", starts_at=start, url="javascript:alert(1)").clean()


def test_api_exposes_dates_banner_rendition_products_and_livestreams(client, promotion_index):
    product = _product("Chè xanh")
    promotion = PromotionPageFactory(
        parent=promotion_index,
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2026, 12, 3),
        banner=WagtailImageFactory(file__width=1600, file__height=600),
    )
    PromotionProduct.objects.create(page=promotion, product=product)
    Livestream.objects.create(
        page=promotion, title="Tối thứ bảy", starts_at=timezone.now(), url="https://www.youtube.com/live/x"
    )
    _publish(promotion)

    response = client.get(
        "/api/v2/pages/",
        {"type": "cms.PromotionPage", "fields": "start_date,end_date,banner_rendition,product_ids,livestreams"},
    )

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert (item["start_date"], item["end_date"]) == ("2026-12-01", "2026-12-03")
    assert item["banner_rendition"]["url"].endswith(".webp")
    assert (item["banner_rendition"]["width"], item["banner_rendition"]["height"]) == (1200, 400)
    assert item["product_ids"] == [product.pk]
    assert item["livestreams"][0]["url"] == "https://www.youtube.com/live/x"


def test_api_rejects_an_unknown_field(client, promotion_index):
    PromotionPageFactory(parent=promotion_index)
    response = client.get("/api/v2/pages/", {"type": "cms.PromotionPage", "fields": "no_such_field"})
    assert response.status_code == 400


def _promotions(index, count):
    for number in range(count):
        PromotionPageFactory(
            parent=index,
            title=f"Chiến dịch {number:02d}",
            start_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
            banner=WagtailImageFactory(),
        )


def test_promotion_list_is_newest_first_and_paginated(client, promotion_index):
    _promotions(promotion_index, 14)
    PromotionPageFactory(parent=promotion_index, title="Bản nháp", live=False)

    first = client.get(promotion_index.url).content.decode()
    second = client.get(promotion_index.url, {"page": 2}).content.decode()
    garbage = client.get(promotion_index.url, {"page": "abc"}).content.decode()

    titles = re.findall(r"Chiến dịch (\d\d)", first)
    assert titles == [f"{n:02d}" for n in range(13, 1, -1)]  # 12 a page, newest campaign first
    assert re.findall(r"Chiến dịch (\d\d)", second) == ["01", "00"]
    assert re.findall(r"Chiến dịch (\d\d)", garbage) == titles
    assert "Bản nháp" not in first + second


@pytest.mark.parametrize("count", [3, 12])
def test_promotion_list_query_count_is_flat(client, promotion_index, django_assert_max_num_queries, count):
    _promotions(promotion_index, count)
    client.get(promotion_index.url)  # the first view stores the renditions once
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(promotion_index.url)
    assert response.content.decode().count('class="page-card"') == count


# News ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


def test_news_page_renders_body_blocks_cover_and_related_products(client, news_index):
    product = _product("Trà hoa vàng")
    news = NewsPageFactory(
        parent=news_index,
        date=datetime.date(2026, 11, 20),
        cover=WagtailImageFactory(),
        body=[
            {"type": "paragraph", "value": "<p>Đoạn văn <b>đậm</b>.</p>"},
            {"type": "image", "value": {"image": WagtailImageFactory().pk, "caption": "Đồi chè"}},
            {"type": "quote", "value": {"quote": "Chất lượng là trên hết.", "attribution": "Chủ nhiệm HTX"}},
        ],
    )
    NewsRelatedProduct.objects.create(page=news, product=product)

    html = client.get(news.url).content.decode()

    assert "Đoạn văn <b>đậm</b>." in html
    assert "<figcaption>Đồi chè</figcaption>" in html
    assert "Chất lượng là trên hết." in html and "Chủ nhiệm HTX" in html
    assert re.search(r'<img[^>]*class="news__cover"[^>]*srcset="[^"]*\.webp', html)
    assert "Trà hoa vàng" in html and 'class="product-card"' in html


def _news(index, count):
    for number in range(count):
        NewsPageFactory(
            parent=index,
            title=f"Bản tin {number:02d}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
            cover=WagtailImageFactory(),
        )


def test_news_list_is_newest_first_and_paginated(client, news_index):
    _news(news_index, 13)
    first = client.get(news_index.url).content.decode()
    last = client.get(news_index.url, {"page": 99}).content.decode()
    assert re.findall(r"Bản tin (\d\d)", first) == [f"{n:02d}" for n in range(12, 0, -1)]
    assert re.findall(r"Bản tin (\d\d)", last) == ["00"]  # past the end: the last page


@pytest.mark.parametrize("count", [2, 12])
def test_news_list_query_count_is_flat(client, news_index, django_assert_max_num_queries, count):
    _news(news_index, count)
    client.get(news_index.url)
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(news_index.url)
    assert response.content.decode().count('class="page-card"') == count


def test_news_api_exposes_date_cover_and_body(client, news_index):
    news = NewsPageFactory(
        parent=news_index,
        date=datetime.date(2026, 10, 2),
        cover=WagtailImageFactory(),
        body=[{"type": "paragraph", "value": "<p>Nội dung</p>"}],
    )
    _publish(news)
    [item] = client.get("/api/v2/pages/", {"type": "cms.NewsPage", "fields": "date,cover_rendition,body"}).json()[
        "items"
    ]
    assert item["date"] == "2026-10-02"
    assert item["cover_rendition"]["url"].endswith(".webp")
    assert item["body"][0]["type"] == "paragraph"


# Home page blocks ------------------------------------------------------------------------------------------------


def test_products_by_rule_picks_five_stars_newest_and_a_group(groups):
    four = _product("Bốn sao", stars_score=80)
    five = _product("Năm sao", stars_score=95)
    tea = _product("Chè nhóm", stars_score=70)
    tea.categories.add(groups["tea"])

    assert [p.title for p in products_by_rule(rule="stars5", count=8)] == ["Năm sao"]
    assert [p.title for p in products_by_rule(rule="newest", count=2)] == ["Chè nhóm", "Năm sao"]
    assert [p.title for p in products_by_rule(rule="group", group="food", count=8)] == ["Chè nhóm"]
    assert [p.title for p in products_by_rule(rule="group", group="tea", count=8)] == ["Chè nhóm"]
    assert products_by_rule(rule="group", group="no-such-group", count=8) == []
    assert four.title not in [p.title for p in products_by_rule(rule="stars5", count=8)]
    assert five in products_by_rule(rule="newest", count=8)


def test_products_by_group_block_requires_a_group():
    block = ProductsByRuleBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"title": "Chè", "rule": "group", "group": "", "count": 4}))
    assert "group" in error.value.block_errors
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "Chè", "rule": "stars5", "group": "", "count": 0}))
    assert block.clean(block.to_python({"title": "Chè", "rule": "group", "group": "tea", "count": 4}))["group"] == "tea"


def _home_body(home_page, *, news_count=3):
    home_page.body = [
        {"type": "hero", "value": {"title": "Tuần lễ OCOP", "text": "Ưu đãi lớn", "link_text": "", "link_url": ""}},
        {"type": "products", "value": {"title": "OCOP 5 sao", "rule": "stars5", "group": "", "count": 4}},
        {"type": "fairs", "value": {"title": "Hội chợ sắp tới", "count": 3}},
        {"type": "tours", "value": {"title": "Tour trải nghiệm", "count": 3}},
        {"type": "news", "value": {"title": "Tin mới nhất", "count": news_count}},
        {"type": "text", "value": "<p>Lời chào của ban quản lý.</p>"},
    ]
    return _publish(home_page)


def test_home_page_blocks_render_in_place_of_the_field_hero(client, home_page, news_index, groups):
    _product("Chè năm sao", stars_score=96)
    NewsPageFactory(parent=news_index, title="Tin hôm nay")
    _home_body(home_page)

    html = client.get("/").content.decode()

    assert "Tuần lễ OCOP" in html and home_page.hero_title not in html
    assert "OCOP 5 sao" in html and "Chè năm sao" in html
    assert "Tin mới nhất" in html and "Tin hôm nay" in html
    assert "Lời chào của ban quản lý." in html
    # No fair or tour pages: their blocks show nothing at all (not even the heading).
    assert "Hội chợ sắp tới" not in html and "Tour trải nghiệm" not in html
    # The featured section the shop's browser tests rely on stays.
    assert 'class="home-featured"' in html


def test_home_page_news_block_lists_the_visitors_language(client, home_page, news_index):
    vi_news = NewsPageFactory(parent=news_index, title="Tin tiếng Việt", slug="tin-tieng-viet")
    _publish(news_index)
    _english(news_index, title="News")
    _english(vi_news, title="English news")
    _home_body(home_page)
    _english_home = home_page.get_translation(Locale.objects.get(language_code="en")).specific
    _home_body(_english_home)

    assert "Tin tiếng Việt" in client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "English news" in english and "Tin tiếng Việt" not in english


@pytest.mark.parametrize("news_count", [1, 6])
def test_home_page_with_blocks_keeps_its_query_count_flat(
    client, home_page, news_index, groups, django_assert_max_num_queries, news_count
):
    for number in range(news_count):
        NewsPageFactory(parent=news_index, cover=WagtailImageFactory(), date=datetime.date(2026, 1, 1 + number))
        _product(f"Sản phẩm {number}", stars_score=95)
    _home_body(home_page, news_count=news_count)
    client.get("/")
    with django_assert_max_num_queries(24):
        response = client.get("/")
    assert response.content.decode().count('class="page-card"') == news_count


# Languages -------------------------------------------------------------------------------------------------------


def test_translation_urls_follow_each_languages_own_slug(home_page, promotion_index):
    _publish(promotion_index)
    english = _english(promotion_index, title="Promotions", slug="promotions")

    request = RequestFactory().get("/khuyen-mai/")
    urls = page_translation_urls(page=promotion_index, request=request)

    assert urls == {"vi": "/khuyen-mai/", "en": "/en/promotions/"}
    assert page_translation_urls(page=english, request=request) == urls
    assert page_translation_urls(page=None) == {}


def test_language_switcher_tag_links_to_the_translation_or_falls_back(client, home_page, promotion_index):
    _publish(promotion_index)
    _english(promotion_index, title="Promotions", slug="promotions")
    untranslated = PromotionPageFactory(parent=promotion_index, slug="chi-tieng-viet")
    template = Template(
        "{% load marketplace_tags %}{% language_links as langs %}"
        "{% for l in langs %}{{ l.code }}={{ l.url }};{% endfor %}"
    )

    def render(page, path):
        request = RequestFactory().get(path)
        return template.render(Context({"page": page, "request": request, "LANGUAGE_CODE": "vi"}))

    assert render(promotion_index, "/khuyen-mai/") == "vi=/khuyen-mai/;en=/en/promotions/;"
    # Not translated: the same path under the other prefix (the old behaviour).
    assert render(untranslated, "/khuyen-mai/chi-tieng-viet/") == (
        "vi=/khuyen-mai/chi-tieng-viet/;en=/en/khuyen-mai/chi-tieng-viet/;"
    )
    with translation.override("en"):
        assert render(None, "/en/shop/") == "vi=/shop/;en=/en/shop/;"


def test_english_promotion_page_is_served_under_its_own_slug(client, home_page, promotion_index):
    _publish(promotion_index)
    _english(promotion_index, title="Promotions", slug="promotions")
    assert client.get("/en/promotions/").status_code == 200
    assert "Promotions" in client.get("/en/promotions/").content.decode()
    assert client.get("/khuyen-mai/").status_code == 200


# Demo --------------------------------------------------------------------------------------------------------------


def _cms_counts():
    from wagtail.models import GroupPagePermission, WorkflowPage

    return {
        "pages": Page.objects.count(),
        "livestreams": Livestream.objects.count(),
        "promotion_products": PromotionProduct.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
        "workflow_pages": WorkflowPage.objects.count(),
    }


def test_demo_content_in_both_languages_and_idempotent(client, home_page, groups):
    from cms.demo import cms_load_demo

    products = [_product(f"Sản phẩm mẫu {n}", stars_score=90 + n) for n in range(5)]
    cms_load_demo(home_page=home_page, producers={}, products=products)
    first = _cms_counts()
    cms_load_demo(home_page=home_page, producers={}, products=products)
    assert _cms_counts() == first

    assert PromotionPage.objects.filter(locale__language_code="vi", live=True).count() == 1
    assert PromotionPage.objects.filter(locale__language_code="en", live=True).count() == 1
    assert NewsPage.objects.filter(locale__language_code="vi", live=True).count() == 3
    assert NewsPage.objects.filter(locale__language_code="en", live=True).count() == 3
    promotion = PromotionPage.objects.get(locale__language_code="en")
    assert promotion.livestreams.count() == 3 and promotion.promotion_products.count() == 4

    vi_promo = client.get("/khuyen-mai/tuan-le-ocop-pho-hung/").content.decode()
    assert "Tuần lễ OCOP Phố Hùng" in vi_promo and vi_promo.count('class="product-card"') == 4
    en_promo = client.get("/en/khuyen-mai/tuan-le-ocop-pho-hung/").content.decode()
    assert "OCOP Week in Phố Hùng" in en_promo
    home_vi, home_en = client.get("/").content.decode(), client.get("/en/").content.decode()
    assert "Tin tức mới" in home_vi and "Phú Thọ có thêm sản phẩm OCOP đạt 5 sao" in home_vi
    assert "Latest news" in home_en and "Phú Thọ has a new 5-star OCOP product" in home_en
    assert 'class="home-featured"' in home_vi


def test_group_choices_are_named_in_the_admins_language():
    from cms.blocks import ocop_group_choices

    with translation.override("vi"):
        assert ("tea", "— Chè") in ocop_group_choices() and ("food", "Thực phẩm") in ocop_group_choices()
    with translation.override("en"):
        assert ("tea", "— Tea") in ocop_group_choices() and ("food", "Food") in ocop_group_choices()


# The admin: editors create promotions; bad input comes back with its messages ------------------------------------


def _promotion_form(
    *, start="2026-12-01", end="2026-12-14", livestream_url="https://www.facebook.com/ocop/live", products=()
):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    return nested_form_data(
        {
            "title": "Tết OCOP",
            "slug": "tet-ocop",
            "start_date": start,
            "end_date": end,
            "banner": "",
            "summary": "Quà Tết OCOP.",
            "body": rich_text("<p>Ưu đãi dịp Tết.</p>"),
            "offer": "",
            "voucher": "",
            "promotion_products": inline_formset([{"product": product.pk} for product in products]),
            "livestreams": inline_formset(
                [{"title": "Tối mùng 1", "starts_at": "2026-12-02 20:00", "ends_at": "", "url": livestream_url}]
            ),
            "action-publish": "1",
        }
    )


@pytest.fixture
def editor_client(client, home_page, promotion_index):
    from cms.services import cms_permissions_setup
    from tests.factories import EditorFactory

    cms_permissions_setup(home_page=home_page)
    client.force_login(EditorFactory())
    return client


def test_editor_creates_a_promotion_with_products_and_livestreams_in_the_admin(editor_client, promotion_index):
    tea = _product("Chè Long Cốc")
    url = f"/cms/pages/add/cms/promotionpage/{promotion_index.pk}/"
    assert editor_client.get(url).status_code == 200

    response = editor_client.post(url, _promotion_form(products=[tea]))

    assert response.status_code == 302
    promotion = PromotionPage.objects.get(slug="tet-ocop")
    assert promotion.live and promotion.product_ids == [tea.pk]
    assert promotion.livestreams.get().url == "https://www.facebook.com/ocop/live"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2026-12-14", "end": "2026-12-01"}, "không thể kết thúc trước khi bắt đầu"),
        ({"livestream_url": "javascript:alert(1)"}, "Hãy nhập địa chỉ web của buổi livestream"),
    ],
)
def test_admin_rejects_bad_promotions_with_a_message_and_saves_nothing(editor_client, promotion_index, data, message):
    url = f"/cms/pages/add/cms/promotionpage/{promotion_index.pk}/"
    with translation.override("en"):
        response = editor_client.post(url, _promotion_form(**data), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not PromotionPage.objects.filter(slug="tet-ocop").exists()


def test_product_chooser_searches_public_products(editor_client):
    _product("Chè búp tím")
    ProductFactory(title="Chè ẩn", is_public=False)
    _product("Mật ong")
    response = editor_client.get("/cms/content/choose-product/results/", {"q": "chè"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chè búp tím" in html and "Chè ẩn" not in html and "Mật ong" not in html


# Page titles: the site named once, SEO titles as they are ------------------------------------------------------------


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_home_page_title_names_the_site_once(client, home_page, settings):
    title = _title(client.get("/").content.decode())
    assert title == f"{home_page.title} – {settings.OSCAR_SHOP_TAGLINE}"
    assert f"| {settings.OSCAR_SHOP_NAME}" not in title


def test_home_page_seo_title_is_used_as_it_is(client, home_page):
    home_page.seo_title = "Đặc sản OCOP Phú Thọ chính hãng"
    home_page.save()
    assert _title(client.get("/").content.decode()) == "Đặc sản OCOP Phú Thọ chính hãng"


def test_news_page_title_ends_like_the_other_pages(client, home_page, settings):
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page), title="Mùa chè")
    title = _title(client.get(news.url).content.decode())
    assert title == f"Mùa chè | {settings.OSCAR_SHOP_NAME} – {settings.OSCAR_SHOP_TAGLINE}"
