"""The programme office's tables as XLSX workbooks: the same rows and totals as the page (one selector each).

The dashboard's workbook has one sheet per table; the budget's has the lines (with the totals row) and the
spending entries. Text cells are kept as text, never read as formulas.
"""

import io

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _keep_text(row) -> None:
    for cell in row:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _sheet(workbook, title: str, header: list, rows: list, total: list | None = None):
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        _keep_text(sheet[sheet.max_row])
    if total is not None:
        sheet.append(total)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    return sheet


def _count_sheet(workbook, title, label_header, rows):
    _sheet(
        workbook,
        title,
        [label_header, _("Count")],
        [[str(row["label"]), row["count"]] for row in rows],
        [_("Total"), sum(row["count"] for row in rows)],
    )


def dashboard_xlsx_build(*, dashboard: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Targets"),
        [_("Target"), _("Unit"), _("Planned"), _("Actual")],
        [
            [str(row["title"]), str(row["unit"]), row["target"], row["actual"] if row["actual"] is not None else ""]
            for row in dashboard["targets"]
        ],
    )
    _sheet(
        workbook,
        _("Funnel"),
        [_("Step"), _("Count")],
        [[str(row["label"]), row["count"]] for row in dashboard["funnel"]],
    )
    certified = dashboard["certified"]
    _count_sheet(workbook, _("By stars"), _("Stars"), certified["stars"])
    _count_sheet(workbook, _("By group"), _("Product group"), certified["groups"])
    _count_sheet(workbook, _("By commune"), _("Commune or ward"), certified["communes"])
    _sheet(
        workbook,
        _("Expiring"),
        [_("Product"), _("Producer"), _("Stars"), _("Valid until")],
        [[c.product.get_title(), c.producer_name or "", c.stars, c.valid_until] for c in dashboard["expiring"]],
        [_("Total"), "", "", len(dashboard["expiring"])],
    )
    _count_sheet(workbook, _("Legal types"), _("Legal type"), dashboard["legal_types"])
    sales = dashboard["sales"]
    for title, header, rows in (
        (_("Sales by month"), _("Month"), sales["months"]),
        (_("Sales by producer"), _("Producer"), sales["producers"]),
        (_("Sales by commune"), _("Commune or ward"), sales["communes"]),
    ):
        _sheet(
            workbook,
            title,
            [header, _("Orders"), _("Sales (đồng)")],
            [[str(row["label"]), row["count"], row["total"]] for row in rows],
            [_("Total"), sum(row["count"] for row in rows), sum(row["total"] for row in rows)],
        )
    return _save(workbook)


def budget_xlsx_build(*, summary: dict, spendings) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Budget"),
        [
            _("Budget line"),
            _("Funding source"),
            _("Planned (đồng)"),
            _("Spent (đồng)"),
            _("Left (đồng)"),
            _("Share spent (%)"),
        ],
        [
            [row["name"], str(row["source"]), row["planned"], row["spent"], row["left"], row["share"]]
            for row in summary["rows"]
        ],
        [_("Total"), "", summary["planned"], summary["spent"], summary["left"], summary["share"]],
    )
    entries = list(spendings)
    _sheet(
        workbook,
        _("Spending"),
        [
            _("Date"),
            _("Budget line"),
            _("Payee"),
            _("Purpose"),
            _("Amount (đồng)"),
            _("Reason for going over the plan"),
        ],
        [[s.date, s.line.name, s.payee, s.purpose, int(s.amount), s.over_plan_reason] for s in entries],
        [_("Total"), "", "", "", sum(int(s.amount) for s in entries), ""],
    )
    return _save(workbook)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# Reading: the planned product list (appendix 01) -----------------------------------------------------------------

IMPORT_MAX_BYTES = 5 * 1024 * 1024
# Column A–G of the first sheet, from row 2 (row 1 is the header).
PLANNED_COLUMNS = ("name", "producer", "commune", "type", "target_stars", "responsible_office", "product")
TYPE_WORDS = {
    "new": "new",
    "mới": "new",
    "sản phẩm mới": "new",
    "upgrade": "upgrade",
    "nâng hạng": "upgrade",
    "nâng cấp": "upgrade",
    "recertify": "recertify",
    "re-certification": "recertify",
    "đánh giá lại": "recertify",
}


def planned_rows_read(*, upload) -> list[dict]:
    """The rows of a planned product list, as dicts of the cells' text (``row`` is the sheet's row number).

    Raises ValidationError when the file is not a readable .xlsx workbook (checked by content)."""
    from openpyxl import load_workbook

    from marketplace.core.uploads import ZIP_MAGIC, document_upload_clean

    not_xlsx = ValidationError(_("This file is not an Excel workbook (.xlsx), or it is damaged."))
    upload.seek(0)
    if upload.read(len(ZIP_MAGIC)) != ZIP_MAGIC:
        raise not_xlsx
    upload.seek(0)
    try:
        content = document_upload_clean(upload=upload, max_bytes=IMPORT_MAX_BYTES, office=True)
    except ValidationError:
        raise not_xlsx from None
    if not content.name.endswith(".xlsx"):
        raise not_xlsx
    try:
        sheet = load_workbook(io.BytesIO(content.read()), read_only=True, data_only=True).worksheets[0]
    except Exception:  # noqa: BLE001 -- openpyxl raises many kinds of errors on a broken workbook
        raise not_xlsx from None
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=len(PLANNED_COLUMNS), values_only=True), 2):
        cells = ["" if value is None else str(value).strip() for value in values]
        if not any(cells):
            continue
        cells += [""] * (len(PLANNED_COLUMNS) - len(cells))
        rows.append({"row": number, **dict(zip(PLANNED_COLUMNS, cells, strict=True))})
    return rows


def planned_template_build() -> bytes:
    """An empty planned product list with its header (the template officers fill)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Planned products")[:31]
    sheet.append(
        [
            _("Product name"),
            _("Producer (business registration number)"),
            _("Commune or ward (GSO code)"),
            _("Type (new, upgrade, recertify)"),
            _("Target stars"),
            _("Responsible office"),
            _("Product in the shop (number, for an upgrade or a re-certification)"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    return _save(workbook)
