"""Where each product stands (issue #13 item 6): the officers' board (counts per step, filters, XLSX export that
agrees with the screen), commune officers' board limited to their communes, and the producer's timeline."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from programme.models import BusinessPlan, CycleEvent, ProductIdea
from programme.selectors.board import STEP_KEYS, board_get
from programme.services.events import cycle_event_record
from tests.factories import (
    CommuneOfficerFactory,
    CouncilMemberFactory,
    DossierFactory,
    OfficerFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProductIdeaFactory,
    UserFactory,
    _product_set,
)

pytestmark = pytest.mark.django_db

BOARD = "/en/dashboard/ocop/board/"
XLSX = "/en/dashboard/ocop/board/export.xlsx"


def _plan(idea, status):
    return BusinessPlan.objects.create(
        idea=idea, production_capacity="5 tấn", target_markets="Hà Nội", plan="Kế hoạch", status=status
    )


@pytest.fixture
def world(wards):
    """Two producers in two wards; ideas at every step of the cycle."""
    viet_tri, thanh_mieu = wards
    a = ProducerFactory(name="HTX Mật ong Việt Trì", region=viet_tri)
    b = ProducerFactory(name="HTX Chè Thanh Miếu", region=thanh_mieu)
    tea_set = _product_set("tea")
    ideas = {
        "idea": ProductIdeaFactory(producer=a, name="Ý tưởng mới", status="submitted"),
        "plan": ProductIdeaFactory(producer=a, name="Chờ phương án", status="accepted"),
        "dossier": ProductIdeaFactory(producer=a, name="Đang lập hồ sơ", status="accepted"),
        "proposed": ProductIdeaFactory(producer=b, name="Đã đề xuất", product_set=tea_set),
        "scored": ProductIdeaFactory(producer=b, name="Đã chấm điểm", product_set=tea_set),
        "recognised": ProductIdeaFactory(producer=b, name="Đã công nhận", product_set=tea_set, year=2025),
    }
    _plan(ideas["plan"], "submitted")
    _plan(ideas["dossier"], "accepted")
    DossierFactory(idea=ideas["dossier"], status="returned")
    DossierFactory(idea=ideas["proposed"], status="in_evaluation")
    DossierFactory(idea=ideas["scored"], status="not_recognised")
    DossierFactory(idea=ideas["recognised"], status="recognised", year=2025)
    return {"a": a, "b": b, "ideas": ideas, "viet_tri": viet_tri, "thanh_mieu": thanh_mieu}


def _counts(response):
    return {row["key"]: row["count"] for row in response.context["board"]["counts"]}


def test_each_idea_stands_at_its_step_and_the_counts_add_up(client, world):
    client.force_login(OfficerFactory())
    response = client.get(BOARD)
    assert response.status_code == 200
    assert _counts(response) == dict.fromkeys(STEP_KEYS, 1)
    steps = {idea.name: idea.step for idea in response.context["rows"]}
    assert steps == {idea.name: key for key, idea in world["ideas"].items()}
    assert response.context["board"]["total"] == 6


def test_the_board_filters_by_commune_group_year_and_step(client, world):
    client.force_login(OfficerFactory())
    by_commune = client.get(BOARD, {"commune": world["viet_tri"].pk})
    assert {idea.name for idea in by_commune.context["rows"]} == {"Ý tưởng mới", "Chờ phương án", "Đang lập hồ sơ"}
    food_group = _product_set("tea").get_parent()
    by_group = client.get(BOARD, {"group": food_group.pk})
    assert len(by_group.context["rows"]) == 6  # tea and honey are both in the food group
    others = [g for g in by_group.context["filter_form"].fields["group"].queryset if g.pk != food_group.pk]
    assert len(others) == 5
    assert not client.get(BOARD, {"group": others[0].pk}).context["rows"]
    by_year = client.get(BOARD, {"year": 2025})
    assert [idea.name for idea in by_year.context["rows"]] == ["Đã công nhận"]
    by_step = client.get(BOARD, {"step": "proposed"})
    assert [idea.name for idea in by_step.context["rows"]] == ["Đã đề xuất"]
    # The counts per step ignore the step filter (they show every column) but keep the others.
    assert _counts(by_step) == dict.fromkeys(STEP_KEYS, 1)
    assert sum(_counts(by_commune).values()) == 3


def test_the_xlsx_export_agrees_with_the_screen(client, world):
    client.force_login(OfficerFactory())
    for query in ({}, {"commune": world["thanh_mieu"].pk}, {"step": "scored"}):
        screen = client.get(BOARD, query)
        response = client.get(XLSX, query)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        workbook = load_workbook(io.BytesIO(response.content))
        counts_sheet, rows_sheet = workbook.worksheets
        file_counts = [row[1] for row in counts_sheet.iter_rows(min_row=2, values_only=True)]
        assert file_counts[:-1] == [row["count"] for row in screen.context["board"]["counts"]]
        assert file_counts[-1] == screen.context["board"]["total"]
        file_names = [row[0] for row in rows_sheet.iter_rows(min_row=2, values_only=True)]
        assert file_names == [idea.name for idea in screen.context["rows"]]


def test_a_formula_in_a_name_is_written_as_text(client, wards):
    """Text stays text, exactly as written: stored as a string cell (no formula), with no apostrophe shown."""
    producer = ProducerFactory(region=wards[0], name="@HTX")
    ProductIdeaFactory(producer=producer, name='=HYPERLINK("http://x")')
    ProductIdeaFactory(producer=producer, name="=cmd")
    client.force_login(OfficerFactory())
    response = client.get(XLSX)
    assert response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[1]
    cells = {sheet.cell(row=row, column=1).value: sheet.cell(row=row, column=1) for row in (2, 3)}
    assert set(cells) == {'=HYPERLINK("http://x")', "=cmd"}
    assert all(cell.data_type == "s" for cell in cells.values())
    assert [sheet.cell(row=row, column=2).value for row in (2, 3)] == ["@HTX", "@HTX"]
    assert not any(cell.data_type == "f" for line in sheet.iter_rows() for cell in line)


@pytest.mark.parametrize("url", [BOARD, "/en/dashboard/ocop/timeline/"])
@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "2.5"])
def test_a_bad_page_number_is_404_as_on_every_other_list(client, world, url, page):
    client.force_login(OfficerFactory())
    assert client.get(url, {"page": page}).status_code == 404
    assert client.get(url, {"page": "1"}).status_code == 200
    assert client.get(url, {"page": "last"}).status_code == 200


def test_a_commune_officer_sees_only_their_communes(client, world):
    officer = CommuneOfficerFactory(communes=[world["thanh_mieu"]])
    client.force_login(officer)
    response = client.get(BOARD)
    assert response.status_code == 200
    assert {idea.producer for idea in response.context["rows"]} == {world["b"]}
    assert response.context["board"]["total"] == 3
    # A commune not theirs, asked for by hand, shows nothing of it.
    other = client.get(BOARD, {"commune": world["viet_tri"].pk})
    assert {idea.producer for idea in other.context["rows"]} == {world["b"]}
    workbook = load_workbook(io.BytesIO(client.get(XLSX).content))
    names = {row[1] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert names == {"HTX Chè Thanh Miếu"}


def test_the_board_is_for_officers_and_commune_officers_only(client, world):
    for url in (BOARD, XLSX):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
        for user in (ProducerUserFactory(producer=world["a"]), CouncilMemberFactory(), UserFactory()):
            client.force_login(user)
            assert client.get(url).status_code == 403
        client.logout()


# --- The producer's timeline -------------------------------------------------------------------------------------


def test_a_producer_sees_the_timeline_of_their_ideas_only(client, world):
    producer_a = ProducerUserFactory(producer=world["a"])
    client.force_login(producer_a)
    listing = client.get(reverse("ocop:timeline-list"))
    assert listing.status_code == 200
    assert {idea.producer for idea in listing.context["ideas"]} == {world["a"]}
    own = world["ideas"]["dossier"]
    assert client.get(reverse("ocop:timeline", kwargs={"pk": own.pk})).status_code == 200
    for idea in (world["ideas"]["proposed"], world["ideas"]["recognised"]):
        assert client.get(reverse("ocop:timeline", kwargs={"pk": idea.pk})).status_code == 404
    client.logout()
    response = client.get(reverse("ocop:timeline", kwargs={"pk": own.pk}))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(reverse("ocop:timeline", kwargs={"pk": own.pk})).status_code == 403


def test_the_timeline_shows_each_step_the_current_one_and_returns_with_their_comments(client, world):
    idea = world["ideas"]["dossier"]
    dossier = idea.dossiers.get()
    cycle_event_record(kind=CycleEvent.Kind.IDEA_SUBMITTED, producer=world["a"], idea=idea)
    cycle_event_record(
        kind=CycleEvent.Kind.DOSSIER_RETURNED,
        producer=world["a"],
        dossier=dossier,
        comment="Thiếu phiếu kiểm nghiệm <b>mới</b>",
    )
    client.force_login(ProducerUserFactory(producer=world["a"]))
    response = client.get(reverse("ocop:timeline", kwargs={"pk": idea.pk}))
    timeline = response.context["timeline"]
    assert [step["key"] for step in timeline["steps"]] == list(STEP_KEYS)
    assert [step["key"] for step in timeline["steps"] if step["current"]] == ["dossier"]
    assert [step["key"] for step in timeline["steps"] if step["done"]] == ["idea", "plan"]
    assert timeline["steps"][0]["date"] is not None
    assert all(step["date"] is None for step in timeline["steps"][3:])
    html = response.content.decode()
    assert 'aria-current="step"' in html
    # The comment is shown, escaped.
    assert "Thiếu phiếu kiểm nghiệm &lt;b&gt;mới&lt;/b&gt;" in html
    assert [row["returned"] for row in timeline["events"]] == [False, True]


def test_the_timeline_dates_the_scored_and_recognised_steps(world):
    idea = world["ideas"]["recognised"]
    dossier = idea.dossiers.get()
    cycle_event_record(kind=CycleEvent.Kind.DOSSIER_SCORED, producer=world["b"], dossier=dossier)
    cycle_event_record(kind=CycleEvent.Kind.PRODUCT_RECOGNISED, producer=world["b"], dossier=dossier)
    from programme.selectors.board import timeline_get, timeline_idea_get

    timeline = timeline_get(idea=timeline_idea_get(user=OfficerFactory(), pk=idea.pk))
    steps = {step["key"]: step for step in timeline["steps"]}
    assert steps["recognised"]["current"]
    assert steps["scored"]["date"] is not None and steps["recognised"]["date"] is not None


def test_the_selector_and_the_screen_agree_for_every_role(world):
    officer = OfficerFactory()
    commune = CommuneOfficerFactory(communes=[world["viet_tri"]])
    producer_user = ProducerUserFactory(producer=world["b"])
    assert board_get(user=officer, filters={})["total"] == 6
    # A commune officer does not see drafts; all of Việt Trì's here are submitted or accepted.
    assert board_get(user=commune, filters={})["total"] == 3
    assert board_get(user=producer_user, filters={})["total"] == 3
    ProductIdeaFactory(producer=world["a"], status="draft")
    assert board_get(user=commune, filters={})["total"] == 3
    assert ProductIdea.objects.count() == 7


# --- Query budgets -----------------------------------------------------------------------------------------------


def _grow(wards, size):
    producer = ProducerFactory(region=wards[0])
    for n in range(size):
        idea = ProductIdeaFactory(producer=producer, name=f"Sản phẩm {n:03d}")
        if n % 2:
            DossierFactory(idea=idea, status="scored")


@pytest.mark.parametrize("size", [5, 50])
def test_the_board_stays_within_a_fixed_query_budget(client, wards, size, django_assert_max_num_queries):
    _grow(wards, size)
    client.force_login(OfficerFactory())
    with django_assert_max_num_queries(16):
        response = client.get(BOARD)
    assert len(response.context["rows"]) == size
    with django_assert_max_num_queries(14):
        assert client.get(XLSX).status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_the_timeline_list_stays_within_a_fixed_query_budget(client, wards, size, django_assert_max_num_queries):
    _grow(wards, size)
    producer = ProductIdea.objects.first().producer
    client.force_login(ProducerUserFactory(producer=producer))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("ocop:timeline-list"))
    assert len(response.context["ideas"]) == size
