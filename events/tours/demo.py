"""Demo tours: a tour index (slug `tour`) and two sample tours to demo producers, in Vietnamese and English.

Deterministic (fixed departures in 2027, covers drawn with Pillow) and idempotent: what exists is kept,
found again by slug; each Vietnamese page gets an English translation with the same slug.
"""

import datetime
import io

from django.core.files.images import ImageFile
from django.db import transaction
from oscar.core.loading import get_model
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Locale

from events.tours.models import TourDeparture, TourIndexPage, TourPage, TourProduct

SalesPoint = get_model("shipping", "SalesPoint")

INDEX_SLUG = "tour"
OPERATOR = ("Trung tâm Thông tin Xúc tiến Du lịch Phú Thọ (mẫu)", "dulich@demo.ocop.vn", "0210 3812 999")
# Đền Hùng (Hùng Kings' Temple), Nghĩa Lĩnh mountain.
HUNG_TEMPLE = (21.3686, 105.3236)

# slug, vi title, en title, vi summary, en summary, days, nights, price range, departures (dates, vi note, en note),
# tourist types (vi, en), stops as (kind, key or names, time, vi text, en text), hand-picked product SKUs
TOURS = [
    (
        "hanh-trinh-dat-to",
        "Hành trình Đất Tổ: mì gạo Hùng Lô và chè Thanh Ba (tour mẫu)",
        "Land of the Ancestors: Hùng Lô rice noodles and Thanh Ba tea (sample tour)",
        "Một ngày về Việt Trì: xem làm mì gạo, dâng hương Đền Hùng và thưởng trà trên đồi chè Thanh Ba.",
        "A day around Việt Trì: rice-noodle making, incense at the Hùng Kings' Temple and tea on the Thanh Ba hills.",
        1,
        0,
        (350000, 600000),
        [
            (datetime.date(2027, 3, 13), "", ""),
            (datetime.date(2027, 4, 10), "Dịp Giỗ Tổ Hùng Vương", "Hùng Kings' Festival"),
            (datetime.date(2027, 5, 8), "", ""),
        ],
        ("gia đình, học sinh, người yêu ẩm thực", "families, students, food lovers"),
        [
            (
                "producer",
                "htx-hung-lo",
                "08:00",
                "Xem các hộ tráng, phơi và cắt mì gạo; thử mì xào ngay tại xưởng.",
                "Watch households steam, dry and cut rice noodles; taste stir-fried noodles at the workshop.",
            ),
            (
                "place",
                ("Đền Hùng", "Hùng Kings' Temple"),
                "10:00",
                "Dâng hương tại Khu di tích lịch sử Đền Hùng, nghe thuyết minh về thời đại Hùng Vương.",
                "Offer incense at the Hùng Temple relic site and hear the story of the Hùng Kings.",
            ),
            (
                "sales_point",
                "diem-ban-ocop-viet-tri",
                "12:30",
                "Ăn trưa và chọn quà OCOP tại trung tâm giới thiệu sản phẩm.",
                "Lunch, then choose OCOP gifts at the product showroom.",
            ),
            (
                "producer",
                "cty-che-thanh-ba",
                "15:00",
                "Đi dạo đồi chè, học cách sao chè búp tím bằng chảo gang.",
                "Walk the tea hills and learn to roast purple-bud tea in a cast-iron pan.",
            ),
        ],
        [],
    ),
    (
        "vung-buoi-va-mat-ong",
        "Về vùng bưởi Đoan Hùng và mật ong Tân Sơn (tour mẫu)",
        "Đoan Hùng pomelos and Tân Sơn honey (sample tour)",
        "Hai ngày một đêm: vườn bưởi Chí Đám, nghỉ tại làng cổ Hy Cương và quay mật ong bìa rừng Xuân Sơn.",
        "Two days, one night: Chí Đám pomelo orchards, a night in Hy Cương village, honey at the Xuân Sơn forest.",
        2,
        1,
        (1200000, 1800000),
        [
            (datetime.date(2027, 9, 4), "", ""),
            (datetime.date(2027, 10, 2), "Mùa bưởi chín", "Pomelo harvest"),
            (datetime.date(2027, 11, 6), "", ""),
        ],
        ("gia đình, nhóm bạn, khách quốc tế", "families, groups of friends, international visitors"),
        [
            (
                "producer",
                "htx-buoi-doan-hung",
                "08:30",
                "Thăm vườn bưởi Sửu Chí Đám, nghe nhà vườn kể chuyện giữ giống gốc.",
                "Visit the Sửu Chí Đám pomelo orchards and hear how growers keep the original variety.",
            ),
            (
                "producer",
                "htx-du-lich-hy-cuong",
                "17:00",
                "Nghỉ đêm tại nhà dân làng cổ Hy Cương, nghe hát Xoan và ăn bữa cơm quê.",
                "Spend the night with a family in Hy Cương village, with Xoan singing and a country dinner.",
            ),
            (
                "producer",
                "hkd-mat-ong-tan-son",
                "09:00",
                "Cùng gia đình nuôi ong quay mật và nếm mật ong rừng.",
                "Extract honey with a bee-keeping family and taste forest honey.",
            ),
        ],
        ["DEMO-038"],
    ),
]


def _cover(title: str, colour):
    """A wide cover drawn with Pillow, stored once as a Wagtail image (found again by title)."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is not None:
        return image
    picture = PILImage.new("RGB", (1200, 630), (214, 232, 190))
    draw = ImageDraw.Draw(picture)
    draw.polygon([(0, 630), (300, 330), (620, 560), (900, 300), (1200, 630)], fill=colour)
    draw.text((600, 160), "OCOP tour", fill=colour, font=ImageFont.load_default(size=110), anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    image = Image(title=title)
    image.file = ImageFile(buffer, name="ocop-demo-tour.jpg")
    image.save()
    return image


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _stops(stops, *, producers, sales_points, english: bool) -> list[dict]:
    stream = []
    for kind, key, time, text_vi, text_en in stops:
        text = f"<p>{text_en if english else text_vi}</p>"
        if kind == "producer":
            if key not in producers:
                continue
            value = {"producer": producers[key].pk}
        elif kind == "sales_point":
            if key not in sales_points:
                continue
            value = {"sales_point": sales_points[key].pk}
        else:
            value = {"name": key[1] if english else key[0], "latitude": HUNG_TEMPLE[0], "longitude": HUNG_TEMPLE[1]}
        stream.append({"type": kind, "value": {**value, "time": time, "text": text, "image": None}})
    return stream


def _index(*, home_page, locale_en):
    index = TourIndexPage.objects.child_of(home_page).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = home_page.add_child(
            instance=TourIndexPage(
                title="Tour trải nghiệm OCOP",
                slug=INDEX_SLUG,
                intro="<p>Du lịch đến tận nơi làm ra sản phẩm OCOP của Phú Thọ. Dữ liệu mẫu / sample data.</p>",
            )
        )
        _publish(index)
    if not index.has_translation(locale_en):
        english = index.copy_for_translation(locale_en)
        english.title = "OCOP tours"
        english.intro = "<p>Travel to where Phú Thọ's OCOP products are made. Sample data.</p>"
        _publish(english)
    return index


@transaction.atomic
def tours_load_demo(*, home_page, producers, products) -> list[TourPage]:
    """The tour index and two sample tours, in Vietnamese and English; returns the Vietnamese tours."""
    locale_en, _ = Locale.objects.get_or_create(language_code="en")
    index = _index(home_page=home_page, locale_en=locale_en)
    by_sku = {product.upc: product for product in products}
    sales_points = {point.slug: point for point in SalesPoint.objects.all()}
    tours = []
    for number, (
        slug,
        title_vi,
        title_en,
        summary_vi,
        summary_en,
        days,
        nights,
        prices,
        departures,
        types,
        stops,
        skus,
    ) in enumerate(TOURS):
        tour = TourPage.objects.child_of(index).filter(slug=slug).first()
        if tour is None:
            tour = TourPage(
                title=title_vi,
                slug=slug,
                summary=summary_vi,
                body="<p>Giá đã gồm xe đưa đón từ Việt Trì, hướng dẫn viên và bữa trưa. Dữ liệu mẫu / sample data.</p>",
                cover_image=_cover(title_vi, ((60, 120, 60), (190, 120, 30))[number % 2]),
                duration_days=days,
                duration_nights=nights,
                price_min=prices[0],
                price_max=prices[1],
                tourist_type=types[0],
                stops=_stops(stops, producers=producers, sales_points=sales_points, english=False),
                operator_name=OPERATOR[0],
                operator_email=OPERATOR[1],
                operator_phone=OPERATOR[2],
            )
            for date, note_vi, _note_en in departures:
                tour.departures.add(TourDeparture(date=date, note=note_vi))
            for sku in skus:
                if sku in by_sku:
                    tour.hand_picked_products.add(TourProduct(product=by_sku[sku]))
            index.add_child(instance=tour)
            _publish(tour)
        if not tour.has_translation(locale_en):
            english = tour.copy_for_translation(locale_en)
            english.title = title_en
            english.summary = summary_en
            english.body = "<p>The price includes transport from Việt Trì, a guide and lunch. Sample data.</p>"
            english.tourist_type = types[1]
            english.stops = _stops(stops, producers=producers, sales_points=sales_points, english=True)
            english.departures = [TourDeparture(date=date, note=note_en) for date, _note_vi, note_en in departures]
            _publish(english)
        tours.append(tour)
    return tours
