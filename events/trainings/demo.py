"""Demo trainings (sample data): a training index in Vietnamese and English and three trainings on the topics
of the city's 2023 plan (section III.3): one past and one upcoming in person in a Phú Thọ ward, one upcoming online.

Dates are fixed offsets from REFERENCE (1 January 2027), as the fairs' demo does, so the demo is the same on every
run; the upcoming ones come after the issue date (28 November 2026).
"""

import datetime

from django.utils.text import slugify
from wagtail.models import Locale

from events.fairs.models import local_zone
from events.trainings.models import TrainingIndexPage, TrainingPage
from events.trainings.services import trainings_grant_officer_permissions
from marketplace.regions.models import Region

REFERENCE = datetime.date(2027, 1, 1)
SAMPLE = " (Dữ liệu mẫu.)"
SAMPLE_EN = " (Sample data.)"

# (slug, offset in days from REFERENCE, start hour, hours, topic, audience, mode, vi title, en title, vi summary, en)
TRAININGS = [
    (
        "tap-huan-dang-ky-y-tuong-san-pham-2026",
        -200,
        8,
        4,
        TrainingPage.Topic.IDEA_REGISTRATION,
        TrainingPage.Audience.BOTH,
        TrainingPage.Mode.IN_PERSON,
        "Tập huấn đăng ký ý tưởng sản phẩm OCOP",
        "Training: registering OCOP product ideas",
        "Hướng dẫn lập phiếu đăng ký ý tưởng sản phẩm và phương án sản xuất kinh doanh.",
        "How to fill in the product idea form and the business plan.",
    ),
    (
        "tap-huan-bao-bi-ghi-nhan-2027",
        45,
        8,
        4,
        TrainingPage.Topic.PACKAGING_LABELS,
        TrainingPage.Audience.PRODUCERS,
        TrainingPage.Mode.IN_PERSON,
        "Tập huấn thiết kế bao bì, ghi nhãn sản phẩm OCOP",
        "Training: OCOP packaging and labels",
        "Thiết kế bao bì, ghi nhãn và mẫu mã sản phẩm theo quy định; sở hữu trí tuệ và nhãn hiệu tập thể.",
        "Packaging design and labelling rules; intellectual property and collective brands.",
    ),
    (
        "tap-huan-ban-hang-truc-tuyen-2027",
        75,
        14,
        3,
        TrainingPage.Topic.DIGITAL_SELLING,
        TrainingPage.Audience.BOTH,
        TrainingPage.Mode.ONLINE,
        "Tập huấn trực tuyến: chuyển đổi số và bán hàng trên sàn thương mại điện tử",
        "Online training: digital selling on e-commerce platforms",
        "Ứng dụng chuyển đổi số trong quảng bá, livestream và bán sản phẩm OCOP trực tuyến.",
        "Using digital tools to promote, livestream and sell OCOP products online.",
    ),
]
VENUE = "Hội trường UBND phường Việt Trì"
VENUE_EN = "Việt Trì ward People's Committee hall"
STREET = "Số 1 đường Hùng Vương"
MEETING_URL = "https://meet.example.vn/ocop-ban-hang-truc-tuyen"
BODY_VI = "<p>Giảng viên của Sở Nông nghiệp và Môi trường; học viên mang theo mẫu sản phẩm và giấy tờ liên quan.</p>"
BODY_EN = "<p>Trainers from the Department of Agriculture and Environment; bring product samples and papers.</p>"


def _ward() -> Region | None:
    region = Region.objects.filter(short_name="Việt Trì", parent__slug="phu-tho").first()
    return region or Region.objects.local_units().filter(parent__slug="phu-tho").order_by("code").first()


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=local_zone())


def _publish_translation(page, locale_en, **fields):
    if page.has_translation(locale_en):
        return page.get_translation(locale_en)
    english = page.copy_for_translation(locale_en)
    for name, value in fields.items():
        setattr(english, name, value)
    english.save_revision().publish()
    return english


def _index(home_page, locale_en) -> TrainingIndexPage:
    index = TrainingIndexPage.objects.child_of(home_page).first()
    if index is None:
        index = home_page.add_child(
            instance=TrainingIndexPage(
                title="Tập huấn",
                slug="tap-huan",
                locale=home_page.locale,
                intro="<p>Các lớp tập huấn Chương trình OCOP cho chủ thể sản xuất và cán bộ quản lý.</p>",
            )
        )
    _publish_translation(
        index,
        locale_en,
        title="Trainings",
        slug="trainings",
        intro="<p>OCOP programme trainings for producers and officers.</p>",
    )
    return index


def _training(index, locale_en, spec, *, region, organiser) -> TrainingPage | None:
    slug, offset, hour, hours, topic, audience, mode, title_vi, title_en, summary_vi, summary_en = spec
    online = mode == TrainingPage.Mode.ONLINE
    if region is None and not online:
        return None
    day = REFERENCE + datetime.timedelta(days=offset)
    training = TrainingPage.objects.child_of(index).filter(slug=slug).first()
    if training is None:
        starts_at = _at(day, hour)
        training = index.add_child(
            instance=TrainingPage(
                title=title_vi,
                slug=slug,
                locale=index.locale,
                summary=summary_vi + SAMPLE,
                topic=topic,
                audience=audience,
                mode=mode,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=hours),
                venue="" if online else VENUE,
                street_address="" if online else STREET,
                region=None if online else region,
                meeting_url=MEETING_URL if online else "",
                capacity=80 if online else 40,
                registration_deadline=_at(day - datetime.timedelta(days=3), 17),
                organiser=organiser,
                body=BODY_VI,
            )
        )
    _publish_translation(
        training,
        locale_en,
        title=title_en,
        slug=slugify(title_en),
        summary=summary_en + SAMPLE_EN,
        venue="" if online else VENUE_EN,
        body=BODY_EN,
    )
    return training


def trainings_load_demo(*, home_page, organiser=None) -> dict:
    """Idempotent: a second run finds what the first made and adds nothing. ``organiser``: the user who marks
    attendance besides the programme officers (optional)."""
    locale_en, _created = Locale.objects.get_or_create(language_code="en")
    index = _index(home_page, locale_en)
    for translation in (index, index.get_translation(locale_en)):
        trainings_grant_officer_permissions(index=translation)
    region = _ward()
    trainings = [_training(index, locale_en, spec, region=region, organiser=organiser) for spec in TRAININGS]
    return {"index": index, "trainings": [training for training in trainings if training is not None]}
