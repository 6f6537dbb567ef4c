"""Criteria sets as XLSX workbooks (openpyxl): one documented layout, written and read back the same way.

The workbook has two sheets. The first, "Bộ tiêu chí" (the criteria set), holds:

- rows 1–6, the set's facts, label in column A and value in column B: name, legal basis, valid from, valid until
  (blank: no end), product sets (their codes, separated by ";"), sample wording (Có/Không, or Yes/No);
- row 8, the column headings; from row 9, one row per allowed answer, in columns A–K: part code, part title, part
  maximum, group of criteria, criterion code, criterion text, criterion maximum, knock-out (Có/Không), answer,
  answer points, answer fails the knock-out (Có/Không).

An export fills every column of every row. On import, a blank part, group or criterion cell means "the same as
the row above", so a criterion's answers may be written under it with only the last three columns filled; a value
written again must be the same as the first time. The second sheet, "Hướng dẫn", explains this to the person
filling the file and lists the product sets' codes.

Reading is by position (row and column), never by heading text, so a file exported in English imports the same.
Reading refuses, with a message, anything that is not an .xlsx workbook (a renamed text file, a broken zip, an
old .xls, a macro-enabled .xlsm) and any file over the size limit; the content's problems are listed with their
sheet, row and column (``CriteriaIssue``) and checked against the rules by
``programme.services.criteria.criteria_set_validate``.
"""

import datetime
import io
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from programme.selectors.criteria import (
    AnswerSpec,
    CriteriaIssue,
    CriteriaSetSpec,
    CriterionSpec,
    GroupSpec,
    PartSpec,
)


def _cell(sheet, *, row: int, column: int, value):
    """Write one cell; text stays text (a criterion reading "=1+1" is never stored as a formula, so it reads back
    as written and a spreadsheet does not evaluate it)."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_MAX_BYTES = getattr(settings, "OCOP_CRITERIA_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
IMPORT_MAX_ROWS = getattr(settings, "OCOP_CRITERIA_IMPORT_MAX_ROWS", 3000)
# Rows read at most, blank ones included (a sheet whose "dimension" claims a million rows is not walked).
_SCAN_MAX_ROWS = 20_000

# The sheets' names are part of the file format (the reader looks for the first by name), so they are fixed, in
# the language of the programme's paperwork, whatever the screen's language; headings and labels are translated.
CRITERIA_SHEET = "Bộ tiêu chí"
INSTRUCTIONS_SHEET = "Hướng dẫn"
# The names the reader recognises (failing them, it reads the first sheet).
_CRITERIA_SHEET_NAMES = {"bộ tiêu chí", "criteria set"}

# The set's facts: (field, row, label).
HEADER_FIELDS = (
    ("name", 1, _("Criteria set name")),
    ("legal_basis", 2, _("Legal basis")),
    ("valid_from", 3, _("Valid from (dd/mm/yyyy)")),
    ("valid_until", 4, _("Valid until (dd/mm/yyyy, blank: no end)")),
    ("product_sets", 5, _("Product sets (codes separated by ;)")),
    ("is_sample", 6, _("Sample wording (Yes/No)")),
)
HEADER_ROWS = {field: row for field, row, _label in HEADER_FIELDS}
HEADER_VALUE_COLUMN = "B"
HEADING_ROW = 8
FIRST_DATA_ROW = 9

# The answer rows' columns: (field, letter, heading, width).
COLUMNS = (
    ("part_code", "A", _("Part code"), 10),
    ("part_title", "B", _("Part title"), 30),
    ("part_max", "C", _("Part maximum"), 10),
    ("group", "D", _("Group of criteria"), 30),
    ("criterion_code", "E", _("Criterion code"), 11),
    ("criterion_text", "F", _("Criterion"), 45),
    ("criterion_max", "G", _("Criterion maximum"), 11),
    ("knockout", "H", _("Knock-out criterion (Yes/No)"), 13),
    ("answer_text", "I", _("Answer"), 50),
    ("answer_points", "J", _("Answer points"), 10),
    ("answer_fails", "K", _("Answer fails the knock-out (Yes/No)"), 14),
)
COLUMN_LETTERS = {field: letter for field, letter, _heading, _width in COLUMNS} | {"header_value": HEADER_VALUE_COLUMN}
_FIELD_INDEX = {field: index for index, (field, *_rest) in enumerate(COLUMNS)}

_YES = {"có", "co", "yes", "y", "x", "true", "1", "c"}
_NO = {"không", "khong", "no", "n", "false", "0", "k", ""}
_PRODUCT_SET_SEPARATORS = re.compile(r"[;,\n]+")


# ---------------------------------------------------------------------------------------------------- writing


def _yes_word() -> str:
    return pgettext("criteria workbook answer", "Yes")


def _no_word() -> str:
    return pgettext("criteria workbook answer", "No")


def _yes_no(value: bool) -> str:
    return _yes_word() if value else _no_word()


def criteria_workbook_write(*, spec: CriteriaSetSpec, product_set_choices=()) -> bytes:
    """The set as an .xlsx workbook (bytes). ``product_set_choices``: (code, name) pairs listed in the
    instructions sheet (``programme.selectors.criteria.ocop_product_sets``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = CRITERIA_SHEET
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    values = {
        "name": spec.name,
        "legal_basis": spec.legal_basis,
        "valid_from": spec.valid_from,
        "valid_until": spec.valid_until,
        "product_sets": "; ".join(spec.product_sets),
        "is_sample": _yes_no(spec.is_sample),
    }
    for field, row, label in HEADER_FIELDS:
        sheet.cell(row=row, column=1, value=str(label)).font = bold
        cell = _cell(sheet, row=row, column=2, value=values[field])
        if isinstance(values[field], datetime.date):
            cell.number_format = "DD/MM/YYYY"
    if spec.is_sample:
        note = sheet.cell(
            row=HEADER_ROWS["is_sample"],
            column=3,
            value=gettext(
                "SAMPLE WORDING: replace it with the official annex of the decision before using this set in a "
                "real evaluation."
            ),
        )
        note.font = Font(bold=True, color="C00000")

    heading_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, (_field, letter, heading, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADING_ROW, column=index, value=str(heading))
        cell.font = bold
        cell.fill = heading_fill
        cell.alignment = wrap
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"

    row = FIRST_DATA_ROW
    for part in spec.parts:
        for group in part.groups:
            for criterion in group.criteria:
                for answer in criterion.answers or [AnswerSpec(text="", points=None)]:
                    cells = (
                        part.code,
                        part.title,
                        part.max_points,
                        group.title,
                        criterion.code,
                        criterion.text,
                        criterion.max_points,
                        _yes_no(criterion.is_knockout),
                        answer.text,
                        answer.points,
                        _yes_no(answer.fails),
                    )
                    for column, value in enumerate(cells, start=1):
                        _cell(sheet, row=row, column=column, value=value).alignment = wrap
                    row += 1

    yes_no = DataValidation(
        type="list", formula1=f'"{_yes_word()},{_no_word()}"', allow_blank=True, showErrorMessage=True
    )
    sheet.add_data_validation(yes_no)
    yes_no.add(f"{HEADER_VALUE_COLUMN}{HEADER_ROWS['is_sample']}")
    last = max(row - 1, FIRST_DATA_ROW + 200)
    for field in ("knockout", "answer_fails"):
        letter = COLUMN_LETTERS[field]
        yes_no.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
    sheet.column_dimensions[HEADER_VALUE_COLUMN].width = max(sheet.column_dimensions[HEADER_VALUE_COLUMN].width, 30)

    _instructions_write(workbook=workbook, product_set_choices=product_set_choices, is_sample=spec.is_sample)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _instructions_write(*, workbook, product_set_choices, is_sample: bool) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    bold = Font(bold=True)
    lines = [
        (gettext("How to fill in this workbook"), None),
        (
            gettext(
                "The first sheet holds one criteria set (a 100-point OCOP scorecard). Import it at Dashboard → "
                "OCOP programme → Criteria sets → Import. The whole file is checked first: if anything is wrong, "
                "nothing is imported and the page lists each problem with its row, column and reason."
            ),
            None,
        ),
        (
            gettext(
                "Rows 1–6, column B: the set's name, its legal basis (e.g. “Quyết định 148/QĐ-TTg, 2023”), the "
                "dates it is valid from and until (dd/mm/yyyy; leave “until” blank for no end), the codes of the "
                "product sets it scores (separated by “;”, listed below), and whether its wording is sample text "
                "(Yes/No)."
            ),
            None,
        ),
        (
            gettext(
                "Row 8 holds the column headings; from row 9, one row per allowed answer. The columns are read by "
                "position: do not insert, remove or reorder columns."
            ),
            None,
        ),
    ]
    column_help = {
        "part_code": gettext("The part's code (A, B, C…), unique in the set."),
        "part_title": gettext("The part's title, e.g. “Sản phẩm và sức mạnh cộng đồng”."),
        "part_max": gettext(
            "The part's maximum points (40/25/35 under Decision 148). The parts' maxima must add up to 100."
        ),
        "group": gettext("The group of criteria within the part, e.g. “Tổ chức sản xuất”."),
        "criterion_code": gettext("The criterion's code, unique in the whole set (e.g. A1.1)."),
        "criterion_text": gettext("The criterion as the council reads it."),
        "criterion_max": gettext(
            "The criterion's maximum points. In each part, the criteria's maxima must add up to the part's maximum."
        ),
        "knockout": gettext(
            "Yes when the product must meet this criterion to be rated at all (e.g. a food-safety certificate)."
        ),
        "answer_text": gettext("One allowed answer (one row per answer)."),
        "answer_points": gettext(
            "The answer's points: a whole number from 0 to the criterion's maximum; one answer must give the maximum."
        ),
        "answer_fails": gettext(
            "Yes on the answer that fails a knock-out criterion (e.g. “No”): a product given it is not rated. "
            "Every knock-out criterion needs one."
        ),
    }
    for field, letter, heading, _width in COLUMNS:
        lines.append((f"{letter}. {heading}", column_help[field]))
    lines.append(
        (
            gettext(
                "A blank part, group or criterion cell means “the same as the row above”: write a criterion's "
                "answers on the rows under it with only columns I–K filled. A value written again must be the "
                "same as the first time."
            ),
            None,
        )
    )
    if is_sample:
        lines.append(
            (
                gettext(
                    "The wording of this set is SAMPLE TEXT written for the software, with the real structure of "
                    "Decision 148/QĐ-TTg: replace it with the official annex for each product set."
                ),
                None,
            )
        )
    row = 1
    for first, second in lines:
        if second is None:
            cell = _cell(sheet, row=row, column=1, value=first)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row == 1:
                cell.font = Font(bold=True, size=14)
            sheet.row_dimensions[row].height = 15 * max(1, len(first) // 120 + 1)
        else:
            _cell(sheet, row=row, column=1, value=first).font = bold
            _cell(sheet, row=row, column=2, value=second).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value=gettext("Product set code")).font = bold
    sheet.cell(row=row, column=2, value=gettext("Product set")).font = bold
    for code, name in product_set_choices:
        row += 1
        _cell(sheet, row=row, column=1, value=code)
        _cell(sheet, row=row, column=2, value=name)


# ---------------------------------------------------------------------------------------------------- reading


def _not_xlsx() -> ValidationError:
    return ValidationError(
        _(
            "This file is not an Excel workbook (.xlsx), whatever its name says, or it is damaged. Save it from "
            "Excel or LibreOffice as “Excel Workbook (.xlsx)” and send it again."
        ),
        code="not_xlsx",
    )


def _workbook_open(*, upload):
    """The upload as an openpyxl workbook (read-only), or ValidationError with a message for the person."""
    from openpyxl import load_workbook

    from marketplace.core.uploads import ZIP_MAGIC, document_upload_clean

    size = getattr(upload, "size", None)
    limit = f"{IMPORT_MAX_BYTES / 1024 / 1024:g}"
    if size is not None and size > IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            code="too_large",
            params={"size": f"{size / 1024 / 1024:.1f}", "limit": limit},
        )
    upload.seek(0)
    head = upload.read(len(ZIP_MAGIC))
    upload.seek(0)
    if not head:
        raise ValidationError(_("The file is empty."), code="empty")
    if head != ZIP_MAGIC:
        raise _not_xlsx()
    # The upload door: size, zip directory (no zip bomb), the manifest says a workbook, no macros.
    try:
        content = document_upload_clean(upload=upload, max_bytes=IMPORT_MAX_BYTES, office=True)
    except ValidationError as error:
        if getattr(error, "code", None) in {"upload_unreadable", "upload_format"}:
            raise _not_xlsx() from None
        raise
    if not content.name.endswith(".xlsx"):
        raise _not_xlsx()
    try:
        return load_workbook(io.BytesIO(content.read()), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 -- openpyxl raises many kinds of errors on a broken workbook
        raise _not_xlsx() from None


def _criteria_sheet(workbook):
    for worksheet in workbook.worksheets:
        if worksheet.title.strip().casefold() in _CRITERIA_SHEET_NAMES:
            return worksheet
    return workbook.worksheets[0] if workbook.worksheets else None


class _Reader:
    """Reads cell values, noting each one it cannot read (as an issue, and in ``spec.unreadable``)."""

    def __init__(self, spec: CriteriaSetSpec):
        self.spec = spec
        self.issues: list[CriteriaIssue] = []

    def issue(self, reason: str, *, row: int, field: str | None = None) -> None:
        self.issues.append(
            CriteriaIssue(reason=reason, sheet=self.spec.sheet, row=row, column=COLUMN_LETTERS.get(field))
        )

    def unreadable(self, reason: str, *, row: int, field: str) -> None:
        self.spec.unreadable.add((row, field))
        self.issue(reason, row=row, field=field)

    def text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return str(value).strip()

    def points(self, value, *, row: int, field: str) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        number = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and re.fullmatch(r"\s*-?\d+(?:[.,]0+)?\s*", value):
            number = int(re.split(r"[.,]", value.strip())[0])
        if number is None:
            self.unreadable(
                gettext("“%(value)s” is not a whole number of points.") % {"value": self.text(value)},
                row=row,
                field=field,
            )
            return None
        if number < 0:
            self.unreadable(gettext("Points cannot be negative."), row=row, field=field)
            return None
        return number

    def yes_no(self, value, *, row: int, field: str) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        text = self.text(value).casefold()
        # The words this workbook writes in the active language are read back whatever they are.
        if text in _YES or text == _yes_word().casefold():
            return True
        if text in _NO or text == _no_word().casefold():
            return False
        self.unreadable(
            gettext("Write “%(yes)s” or “%(no)s”, not “%(value)s”.")
            % {"yes": _yes_word(), "no": _no_word(), "value": self.text(value)},
            row=row,
            field=field,
        )
        return False

    def date(self, value, *, row: int, field: str) -> datetime.date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            from openpyxl.utils.datetime import from_excel

            try:
                converted = from_excel(value)
            except (ValueError, OverflowError, TypeError):
                converted = None
            if isinstance(converted, datetime.datetime):
                return converted.date()
        if isinstance(value, str):
            for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
                try:
                    return datetime.datetime.strptime(value.strip(), pattern).date()
                except ValueError:
                    continue
        self.unreadable(
            gettext("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": self.text(value)},
            row=row,
            field=field,
        )
        return None


def criteria_workbook_read(*, upload) -> tuple[CriteriaSetSpec, list[CriteriaIssue]]:
    """The criteria set an uploaded .xlsx workbook holds, and the problems met while reading it.

    Raises ``ValidationError`` (with a message) when the file is not a readable .xlsx workbook or is too large.
    The rules of a valid set are checked afterwards, by ``criteria_set_validate``.
    """
    workbook = _workbook_open(upload=upload)
    try:
        return _workbook_read(workbook)
    finally:
        workbook.close()


def _workbook_read(workbook) -> tuple[CriteriaSetSpec, list[CriteriaIssue]]:
    worksheet = _criteria_sheet(workbook)
    spec = CriteriaSetSpec(
        name="",
        legal_basis="",
        valid_from=None,
        sheet=worksheet.title if worksheet is not None else CRITERIA_SHEET,
        columns=dict(COLUMN_LETTERS),
        header_rows=dict(HEADER_ROWS),
    )
    reader = _Reader(spec)
    if worksheet is None:
        reader.issues.append(CriteriaIssue(reason=gettext("The workbook has no sheets."), sheet=spec.sheet))
        return spec, reader.issues

    header = {}
    state = _Builder(spec=spec, reader=reader)
    data_rows = 0
    for row_number, row in enumerate(worksheet.iter_rows(min_row=1, max_col=len(COLUMNS), values_only=True), start=1):
        if row_number > _SCAN_MAX_ROWS:
            reader.issue(
                gettext("The sheet has too many rows; at most %(limit)s answer rows are read.")
                % {"limit": IMPORT_MAX_ROWS},
                row=row_number,
            )
            break
        cells = (tuple(row) + (None,) * len(COLUMNS))[: len(COLUMNS)]
        if row_number < HEADING_ROW:
            header[row_number] = cells[1] if len(cells) > 1 else None
            continue
        if row_number == HEADING_ROW:
            continue
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in cells):
            continue
        data_rows += 1
        if data_rows > IMPORT_MAX_ROWS:
            reader.issue(
                gettext("The sheet has more than %(limit)s answer rows.") % {"limit": IMPORT_MAX_ROWS},
                row=row_number,
            )
            break
        state.row(row_number, cells)

    def value(field):
        return header.get(HEADER_ROWS[field])

    spec.name = reader.text(value("name"))
    spec.legal_basis = reader.text(value("legal_basis"))
    spec.valid_from = reader.date(value("valid_from"), row=HEADER_ROWS["valid_from"], field="header_value")
    spec.valid_until = reader.date(value("valid_until"), row=HEADER_ROWS["valid_until"], field="header_value")
    spec.is_sample = reader.yes_no(value("is_sample"), row=HEADER_ROWS["is_sample"], field="header_value")
    codes = [code.strip() for code in _PRODUCT_SET_SEPARATORS.split(reader.text(value("product_sets")))]
    spec.product_sets = sorted(dict.fromkeys(code for code in codes if code))
    if not spec.parts and not reader.issues:
        reader.issue(
            gettext("No criteria found: the answer rows start at row %(row)s.") % {"row": FIRST_DATA_ROW},
            row=FIRST_DATA_ROW,
        )
    reader.issues.sort(key=lambda issue: (issue.row or 0, issue.column or ""))
    return spec, reader.issues


class _Builder:
    """Turns answer rows into parts, groups and criteria: a blank cell repeats the row above; a new code (or group
    title) starts a new part (group, criterion); a value repeated on a later row must match the first one."""

    def __init__(self, *, spec: CriteriaSetSpec, reader: _Reader):
        self.spec = spec
        self.reader = reader
        self.part: PartSpec | None = None
        self.group: GroupSpec | None = None
        self.criterion: CriterionSpec | None = None

    def _cell(self, cells, field):
        value = cells[_FIELD_INDEX[field]]
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def _same(self, *, row: int, first_row: int | None, checks) -> None:
        """``checks``: (value on ``first_row``, value again on ``row``, field, what it is); a value written again
        must be written the same way (or left blank: None)."""
        for first, again, field, what in checks:
            if again is not None and first is not None and again != first:
                self.reader.issue(
                    gettext(
                        "%(what)s differs from row %(first_row)s (“%(first)s”); write it the same way or leave it "
                        "blank."
                    )
                    % {"what": what, "first_row": first_row, "first": first},
                    row=row,
                    field=field,
                )

    def row(self, row: int, cells) -> None:
        reader = self.reader
        part_code = reader.text(self._cell(cells, "part_code"))
        part_title = reader.text(self._cell(cells, "part_title"))
        part_max = reader.points(self._cell(cells, "part_max"), row=row, field="part_max")
        group_title = reader.text(self._cell(cells, "group"))
        criterion_code = reader.text(self._cell(cells, "criterion_code"))
        criterion_text = reader.text(self._cell(cells, "criterion_text"))
        criterion_max = reader.points(self._cell(cells, "criterion_max"), row=row, field="criterion_max")
        knockout_cell = self._cell(cells, "knockout")
        knockout = reader.yes_no(knockout_cell, row=row, field="knockout") if knockout_cell is not None else None

        # The part.
        new_part = bool(part_code) and (self.part is None or part_code != self.part.code)
        if new_part or self.part is None:
            self.part = PartSpec(code=part_code, title=part_title, max_points=part_max, row=row)
            self.spec.parts.append(self.part)
            self.group = self.criterion = None
        else:
            self._same(
                row=row,
                first_row=self.part.row,
                checks=[
                    (self.part.title, part_title or None, "part_title", gettext("The part's title")),
                    (self.part.max_points, part_max, "part_max", gettext("The part's maximum")),
                ],
            )

        # The group.
        new_group = bool(group_title) and (self.group is None or group_title != self.group.title)
        if new_group or self.group is None:
            self.group = GroupSpec(title=group_title, row=row)
            self.part.groups.append(self.group)
            self.criterion = None

        # The criterion.
        new_criterion = bool(criterion_code) and (self.criterion is None or criterion_code != self.criterion.code)
        if new_criterion or self.criterion is None:
            self.criterion = CriterionSpec(
                code=criterion_code,
                text=criterion_text,
                max_points=criterion_max,
                is_knockout=bool(knockout),
                row=row,
            )
            self.group.criteria.append(self.criterion)
        else:
            checks = [
                (self.criterion.text, criterion_text or None, "criterion_text", gettext("The criterion's text")),
                (self.criterion.max_points, criterion_max, "criterion_max", gettext("The criterion's maximum")),
            ]
            if knockout is not None:
                checks.append(
                    (_yes_no(self.criterion.is_knockout), _yes_no(knockout), "knockout", gettext("Knock-out"))
                )
            self._same(row=row, first_row=self.criterion.row, checks=checks)

        # The answer.
        self.criterion.answers.append(
            AnswerSpec(
                text=reader.text(self._cell(cells, "answer_text")),
                points=reader.points(self._cell(cells, "answer_points"), row=row, field="answer_points"),
                fails=reader.yes_no(self._cell(cells, "answer_fails"), row=row, field="answer_fails"),
                row=row,
            )
        )
