"""The officers' board as an XLSX workbook: the same rows and counts per step as the screen (one selector)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from programme.selectors.board import STEP_LABELS


def _text(value) -> str:
    return "" if value is None else str(value)


def _keep_text(row) -> None:
    """Text cells stay text: a name starting with = (or +, -, @) is stored as a string, never as a formula, and
    shows exactly as written (no apostrophe added)."""
    for cell in row:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def board_xlsx_build(*, board: dict) -> bytes:
    """Two sheets: the counts per step, then every product with its step."""
    workbook = Workbook()
    counts = workbook.active
    counts.title = _("Counts")[:31]
    counts.append([_("Step"), _("Products")])
    for row in board["counts"]:
        counts.append([str(row["label"]), row["count"]])
    counts.append([_("Total"), board["total"]])
    for cell in counts[1]:
        cell.font = Font(bold=True)

    sheet = workbook.create_sheet(_("Products")[:31])
    sheet.append(
        [
            _("Product idea"),
            _("Producer"),
            _("Commune or ward"),
            _("Product set"),
            _("Year"),
            _("Step"),
            _("Dossier status"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    from programme.models import Dossier

    dossier_labels = dict(Dossier.Status.choices)
    for idea in board["rows"]:
        sheet.append(
            [
                _text(idea.name),
                _text(idea.producer.name),
                _text(idea.commune.name),
                _text(idea.product_set.name),
                idea.board_year,
                str(STEP_LABELS[idea.step]),
                str(dossier_labels.get(idea.latest_dossier_status, "")),
            ]
        )
        _keep_text(sheet[sheet.max_row])
    for column, width in zip("ABCDEFG", (40, 32, 24, 32, 8, 24, 24), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.properties.created = timezone.now().replace(tzinfo=None)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
