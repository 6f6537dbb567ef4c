"""Criteria sets (issue #13, item 3): the shipped sample set, the rules of a valid set, XLSX import (all or
nothing, with a report of row, column and reason) and export (round trip), the set in force for a product set,
and who may open which screen."""

import datetime
import io

import openpyxl
import pytest
from django.apps import apps as live_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from catalogue.groups import OCOP_GROUPS
from programme import criteria_xlsx, sample_criteria
from programme.models import CriteriaGroup, CriteriaPart, CriteriaSet, Criterion, CriterionAnswer, RoundEntry
from programme.selectors.criteria import (
    AnswerSpec,
    CriteriaSetSpec,
    CriterionSpec,
    GroupSpec,
    PartSpec,
    criteria_set_for,
    criteria_set_get,
    criteria_set_sample_spec,
    criteria_set_spec,
)
from programme.services import criteria as services
from tests.factories import (
    CouncilMemberFactory,
    DossierFactory,
    EvaluationRoundFactory,
    OfficerFactory,
    ProducerFactory,
    ProducerUserFactory,
    criteria_set_build,
)

pytestmark = pytest.mark.django_db

LIST = reverse("ocop:criteria-set-list")
IMPORT = reverse("ocop:criteria-set-import")
TEMPLATE = reverse("ocop:criteria-template")
FOOD_SETS = sorted(code for key, _n, _e, sets in OCOP_GROUPS if key == "food" for code, *_rest in sets)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def sample_set(groups):
    return CriteriaSet.objects.get(name=sample_criteria.NAME, is_sample=True)


@pytest.fixture
def officer_client(client):
    client.force_login(OfficerFactory())
    return client


def table_counts():
    return tuple(
        model.objects.count() for model in (CriteriaSet, CriteriaPart, CriteriaGroup, Criterion, CriterionAnswer)
    )


def workbook(*, rows, header=None) -> bytes:
    """A workbook written by hand in the documented layout (independent of the writer)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Bộ tiêu chí"
    facts = [
        "Bộ tiêu chí nhập thử",
        "Quyết định 148/QĐ-TTg, 2023",
        "01/01/2026",
        None,
        "tea; coffee-cocoa",
        "Không",
    ]
    for row, value in enumerate(facts, start=1):
        sheet.cell(row=row, column=2, value=(header or {}).get(row, value))
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=9 + offset, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def valid_rows(*, a_max=40, b_answer=25):
    """A small valid set: A 40, B 25, C 35 (C with a knock-out criterion)."""
    return [
        ("A", "Cộng đồng", a_max, "Tổ chức sản xuất", "A1", "Nguyên liệu", 20, "Không", "Không rõ", 0, "Không"),
        (None, None, None, None, None, None, None, None, "Rõ ràng", 20, None),
        (None, None, None, "Sức mạnh cộng đồng", "A2", "Loại hình tổ chức", 20, "Không", "Hộ gia đình", 5, "Không"),
        (None, None, None, None, None, None, None, None, "Hợp tác xã", 20, None),
        ("B", "Khả năng tiếp thị", 25, "Tiếp thị", "B1", "Kênh phân phối", 25, "Không", "Tại chỗ", 0, "Không"),
        (None, None, None, None, None, None, None, None, "Toàn quốc", b_answer, None),
        ("C", "Chất lượng", 35, "Tiêu chuẩn", "C1", "Có bản tự công bố chất lượng", 5, "Có", "Không", 0, "Có"),
        (None, None, None, None, None, None, None, None, "Có", 5, "Không"),
        (None, None, None, None, "C2", "Cảm quan", 30, "Không", "Đạt", 10, "Không"),
        (None, None, None, None, None, None, None, None, "Tốt", 30, None),
    ]  # fmt: skip


def xlsx_upload(content: bytes, name="bo-tieu-chi.xlsx"):
    return SimpleUploadedFile(name, content, content_type=criteria_xlsx.XLSX_CONTENT_TYPE)


# ------------------------------------------------------------------------------------------------ the sample set


def test_the_sample_set_ships_with_the_real_part_structure(sample_set):
    assert sample_set.legal_basis == "Quyết định 148/QĐ-TTg, 2023"
    assert sample_set.valid_from == datetime.date(2023, 2, 24) and sample_set.valid_until is None
    assert sample_set.is_sample
    assert sorted(sample_set.product_sets.values_list("slug", flat=True)) == FOOD_SETS

    criteria_set = criteria_set_get(pk=sample_set.pk)
    parts = [(p.code, p.title, p.max_points, [g.title for g in p.groups.all()]) for p in criteria_set.parts.all()]
    assert parts == [
        ("A", "Sản phẩm và sức mạnh cộng đồng", 40, ["Tổ chức sản xuất", "Phát triển sản phẩm", "Sức mạnh cộng đồng"]),
        ("B", "Khả năng tiếp thị", 25, ["Tiếp thị", "Câu chuyện sản phẩm"]),
        (
            "C",
            "Chất lượng sản phẩm",
            35,
            [
                "Chỉ tiêu cảm quan, dinh dưỡng, tính độc đáo",
                "Tiêu chuẩn sản phẩm",
                "Khả năng xuất khẩu/phân phối quốc tế",
            ],
        ),
    ]
    knockouts = Criterion.objects.filter(group__part__criteria_set=sample_set, is_knockout=True)
    assert sorted(knockouts.values_list("text", flat=True)) == [
        "Có bản tự công bố chất lượng",
        "Có giấy chứng nhận đủ điều kiện an toàn thực phẩm",
    ]
    for criterion in knockouts:
        assert list(criterion.answers.filter(fails=True).values_list("text", flat=True)) == ["Không"]
    # Every criterion's answers run from 0 up to its maximum; it obeys every rule of a set.
    for criterion in Criterion.objects.filter(group__part__criteria_set=sample_set):
        points = sorted(criterion.answers.values_list("points", flat=True))
        assert points[0] == 0 and points[-1] == criterion.max_points
    spec = criteria_set_spec(criteria_set=criteria_set)
    assert services.criteria_set_validate(spec=spec) == []
    assert spec == criteria_set_sample_spec()


def test_the_sample_table_reads_as_the_data_migration_0004_always_wrote():
    """The sample set is kept as a table (``sample_criteria.TABLE``); read, it is exactly the nested data the
    module held before as Python literals (its SHA-256 pinned), so migration 0004 writes the same rows."""
    import hashlib
    import json

    parts = sample_criteria.PARTS
    criteria = [criterion for part in parts for _title, group in part[3] for criterion in group]
    assert [(code, maximum) for code, _title, maximum, _groups in parts] == [("A", 40), ("B", 25), ("C", 35)]
    assert (len(criteria), sum(len(criterion[4]) for criterion in criteria)) == (29, 101)
    assert [c for c in criteria if c[0] == "C2.1"] == [
        ("C2.1", "Có bản tự công bố chất lượng", 3, True, [("Không", 0, True), ("Có", 3, False)])
    ]
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()
    assert digest == "a4da3c488819555f49f8bb505883797260171b199e431cf94f261c2e98e0ef4c"


def test_the_sample_migration_is_reversible_and_keeps_a_set_in_use(sample_set):
    from importlib import import_module

    migration = import_module("programme.migrations.0004_sample_criteria_set")
    migration.delete_sample_set(live_apps, None)
    assert not CriteriaSet.objects.filter(name=sample_criteria.NAME).exists()
    assert not Criterion.objects.filter(code="C2.2").exists()

    migration.create_sample_set(live_apps, None)
    migration.create_sample_set(live_apps, None)  # once only
    recreated = CriteriaSet.objects.get(name=sample_criteria.NAME)
    assert criteria_set_spec(criteria_set=criteria_set_get(pk=recreated.pk)) == criteria_set_sample_spec()

    RoundEntry.objects.create(
        evaluation_round=EvaluationRoundFactory(), dossier=DossierFactory(), criteria_set=recreated
    )
    migration.delete_sample_set(live_apps, None)
    assert CriteriaSet.objects.filter(pk=recreated.pk).exists()


def test_the_detail_page_marks_sample_wording_and_knock_outs(client, sample_set):
    client.force_login(CouncilMemberFactory())
    response = client.get(reverse("ocop:criteria-set-detail", kwargs={"pk": sample_set.pk}))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="sample-warning"' in content
    assert content.count('data-testid="knockout-badge"') == 2
    assert content.count('data-testid="fails-badge"') == 2
    assert content.count('data-testid="criteria-part"') == 3
    assert "Có giấy chứng nhận đủ điều kiện an toàn thực phẩm" in content
    assert "Hợp tác xã, tổ hợp tác có đông thành viên tham gia" in content
    assert 'data-testid="criteria-set-issues"' not in content
    assert 'data-testid="criteria-export"' not in content  # council members read, officers export


def test_the_detail_page_reads_the_whole_set_in_a_fixed_number_of_queries(
    officer_client, sample_set, django_assert_max_num_queries
):
    url = reverse("ocop:criteria-set-detail", kwargs={"pk": sample_set.pk})
    officer_client.get(url)
    with django_assert_max_num_queries(14):
        assert officer_client.get(url).status_code == 200


def test_the_detail_page_warns_about_a_set_that_breaks_the_rules(officer_client, groups):
    broken = criteria_set_build(name="Bộ hỏng")
    CriteriaPart.objects.filter(criteria_set=broken, code="A").update(max_points=45)
    response = officer_client.get(reverse("ocop:criteria-set-detail", kwargs={"pk": broken.pk}))
    assert 'data-testid="criteria-set-issues"' in response.content.decode()
    assert "105" in response.content.decode()


def test_an_unknown_set_answers_404(officer_client):
    assert officer_client.get(reverse("ocop:criteria-set-detail", kwargs={"pk": 999999})).status_code == 404
    assert officer_client.get(reverse("ocop:criteria-set-export", kwargs={"pk": 999999})).status_code == 404


# ----------------------------------------------------------------------------------------- the set in force


def test_the_set_in_force_follows_product_set_and_dates(groups, sample_set):
    tea, honey, textiles = groups["tea"], groups["honey-farm-foods"], groups["textiles"]
    official = criteria_set_build(name="Bộ chính thức", product_sets=[tea], valid_from=datetime.date(2026, 1, 1))
    official.is_sample = False
    official.valid_until = datetime.date(2026, 12, 31)
    official.save()

    # Before the official set, and after it ends: the sample (tea is a food set).
    assert criteria_set_for(product_set=tea, on_date=datetime.date(2025, 6, 1)) == sample_set
    assert criteria_set_for(product_set=tea, on_date=datetime.date(2027, 1, 1)) == sample_set
    # While it is valid (both ends included), the official set wins over the sample wording.
    assert criteria_set_for(product_set=tea, on_date=datetime.date(2026, 1, 1)) == official
    assert criteria_set_for(product_set=tea.pk, on_date=datetime.date(2026, 12, 31)) == official
    # Other product sets are not affected; before any set starts, or for a set nobody scores: none.
    assert criteria_set_for(product_set=honey, on_date=datetime.date(2026, 6, 1)) == sample_set
    assert criteria_set_for(product_set=honey, on_date=datetime.date(2023, 2, 23)) is None
    assert criteria_set_for(product_set=textiles, on_date=datetime.date(2026, 6, 1)) is None
    assert criteria_set_for(product_set=None, on_date=datetime.date(2026, 6, 1)) is None


def test_among_sets_of_the_same_kind_the_latest_start_wins(groups, sample_set):
    tea = groups["tea"]
    older = criteria_set_build(name="Bộ cũ", product_sets=[tea], valid_from=datetime.date(2024, 1, 1))
    newer = criteria_set_build(name="Bộ mới", product_sets=[tea], valid_from=datetime.date(2025, 1, 1))
    CriteriaSet.objects.filter(pk__in=[older.pk, newer.pk]).update(is_sample=False)
    assert criteria_set_for(product_set=tea, on_date=datetime.date(2024, 6, 1)) == older
    assert criteria_set_for(product_set=tea, on_date=datetime.date(2025, 6, 1)) == newer


# ---------------------------------------------------------------------------------------------------- the rules


def spec_of(rows, **header) -> CriteriaSetSpec:
    """A spec built in code: rows are (part code, part max, [(criterion code, max, knockout, [(points, fails)])])."""
    return CriteriaSetSpec(
        name=header.get("name", "Bộ kiểm tra"),
        legal_basis=header.get("legal_basis", "Quyết định 148/QĐ-TTg, 2023"),
        valid_from=header.get("valid_from", datetime.date(2026, 1, 1)),
        valid_until=header.get("valid_until"),
        product_sets=header.get("product_sets", ["tea"]),
        parts=[
            PartSpec(
                code=code,
                title=f"Phần {code}",
                max_points=maximum,
                groups=[
                    GroupSpec(
                        title=f"Nhóm {code}",
                        criteria=[
                            CriterionSpec(
                                code=c_code,
                                text=f"Tiêu chí {c_code}",
                                max_points=c_max,
                                is_knockout=knockout,
                                answers=[AnswerSpec(f"{p} điểm{' (trượt)' if f else ''}", p, f) for p, f in answers],
                            )
                            for c_code, c_max, knockout, answers in criteria
                        ],
                    )
                ],
            )
            for code, maximum, criteria in rows
        ],
    )


GOOD = [
    ("A", 40, [("A1", 40, False, [(0, False), (40, False)])]),
    ("B", 25, [("B1", 25, False, [(0, False), (25, False)])]),
    ("C", 35, [("C1", 5, True, [(0, True), (5, False)]), ("C2", 30, False, [(30, False)])]),
]


def reasons(spec) -> str:
    return " | ".join(issue.reason for issue in services.criteria_set_validate(spec=spec))


def test_a_good_set_has_no_issues(groups):
    assert services.criteria_set_validate(spec=spec_of(GOOD)) == []


@pytest.mark.parametrize(
    ("rows", "header", "expected"),
    [
        pytest.param([GOOD[0], GOOD[1], ("C", 30, [("C1", 30, False, [(30, False)])])], {}, "95", id="parts-not-100"),
        pytest.param(
            [("A", 40, [("A1", 38, False, [(38, False)])]), GOOD[1], GOOD[2]], {}, "38", id="criteria-not-part-max"
        ),
        pytest.param(
            [("A", 40, [("A1", 40, False, [(0, False), (45, False)])]), GOOD[1], GOOD[2]], {}, "45", id="answer-above"
        ),
        pytest.param(
            [("A", 40, [("A1", 40, False, [(0, False), (20, False)])]), GOOD[1], GOOD[2]], {}, "40", id="no-max-answer"
        ),
        pytest.param(
            [
                GOOD[0],
                GOOD[1],
                ("C", 35, [("C1", 5, True, [(0, False), (5, False)]), ("C2", 30, False, [(30, False)])]),
            ],
            {},
            "C1",
            id="knockout-without-failing-answer",
        ),
        pytest.param(
            [("A", 40, [("A1", 40, False, [(0, True), (40, False)])]), GOOD[1], GOOD[2]], {}, "A1", id="fails-not-ko"
        ),
        pytest.param(
            [GOOD[0], GOOD[1], ("C", 35, [("C1", 5, True, [(0, True), (5, False)]), ("C1", 30, False, [(30, False)])])],
            {},
            "C1",
            id="criterion-code-twice",
        ),
        pytest.param([GOOD[0], GOOD[1], ("A", 35, GOOD[2][2])], {}, "A", id="part-code-twice"),
        pytest.param(GOOD, {"product_sets": ["bia-hoi"]}, "bia-hoi", id="unknown-product-set"),
        pytest.param(GOOD, {"product_sets": []}, "", id="no-product-set"),
        pytest.param(GOOD, {"valid_until": datetime.date(2025, 1, 1)}, "", id="ends-before-it-starts"),
        pytest.param(GOOD, {"name": " "}, "", id="no-name"),
        pytest.param(GOOD, {"valid_from": None}, "", id="no-start"),
        pytest.param([], {}, "", id="no-parts"),
    ],
)
def test_each_rule_is_enforced(groups, rows, header, expected):
    found = reasons(spec_of(rows, **header))
    assert found, "the set should have been refused"
    assert expected in found


def test_a_spec_with_problems_is_not_written(groups):
    before = table_counts()
    with pytest.raises(services.CriteriaSetInvalid) as refused:
        services.criteria_set_create(spec=spec_of([GOOD[0], GOOD[1]]))
    assert refused.value.issues
    assert table_counts() == before


# ---------------------------------------------------------------------------------------------------- import


def test_an_import_whose_part_totals_are_wrong_is_refused_whole_with_row_and_reason(officer_client, groups):
    before = table_counts()
    # Part A says 45: the parts add up to 105, and A's criteria (40) do not reach its maximum.
    response = officer_client.post(IMPORT, {"file": xlsx_upload(workbook(rows=valid_rows(a_max=45)))})

    assert response.status_code == 200
    assert table_counts() == before
    issues = response.context["issues"]
    assert {(issue.sheet, issue.row, issue.column) for issue in issues} == {("Bộ tiêu chí", 9, "C")}
    text = " ".join(issue.reason for issue in issues)
    assert "105" in text and "100" in text and "45" in text
    content = response.content.decode()
    assert 'data-testid="import-refused"' in content
    assert content.count('data-testid="import-issue"') == 2
    assert "<td>9</td>" in content and "<td>C</td>" in content


def test_an_answer_above_its_criterions_maximum_is_refused(officer_client, groups):
    before = table_counts()
    response = officer_client.post(IMPORT, {"file": xlsx_upload(workbook(rows=valid_rows(b_answer=30)))})

    assert response.status_code == 200
    assert table_counts() == before
    located = {(issue.row, issue.column) for issue in response.context["issues"]}
    assert (14, "J") in located  # the answer "Toàn quốc" (30) on row 14, points in column J
    assert any("30" in issue.reason and "25" in issue.reason for issue in response.context["issues"])


def test_a_valid_file_is_imported_whole(officer_client, groups):
    response = officer_client.post(IMPORT, {"file": xlsx_upload(workbook(rows=valid_rows()))})

    imported = CriteriaSet.objects.get(name="Bộ tiêu chí nhập thử")
    assert response.status_code == 302
    assert response["Location"] == reverse("ocop:criteria-set-detail", kwargs={"pk": imported.pk})
    assert imported.valid_from == datetime.date(2026, 1, 1) and not imported.is_sample
    assert sorted(imported.product_sets.values_list("slug", flat=True)) == ["coffee-cocoa", "tea"]
    tree = criteria_set_get(pk=imported.pk)
    assert [(p.code, p.max_points) for p in tree.parts.all()] == [("A", 40), ("B", 25), ("C", 35)]
    assert [g.title for g in tree.parts.all()[0].groups.all()] == ["Tổ chức sản xuất", "Sức mạnh cộng đồng"]
    c1 = Criterion.objects.get(group__part__criteria_set=imported, code="C1")
    assert c1.is_knockout
    assert [(a.text, a.points, a.fails) for a in c1.answers.all()] == [("Không", 0, True), ("Có", 5, False)]
    assert criteria_set_for(product_set=groups["tea"], on_date=datetime.date(2026, 3, 1)) == imported


def test_nothing_is_half_written_when_the_write_fails(officer_client, groups, monkeypatch):
    before = table_counts()

    def broken_bulk_create(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(CriterionAnswer.objects, "bulk_create", broken_bulk_create)
    with pytest.raises(RuntimeError):
        services.criteria_set_import(upload=xlsx_upload(workbook(rows=valid_rows())))
    assert table_counts() == before


@pytest.mark.parametrize(
    ("content", "name"),
    [
        pytest.param("Mã phần;Tên phần\nA;Phần A\n".encode(), "bo-tieu-chi.xlsx", id="text-renamed"),
        pytest.param(b"PK\x03\x04broken", "bo-tieu-chi.xlsx", id="broken-zip"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "bo-tieu-chi.xlsx", id="png-renamed"),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused_with_a_message(officer_client, groups, content, name):
    before = table_counts()
    response = officer_client.post(IMPORT, {"file": SimpleUploadedFile(name, content, content_type="text/plain")})

    assert response.status_code == 200
    assert table_counts() == before
    errors = response.context["form"].errors["file"]
    assert errors and ".xlsx" in errors[0]
    assert ".xlsx" in response.content.decode()


def test_an_over_size_file_is_refused(officer_client, groups, monkeypatch):
    monkeypatch.setattr(criteria_xlsx, "IMPORT_MAX_BYTES", 2048)
    before = table_counts()
    response = officer_client.post(IMPORT, {"file": xlsx_upload(workbook(rows=valid_rows()))})
    assert response.status_code == 200
    assert table_counts() == before
    assert "MB" in response.context["form"].errors["file"][0]


def test_an_import_without_a_file_re_renders_with_an_error(officer_client):
    response = officer_client.post(IMPORT, {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


# ------------------------------------------------------------------------------------- export and round trip


def test_export_then_import_gives_the_same_set(officer_client, sample_set, groups):
    source = criteria_set_build(name="Bộ nguồn", product_sets=[groups["tea"], groups["coffee-cocoa"]])
    source.valid_until = datetime.date(2027, 12, 31)
    source.is_sample = False
    source.save()

    for original in (source, sample_set):
        response = officer_client.get(reverse("ocop:criteria-set-export", kwargs={"pk": original.pk}))
        assert response.status_code == 200
        assert response["Content-Type"] == criteria_xlsx.XLSX_CONTENT_TYPE
        assert "attachment" in response["Content-Disposition"]
        before = CriteriaSet.objects.count()

        imported = officer_client.post(IMPORT, {"file": xlsx_upload(response.content)})

        assert imported.status_code == 302, imported.context and imported.context["issues"]
        assert CriteriaSet.objects.count() == before + 1
        copy = CriteriaSet.objects.latest("pk")
        assert copy.pk != original.pk
        same = criteria_set_spec(criteria_set=criteria_set_get(pk=copy.pk))
        assert same == criteria_set_spec(criteria_set=criteria_set_get(pk=original.pk))
        # The same parts, groups, criteria (with knock-outs) and answers (with the failing ones), in order.
        assert list(
            Criterion.objects.filter(group__part__criteria_set=copy)
            .order_by("group__part__position", "group__position", "position")
            .values_list("code", "max_points", "is_knockout")
        ) == list(
            Criterion.objects.filter(group__part__criteria_set=original)
            .order_by("group__part__position", "group__position", "position")
            .values_list("code", "max_points", "is_knockout")
        )


def test_the_template_is_the_sample_set_and_imports(officer_client, sample_set):
    response = officer_client.get(TEMPLATE)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Bộ tiêu chí", "Hướng dẫn"]
    instructions = " ".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    for code in FOOD_SETS + ["textiles", "community-tourism"]:
        assert code in instructions

    imported = officer_client.post(IMPORT, {"file": xlsx_upload(response.content)})
    assert imported.status_code == 302
    copy = CriteriaSet.objects.latest("pk")
    assert criteria_set_spec(criteria_set=criteria_set_get(pk=copy.pk)) == criteria_set_sample_spec()


# -------------------------------------------------------------------------------------------------- access


def _urls(criteria_set):
    return {
        "list": LIST,
        "detail": reverse("ocop:criteria-set-detail", kwargs={"pk": criteria_set.pk}),
        "import": IMPORT,
        "template": TEMPLATE,
        "export": reverse("ocop:criteria-set-export", kwargs={"pk": criteria_set.pk}),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("officer", {"list": 200, "detail": 200, "import": 200, "template": 200, "export": 200}),
        ("council_member", {"list": 200, "detail": 200, "import": 403, "template": 403, "export": 403}),
        ("producer", {"list": 403, "detail": 403, "import": 403, "template": 403, "export": 403}),
    ],
)
def test_who_opens_which_screen(client, sample_set, role, expected):
    user = {
        "officer": OfficerFactory,
        "council_member": CouncilMemberFactory,
        "producer": lambda: ProducerUserFactory(producer=ProducerFactory()),
    }[role]()
    client.force_login(user)
    urls = _urls(sample_set)
    assert {name: client.get(url).status_code for name, url in urls.items()} == expected


def test_a_council_member_cannot_import(client, groups):
    client.force_login(CouncilMemberFactory())
    before = table_counts()
    response = client.post(IMPORT, {"file": xlsx_upload(workbook(rows=valid_rows()))})
    assert response.status_code == 403
    assert table_counts() == before


def test_anonymous_users_are_sent_to_log_in(client, sample_set):
    for url in _urls(sample_set).values():
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    response = client.post(IMPORT, {"file": xlsx_upload(workbook(rows=valid_rows()))})
    assert response.status_code == 302
    assert not CriteriaSet.objects.filter(name="Bộ tiêu chí nhập thử").exists()


def test_the_list_shows_the_sets_and_the_officers_actions(client, sample_set):
    client.force_login(OfficerFactory())
    content = client.get(LIST).content.decode()
    assert sample_criteria.NAME in content
    assert 'data-testid="sample-badge"' in content
    assert 'data-testid="criteria-import"' in content and 'data-testid="criteria-export"' in content

    client.force_login(CouncilMemberFactory())
    content = client.get(LIST).content.decode()
    assert sample_criteria.NAME in content
    assert 'data-testid="criteria-import"' not in content and 'data-testid="criteria-export"' not in content


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_stays_within_its_query_budget(client, groups, count, django_assert_max_num_queries):
    product_sets = [groups["tea"], groups["coffee-cocoa"], groups["rice-cereals"]]
    for number in range(count):
        criteria_set = CriteriaSet.objects.create(
            name=f"Bộ tiêu chí {number}",
            legal_basis="Quyết định 148/QĐ-TTg, 2023",
            valid_from=datetime.date(2024, 1, 1),
        )
        criteria_set.product_sets.set(product_sets)
        part = CriteriaPart.objects.create(criteria_set=criteria_set, code="A", title="Phần A", max_points=100)
        group = CriteriaGroup.objects.create(part=part, title="Nhóm")
        Criterion.objects.create(group=group, code="A1", text="Tiêu chí", max_points=100)
    client.force_login(OfficerFactory())
    client.get(LIST)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="criteria-set-row"') == min(count + 1, 50)


def test_the_sample_set_can_be_ensured_again_after_a_flush(sample_set):
    assert services.criteria_set_sample_ensure() == sample_set
    sample_set.delete()
    recreated = services.criteria_set_sample_ensure()
    assert recreated.pk != sample_set.pk
    assert criteria_set_spec(criteria_set=criteria_set_get(pk=recreated.pk)) == criteria_set_sample_spec()
    assert services.criteria_set_sample_ensure() == recreated
