"""Demo content of the CMS: a promotion with products and livestreams, three news items, home page blocks.

Deterministic (dates relative to today, pictures drawn with Pillow) and idempotent: what exists is kept.
Vietnamese pages come first; each gets an English translation with the same slug.
"""

import datetime
import io

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale

from cms.models import HomePage, Livestream, NewsIndexPage, NewsPage, PromotionIndexPage, PromotionPage
from cms.services import cms_permissions_setup

PROMOTION_SLUG = "tuan-le-ocop-pho-hung"
LIVESTREAM_URL = "https://www.facebook.com/ocopphutho.mau/live"

NEWS = [
    # slug, days ago, vi title, en title, vi intro, en intro, vi paragraph, en paragraph, quote (vi, en)
    (
        "pho-tho-co-them-san-pham-ocop-5-sao",
        3,
        "Phú Thọ có thêm sản phẩm OCOP đạt 5 sao (tin mẫu)",
        "Phú Thọ has a new 5-star OCOP product (sample news)",
        "Hội đồng đánh giá đã công nhận thêm một sản phẩm chè đạt hạng 5 sao.",
        "The evaluation council recognised one more tea product at 5 stars.",
        "Sản phẩm chè búp tím Thanh Ba đạt 91 điểm trên thang 100 điểm và được đề nghị công nhận 5 sao.",
        "Thanh Ba purple-bud tea scored 91 of 100 points and was proposed for 5-star recognition.",
        ("Chất lượng là chìa khóa để sản phẩm đi xa.", "Quality is what takes a product far."),
    ),
    (
        "tap-huan-ban-hang-truc-tuyen",
        10,
        "Tập huấn bán hàng trực tuyến cho chủ thể OCOP (tin mẫu)",
        "Online selling training for OCOP producers (sample news)",
        "Hơn 60 hợp tác xã và hộ kinh doanh tham gia lớp tập huấn livestream bán hàng.",
        "More than 60 cooperatives and household businesses joined a livestream selling course.",
        "Học viên được hướng dẫn chụp ảnh sản phẩm, viết câu chuyện sản phẩm và bán hàng qua livestream.",
        "Participants learned product photography, writing product stories and selling by livestream.",
        None,
    ),
    (
        "mua-buoi-doan-hung",
        20,
        "Vào mùa bưởi Đoan Hùng (tin mẫu)",
        "Đoan Hùng pomelo season begins (sample news)",
        "Các nhà vườn Chí Đám bắt đầu thu hoạch bưởi cho thị trường Tết.",
        "Chí Đám growers start harvesting pomelos for the Tết market.",
        "Năm nay sản lượng bưởi ước đạt hơn 40.000 tấn; các hợp tác xã ghi nhật ký vườn để truy xuất nguồn gốc.",
        "This year's harvest should pass 40,000 tonnes; cooperatives keep orchard logs for traceability.",
        None,
    ),
]


def _banner(title: str, colour=(190, 60, 40)):
    """A wide picture drawn with Pillow, stored once as a Wagtail image (found again by title)."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is not None:
        return image
    picture = PILImage.new("RGB", (1200, 400), (250, 200, 120))
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, 300, 1200, 400], fill=colour)
    draw.text((600, 150), "OCOP", fill=colour, font=ImageFont.load_default(size=120), anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    # The root collection is made by Wagtail's migrations; recreated here after a test database flush.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    image = Image(title=title, collection=collection)
    image.file = ImageFile(buffer, name="ocop-demo-banner.jpg")
    image.save()
    return image


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _index(model, *, home, slug, title_vi, title_en, intro_vi, intro_en, locale_en):
    index = model.objects.child_of(home).filter(slug=slug).first()
    if index is None:
        index = home.add_child(instance=model(title=title_vi, slug=slug, intro=f"<p>{intro_vi}</p>"))
        _publish(index)
    if not index.has_translation(locale_en):
        english = index.copy_for_translation(locale_en)
        english.title, english.intro = title_en, f"<p>{intro_en}</p>"
        _publish(english)
    return index


def _promotion(*, index, products, locale_en, today):
    promotion = PromotionPage.objects.child_of(index).filter(slug=PROMOTION_SLUG).first()
    if promotion is None:
        promotion = PromotionPage(
            title="Tuần lễ OCOP Phố Hùng (khuyến mại mẫu)",
            slug=PROMOTION_SLUG,
            start_date=today - datetime.timedelta(days=2),
            end_date=today + datetime.timedelta(days=12),
            banner=_banner("Tuần lễ OCOP Phố Hùng"),
            summary="Giảm giá các sản phẩm OCOP 4–5 sao của Phú Thọ, livestream hằng tối.",
            body="<p>Dữ liệu mẫu: chương trình khuyến mại minh họa cho sàn OCOP.</p>",
        )
        for product in products[:4]:
            promotion.promotion_products.add(promotion.promotion_products.model(product=product))
        # Evening shows in Vietnam: 20:00 local time (now() is UTC).
        start = timezone.localtime().replace(hour=20, minute=0, second=0, microsecond=0)
        for day, title in ((1, "Giới thiệu chè Thanh Ba"), (3, "Mật ong rừng Tân Sơn"), (5, "Bưởi Đoan Hùng")):
            starts_at = start + datetime.timedelta(days=day)
            promotion.livestreams.add(
                Livestream(
                    title=title,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=1),
                    url=LIVESTREAM_URL,
                )
            )
        index.add_child(instance=promotion)
        _publish(promotion)
    if not promotion.has_translation(locale_en):
        english = promotion.copy_for_translation(locale_en)
        english.title = "OCOP Week in Phố Hùng (sample promotion)"
        english.summary = "Discounts on Phú Thọ's 4- and 5-star OCOP products, livestreams every evening."
        english.body = "<p>Sample data: an example promotion for the OCOP marketplace.</p>"
        _publish(english)
    return promotion


def _news(*, index, products, locale_en, today):
    items = []
    for number, (slug, days_ago, title_vi, title_en, intro_vi, intro_en, text_vi, text_en, quote) in enumerate(NEWS):
        news = NewsPage.objects.child_of(index).filter(slug=slug).first()
        if news is None:
            body = [{"type": "paragraph", "value": f"<p>{text_vi}</p>"}]
            if quote:
                body.append({"type": "quote", "value": {"quote": quote[0], "attribution": "Ban điều hành OCOP (mẫu)"}})
            news = NewsPage(
                title=title_vi,
                slug=slug,
                date=today - datetime.timedelta(days=days_ago),
                intro=intro_vi,
                cover=_banner(f"Tin tức OCOP {number + 1}", colour=(40, 120, 70)),
                body=body,
            )
            for product in products[number : number + 2]:
                news.related_products.add(news.related_products.model(product=product))
            index.add_child(instance=news)
            _publish(news)
        if not news.has_translation(locale_en):
            english = news.copy_for_translation(locale_en)
            english.title, english.intro = title_en, intro_en
            body = [{"type": "paragraph", "value": f"<p>{text_en}</p>"}]
            if quote:
                body.append(
                    {"type": "quote", "value": {"quote": quote[1], "attribution": "OCOP steering board (sample)"}}
                )
            english.body = body
            _publish(english)
        items.append(news)
    return items


def _home_body(*, title, text, promotions_page_id, labels):
    return [
        {
            "type": "hero",
            "value": {
                "title": title,
                "text": text,
                "image": None,
                "link_text": labels["hero_link"],
                "link_page": promotions_page_id,
                "link_url": "",
            },
        },
        {"type": "products", "value": {"title": labels["stars5"], "rule": "stars5", "group": "", "count": 4}},
        {"type": "fairs", "value": {"title": labels["fairs"], "count": 3}},
        {"type": "tours", "value": {"title": labels["tours"], "count": 3}},
        {"type": "products", "value": {"title": labels["tea"], "rule": "group", "group": "tea", "count": 4}},
        {"type": "news", "value": {"title": labels["news"], "count": 3}},
    ]


HOME_LABELS = {
    "vi": {
        "hero_link": "Xem chương trình khuyến mại",
        "stars5": "Sản phẩm OCOP 5 sao",
        "fairs": "Hội chợ sắp diễn ra",
        "tours": "Tour du lịch trải nghiệm",
        "tea": "Chè Phú Thọ",
        "news": "Tin tức mới",
    },
    "en": {
        "hero_link": "See the promotions",
        "stars5": "5-star OCOP products",
        "fairs": "Upcoming fairs",
        "tours": "Experience tours",
        "tea": "Phú Thọ tea",
        "news": "Latest news",
    },
}


def _home_blocks(*, home, promotion_index, locale_en):
    for page in (home, home.get_translation(locale_en).specific):
        if page.body:
            continue  # editors' content is never overwritten
        language = page.locale.language_code
        target = promotion_index if language == "vi" else promotion_index.get_translation(locale_en)
        page.body = _home_body(
            title=page.hero_title, text=page.hero_text, promotions_page_id=target.pk, labels=HOME_LABELS[language]
        )
        _publish(page)


@transaction.atomic
def cms_load_demo(*, home_page, producers=None, products=()) -> dict:
    """Promotions, news and home page blocks in Vietnamese and English, then the roles' page permissions."""
    home = HomePage.objects.get(pk=home_page.pk)
    locale_en, _created = Locale.objects.get_or_create(language_code="en")
    today = timezone.localdate()
    products = list(products)
    promotion_index = _index(
        PromotionIndexPage,
        home=home,
        slug="khuyen-mai",
        title_vi="Khuyến mại",
        title_en="Promotions",
        intro_vi="Các chương trình khuyến mại sản phẩm OCOP (dữ liệu mẫu).",
        intro_en="Promotions of OCOP products (sample data).",
        locale_en=locale_en,
    )
    news_index = _index(
        NewsIndexPage,
        home=home,
        slug="tin-tuc",
        title_vi="Tin tức",
        title_en="News",
        intro_vi="Tin tức về sản phẩm và chủ thể OCOP (dữ liệu mẫu).",
        intro_en="News about OCOP products and producers (sample data).",
        locale_en=locale_en,
    )
    promotion = _promotion(index=promotion_index, products=products, locale_en=locale_en, today=today)
    news = _news(index=news_index, products=products, locale_en=locale_en, today=today)
    _home_blocks(home=home, promotion_index=promotion_index, locale_en=locale_en)
    setup = cms_permissions_setup(home_page=home)
    return {"promotion_index": promotion_index, "promotion": promotion, "news_index": news_index, "news": news, **setup}
