"""Demo fairs (sample data): a fair index in Vietnamese and English, two past and two upcoming fairs in Phú Thọ.

Dates are fixed offsets from REFERENCE (1 January 2027), not from today, so the demo is the same on every
run; the upcoming fairs (April and August 2027) come after the issue date (28 November 2026), and the past
ones (February and September 2026) before it.
"""

import datetime

from django.utils.text import slugify
from wagtail.models import Locale

from events.fairs import selectors
from events.fairs.models import (
    BoothApplication,
    FairFeaturedProduct,
    FairIndexPage,
    FairPage,
    FairSession,
    Venue,
    local_zone,
)
from events.fairs.services import fairs_grant_officer_permissions
from marketplace.regions.models import Region

REFERENCE = datetime.date(2027, 1, 1)
SAMPLE = " (Dữ liệu mẫu.)"
SAMPLE_EN = " (Sample data.)"

VENUES = [
    {
        "name": "Quảng trường Hùng Vương",
        "street_address": "Đại lộ Hùng Vương",
        "ward": "Việt Trì",
        "latitude": 21.3227,
        "longitude": 105.4019,
    },
    {
        "name": "Khu di tích lịch sử Đền Hùng",
        "street_address": "Núi Nghĩa Lĩnh",
        "ward": "Hy Cương",
        "latitude": 21.3700,
        "longitude": 105.3239,
    },
]

# (offset in days from REFERENCE, length in days, slug, vi title, en title, venue index, organiser)
FAIRS = [
    (-330, 4, "hoi-cho-ocop-xuan-2026", "Hội chợ OCOP mùa xuân 2026", "OCOP spring fair 2026", 0),
    (-120, 5, "hoi-cho-nong-san-thu-2026", "Hội chợ nông sản mùa thu 2026", "Autumn farm produce fair 2026", 1),
    (90, 5, "hoi-cho-ocop-gio-to-2027", "Hội chợ OCOP Giỗ Tổ Hùng Vương 2027", "OCOP Hùng Kings festival fair 2027", 1),
    (240, 4, "hoi-cho-dac-san-phu-tho-2027", "Hội chợ đặc sản Phú Thọ 2027", "Phú Thọ specialities fair 2027", 0),
]
BODY_VI = "<p>Các chủ thể OCOP trong tỉnh giới thiệu và bán sản phẩm; có khu trải nghiệm và livestream bán hàng.</p>"
BODY_EN = "<p>The province's OCOP producers show and sell their products, with hands-on corners and live selling.</p>"
ORGANISER = "Sở Công Thương tỉnh Phú Thọ"
ORGANISER_EN = "Phú Thọ Department of Industry and Trade"


def _ward(name: str) -> Region:
    region = Region.objects.filter(short_name=name, parent__slug="phu-tho").first()
    return region or Region.objects.local_units().filter(parent__slug="phu-tho").order_by("code").first()


def _venues() -> list[Venue]:
    venues = []
    for data in VENUES:
        region = _ward(data["ward"])
        if region is None:
            return venues
        venue, _created = Venue.objects.get_or_create(
            name=data["name"],
            defaults={
                "street_address": data["street_address"],
                "region": region,
                "latitude": data["latitude"],
                "longitude": data["longitude"],
            },
        )
        venues.append(venue)
    return venues


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=local_zone())


def _publish_translation(page, locale_en, before_publish=None, **fields):
    if page.has_translation(locale_en):
        return page.get_translation(locale_en)
    english = page.copy_for_translation(locale_en)
    for name, value in fields.items():
        setattr(english, name, value)
    if before_publish is not None:
        before_publish(english)
    english.save_revision().publish()
    return english


def _index(home_page, locale_en) -> FairIndexPage:
    index = FairIndexPage.objects.child_of(home_page).first()
    if index is None:
        index = home_page.add_child(
            instance=FairIndexPage(
                title="Hội chợ",
                slug="hoi-cho",
                locale=home_page.locale,
                intro="<p>Hội chợ và phiên chợ OCOP trong tỉnh: lịch, địa điểm và đăng ký gian hàng.</p>",
            )
        )
    _publish_translation(
        index,
        locale_en,
        title="Fairs",
        slug="fairs",
        intro="<p>OCOP fairs and markets in the province: dates, venues and booth registration.</p>",
    )
    return index


def _fair(index, locale_en, venues, spec, featured) -> FairPage:
    offset, days, slug, title_vi, title_en, venue_index = spec
    first_day = REFERENCE + datetime.timedelta(days=offset)
    last_day = first_day + datetime.timedelta(days=days - 1)
    fair = FairPage.objects.child_of(index).filter(slug=slug).first()
    if fair is None:
        sessions = []
        for n in range(days):
            day = first_day + datetime.timedelta(days=n)
            sessions.append(
                FairSession(date=day, start_time=datetime.time(8), end_time=datetime.time(11, 30), title="Phiên sáng")
            )
            sessions.append(
                FairSession(
                    date=day, start_time=datetime.time(14), end_time=datetime.time(21), title="Phiên chiều và tối"
                )
            )
        fair = index.add_child(
            instance=FairPage(
                title=title_vi,
                slug=slug,
                locale=index.locale,
                summary=f"Gian hàng sản phẩm OCOP, ẩm thực và trình diễn nghề truyền thống.{SAMPLE}",
                body=BODY_VI,
                start=_at(first_day, 8),
                end=_at(last_day, 21),
                venue=venues[venue_index % len(venues)] if venues else None,
                organiser=ORGANISER,
                booth_capacity=60,
                registration_deadline=_at(first_day - datetime.timedelta(days=21), 17),
                sessions=sessions,
            )
        )
        for product in featured:
            FairFeaturedProduct.objects.create(page=fair, product=product)
    _publish_translation(
        fair,
        locale_en,
        title=title_en,
        slug=slugify(title_en),
        summary=f"OCOP product booths, local food and craft demonstrations.{SAMPLE_EN}",
        body=BODY_EN,
        organiser=ORGANISER_EN,
        before_publish=_english_sessions,
    )
    return fair


def _english_sessions(english: FairPage) -> None:
    sessions = list(english.sessions.all())
    for session in sessions:
        session.title = "Morning" if session.start_time.hour < 12 else "Afternoon and evening"
    english.sessions = sessions


def _applications(fair: FairPage, producers) -> int:
    """One application in each state (as many as there are producers), decided at fixed times."""
    states = [
        BoothApplication.Status.APPROVED,
        BoothApplication.Status.SUBMITTED,
        BoothApplication.Status.WAITLISTED,
        BoothApplication.Status.REJECTED,
    ]
    decided_at = _at(REFERENCE + datetime.timedelta(days=30), 10)
    made = 0
    for producer, status in zip(producers, states, strict=False):
        own = list(selectors.producer_product_queryset(producer=producer)[:2])
        if not own:
            continue
        application, created = BoothApplication.objects.get_or_create(
            fair=fair,
            producer=producer,
            defaults={
                "applicant": producer.users.order_by("pk").first(),
                "booth_size": BoothApplication.BoothSize.STANDARD,
                "notes": "Cần ổ điện và một bàn nếm thử." + SAMPLE,
                "status": status,
                "decided_at": None if status == BoothApplication.Status.SUBMITTED else decided_at,
                "emailed_decision_at": None if status == BoothApplication.Status.SUBMITTED else decided_at,
                "reason": "Sản phẩm chưa còn hiệu lực chứng nhận OCOP."
                if status == BoothApplication.Status.REJECTED
                else "",
            },
        )
        if created:
            application.products.set(own)
        made += 1
    return made


def fairs_load_demo(*, home_page, producers, products) -> dict:
    """Idempotent: a second run finds what the first made and adds nothing."""
    locale_en, _created = Locale.objects.get_or_create(language_code="en")
    venues = _venues()
    index = _index(home_page, locale_en)
    for translation in (index, index.get_translation(locale_en)):
        fairs_grant_officer_permissions(index=translation)
    producers = list(producers)
    featured = list(products)[:3]
    fairs = [_fair(index, locale_en, venues, spec, featured) for spec in FAIRS]
    applications = _applications(fairs[2], producers)
    return {"index": index, "fairs": fairs, "venues": venues, "applications": applications}
