"""The criteria-set workbook: the layout written is the layout read (round trip), blank cells repeat the row above,
unreadable cells are reported by row and column, and anything that is not an .xlsx workbook is refused.

No database: reading and writing never touch it (the rules that need it are in the integration tests).
"""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from programme import criteria_xlsx
from programme.criteria_xlsx import criteria_workbook_read, criteria_workbook_write
from programme.selectors.criteria import AnswerSpec, CriteriaSetSpec, CriterionSpec, GroupSpec, PartSpec

XLSX = criteria_xlsx.XLSX_CONTENT_TYPE


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def small_spec(**overrides) -> CriteriaSetSpec:
    values = {
        "name": "Bộ tiêu chí thử",
        "legal_basis": "Quyết định 148/QĐ-TTg, 2023",
        "valid_from": datetime.date(2023, 2, 24),
        "valid_until": datetime.date(2027, 12, 31),
        "is_sample": False,
        "product_sets": ["honey-farm-foods", "tea"],
        "parts": [
            PartSpec(
                code="A",
                title="Sản phẩm và sức mạnh cộng đồng",
                max_points=40,
                groups=[
                    GroupSpec(
                        title="Tổ chức sản xuất",
                        criteria=[
                            CriterionSpec(
                                code="A1",
                                text="Nguồn nguyên liệu",
                                max_points=40,
                                answers=[AnswerSpec("Không rõ", 0), AnswerSpec("Rõ ràng", 40)],
                            )
                        ],
                    )
                ],
            ),
            PartSpec(
                code="B",
                title="Khả năng tiếp thị",
                max_points=25,
                groups=[
                    GroupSpec(
                        title="Tiếp thị",
                        criteria=[
                            CriterionSpec(
                                code="B1",
                                text="Kênh phân phối",
                                max_points=25,
                                answers=[
                                    AnswerSpec("Tại chỗ", 0),
                                    AnswerSpec("Trong tỉnh", 10),
                                    AnswerSpec("Toàn quốc", 25),
                                ],
                            )
                        ],
                    )
                ],
            ),
            PartSpec(
                code="C",
                title="Chất lượng sản phẩm",
                max_points=35,
                groups=[
                    GroupSpec(
                        title="Tiêu chuẩn sản phẩm",
                        criteria=[
                            CriterionSpec(
                                code="C1",
                                text="Có giấy chứng nhận đủ điều kiện an toàn thực phẩm",
                                max_points=5,
                                is_knockout=True,
                                answers=[AnswerSpec("Không", 0, fails=True), AnswerSpec("Có", 5)],
                            ),
                            CriterionSpec(
                                code="C2",
                                text="Cảm quan\nmàu sắc, mùi, vị",
                                max_points=30,
                                answers=[AnswerSpec("Đạt", 15), AnswerSpec("Tốt", 30)],
                            ),
                        ],
                    )
                ],
            ),
        ],
    }
    values.update(overrides)
    return CriteriaSetSpec(**values)


def upload(content: bytes, name="bo-tieu-chi.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


def sheet_bytes(*, header=None, rows=(), title="Bộ tiêu chí") -> bytes:
    """A workbook written by hand in the documented layout: facts in rows 1–6 (column B), headings in row 8,
    answers from row 9 (columns A–K)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    facts = {
        "name": "Bộ tiêu chí viết tay",
        "legal_basis": "Quyết định 148/QĐ-TTg, 2023",
        "valid_from": "24/02/2023",
        "valid_until": None,
        "product_sets": "tea",
        "is_sample": "Không",
    } | (header or {})
    for row, field in enumerate(["name", "legal_basis", "valid_from", "valid_until", "product_sets", "is_sample"], 1):
        sheet.cell(row=row, column=1, value=field)
        sheet.cell(row=row, column=2, value=facts[field])
    for column in range(1, 12):
        sheet.cell(row=8, column=column, value=f"cột {column}")
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=9 + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_written_set_reads_back_the_same():
    spec = small_spec()
    content = criteria_workbook_write(spec=spec, product_set_choices=[("tea", "Chè")])

    read, issues = criteria_workbook_read(upload=upload(content))

    assert issues == []
    assert read == spec
    # Every row knows where it came from: the first answer row is row 9, the parts start where they start.
    assert [part.row for part in read.parts] == [9, 11, 14]
    assert read.parts[2].groups[0].criteria[1].answers[1].row == 17


def test_the_workbook_is_laid_out_as_documented():
    content = criteria_workbook_write(spec=small_spec(is_sample=True), product_set_choices=[("tea", "Chè")])
    workbook = openpyxl.load_workbook(io.BytesIO(content))

    assert workbook.sheetnames == ["Bộ tiêu chí", "Hướng dẫn"]
    sheet = workbook["Bộ tiêu chí"]
    assert sheet["B1"].value == "Bộ tiêu chí thử"
    assert sheet["B2"].value == "Quyết định 148/QĐ-TTg, 2023"
    assert sheet["B3"].value.date() == datetime.date(2023, 2, 24)
    assert sheet["B5"].value == "honey-farm-foods; tea"
    # Yes/No are the workbook's own words (msgctxt "criteria workbook answer": Có/Không once translated; never the
    # "No" = "Chưa" of other screens), and they read back (see the round trip).
    yes, no = criteria_xlsx._yes_word(), criteria_xlsx._no_word()
    assert no != yes and {yes, no}.isdisjoint({"Chưa"})
    assert sheet["B6"].value == yes
    assert sheet["C6"].value  # the sample warning beside the flag (its words depend on the translations)
    assert [cell.value for cell in sheet[9]] == [
        "A", "Sản phẩm và sức mạnh cộng đồng", 40, "Tổ chức sản xuất", "A1", "Nguồn nguyên liệu", 40, no,
        "Không rõ", 0, no,
    ]  # fmt: skip
    knockout_fail = [cell.value for cell in sheet[14]]
    assert knockout_fail[4] == "C1" and knockout_fail[7] == yes and knockout_fail[8:] == ["Không", 0, yes]
    instructions = " ".join(
        str(cell.value) for row in workbook["Hướng dẫn"].iter_rows() for cell in row if cell.value is not None
    )
    assert "tea" in instructions and "Chè" in instructions  # the product sets' codes are listed
    assert "100" in instructions


def test_blank_cells_repeat_the_row_above():
    rows = [
        ("A", "Phần A", 40, "Nhóm 1", "A1", "Tiêu chí A1", 40, "Không", "Thấp", 0, "Không"),
        (None, None, None, None, None, None, None, None, "Cao", 40, None),
        ("B", "Phần B", 25, "Nhóm 2", "B1", "Tiêu chí B1", 25, None, "Có", 25, None),
        (None, None, None, None, "B2", "Tiêu chí B2", 0, "Có", "Có", 0, None),
        (None, None, None, None, None, None, None, None, "Không", 0, "x"),
    ]
    read, issues = criteria_workbook_read(upload=upload(sheet_bytes(rows=rows)))

    assert issues == []
    assert [part.code for part in read.parts] == ["A", "B"]
    assert [answer.text for answer in read.parts[0].groups[0].criteria[0].answers] == ["Thấp", "Cao"]
    b2 = read.parts[1].groups[0].criteria[1]
    assert (b2.code, b2.is_knockout, [a.fails for a in b2.answers]) == ("B2", True, [False, True])
    assert read.valid_from == datetime.date(2023, 2, 24) and read.valid_until is None
    assert read.product_sets == ["tea"]


def test_unreadable_cells_are_reported_by_row_and_column():
    rows = [
        ("A", "Phần A", "bốn mươi", "Nhóm 1", "A1", "Tiêu chí A1", 40, "Không", "Thấp", 0, "Không"),
        (None, None, None, None, None, None, None, None, "Cao", 2.5, None),
        (None, None, None, None, None, None, None, "Có lẽ", "Rất cao", -1, None),
    ]
    read, issues = criteria_workbook_read(upload=upload(sheet_bytes(header={"valid_from": "tháng hai"}, rows=rows)))

    where = {(issue.row, issue.column) for issue in issues}
    assert where == {(3, "B"), (9, "C"), (10, "J"), (11, "H"), (11, "J")}
    assert all(issue.sheet == "Bộ tiêu chí" for issue in issues)
    reasons = " ".join(issue.reason for issue in issues)
    assert "bốn mươi" in reasons and "2.5" in reasons and "Có lẽ" in reasons
    # Unreadable values are remembered, so the rules do not report them a second time as "missing".
    assert (9, "part_max") in read.unreadable and (3, "header_value") in read.unreadable


def test_a_value_written_differently_on_a_later_row_is_reported():
    rows = [
        ("A", "Phần A", 40, "Nhóm 1", "A1", "Tiêu chí A1", 40, "Không", "Thấp", 0, "Không"),
        ("A", "Phần A", 45, "Nhóm 1", "A1", "Tiêu chí khác", 40, "Không", "Cao", 40, "Không"),
    ]
    with translation.override("en"):
        _read, issues = criteria_workbook_read(upload=upload(sheet_bytes(rows=rows)))

    assert {(issue.row, issue.column) for issue in issues} == {(10, "C"), (10, "F")}
    assert all("differs from row 9 " in issue.reason for issue in issues), [issue.reason for issue in issues]


def test_the_sheet_may_be_named_in_english_and_yes_no_in_english():
    rows = [("A", "Part A", 100, "Group", "A1", "Criterion", 100, "Yes", "No", 0, "Yes")]
    read, issues = criteria_workbook_read(
        upload=upload(sheet_bytes(header={"is_sample": "Yes"}, rows=rows, title="Criteria set"))
    )
    assert issues == []
    assert read.is_sample is True
    assert read.parts[0].groups[0].criteria[0].answers[0].fails is True


def test_an_empty_sheet_says_where_the_rows_start():
    _read, issues = criteria_workbook_read(upload=upload(sheet_bytes(rows=[])))
    assert [(issue.row, issue.reason) for issue in issues][0][0] == 9


def test_too_many_rows_are_refused(settings, monkeypatch):
    monkeypatch.setattr(criteria_xlsx, "IMPORT_MAX_ROWS", 3)
    rows = [("A", "Phần A", 100, "Nhóm", f"A{n}", "Tiêu chí", 25, None, "Có", 25, None) for n in range(5)]
    _read, issues = criteria_workbook_read(upload=upload(sheet_bytes(rows=rows)))
    assert any(issue.row == 12 and "3" in issue.reason for issue in issues)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("Mã phần,Tên phần\nA,Phần A\n".encode(), id="csv-text-renamed"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 200, id="broken-zip"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, id="old-xls"),
        pytest.param(b"%PDF-1.4\n%%EOF\n", id="pdf"),
    ],
)
def test_a_file_that_is_not_an_xlsx_workbook_is_refused(content):
    with pytest.raises(ValidationError) as refused:
        criteria_workbook_read(upload=upload(content))
    assert refused.value.code == "not_xlsx"
    assert ".xlsx" in refused.value.messages[0]


def test_a_word_document_renamed_xlsx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document'
            '.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ValidationError) as refused:
        criteria_workbook_read(upload=upload(buffer.getvalue()))
    assert refused.value.code == "not_xlsx"


def test_a_macro_enabled_workbook_is_refused():
    workbook = io.BytesIO(criteria_workbook_write(spec=small_spec()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00" * 16)
    with pytest.raises(ValidationError) as refused:
        criteria_workbook_read(upload=upload(buffer.getvalue()))
    assert "macro" in refused.value.messages[0].lower()


def test_an_empty_or_over_size_file_is_refused(monkeypatch):
    with pytest.raises(ValidationError) as empty:
        criteria_workbook_read(upload=upload(b""))
    assert empty.value.code == "empty"

    monkeypatch.setattr(criteria_xlsx, "IMPORT_MAX_BYTES", 1024)
    content = criteria_workbook_write(spec=small_spec())
    assert len(content) > 1024
    with pytest.raises(ValidationError) as too_large:
        criteria_workbook_read(upload=upload(content))
    assert too_large.value.code == "too_large"
    assert "MB" in too_large.value.messages[0]


def test_text_that_looks_like_a_formula_is_written_as_text_and_reads_back_the_same():
    """A criterion reading "=1+1" is text: stored as a string (no spreadsheet evaluates it), read back unchanged."""
    spec = small_spec(name="=1+1 bộ", legal_basis="+84 nghị định")
    part = spec.parts[0]
    part.title = "=SUM(A1:A2)"
    part.groups[0].title = "@nhóm"
    criterion = part.groups[0].criteria[0]
    criterion.text = "=1+1"
    criterion.answers[0] = AnswerSpec("-cmd|' /C calc'!A0", 0)
    content = criteria_workbook_write(spec=spec, product_set_choices=[("tea", '=HYPERLINK("x")')])

    raw = openpyxl.load_workbook(io.BytesIO(content))  # formulas, if any, are kept as formulas here
    sheet = raw[criteria_xlsx.CRITERIA_SHEET]
    formulas = [
        cell.coordinate for ws in raw.worksheets for line in ws.iter_rows() for cell in line if cell.data_type == "f"
    ]
    assert formulas == []
    texts = {cell.value for line in sheet.iter_rows() for cell in line if isinstance(cell.value, str)}
    assert {"=1+1", "=SUM(A1:A2)", "@nhóm", "-cmd|' /C calc'!A0", "=1+1 bộ", "+84 nghị định"} <= texts
    assert not any(value.startswith("'") for value in texts)

    read, issues = criteria_workbook_read(upload=upload(content))
    assert issues == []
    assert read == spec
    assert read.parts[0].groups[0].criteria[0].text == "=1+1"
