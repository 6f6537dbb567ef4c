"""The programme office's progress dashboard in headless Chromium: an officer opens it, the charts are drawn
(a canvas per chart and a Chart.js instance on it, from the JSON endpoint, under the strict CSP), the targets
table is shown beside them, and the XLSX link downloads a workbook whose targets equal the page's."""

import datetime

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.functional.cycle_steps import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def office(transactional_db):
    from programme.models import PlanTarget
    from tests.factories import OfficerFactory, ProducerFactory, ProductFactory, ProgrammePlanFactory, WardFactory

    ward = WardFactory()
    plan = ProgrammePlanFactory(year=2023, region=ward.parent, title="Kế hoạch OCOP 2023")
    PlanTarget.objects.create(plan=plan, kind="cumulative_certified", value=14, position=0)
    PlanTarget.objects.create(plan=plan, kind="new_products_3star", value=3, position=1)
    producer = ProducerFactory(region=ward)
    for score in (60, 75):
        ProductFactory(
            stockrecord__producer=producer, certification=score, certification__decision_date=datetime.date(2023, 5, 2)
        )
    officer = OfficerFactory(email="vanphong@example.vn")
    return {"plan": plan, "officer": officer}


def test_officer_sees_the_charts_and_downloads_the_tables(live_server, office, browser_page, shots_dir):
    page, base = browser_page, live_server.url
    log_in(page, base, office["officer"].email)
    page.goto(base + "/en/dashboard/programme/2023/")
    charts = page.get_by_test_id("charts")
    expect(charts).to_have_attribute("data-charts-drawn", "true")
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll("canvas[data-chart]")).map(
            (canvas) => [canvas.dataset.chart, Boolean(window.Chart.getChart(canvas))])"""
    )
    assert dict(drawn) == {
        "targets": True,
        "funnel": True,
        "stars": True,
        "groups": True,
        "communes": True,
        "legal_types": True,
        "sales_months": True,
    }
    assert page.evaluate(
        "() => window.Chart.getChart(document.querySelector('canvas[data-chart=targets]')).data.datasets[1].data"
    ) == [2, 0]

    targets = page.get_by_test_id("targets-table")
    expect(targets).to_be_visible()
    expect(targets.get_by_test_id("target-actual")).to_have_text(["2", "0"])
    page.screenshot(path=str(shots_dir / "office-dashboard.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_test_id("xlsx-link").click()
    download = download_info.value
    assert download.suggested_filename == "ocop-progress-2023.xlsx"
    with open(download.path(), "rb") as handle:
        book = openpyxl.load_workbook(handle)
    rows = list(book["Targets"].iter_rows(min_row=2, values_only=True))
    assert [(row[2], row[3]) for row in rows] == [(14, 2), (3, 0)]
