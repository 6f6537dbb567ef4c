"""The programme office's budget (issue #15 item 3): amounts in whole đồng (fractions and negatives refused), plan
against actual per line with the share spent, spending over a line's plan refused without
``programme.approve_overspend`` and accepted with it and a reason; the supporting document is private; the page's
totals equal the XLSX's; the seed's 2023 lines load (250 million đồng)."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from programme.models import BudgetLine, ProgrammePlan, Spending
from programme.office_demo import office_load_demo
from programme.selectors.budget import budget_summary
from programme.services.budget import budget_line_create, spending_record
from tests.factories import (
    BudgetLineFactory,
    CommuneOfficerFactory,
    OfficerFactory,
    ProgrammePlanFactory,
    ProvinceFactory,
    WardFactory,
)
from tests.helpers import VALID_PDF as _PDF

pytestmark = pytest.mark.django_db
DAY = datetime.date(2023, 5, 4)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def officer(db):
    return OfficerFactory()


@pytest.fixture
def approver(db):
    user = OfficerFactory()
    user.user_permissions.add(Permission.objects.get(codename="approve_overspend", content_type__app_label="programme"))
    return type(user).objects.get(pk=user.pk)  # a fresh object: no stale permission cache


@pytest.fixture
def line(db):
    return BudgetLineFactory(planned_amount=20_000_000)


def _spend(line, actor, amount, reason=""):
    return spending_record(
        line=line,
        date=DAY,
        amount=amount,
        payee="Công ty In Việt Trì",
        purpose="In tờ rơi",
        over_plan_reason=reason,
        actor=actor,
    )


@pytest.mark.parametrize("amount", ["1500.5", "-1", "1.000,5", "abc", "0"])
def test_spending_refuses_fractions_negatives_and_zero(line, officer, amount):
    with pytest.raises(ValidationError) as error:
        _spend(line, officer, amount)
    assert "amount" in error.value.error_dict
    assert not Spending.objects.exists()


@pytest.mark.parametrize("amount", ["20000000.5", "-5"])
def test_a_budget_line_refuses_fractions_and_negatives(officer, amount):
    plan = ProgrammePlanFactory()
    with pytest.raises(ValidationError) as error:
        budget_line_create(plan=plan, name="Hội đồng", source="city", planned_amount=amount, actor=officer)
    assert "planned_amount" in error.value.error_dict
    assert not BudgetLine.objects.exists()


def test_over_plan_refused_without_the_permission_accepted_with_it_and_a_reason(line, officer, approver):
    _spend(line, officer, "15000000")
    _spend(line, officer, 5_000_000)  # exactly the plan: allowed
    with pytest.raises(ValidationError) as error:
        _spend(line, officer, 1)
    assert "only an officer allowed to approve overspending" in error.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as error:
        _spend(line, approver, 2_000_000)  # allowed, but without a reason
    assert "over_plan_reason" in error.value.error_dict
    assert Spending.objects.count() == 2
    entry = _spend(line, approver, 2_000_000, reason="Giá in tăng theo hợp đồng bổ sung")
    assert entry.over_plan_reason == "Giá in tăng theo hợp đồng bổ sung"
    summary = budget_summary(plan=line.plan)
    row = summary["rows"][0]
    assert (row["planned"], row["spent"], row["left"], row["share"], row["over"]) == (
        20_000_000,
        22_000_000,
        -2_000_000,
        110,
        True,
    )


def test_summary_and_xlsx_totals_agree(client, officer, django_assert_max_num_queries):
    plan = ProgrammePlanFactory()
    a = BudgetLineFactory(plan=plan, name="Hội đồng", planned_amount=20_000_000, position=0)
    b = BudgetLineFactory(plan=plan, name="Xúc tiến thương mại", planned_amount=58_000_000, position=1)
    BudgetLineFactory(plan=plan, name="Thưởng", planned_amount=12_000_000, position=2)
    _spend(a, officer, 7_500_000)
    _spend(b, officer, 10_000_000)
    _spend(b, officer, 4_500_000)
    summary = budget_summary(plan=plan)
    assert (summary["planned"], summary["spent"], summary["left"], summary["share"]) == (
        90_000_000,
        22_000_000,
        68_000_000,
        24,  # 22/90 = 24.4 % → 24 (rounded down)
    )
    assert [row["share"] for row in summary["rows"]] == [37, 25, 0]  # 7.5/20 = 37.5 % → 37; 14.5/58 = 25 %

    client.force_login(officer)
    with django_assert_max_num_queries(20):
        page = client.get(f"/en/dashboard/programme/plans/{plan.pk}/budget/")
    assert page.context["summary"]["planned"] == 90_000_000
    html = page.content.decode()
    assert 'data-testid="budget-planned-total">₫90,000,000<' in html
    assert 'data-testid="budget-spent-total">₫22,000,000<' in html
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/en/dashboard/programme/plans/{plan.pk}/budget/?format=xlsx").content)
    )
    lines = list(book["Budget"].iter_rows(min_row=2, values_only=True))
    assert lines[-1] == ("Total", None, 90_000_000, 22_000_000, 68_000_000, 24)
    assert sum(row[2] for row in lines[:-1]) == 90_000_000
    entries = list(book["Spending"].iter_rows(min_row=2, values_only=True))
    assert entries[-1][4] == 22_000_000 and len(entries) == 4


def test_the_form_rerenders_refusals_and_keeps_the_document_private(client, line, officer):
    client.force_login(officer)
    url = f"/en/dashboard/programme/plans/{line.plan_id}/budget/spending/new/"
    data = {"line": line.pk, "date": "2023-05-04", "payee": "Công ty In", "purpose": "In tờ rơi"}
    response = client.post(url, {**data, "amount": "100.5"})
    assert response.status_code == 200
    assert "whole đồng" in response.context["form"].errors["amount"][0]
    response = client.post(url, {**data, "amount": "25000000"})
    assert "only an officer allowed" in response.context["form"].errors["amount"][0]
    assert not Spending.objects.exists()
    pdf = SimpleUploadedFile("hoa-don.pdf", _PDF, content_type="application/pdf")
    response = client.post(url, {**data, "amount": "1000000", "document": pdf})
    assert response.status_code == 302
    entry = Spending.objects.get()
    assert entry.document and entry.document_name == "hoa-don.pdf"
    document_url = f"/en/dashboard/programme/plans/{line.plan_id}/budget/spending/{entry.pk}/document/"
    download = client.get(document_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(CommuneOfficerFactory(communes=[WardFactory(parent=ProvinceFactory())]))
    assert client.get(document_url).status_code == 403
    client.logout()
    assert client.get(document_url).status_code == 302


def test_the_seed_2023_budget_loads_once(db):
    assert office_load_demo() is None  # no province loaded: nothing
    WardFactory()  # Phường Việt Trì, of Phú Thọ
    office_load_demo()
    office_load_demo()  # again: nothing more
    plan = ProgrammePlan.objects.get(year=2023)
    summary = budget_summary(plan=plan)
    assert summary["planned"] == 250_000_000
    assert [row["planned"] for row in summary["rows"]] == [
        20_000_000,
        20_000_000,
        58_000_000,
        60_000_000,
        30_000_000,
        50_000_000,
        12_000_000,
    ]
    assert {t.kind: t.value for t in plan.targets.all()} == {
        "new_products_3star": 3,
        "upgrades": 1,
        "cumulative_certified": 14,
        "commune_coverage_share": 100,
    }
