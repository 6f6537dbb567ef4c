"""The programme office's progress dashboard (issue #15 item 2): every figure against a hand-computed
expectation on a small fixed data set — targets (new, upgraded, re-certified, cumulative, commune coverage),
the cycle's funnel, certified products by stars, producers by legal type, sales — including the year boundary
(a decision of 31 December counts for that year, one of 1 January for the next); the JSON for the charts and the
XLSX carry the page's figures; the page's queries are bounded."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone, translation
from oscar.core.loading import get_model

from catalogue.services import certification_record, certification_revoke
from programme.models import BusinessPlan, DecisionItem, PlanTarget, RecognitionDecision, RoundEntry
from programme.selectors.progress import progress_dashboard
from tests.factories import (
    DossierFactory,
    EvaluationRoundFactory,
    OfficerFactory,
    ProducerFactory,
    ProductFactory,
    ProductIdeaFactory,
    ProgrammePlanFactory,
    ProvinceFactory,
    PurchaseFactory,
    WardFactory,
    criteria_set_build,
)

pytestmark = pytest.mark.django_db

Partner = get_model("partner", "Partner")
Order = get_model("order", "Order")
Purchase = get_model("order", "Purchase")

DASHBOARD = "/en/dashboard/programme/2023/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    """Three wards in the plan (W1, W2, W3) and one of the same province outside it (W4); two producers in the
    plan's wards (a cooperative in W1, a household business in W2) and an enterprise in W4."""
    province = ProvinceFactory()
    w1 = WardFactory(parent=province)
    w2 = WardFactory(
        code="07906", name="Phường Thanh Miếu", short_name="Thanh Miếu", slug="thanh-mieu", parent=province
    )
    w3 = WardFactory(code="07909", name="Phường Vân Phú", short_name="Vân Phú", slug="van-phu", parent=province)
    w4 = WardFactory(code="08000", name="Xã Ngoài Kế Hoạch", short_name="Ngoài", slug="ngoai", parent=province)
    plan = ProgrammePlanFactory(
        year=2023, level="city", region=province, title="Kế hoạch OCOP Việt Trì 2023", communes=[w1, w2, w3]
    )
    coop = ProducerFactory(name="HTX Hùng Lô", region=w1, legal_type=Partner.LegalType.COOPERATIVE)
    household = ProducerFactory(name="Hộ Thanh Miếu", region=w2, legal_type=Partner.LegalType.HOUSEHOLD)
    outside = ProducerFactory(name="Công ty Ngoài", region=w4, legal_type=Partner.LegalType.ENTERPRISE)
    return {
        "plan": plan,
        "w1": w1,
        "w2": w2,
        "w3": w3,
        "w4": w4,
        "coop": coop,
        "household": household,
        "outside": outside,
    }


def _product(producer):
    return ProductFactory(certification=False, stockrecord__producer=producer)


def recognise(criteria_set, *, product, producer, date, score, number, kind="first"):
    """A product recognised by decision ``number`` on ``date`` (its idea and dossier of the decision's year)."""
    year = date.year
    idea = ProductIdeaFactory(producer=producer, commune=producer.region, year=year, product=product)
    dossier = DossierFactory(idea=idea, product=product, year=year, status="recognised", kind=kind)
    evaluation_round = EvaluationRoundFactory(status="closed", year=year)
    entry = RoundEntry.objects.create(
        evaluation_round=evaluation_round, dossier=dossier, criteria_set=criteria_set, score=score, stars=0
    )
    decision, _created = RecognitionDecision.objects.get_or_create(
        level="province", number=number, defaults={"date": date, "signer": "Chủ tịch UBND"}
    )
    certification = certification_record(product=product, score=score, decision_number=number, decision_date=date)
    entry.stars = certification.stars
    entry.save(update_fields=["stars"])
    return DecisionItem.objects.create(
        decision=decision,
        entry=entry,
        product=product,
        score=score,
        stars=certification.stars,
        certification=certification,
    )


@pytest.fixture
def cycle(world):
    """The fixed data set (see each line): 2023 in the plan's wards has 1 new product (P1, decided on
    31 December), 1 upgrade (P3: 3★ → 4★), 1 re-certification (P4) and 4 products in force on 31 December
    (P1, P3, P4, P6)."""
    criteria_set = criteria_set_build()
    coop, household, outside = world["coop"], world["household"], world["outside"]
    p = {}
    # P1: first recognised on 31 December 2023 at 3★ → new, counts for 2023 and is in force on 31 December.
    p[1] = _product(coop)
    recognise(criteria_set, product=p[1], producer=coop, date=datetime.date(2023, 12, 31), score=60, number="D1/2023")
    # P2: first recognised on 1 January 2024 → counts for 2024, nothing in 2023.
    p[2] = _product(coop)
    recognise(criteria_set, product=p[2], producer=coop, date=datetime.date(2024, 1, 1), score=80, number="D2/2024")
    # P3: 3★ since 2021, recognised 4★ on 31 December 2023 → an upgrade (not new).
    p[3] = _product(household)
    certification_record(product=p[3], score=55, decision_number="Old-3", decision_date=datetime.date(2021, 6, 1))
    recognise(
        criteria_set, product=p[3], producer=household, date=datetime.date(2023, 12, 31), score=75, number="D1/2023"
    )
    # P4: 4★ from 2020 (expired May 2023), re-evaluated and recognised 4★ again in June 2023 → a re-certification.
    p[4] = _product(household)
    certification_record(product=p[4], score=72, decision_number="Old-4", decision_date=datetime.date(2020, 5, 1))
    recognise(
        criteria_set,
        product=p[4],
        producer=household,
        date=datetime.date(2023, 6, 15),
        score=78,
        number="D3/2023",
        kind="re_evaluation",
    )
    # P5: new in 2023 but its producer is outside the plan's wards → not counted.
    p[5] = _product(outside)
    recognise(criteria_set, product=p[5], producer=outside, date=datetime.date(2023, 3, 1), score=65, number="D4/2023")
    # P6: certified in 2022 (no decision recorded here), still in force at the end of 2023.
    p[6] = _product(coop)
    certification_record(product=p[6], score=52, decision_number="Old-6", decision_date=datetime.date(2022, 2, 1))
    # P7: certified in 2022, revoked on 1 November 2023 → not in force on 31 December.
    p[7] = _product(coop)
    revoked = certification_record(
        product=p[7], score=90, decision_number="Old-7", decision_date=datetime.date(2022, 3, 1)
    )
    certification_revoke(certification=revoked, reason="Vi phạm an toàn thực phẩm", on=datetime.date(2023, 11, 1))
    # P8: certified January 2020 → ended 15 January 2023.
    p[8] = _product(household)
    certification_record(product=p[8], score=70, decision_number="Old-8", decision_date=datetime.date(2020, 1, 15))

    # The funnel's other steps in 2023 (the three recognised dossiers above are in the plan's wards too).
    w1, w2, w3, w4 = world["w1"], world["w2"], world["w3"], world["w4"]
    ProductIdeaFactory(producer=coop, commune=w3, year=2023, status="draft")  # W3: a draft only → not covered
    submitted = ProductIdeaFactory(producer=coop, commune=w1, year=2023, status="submitted")
    BusinessPlan.objects.create(
        idea=submitted, production_capacity="5 tấn", target_markets="Hà Nội", plan="…", status="submitted"
    )
    accepted = ProductIdeaFactory(producer=coop, commune=w1, year=2023, status="accepted")
    BusinessPlan.objects.create(
        idea=accepted, production_capacity="5 tấn", target_markets="Hà Nội", plan="…", status="accepted"
    )
    DossierFactory(idea=accepted, year=2023, status="proposed")
    DossierFactory(idea=ProductIdeaFactory(producer=household, commune=w2, year=2023), year=2023, status="scored")
    DossierFactory(idea=ProductIdeaFactory(producer=coop, commune=w1, year=2023), year=2023, status="draft")
    ProductIdeaFactory(producer=outside, commune=w4, year=2023, status="submitted")  # outside the plan
    ProductIdeaFactory(producer=coop, commune=w3, year=2022, status="accepted")  # another year

    plan = world["plan"]
    for position, (kind, value, label, unit) in enumerate(
        [
            (PlanTarget.Kind.NEW_PRODUCTS, 3, "", ""),
            (PlanTarget.Kind.UPGRADES, 1, "", ""),
            (PlanTarget.Kind.RECERTIFICATIONS, 2, "", ""),
            (PlanTarget.Kind.CUMULATIVE, 14, "", ""),
            (PlanTarget.Kind.COMMUNE_COVERAGE, 100, "", "%"),
            (PlanTarget.Kind.CUSTOM, 4, "Lớp tập huấn", "lớp"),
        ]
    ):
        PlanTarget.objects.create(plan=plan, kind=kind, value=value, label=label, unit=unit, position=position)
    return p


def _targets(dashboard):
    return {row["kind"]: (row["target"], row["actual"]) for row in dashboard["targets"]}


def test_targets_against_hand_computed_actuals(world, cycle):
    dashboard = progress_dashboard(year=2023, plan=world["plan"])
    assert _targets(dashboard) == {
        "new_products_3star": (3, 1),  # P1 (31 Dec); not P2 (1 Jan 2024), not P5 (outside)
        "upgrades": (1, 1),  # P3
        "recertifications": (2, 1),  # P4
        "cumulative_certified": (14, 4),  # P1, P3, P4, P6 (P7 revoked, P8 ended, P5 outside)
        "commune_coverage_share": (100, 67),  # W1, W2 of W1–W3: 2/3 → 67 %
        "custom": (4, None),  # nothing to compute it from
    }
    assert dashboard["coverage"] == {"covered": 2, "total": 3, "share": 67}


def test_year_boundary_the_first_of_january_counts_for_the_next_year(world, cycle):
    plan_2024 = ProgrammePlanFactory(
        year=2024,
        level="city",
        region=world["plan"].region,
        title="KH 2024",
        communes=[world["w1"], world["w2"], world["w3"]],
    )
    PlanTarget.objects.create(plan=plan_2024, kind=PlanTarget.Kind.NEW_PRODUCTS, value=2)
    dashboard = progress_dashboard(year=2024, plan=plan_2024, today=datetime.date(2024, 12, 31))
    assert _targets(dashboard) == {"new_products_3star": (2, 1)}  # P2 only


def test_funnel_certified_and_producers(world, cycle):
    dashboard = progress_dashboard(year=2023, plan=world["plan"])
    assert {row["key"]: row["count"] for row in dashboard["funnel"]} == {
        "ideas": 7,  # P1, P3, P4 + submitted + accepted + scored's + draft dossier's idea (the draft idea not)
        "plans": 2,  # submitted and accepted
        "dossiers": 5,  # 3 recognised, proposed, scored (the draft not)
        "proposed": 5,
        "scored": 4,
        "recognised": 3,
    }
    certified = dashboard["certified"]
    assert certified["as_of"] == datetime.date(2023, 12, 31)
    assert [(row["stars"], row["count"]) for row in certified["stars"]] == [(3, 2), (4, 2), (5, 0)]  # P1, P6; P3, P4
    assert certified["total"] == 4
    assert {row["label"]: row["count"] for row in certified["communes"]} == {
        "Phường Việt Trì": 2,
        "Phường Thanh Miếu": 2,
    }
    assert {row["key"]: row["count"] for row in dashboard["legal_types"] if row["count"]} == {
        "cooperative": 1,
        "household": 1,
    }


def test_without_a_plan_the_whole_market_counts(world, cycle):
    dashboard = progress_dashboard(year=2023, plan=None)
    assert dashboard["targets"] == []
    assert dashboard["certified"]["total"] == 5  # P5 (outside the plan's wards) now counts
    assert {row["key"]: row["count"] for row in dashboard["legal_types"] if row["count"]} == {
        "cooperative": 1,
        "household": 1,
        "enterprise": 1,
    }


def _order(product, *, status, placed, total, paid=False):
    purchase = PurchaseFactory(items=[(product, 1)])
    order = purchase.orders.get()
    Order.objects.filter(pk=order.pk).update(status=status, date_placed=placed, total_incl_tax=Decimal(total))
    if paid:
        Purchase.objects.filter(pk=purchase.pk).update(payment_status=Purchase.PaymentStatus.PAID)
    return order


def test_sales_count_paid_or_delivered_orders_of_the_year(world):
    tz = timezone.get_current_timezone()
    coop_product = ProductFactory(stockrecord__producer=world["coop"])
    household_product = ProductFactory(stockrecord__producer=world["household"])
    outside_product = ProductFactory(stockrecord__producer=world["outside"])

    def at(*args):
        return datetime.datetime(*args, tzinfo=tz)

    _order(coop_product, status="delivered", placed=at(2023, 3, 10, 9), total=150000)  # delivered
    _order(household_product, status="pending", placed=at(2023, 12, 31, 23, 30), total=230000, paid=True)  # paid
    _order(coop_product, status="confirmed", placed=at(2023, 3, 20, 9), total=90000, paid=True)  # paid
    _order(coop_product, status="cancelled", placed=at(2023, 4, 1, 9), total=999000, paid=True)  # cancelled
    _order(household_product, status="pending", placed=at(2023, 5, 1, 9), total=50000)  # COD, not yet delivered
    _order(coop_product, status="delivered", placed=at(2024, 1, 1, 0, 10), total=70000)  # next year
    _order(outside_product, status="delivered", placed=at(2023, 6, 1, 9), total=80000)  # outside the plan

    sales = progress_dashboard(year=2023, plan=world["plan"])["sales"]
    assert sales["total"] == 470000
    assert {row["label"]: (row["count"], row["total"]) for row in sales["producers"]} == {
        "HTX Hùng Lô": (2, 240000),
        "Hộ Thanh Miếu": (1, 230000),
    }
    assert {row["label"]: row["total"] for row in sales["communes"]} == {
        "Phường Việt Trì": 240000,
        "Phường Thanh Miếu": 230000,
    }
    months = {row["month"]: row["total"] for row in sales["months"] if row["total"]}
    assert months == {3: 240000, 12: 230000}
    assert all(isinstance(row["total"], int) for row in sales["months"])


def test_page_json_and_xlsx_agree(client, world, cycle, django_assert_max_num_queries):
    client.force_login(OfficerFactory())
    with django_assert_max_num_queries(40):
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="targets-table"' in html
    assert 'data-charts-url="/en/dashboard/programme/2023/data.json"' in html
    targets = response.context["dashboard"]["targets"]
    assert [(row["target"], row["actual"]) for row in targets] == [
        (3, 1),
        (1, 1),
        (2, 1),
        (14, 4),
        (100, 67),
        (4, None),
    ]

    data = client.get("/en/dashboard/programme/2023/data.json").json()
    assert data["targets"]["target"] == [3, 1, 2, 14, 100, 4]
    assert data["targets"]["actual"] == [1, 1, 1, 4, 67, None]
    assert data["funnel"]["values"] == [7, 2, 5, 5, 4, 3]
    assert data["stars"] == {"labels": ["3★", "4★", "5★"], "values": [2, 2, 0]}

    response = client.get(DASHBOARD + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    targets_sheet = [list(row) for row in book["Targets"].iter_rows(min_row=2, values_only=True)]
    assert [(row[2], row[3]) for row in targets_sheet] == [(3, 1), (1, 1), (2, 1), (14, 4), (100, 67), (4, None)]
    funnel_sheet = list(book["Funnel"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in funnel_sheet] == [7, 2, 5, 5, 4, 3]
    stars_rows = list(book["By stars"].iter_rows(min_row=2, values_only=True))
    assert stars_rows[-1] == ("Total", 4)  # equals the page's total of products in force
    assert 'data-testid="stars-table-total">4<' in html


def test_sales_xlsx_totals_equal_the_page(client, world):
    product = ProductFactory(stockrecord__producer=world["coop"])
    tz = timezone.get_current_timezone()
    _order(product, status="delivered", placed=datetime.datetime(2023, 2, 1, 9, tzinfo=tz), total=125000)
    _order(product, status="delivered", placed=datetime.datetime(2023, 7, 1, 9, tzinfo=tz), total=75000)
    client.force_login(OfficerFactory())
    page = client.get(DASHBOARD)
    assert page.context["dashboard"]["sales"]["total"] == 200000
    book = openpyxl.load_workbook(io.BytesIO(client.get(DASHBOARD + "?format=xlsx").content))
    for sheet in ("Sales by month", "Sales by producer", "Sales by commune"):
        rows = list(book[sheet].iter_rows(min_row=2, values_only=True))
        assert rows[-1] == ("Total", 2, 200000), sheet
