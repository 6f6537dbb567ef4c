"""The home page's fairs and tours blocks list what is upcoming as the fairs and tours apps define it.

A fair is upcoming until it ends; a tour while it has a departure from today on. Past tours used to be
listed (by publication date) because the block guessed date fields by name and tours have none.
"""

import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from cms.selectors import fairs_upcoming, tours_upcoming
from events.fairs.selectors import fair_list_upcoming
from events.tours.selectors import tour_list_upcoming
from tests.factories import (
    FairPageFactory,
    TourPageFactory,
    WagtailImageFactory,
)

pytestmark = pytest.mark.django_db

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
FAIRS_TITLE, TOURS_TITLE = "Hội chợ sắp diễn ra", "Tour sắp khởi hành"


def _today() -> datetime.date:
    return timezone.localdate()


def _days(days: int) -> datetime.date:
    return _today() + datetime.timedelta(days=days)


def _at(days: int, hour: int = 8) -> datetime.datetime:
    """``days`` from today at ``hour`` o'clock in Việt Nam."""
    return datetime.datetime.combine(_days(days), datetime.time(hour), HCM)


def _home_blocks(home_page, *, count=3):
    home_page.body = [
        {"type": "fairs", "value": {"title": FAIRS_TITLE, "count": count}},
        {"type": "tours", "value": {"title": TOURS_TITLE, "count": count}},
    ]
    home_page.save_revision().publish()
    return home_page


def _card_titles(html: str, heading: str) -> list[str]:
    """The card titles of the block under ``heading``, in page order."""
    section = html.split(f"<h2>{heading}</h2>", 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="page-card__title"><a href="[^"]*">([^<]*)</a>', section)


# Tours -----------------------------------------------------------------------------------------------------------


def test_tours_whose_departures_are_all_past_are_not_on_the_home_page(client, home_page, tour_index):
    # Published in this order: the past tours are the newest, so "newest published first" would show them first.
    TourPageFactory(parent=tour_index, title="Tour tháng sau", departures=[_days(30)])
    TourPageFactory(parent=tour_index, title="Tour tuần sau", departures=[_days(-20), _days(7)])
    TourPageFactory(parent=tour_index, title="Tour đã qua", departures=[_days(-10), _days(-1)])
    TourPageFactory(parent=tour_index, title="Tour chưa có lịch", departures=[])
    TourPageFactory(parent=tour_index, title="Tour bản nháp", departures=[_days(3)], live=False)
    _home_blocks(home_page)

    html = client.get("/").content.decode()

    assert _card_titles(html, TOURS_TITLE) == ["Tour tuần sau", "Tour tháng sau"]
    assert "Tour đã qua" not in html and "Tour chưa có lịch" not in html and "Tour bản nháp" not in html


def test_a_tour_departing_today_is_upcoming_and_one_that_left_yesterday_is_not(home_page, tour_index):
    TourPageFactory(parent=tour_index, title="Hôm qua", departures=[_days(-1)])
    today = TourPageFactory(parent=tour_index, title="Hôm nay", departures=[_days(0), _days(5)])

    tours = tour_list_upcoming(limit=5)

    assert [tour.title for tour in tours] == ["Hôm nay"]
    assert tours[0].pk == today.pk and tours[0].next_departure_date == _today()


def test_tours_are_ordered_by_next_departure_then_title_and_limited(home_page, tour_index):
    TourPageFactory(parent=tour_index, title="B cùng ngày", departures=[_days(4)])
    TourPageFactory(parent=tour_index, title="A cùng ngày", departures=[_days(4)])
    TourPageFactory(parent=tour_index, title="Sớm nhất", departures=[_days(60), _days(2)])
    TourPageFactory(parent=tour_index, title="Muộn nhất", departures=[_days(90)])

    assert [tour.title for tour in tour_list_upcoming(limit=3)] == ["Sớm nhất", "A cùng ngày", "B cùng ngày"]
    # The same rule the tour index uses for its "next departure".
    assert [tour.title for tour in tour_list_upcoming(limit=10, today=_days(61))] == ["Muộn nhất"]


def test_the_tours_block_lists_the_visitors_language(client, home_page, tour_index):
    vi_tour = TourPageFactory(parent=tour_index, title="Tour tiếng Việt", departures=[_days(5)])
    english = Locale.objects.get_or_create(language_code="en")[0]
    tour_index.copy_for_translation(english).save_revision().publish()
    en_tour = vi_tour.copy_for_translation(english)
    en_tour.title = "English tour"
    en_tour.save_revision().publish()
    _home_blocks(home_page)
    english_home = home_page.get_translation(english).specific
    _home_blocks(english_home)

    assert _card_titles(client.get("/").content.decode(), TOURS_TITLE) == ["Tour tiếng Việt"]
    assert _card_titles(client.get("/en/").content.decode(), TOURS_TITLE) == ["English tour"]


# Fairs -----------------------------------------------------------------------------------------------------------


def test_fairs_on_the_home_page_are_those_not_yet_over_soonest_first(client, home_page, fair_index):
    FairPageFactory(parent=fair_index, title="Hội chợ tháng sau", start=_at(30), end=_at(32, 21))
    FairPageFactory(parent=fair_index, title="Hội chợ đang diễn ra", start=_at(-1), end=_at(1, 21))
    FairPageFactory(parent=fair_index, title="Hội chợ đã xong", start=_at(-5), end=_at(-3, 21))
    FairPageFactory(parent=fair_index, title="Hội chợ bản nháp", start=_at(3), end=_at(4), live=False)
    _home_blocks(home_page)

    html = client.get("/").content.decode()

    assert _card_titles(html, FAIRS_TITLE) == ["Hội chợ đang diễn ra", "Hội chợ tháng sau"]
    assert "Hội chợ đã xong" not in html and "Hội chợ bản nháp" not in html


def test_a_fair_is_upcoming_until_the_minute_it_ends(home_page, fair_index):
    fair = FairPageFactory(parent=fair_index, title="Hội chợ", start=_at(-2), end=_at(0, 21))

    assert fair_list_upcoming(limit=3, now=fair.end) == [fair]
    assert fair_list_upcoming(limit=3, now=fair.end + datetime.timedelta(minutes=1)) == []


def test_the_home_selectors_are_the_apps_own(home_page, fair_index, tour_index):
    for days in (9, 3, 6):
        FairPageFactory(parent=fair_index, title=f"Hội chợ {days}", start=_at(days), end=_at(days + 1))
        TourPageFactory(parent=tour_index, title=f"Tour {days}", departures=[_days(days)])
    FairPageFactory(parent=fair_index, title="Đã xong", start=_at(-9), end=_at(-8))
    TourPageFactory(parent=tour_index, title="Đã đi", departures=[_days(-8)])

    vietnamese = Locale.objects.get(language_code="vi")
    assert [fair.title for fair in fairs_upcoming(limit=2)] == ["Hội chợ 3", "Hội chợ 6"]
    assert [page.pk for page in fairs_upcoming(limit=5)] == [
        page.pk for page in fair_list_upcoming(limit=5, locale=vietnamese)
    ]
    assert [tour.title for tour in tours_upcoming(limit=2)] == ["Tour 3", "Tour 6"]
    assert [page.pk for page in tours_upcoming(limit=5)] == [
        page.pk for page in tour_list_upcoming(limit=5, locale=vietnamese)
    ]


def test_blocks_with_nothing_upcoming_render_nothing(client, home_page, fair_index, tour_index):
    FairPageFactory(parent=fair_index, title="Đã xong", start=_at(-9), end=_at(-8))
    TourPageFactory(parent=tour_index, title="Đã đi", departures=[_days(-8)])
    _home_blocks(home_page)

    response = client.get("/")
    html = response.content.decode()

    assert response.status_code == 200
    assert FAIRS_TITLE not in html and TOURS_TITLE not in html
    assert "Đã xong" not in html and "Đã đi" not in html


# Query counts ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [5, 50])
def test_the_home_page_query_count_does_not_grow_with_fairs_and_tours(
    client, home_page, fair_index, tour_index, django_assert_max_num_queries, rows
):
    for number in range(rows):
        FairPageFactory(
            parent=fair_index,
            title=f"Hội chợ {number}",
            start=_at(number + 1),
            end=_at(number + 2),
            cover_image=WagtailImageFactory(),
        )
        TourPageFactory(
            parent=tour_index,
            title=f"Tour {number}",
            departures=[_days(number + 1), _days(number + 40)],
            cover_image=WagtailImageFactory(),
        )
    _home_blocks(home_page, count=12)
    client.get("/")  # renditions made once, caches warmed

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    with django_assert_max_num_queries(HOME_BUDGET):
        client.get("/")

    html = response.content.decode()
    shown = min(rows, 12)
    assert len(_card_titles(html, FAIRS_TITLE)) == shown and len(_card_titles(html, TOURS_TITLE)) == shown
    assert html.count(".webp") >= 2 * shown
    # Nothing per card: no rendition lookups beyond the prefetches.
    assert sum("wagtailimages_rendition" in query["sql"] for query in queries.captured_queries) <= 2


# The home page with both blocks filled (5 or 50 pages each): the blocks' lists and their covers.
HOME_BUDGET = 18
