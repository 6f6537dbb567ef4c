"""Issue #13, the whole OCOP cycle in a real browser (headless Chromium): a producer registers a product idea
and submits a dossier; the commune officer proposes it; a programme officer opens an evaluation round; three
council members score it (80, 79 and 82 points: the mean 80.33 gives 80, four stars); the secretary closes the
round; the officer reads the results, downloads the minutes and records decision 15/QĐ-UBND; the product page in
the shop shows four stars and the decision number.

The business plan is accepted through the services (as in test_ocop_cycle_dossier.py); every other step is done
in the browser, on the English pages of the dashboard so that the visible labels and messages are asserted
whatever the state of the Vietnamese catalogue."""

import datetime
import io

import pytest
from playwright.sync_api import expect

from tests.functional.cycle_steps import (
    document_types_ensure,
    dossier_open_with_documents,
    dossier_propose,
    dossier_submit,
    idea_accept,
    idea_register_and_submit,
    log_in,
    plan_accepted,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DECISION_NUMBER = "15/QĐ-UBND"
# Points each member takes off the full 100 of the small criteria set (A1 20, A2 20, B1 15, B2 10, C1 15,
# C2 15, C3 5 knock-out; each criterion allows 0, half and full points): the criterion codes answered with
# their half-points answer, every other criterion full.
HALF_ANSWERS = {
    "thanh-vien-1@example.vn": ("A1", "A2"),  # 100 - 10 - 10 = 80
    "thanh-vien-2@example.vn": ("B1", "C1", "B2"),  # 100 - 8 - 8 - 5 = 79
    "thu-ky@example.vn": ("A1", "B1"),  # 100 - 10 - 8 = 82
}
EXPECTED_TOTALS = {"thanh-vien-1@example.vn": 80, "thanh-vien-2@example.vn": 79, "thu-ky@example.vn": 82}


@pytest.fixture
def cycle(storefront):
    from decimal import Decimal

    from tests.factories import (
        CommuneOfficerFactory,
        CouncilMemberFactory,
        OfficerFactory,
        ProducerFactory,
        ProducerUserFactory,
        ProductFactory,
        WardFactory,
        criteria_set_build,
    )

    document_types_ensure()
    product_set = storefront["groups"]["honey-farm-foods"]
    # Valid from 2025: it wins over the sample set of migration 0004 (valid from 2023) for the honey set.
    criteria_set = criteria_set_build(
        name="Bộ tiêu chí thử nghiệm mật ong", product_sets=[product_set], valid_from=datetime.date(2025, 1, 1)
    )
    ward = WardFactory()
    producer = ProducerFactory(name="HTX Ong mật Hùng Lô", slug="htx-ong-mat-hung-lo", region=ward)
    ProducerUserFactory(username="ong-mat", email="ongmat@example.vn", producer=producer)
    product = ProductFactory(
        title="Mật ong bạc hà Hùng Lô",
        stockrecord__producer=producer,
        stockrecord__price=Decimal("180000"),
        certification=False,
    )
    product.categories.add(product_set)
    CommuneOfficerFactory(username="can-bo-phuong", email="canbophuong@example.vn", communes=[ward])
    OfficerFactory(username="so-nong-nghiep", email="sonn@example.vn")
    members = [
        CouncilMemberFactory(username="thanh-vien-1", email="thanh-vien-1@example.vn", first_name="Lê", last_name="An"),
        CouncilMemberFactory(
            username="thanh-vien-2", email="thanh-vien-2@example.vn", first_name="Trần", last_name="Bình"
        ),
        CouncilMemberFactory(username="thu-ky", email="thu-ky@example.vn", first_name="Phạm", last_name="Chi"),
    ]
    answers = {}
    for part in criteria_set.parts.all():
        for group in part.groups.all():
            for criterion in group.criteria.all():
                answers[criterion.code] = {answer.points: answer.pk for answer in criterion.answers.all()}
    return {
        "producer": producer,
        "product": product,
        "product_set": product_set,
        "criteria_set": criteria_set,
        "members": members,
        "answers": answers,
        "maxima": {code: max(points) for code, points in answers.items()},
    }


def _producer_files_a_proposed_dossier(page, base, cycle):
    """Steps 2–4 and the dossier: idea (browser), acceptance (browser), plan (services), dossier (browser),
    proposal by the commune officer (browser). Returns the dossier."""
    idea = idea_register_and_submit(
        page,
        base,
        prefix="/en",
        email="ongmat@example.vn",
        product_set=cycle["product_set"],
        name="Mật ong bạc hà Hùng Lô",
        photo_colour=(120, 160, 30),
    )
    idea_accept(page, base, prefix="/en", idea=idea, email="sonn@example.vn")
    plan_accepted(idea=idea, producer=cycle["producer"], officer_username="so-nong-nghiep")

    dossier, required = dossier_open_with_documents(
        page,
        base,
        prefix="/en",
        email="ongmat@example.vn",
        idea=idea,
        product=cycle["product"],
        product_set=cycle["product_set"],
    )
    assert required
    dossier_submit(page)
    expect(page.get_by_test_id("dossier-status")).to_have_text("Submitted to the commune")

    dossier_propose(page, base, prefix="/en", dossier=dossier, email="canbophuong@example.vn")
    expect(page.get_by_test_id("dossier-status")).to_have_text("Proposed for evaluation")
    dossier.refresh_from_db()
    assert dossier.status == "proposed"
    return dossier


def _score(page, base, cycle, evaluation_round, entry, email):
    """One member logs in, fills the scorecard (half points on their HALF_ANSWERS, full elsewhere), submits."""
    log_in(page, base, email)
    page.goto(base + f"/en/dashboard/ocop/rounds/{evaluation_round.pk}/")
    mine = page.get_by_test_id("my-scorecards")
    expect(mine).to_contain_text("Mật ong bạc hà Hùng Lô")
    expect(mine).to_contain_text("Not started")
    mine.get_by_role("link", name="Score this product").click()
    expect(page.get_by_test_id("scorecard-facts")).to_contain_text("Bộ tiêu chí thử nghiệm mật ong")
    expect(page.get_by_test_id("scorecard-facts")).to_contain_text("Not started")
    half = HALF_ANSWERS[email]
    for code, by_points in cycle["answers"].items():
        maximum = cycle["maxima"][code]
        points = maximum // 2 if code in half else maximum
        page.get_by_test_id(f"criterion-{code}").locator(f"input[type=radio][value='{by_points[points]}']").check()
    page.get_by_test_id("criterion-A1").locator("textarea").fill(f"Nhận xét của {email}")
    page.locator("[data-testid=scorecard-form] button[name=action][value=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("Your scorecard is submitted.")
    expect(mine).to_contain_text("Submitted")
    expect(mine).to_contain_text(f"{EXPECTED_TOTALS[email]} points")


def test_the_whole_cycle_from_idea_to_stars_in_the_shop(live_server, cycle, browser_page, shots_dir):
    from django.utils import timezone

    from catalogue.selectors import certification_get_in_force
    from programme.models import Dossier, EvaluationRound, Scorecard

    page, base = browser_page, live_server.url
    dossier = _producer_files_a_proposed_dossier(page, base, cycle)
    members = cycle["members"]
    secretary = members[2]

    # A programme officer opens the round: three members (the third is the secretary), the proposed product.
    log_in(page, base, "sonn@example.vn")
    page.goto(base + "/en/dashboard/ocop/rounds/new/")
    form = page.get_by_test_id("round-form")
    page.locator("#id_name").fill("Đợt đánh giá OCOP tỉnh 2026")
    page.locator("#id_year").fill("2026")
    page.locator("#id_level").select_option("province")
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    page.locator("#id_scoring_deadline").fill(deadline.isoformat())
    page.screenshot(path=str(shots_dir / "ocop-cycle-round-form.png"), full_page=True)
    # A mouse click on each box (the lists are drawn as form-checks: nothing covers the last box).
    for box in [form.locator(f"input[name=members][value='{member.pk}']") for member in members] + [
        form.locator(f"input[name=dossiers][value='{dossier.pk}']")
    ]:
        box.click()
        expect(box).to_be_checked()
    page.locator("#id_secretary").select_option(str(secretary.pk))
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("The evaluation round is open")
    round_status = page.get_by_test_id("round-facts").locator("tr").first.locator("td")
    expect(round_status).to_have_text("Open for scoring")
    expect(page.get_by_test_id("round-progress")).to_contain_text("0 / 3")
    evaluation_round = EvaluationRound.objects.get()
    entry = evaluation_round.entries.get()
    assert entry.criteria_set == cycle["criteria_set"]
    dossier.refresh_from_db()
    assert dossier.status == "in_evaluation"

    # Each member scores independently (80, 79, 82).
    for member in members:
        _score(page, base, cycle, evaluation_round, entry, member.email)
    assert sorted(Scorecard.objects.filter(submitted_at__isnull=False).values_list("total", flat=True)) == [79, 80, 82]

    # The secretary closes the round: the results and the minutes appear, 80 points, 4★.
    log_in(page, base, secretary.email)
    page.goto(base + f"/en/dashboard/ocop/rounds/{evaluation_round.pk}/")
    expect(page.get_by_test_id("round-progress")).to_contain_text("3 / 3")
    page.get_by_test_id("round-close").locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("The round is closed")
    expect(round_status).to_have_text("Closed")
    row = page.get_by_test_id("result-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Mật ong bạc hà Hùng Lô")
    expect(row).to_contain_text("80.33")
    expect(row.locator("td").nth(-2)).to_have_text("80")
    expect(row.locator("td").nth(-1)).to_have_text("4★")
    page.screenshot(path=str(shots_dir / "ocop-cycle-round-closed.png"), full_page=True)
    dossier.refresh_from_db()
    assert dossier.status == "scored"

    # The officer opens the closed round: the minutes are there, and the PDF downloads with the session.
    log_in(page, base, "sonn@example.vn")
    page.goto(base + f"/en/dashboard/ocop/rounds/{evaluation_round.pk}/")
    minutes = page.get_by_test_id("round-minutes")
    pdf_link = minutes.locator(f"a[href$='/rounds/{evaluation_round.pk}/minutes.pdf']")
    expect(pdf_link).to_have_count(1)
    expect(minutes.locator(f"a[href$='/rounds/{evaluation_round.pk}/minutes.xlsx']")).to_have_count(1)
    response = page.request.get(base + pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Mật ong bạc hà Hùng Lô" in text
    for member in members:
        assert member.get_full_name() in text
    response = page.request.get(
        base + minutes.locator(f"a[href$='/rounds/{evaluation_round.pk}/minutes.xlsx']").get_attribute("href")
    )
    assert response.status == 200
    from openpyxl import load_workbook

    cells = {
        str(value)
        for sheet in load_workbook(io.BytesIO(response.body()), read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert {"Mật ong bạc hà Hùng Lô", "80", "79", "82"} <= cells

    # The officer records the decision for the product.
    page.goto(base + "/en/dashboard/ocop/decisions/new/")
    decision_form = page.get_by_test_id("decision-form")
    expect(decision_form).to_contain_text("Mật ong bạc hà Hùng Lô")
    page.locator("#id_number").fill(DECISION_NUMBER)
    page.locator("#id_date").fill(timezone.localdate().isoformat())
    page.locator("#id_signer").fill("Phó Chủ tịch UBND tỉnh")
    page.locator("#id_level").select_option("province")
    decision_form.locator(f"input[name=entries][value='{entry.pk}']").check()
    decision_form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Decision {DECISION_NUMBER} is recorded")
    items = page.get_by_test_id("decision-items")
    expect(items).to_contain_text("Mật ong bạc hà Hùng Lô")
    expect(items).to_contain_text("4★")
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RECOGNISED
    certification = certification_get_in_force(product=cycle["product"])
    assert (certification.score, certification.stars, certification.decision_number) == (80, 4, DECISION_NUMBER)

    # The product page in the shop, in Vietnamese: the 4★ badge and the decision number.
    product_url = base + cycle["product"].get_absolute_url()
    page.goto(product_url)
    badge = page.locator(".product_main .ocop-badge")
    expect(badge).to_have_attribute("data-stars", "4")
    expect(badge.locator(".ocop-badge__stars")).to_have_text("★★★★★")
    expect(badge.locator(".ocop-badge__empty")).to_have_count(1)
    expect(page.get_by_test_id("ocop-badge-decision")).to_contain_text(DECISION_NUMBER)
    expect(page.get_by_test_id("ocop-decision")).to_contain_text(DECISION_NUMBER)
    expect(page.get_by_test_id("ocop-decision")).to_contain_text("Phó Chủ tịch UBND tỉnh")
    expect(page.get_by_test_id("ocop-evaluation-year")).to_have_text("2026")
    page.screenshot(path=str(shots_dir / "ocop-cycle-product-page.png"), full_page=True)
