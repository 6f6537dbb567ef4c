"""The programme office's yearly plan (issue #15 item 1): plans, targets and planned products as data, written by
services that check the officer, refuse bad input (fractions, negatives, a commune outside the plan) and leave
an audit trail; the screens re-render with errors and write nothing; the role matrix over every new URL and
export (anonymous → log in; producer, commune officer, council member → 403; officer → 200)."""

import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from programme.models import PlannedProduct, PlanTarget, ProgrammePlan
from programme.services.plans import plan_create, plan_target_set, planned_product_add, planned_product_delete
from tests.factories import (
    BudgetLineFactory,
    CommuneOfficerFactory,
    CouncilMemberFactory,
    OfficerFactory,
    ProducerFactory,
    ProducerUserFactory,
    ProgrammePlanFactory,
    ProvinceFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def places(db):
    province = ProvinceFactory()
    w1 = WardFactory(parent=province)
    w2 = WardFactory(
        code="07906", name="Phường Thanh Miếu", short_name="Thanh Miếu", slug="thanh-mieu", parent=province
    )
    w3 = WardFactory(code="08000", name="Xã Ngoài", short_name="Ngoài", slug="ngoai", parent=province)
    return {"province": province, "w1": w1, "w2": w2, "w3": w3}


@pytest.fixture
def officer(db):
    return OfficerFactory()


def test_plan_with_targets_and_planned_products_is_audited(places, officer):
    plan = plan_create(
        year=2023,
        level="city",
        region=places["province"],
        title="Kế hoạch OCOP thành phố Việt Trì năm 2023",
        decision_ref="KH 52/KH-UBND",
        communes=[places["w1"], places["w2"]],
        actor=officer,
    )
    new = plan_target_set(plan=plan, kind="new_products_3star", value=3, actor=officer)
    again = plan_target_set(plan=plan, kind="new_products_3star", value=4, actor=officer)
    assert again.pk == new.pk and again.value == 4  # a computed kind is set once per plan
    coverage = plan_target_set(plan=plan, kind="commune_coverage_share", value=100, actor=officer)
    assert coverage.unit == "%"
    custom = plan_target_set(plan=plan, kind="custom", value=4, label="Lớp tập huấn", unit="lớp", actor=officer)
    assert custom.title == "Lớp tập huấn"
    producer = ProducerFactory(region=places["w1"])
    planned = planned_product_add(
        plan=plan,
        name="Mì gạo Hùng Lô",
        producer=producer,
        commune=places["w1"],
        type="new",
        target_stars=4,
        responsible_office="Phòng Kinh tế",
        actor=officer,
    )
    assert list(plan.planned_products.all()) == [planned]
    logged = LogEntry.objects.filter(actor=officer).values_list("content_type__model", flat=True)
    assert {"programmeplan", "plantarget", "plannedproduct"} <= set(logged)
    planned_product_delete(planned=planned, actor=officer)
    assert not PlannedProduct.objects.exists()


@pytest.mark.parametrize("value", ["1.5", -1, "ba"])
def test_a_target_refuses_fractions_negatives_and_text(places, officer, value):
    plan = ProgrammePlanFactory(region=places["province"])
    with pytest.raises(ValidationError) as error:
        plan_target_set(plan=plan, kind="upgrades", value=value, actor=officer)
    assert "value" in error.value.error_dict
    assert not PlanTarget.objects.exists()


def test_bad_plan_input_is_refused(places, officer):
    with pytest.raises(ValidationError) as error:
        plan_create(year=2023, level="city", region=places["w1"], title="X", communes=[], actor=officer)
    assert set(error.value.error_dict) >= {"region", "communes"}
    with pytest.raises(ValidationError) as error:
        plan_target_set(plan=ProgrammePlanFactory(region=places["province"]), kind="custom", value=3, actor=officer)
    assert "label" in error.value.error_dict
    with pytest.raises(PermissionDenied):
        plan_create(year=2023, level="province", region=places["province"], title="X", actor=ProducerUserFactory())
    assert not ProgrammePlan.objects.filter(title="X").exists()


def test_a_planned_product_stays_in_the_plans_communes_and_stars(places, officer):
    plan = ProgrammePlanFactory(region=places["province"], level="city", communes=[places["w1"], places["w2"]])
    producer = ProducerFactory(region=places["w3"])
    with pytest.raises(ValidationError) as error:
        planned_product_add(
            plan=plan, name="Trà", producer=producer, commune=places["w3"], target_stars=6, actor=officer
        )
    assert set(error.value.error_dict) == {"commune", "target_stars"}
    with pytest.raises(ValidationError) as error:
        planned_product_add(
            plan=plan, name="Trà", producer=producer, commune=places["w1"], type="upgrade", actor=officer
        )
    assert "product" in error.value.error_dict  # an upgrade names the product in the shop
    assert not PlannedProduct.objects.exists()


def test_the_screens_create_a_plan_and_rerender_bad_input(client, places, officer):
    client.force_login(officer)
    response = client.post(
        "/en/dashboard/programme/plans/new/",
        {
            "year": "2023",
            "level": "city",
            "region": places["province"].pk,
            "communes": [places["w1"].pk, places["w2"].pk],
            "title": "Kế hoạch 2023",
            "decision_ref": "",
        },
    )
    plan = ProgrammePlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/dashboard/programme/plans/{plan.pk}/"

    response = client.post(
        f"/en/dashboard/programme/plans/{plan.pk}/targets/new/", {"kind": "upgrades", "value": "1.5"}
    )
    assert response.status_code == 200 and response.context["form"].errors["value"]
    response = client.post(
        f"/en/dashboard/programme/plans/{plan.pk}/targets/new/", {"kind": "custom", "value": "4", "label": ""}
    )
    assert response.context["form"].errors["label"] == ["Name the target."]
    assert not PlanTarget.objects.exists()
    response = client.post(f"/en/dashboard/programme/plans/{plan.pk}/targets/new/", {"kind": "upgrades", "value": "1"})
    assert response.status_code == 302
    producer = ProducerFactory(region=places["w1"])
    response = client.post(
        f"/en/dashboard/programme/plans/{plan.pk}/products/new/",
        {"name": "Mì gạo", "producer": producer.pk, "commune": places["w1"].pk, "type": "new", "target_stars": "3"},
    )
    assert response.status_code == 302
    page = client.get(f"/en/dashboard/programme/plans/{plan.pk}/")
    assert "Mì gạo" in page.content.decode() and "Products upgraded" in page.content.decode()


def test_plan_list_queries_are_bounded(client, places, officer, django_assert_max_num_queries):
    for n in range(12):
        plan = ProgrammePlanFactory(region=places["province"], year=2020 + n % 4)
        PlanTarget.objects.create(plan=plan, kind="upgrades", value=n)
    client.force_login(officer)
    with django_assert_max_num_queries(20):
        response = client.get("/en/dashboard/programme/plans/")
    assert response.status_code == 200 and len(response.context["plans"]) == 12


# The role matrix ------------------------------------------------------------------------------------------------


@pytest.fixture
def office_urls(places):
    plan = ProgrammePlanFactory(region=places["province"])
    target = PlanTarget.objects.create(plan=plan, kind="upgrades", value=1)
    planned = PlannedProduct.objects.create(
        plan=plan, name="Mì gạo", producer=ProducerFactory(region=places["w1"]), commune=places["w1"]
    )
    line = BudgetLineFactory(plan=plan)
    base = "/en/dashboard/programme"
    p = f"{base}/plans/{plan.pk}"
    return [
        f"{base}/",
        f"{base}/?format=xlsx",
        f"{base}/2023/",
        f"{base}/2023/?format=xlsx",
        f"{base}/2023/data.json",
        f"{base}/plans/",
        f"{base}/plans/new/",
        f"{p}/",
        f"{p}/edit/",
        f"{p}/targets/new/",
        f"{p}/targets/{target.pk}/",
        f"{p}/targets/{target.pk}/delete/",
        f"{p}/products/new/",
        f"{p}/products/import/",
        f"{p}/products/import/?format=xlsx",
        f"{p}/products/{planned.pk}/",
        f"{p}/products/{planned.pk}/delete/",
        f"{p}/budget/",
        f"{p}/budget/?format=xlsx",
        f"{p}/budget/lines/new/",
        f"{p}/budget/lines/{line.pk}/",
        f"{p}/budget/spending/new/",
    ]


def test_role_matrix(client, places, office_urls):
    producer_user = ProducerUserFactory(producer=ProducerFactory())
    others = [producer_user, CommuneOfficerFactory(communes=[places["w1"]]), CouncilMemberFactory()]
    for url in office_urls:
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        for user in others:
            client.force_login(user)
            assert client.get(url).status_code == 403, (url, user)
    client.force_login(OfficerFactory())
    for url in office_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if "format=xlsx" in url:
            assert response["Content-Type"].startswith("application/vnd.openxmlformats"), url


def test_posts_are_refused_to_other_roles(client, places, office_urls):
    client.force_login(CommuneOfficerFactory(communes=[places["w1"]]))
    for url in office_urls:
        if "format" in url or url.endswith(".json"):
            continue
        assert client.post(url, {}).status_code == 403, url
    assert PlanTarget.objects.count() == 1 and PlannedProduct.objects.count() == 1


def test_the_menu_shows_the_office_to_officers_only(client, places):
    client.force_login(OfficerFactory())
    assert "/en/dashboard/programme/" in client.get("/en/dashboard/").content.decode()
    client.force_login(ProducerUserFactory(producer=ProducerFactory()))
    assert "/en/dashboard/programme/" not in client.get("/en/dashboard/").content.decode()


def test_officer_edits_and_deletes_targets_and_planned_products(client, places, officer, django_assert_max_num_queries):
    plan = ProgrammePlanFactory(region=places["province"])
    target = PlanTarget.objects.create(plan=plan, kind="upgrades", value=1)
    producer = ProducerFactory(region=places["w1"])
    planned = PlannedProduct.objects.create(plan=plan, name="Mì gạo", producer=producer, commune=places["w1"])
    client.force_login(officer)
    base = f"/en/dashboard/programme/plans/{plan.pk}"
    assert client.post(f"{base}/targets/{target.pk}/", {"kind": "upgrades", "value": "2"}).status_code == 302
    target.refresh_from_db()
    assert target.value == 2
    response = client.post(
        f"{base}/products/{planned.pk}/",
        {
            "name": "Mì gạo Hùng Lô",
            "producer": producer.pk,
            "commune": places["w1"].pk,
            "type": "new",
            "target_stars": "4",
        },
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.name, planned.target_stars) == ("Mì gạo Hùng Lô", 4)
    with django_assert_max_num_queries(25):
        page = client.get(f"{base}/")
    assert "Mì gạo Hùng Lô" in page.content.decode()
    assert client.post(f"{base}/targets/{target.pk}/delete/").status_code == 302
    assert client.post(f"{base}/products/{planned.pk}/delete/").status_code == 302
    assert not PlanTarget.objects.exists() and not PlannedProduct.objects.exists()
    other = ProgrammePlanFactory(region=places["province"])
    other_target = PlanTarget.objects.create(plan=other, kind="upgrades", value=1)
    assert client.get(f"{base}/targets/{other_target.pk}/").status_code == 404  # another plan's target


def _xlsx(rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tên", "Chủ thể", "Xã", "Loại", "Sao", "Đơn vị", "Sản phẩm"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-muc.xlsx", buffer.getvalue())


def test_the_planned_product_list_imports_from_xlsx_all_or_nothing(client, places, officer):
    plan = ProgrammePlanFactory(region=places["province"], level="city", communes=[places["w1"], places["w2"]])
    ProducerFactory(registration_number="2600000001", region=places["w1"])
    ProducerFactory(registration_number="2600000002", region=places["w2"])
    client.force_login(officer)
    url = f"/en/dashboard/programme/plans/{plan.pk}/products/import/"
    template = client.get(url + "?format=xlsx")
    header = next(openpyxl.load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True))
    assert header[0] == "Product name" and len(header) == 7

    bad = _xlsx(
        [
            ["Mì gạo Hùng Lô", "2600000001", "07900", "mới", 4, "Phòng Kinh tế", None],
            ["Chè", "9999999999", "07900", "new", 3, "", None],  # unknown producer
            ["Bưởi", "2600000002", "08000", "new", 3, "", None],  # commune outside the plan
            ["Mật ong", "2600000002", "07906", "nâng hạng", 7, "", None],  # stars and no product for an upgrade
        ]
    )
    response = client.post(url, {"file": bad})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert [error.split(":")[0] for error in errors] == ["Row 3", "Row 4", "Row 5"]
    assert "registration number" in errors[0] and "code" in errors[1]
    assert "target_stars" in errors[2] and "product" in errors[2]
    assert not PlannedProduct.objects.exists()

    good = _xlsx(
        [
            ["Mì gạo Hùng Lô", "2600000001", "07900", "mới", 4, "Phòng Kinh tế", None],
            ["Chè xanh", "2600000002", "07906", "new", 3, "UBND phường Thanh Miếu", None],
        ]
    )
    assert client.post(url, {"file": good}).status_code == 302
    assert list(plan.planned_products.values_list("name", "type", "target_stars", "commune__code")) == [
        ("Mì gạo Hùng Lô", "new", 4, "07900"),
        ("Chè xanh", "new", 3, "07906"),
    ]
    response = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert "not an Excel workbook" in str(response.context["form"].errors)
    assert plan.planned_products.count() == 2
