"""The round's minutes (biên bản): the PDF parses back and names every product and member with their diacritics;
the XLSX opens and its totals and means are the entries'; both only after closing, only for the round's people."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from programme.minutes import XLSX_FIRST_MEMBER_COLUMN, XLSX_TABLE_HEADER_ROW
from programme.models import Scorecard
from programme.services.rounds import round_close
from tests.factories import CommuneOfficerFactory, CouncilMemberFactory, ProducerUserFactory, UserFactory, WardFactory
from tests.integration.programme import test_rounds as base
from tests.integration.programme.test_rounds import MEMBERS, PRODUCTS, entries_of, score_all, url

pytestmark = pytest.mark.django_db

# The round and its council, as in test_rounds.py.
council = base.council
criteria_set = base.criteria_set
dossiers = base.dossiers
open_round = base.open_round

MEMBER_NAMES = [f"{first} {last}" for first, last in MEMBERS]


@pytest.fixture
def closed_round(open_round, council):
    first = entries_of(open_round)[0]
    # Product 1: 69, 70, 70 → 69.667 → 70 (4★); product 2: 90, 91, 92 → 91, proposed for 5★ centrally;
    # product 3: one card fails the knock-out criterion → not rated.
    entries = entries_of(open_round)
    score_all(
        open_round,
        council["members"],
        [(69, 70, 70), (90, 91, 92), (80, 75, 70)],
        knocked_out={(entries[2].pk, 0)},
    )
    assert first.pk == entries[0].pk
    round_close(evaluation_round=open_round, actor=council["secretary"])
    open_round.refresh_from_db()
    return open_round


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_minutes_pdf_names_every_product_and_member(client, closed_round, council):
    client.force_login(council["officer"])
    response = client.get(url("round-minutes-pdf", pk=closed_round.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".pdf" in response["Content-Disposition"]
    text = _flat(_pdf_text(response.content))
    assert "Đợt đánh giá sản phẩm OCOP tỉnh Phú Thọ 2026" in text
    for product in PRODUCTS:
        assert product in text
    assert "HTX Nông sản Hùng Lô" in text
    assert "Phường Việt Trì" in text
    for name in MEMBER_NAMES:
        assert name in text
    assert "Phạm Thu Hà" in text  # the secretary, in the header and on the signature line
    assert "MINUTES OF THE OCOP PRODUCT EVALUATION ROUND" in text
    assert "69.67" in text and "91.00" in text
    assert "proposed for 5★ at the central level" in text
    assert "Not rated (a knock-out criterion failed)" in text
    assert "80 KO" in text
    assert "Signatures of the council members" in text


def test_the_minutes_pdf_in_vietnamese(client, closed_round, council):
    client.force_login(council["members"][0])
    with_vi = url("round-minutes-pdf", pk=closed_round.pk).removeprefix("/en")
    response = client.get(with_vi)
    assert response.status_code == 200
    text = _flat(_pdf_text(response.content))
    for product in PRODUCTS:
        assert product in text
    for name in MEMBER_NAMES:
        assert name in text


def test_the_minutes_xlsx_totals_and_means_match_the_entries(client, closed_round, council):
    client.force_login(council["secretary"])
    response = client.get(url("round-minutes-xlsx", pk=closed_round.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[XLSX_TABLE_HEADER_ROW]]
    members = list(closed_round.members.order_by("first_name", "last_name", "username", "pk"))
    member_columns = header[XLSX_FIRST_MEMBER_COLUMN - 1 : XLSX_FIRST_MEMBER_COLUMN - 1 + len(members)]
    assert member_columns == [member.get_full_name() for member in members]
    mean_column = header.index("Mean")
    score_column = header.index("Score")
    stars_column = header.index("Proposed stars")
    ko_column = header.index("Knock-out failed by")
    entries = entries_of(closed_round)
    rows = list(sheet.iter_rows(min_row=XLSX_TABLE_HEADER_ROW + 1, max_row=XLSX_TABLE_HEADER_ROW + len(entries)))
    assert len(rows) == 3
    for entry, row in zip(entries, rows, strict=True):
        values = [cell.value for cell in row]
        assert values[1] == entry.dossier.idea.name
        for index, member in enumerate(members):
            card = Scorecard.objects.get(entry=entry, member=member)
            assert values[XLSX_FIRST_MEMBER_COLUMN - 1 + index] == card.total
        assert values[mean_column] == pytest.approx(float(entry.mean_exact))
        assert values[score_column] == entry.score
        assert values[stars_column] == entry.stars
    assert [row[score_column].value for row in rows] == [70, 91, 75]
    assert rows[0][mean_column].value == pytest.approx(69.667)
    assert rows[2][stars_column].value is None
    assert rows[2][ko_column].value == council["members"][0].get_full_name() == "Nguyễn Văn An"
    everything = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)
    assert "Phạm Thu Hà" in everything and "Đợt đánh giá sản phẩm OCOP tỉnh Phú Thọ 2026" in everything


def test_a_product_name_that_looks_like_a_formula_stays_text(client, open_round, council):
    entry = entries_of(open_round)[0]
    entry.dossier.idea.name = '=HYPERLINK("http://example.com")'
    entry.dossier.idea.save()
    score_all(open_round, council["members"], [(70,) * 3] * 3)
    round_close(evaluation_round=open_round, actor=council["secretary"])
    client.force_login(council["officer"])
    sheet = load_workbook(io.BytesIO(client.get(url("round-minutes-xlsx", pk=open_round.pk)).content)).active
    cell = sheet.cell(row=XLSX_TABLE_HEADER_ROW + 1, column=2)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://example.com")'


@pytest.mark.parametrize("name", ["round-minutes-pdf", "round-minutes-xlsx"])
def test_no_minutes_before_closing(client, open_round, council, name):
    client.force_login(council["officer"])
    response = client.get(url(name, pk=open_round.pk), follow=True)
    assert response.redirect_chain
    assert "The minutes are ready once the secretary closes the round." in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("name", ["round-minutes-pdf", "round-minutes-xlsx"])
def test_who_downloads_the_minutes(client, closed_round, council, name):
    minutes_url = url(name, pk=closed_round.pk)
    for allowed in (council["officer"], council["secretary"], *council["members"]):
        client.force_login(allowed)
        assert client.get(minutes_url).status_code == 200
    client.force_login(CouncilMemberFactory())
    assert client.get(minutes_url).status_code == 404
    producer = entries_of(closed_round)[0].dossier.idea.producer
    for refused in (
        ProducerUserFactory(producer=producer),
        CommuneOfficerFactory(communes=[WardFactory()]),
        UserFactory(),
    ):
        client.force_login(refused)
        assert client.get(minutes_url).status_code == 403
    client.logout()
    assert "/login/" in client.get(minutes_url)["Location"]


def test_the_results_page_agrees_with_the_minutes(client, closed_round, council):
    client.force_login(council["members"][1])
    body = client.get(url("round-detail", pk=closed_round.pk)).content.decode()
    assert "69.67" in body and "91.00" in body
    assert "proposed for 5★ at the central level" in body
    assert "Not rated (a knock-out criterion failed)" in body
    assert url("round-minutes-pdf", pk=closed_round.pk) in body
    assert url("round-minutes-xlsx", pk=closed_round.pk) in body
