"""The round's minutes (biên bản) as files: a PDF (fpdf2, DejaVu Sans for Vietnamese) and an XLSX (openpyxl).

Both are drawn from ``programme.selectors.rounds.round_minutes``, the same rows the round's page shows, so screen
and files agree. Text comes in the active language (the request's); data (names, products) is printed as typed.
"""

import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import gettext as _

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "DejaVuSans"
MEAN_DISPLAY_PLACES = 2
# The XLSX table starts on this row (1-based): header rows above hold the round's facts.
XLSX_TABLE_HEADER_ROW = 11
XLSX_FIRST_MEMBER_COLUMN = 6  # A No., B product, C producer, D commune, E product set, then one column per member


def mean_display(mean: Decimal | None) -> str:
    """The mean as printed (two decimals, localised): 69.667 → "69,67" in Vietnamese."""
    if mean is None:
        return "—"
    # number_format cuts extra decimals off; round them first (69.667 → 69.67, as the page's floatformat does).
    rounded = Decimal(mean).quantize(Decimal(1).scaleb(-MEAN_DISPLAY_PLACES), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=MEAN_DISPLAY_PLACES)


def _datetime_display(value) -> str:
    if value is None:
        return "—"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


def _date_display(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def card_display(card) -> str:
    """One member's cell: the total, "KO" when the card failed a knock-out criterion, "—" without a card."""
    if card is None:
        return "—"
    return f"{card.total} {_('KO')}" if card.knocked_out else str(card.total)


def _facts(minutes) -> list[tuple[str, str]]:
    return [
        (_("Evaluation round"), minutes.name),
        (_("Year"), str(minutes.year)),
        (_("Level"), minutes.level),
        (_("Scoring deadline"), _date_display(minutes.scoring_deadline)),
        (_("Closed at"), _datetime_display(minutes.closed_at)),
        (_("Council secretary"), minutes.secretary),
        (_("Rounding"), minutes.rounding),
    ]


# PDF ------------------------------------------------------------------------------------------------------------


def minutes_pdf(*, minutes) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(12, 12, 12)
    pdf.add_font(FONT_FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT_FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{_('Minutes of the evaluation round')} — {minutes.name}")
    pdf.set_creator("OCOP Market")
    pdf.add_page()
    width = pdf.epw

    pdf.set_font(FONT_FAMILY, "B", 11)
    pdf.cell(width, 6, _("SOCIALIST REPUBLIC OF VIET NAM"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 10)
    pdf.cell(width, 6, _("Independence – Freedom – Happiness"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT_FAMILY, "B", 14)
    pdf.multi_cell(
        width, 7, _("MINUTES OF THE OCOP PRODUCT EVALUATION ROUND"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font(FONT_FAMILY, "B", 12)
    pdf.multi_cell(width, 7, minutes.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    pdf.set_font(FONT_FAMILY, "", 10)
    for label, value in _facts(minutes)[1:]:
        pdf.multi_cell(width, 5.5, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(width, 5.5, f"{_('Council members')}:", new_x="LMARGIN", new_y="NEXT")
    for number, member in enumerate(minutes.members, start=1):
        pdf.multi_cell(width, 5.5, f"    ({number}) {member}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    members = len(minutes.members)
    font_size = 8 if members > 6 else 9
    pdf.set_font(FONT_FAMILY, "", font_size)
    col_widths = (8, 48, 38, 28, *([12] * members), 16, 13, 46)
    headings = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with pdf.table(
        col_widths=col_widths,
        text_align="LEFT",
        line_height=font_size * 0.55,
        headings_style=headings,
        repeat_headings=1,
    ) as table:
        row = table.row()
        for heading in (
            _("No."),
            _("Product"),
            _("Producer"),
            _("Commune or ward"),
            *[f"({number})" for number in range(1, members + 1)],
            _("Mean"),
            _("Score"),
            _("Proposed result"),
        ):
            row.cell(heading)
        for item in minutes.rows:
            row = table.row()
            row.cell(str(item.number))
            row.cell(item.product)
            row.cell(item.producer)
            row.cell(item.commune)
            for card in item.cards:
                row.cell(card_display(card), align="CENTER")
            row.cell(mean_display(item.mean_exact), align="RIGHT")
            row.cell("—" if item.score is None else str(item.score), align="RIGHT")
            row.cell(item.result)
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "", 8)
    pdf.multi_cell(
        width,
        4.5,
        _(
            "(1)…(n): each council member's total out of 100, as numbered above. KO: the card failed a knock-out "
            "criterion, so the product is not rated. —: no submitted card. The score is the mean of the submitted "
            "cards; 90 points or more are proposed for 5★ at the central level."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )

    # Signatures.
    pdf.ln(6)
    if pdf.will_page_break(40):
        pdf.add_page()
    half = width / 2
    y = pdf.get_y()
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(half, 6, _("SECRETARY OF THE COUNCIL"), align="C")
    pdf.cell(half, 6, _("CHAIR OF THE COUNCIL"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 9)
    pdf.cell(half, 5, _("(signature and full name)"), align="C")
    pdf.cell(half, 5, _("(signature and full name)"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(18)
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.cell(half, 6, minutes.secretary, align="C")
    pdf.cell(half, 6, "", align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(8)
    if pdf.will_page_break(12 + 10 * members):
        pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", 10)
    pdf.cell(width, 6, _("Signatures of the council members"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 9)
    with pdf.table(
        col_widths=(10, 90, 90), text_align="LEFT", headings_style=headings, width=190, align="LEFT"
    ) as table:
        row = table.row()
        for heading in (_("No."), _("Full name"), _("Signature")):
            row.cell(heading)
        for number, member in enumerate(minutes.members, start=1):
            row = table.row()
            row.cell(str(number))
            row.cell(member)
            row.cell("")
    return bytes(pdf.output())


# XLSX -----------------------------------------------------------------------------------------------------------


def _put(sheet, row: int, column: int, value, *, bold=False, number_format=None):
    """Write one cell; text is kept as text (a product called "=1+1" never becomes a formula)."""
    from openpyxl.styles import Font

    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    if number_format:
        cell.number_format = number_format
    return cell


def minutes_xlsx(*, minutes) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Minutes")[:31]
    _put(sheet, 1, 1, _("MINUTES OF THE OCOP PRODUCT EVALUATION ROUND"), bold=True)
    for offset, (label, value) in enumerate(_facts(minutes), start=2):
        _put(sheet, offset, 1, label, bold=True)
        _put(sheet, offset, 2, value)
    members_row = 2 + len(_facts(minutes))
    _put(sheet, members_row, 1, _("Council members"), bold=True)
    _put(sheet, members_row, 2, "; ".join(minutes.members))

    header = XLSX_TABLE_HEADER_ROW
    headings = [_("No."), _("Product"), _("Producer"), _("Commune or ward"), _("Product set"), *minutes.members]
    headings += [_("Knock-out failed by"), _("Mean"), _("Score"), _("Proposed stars"), _("Proposed result")]
    for column, heading in enumerate(headings, start=1):
        _put(sheet, header, column, heading, bold=True)
    after_members = XLSX_FIRST_MEMBER_COLUMN + len(minutes.members)
    for offset, item in enumerate(minutes.rows, start=1):
        row = header + offset
        _put(sheet, row, 1, item.number)
        _put(sheet, row, 2, item.product)
        _put(sheet, row, 3, item.producer)
        _put(sheet, row, 4, item.commune)
        _put(sheet, row, 5, item.product_set)
        for index, card in enumerate(item.cards):
            _put(sheet, row, XLSX_FIRST_MEMBER_COLUMN + index, None if card is None else card.total)
        _put(sheet, row, after_members, "; ".join(minutes.members[i] for i in item.knocked_out_by))
        _put(sheet, row, after_members + 1, item.mean_exact, number_format="0.000")
        _put(sheet, row, after_members + 2, item.score)
        _put(sheet, row, after_members + 3, item.stars)
        _put(sheet, row, after_members + 4, item.result)
    end = header + len(minutes.rows) + 2
    _put(sheet, end, 1, _("Secretary of the council (signature and full name)"), bold=True)
    _put(sheet, end + 1, 1, minutes.secretary)
    _put(sheet, end, 4, _("Chair of the council (signature and full name)"), bold=True)

    sheet.freeze_panes = sheet.cell(row=header + 1, column=3)
    for column, width in enumerate([6, 36, 30, 22, 26], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for index in range(len(minutes.members)):
        sheet.column_dimensions[get_column_letter(XLSX_FIRST_MEMBER_COLUMN + index)].width = 16
    sheet.column_dimensions[get_column_letter(after_members)].width = 24
    sheet.column_dimensions[get_column_letter(after_members + 4)].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
