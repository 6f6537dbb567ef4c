"""VietQR (NAPAS 247) payloads: CRC, exact strings against independent examples, parsing, bad input, images."""

import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import cv2
import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from marketplace.payments.vietqr import (
    _tlv,
    crc16_ccitt,
    vietqr_for_settings,
    vietqr_parse,
    vietqr_payload,
    vietqr_png,
    vietqr_reference,
    vietqr_svg,
)

# Independent examples: QR strings issued by payOS (pay.payos.vn), a VietQR payment gateway, as stored in a
# public project's SQL dump of its `payments` table (column QrCodeUrl, URL-decoded: "%20" → " ").
# Each is a transfer to MB Bank (BIN 970422), virtual account, service QRIBFTTA, whole-đồng amount, purpose 62/08.
PAYOS_EXAMPLES = [
    (
        {"bank_bin": "970422", "account_number": "VQRQADHBZ1319", "amount": 6000, "reference": "TL99 50"},
        "00020101021238570010A000000727012700069704220113VQRQADHBZ13190208QRIBFTTA"
        "5303704540460005802VN62110807TL99 50630410B8",
    ),
    (
        {"bank_bin": "970422", "account_number": "VQRQADHSO9744", "amount": 15000, "reference": "TL116 100"},
        "00020101021238570010A000000727012700069704220113VQRQADHSO97440208QRIBFTTA"
        "53037045405150005802VN62130809TL116 1006304D4DB",
    ),
    (
        {"bank_bin": "970422", "account_number": "VQRQADHSO3640", "amount": 2500, "reference": "TL90 25"},
        "00020101021238570010A000000727012700069704220113VQRQADHSO36400208QRIBFTTA"
        "5303704540425005802VN62110807TL90 2563047483",
    ),
]

# A second independent example, to a card (QRIBFTTC) and with a bill number (62/01) our builder never writes:
# from the unit tests of a public Laravel project (iamcot/anylearn_portal, tests/Unit/QRServiceTest.php).
ANYLEARN_CARD_EXAMPLE = (
    "00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC"
    "530370454061800005802VN62340107NPS68690819thanh toan don hang6304A203"
)

GOOD = {"bank_bin": "970436", "account_number": "0011000000000", "amount": 125000, "reference": "OCOP 123"}


# --- CRC ---------------------------------------------------------------------------------------------------------


def test_crc_is_ccitt_false_check_value():
    assert crc16_ccitt("123456789") == "29B1"  # the catalogued check value of CRC-16/CCITT-FALSE


def test_crc_of_empty_string_is_the_initial_value():
    assert crc16_ccitt("") == "FFFF"


def test_crc_is_four_uppercase_hex_digits_with_leading_zeros():
    # Found by search: a short input whose CRC starts with a zero digit must still give four characters.
    value = next(crc16_ccitt(str(n)) for n in range(10_000) if crc16_ccitt(str(n)).startswith("0"))
    assert len(value) == 4
    assert value == value.upper()


# --- exact payloads ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("inputs", "expected"), PAYOS_EXAMPLES)
def test_payload_equals_payos_issued_string(inputs, expected):
    assert vietqr_payload(**inputs) == expected


def test_payload_built_field_by_field_by_hand():
    # Written out here from the spec, not from the code under test; only the CRC is computed (tested above).
    body = (
        "000201"  # 00 payload format "01"
        "010212"  # 01 point of initiation "12": dynamic
        "3857"  # 38 merchant account information, 57 characters:
        "0010A000000727"  #   00 GUID of NAPAS
        "0127"  #   01 beneficiary organisation, 27 characters:
        "0006970436"  #     00 BIN of Vietcombank
        "01130011000000000"  #     01 account number, 13 characters
        "0208QRIBFTTA"  #   02 service: to an account
        "5303704"  # 53 currency VND
        "5406125000"  # 54 amount, 6 digits
        "5802VN"  # 58 country
        "6212"  # 62 additional data, 12 characters:
        "0808OCOP 123"  #   08 purpose of transaction
        "6304"  # 63 CRC, 4 characters, included in its own computation
    )
    assert vietqr_payload(**GOOD) == body + crc16_ccitt(body)


def test_card_service_code_is_written_into_field_38():
    payload = vietqr_payload(**{**GOOD, "account_number": "9704031101234567"}, service_code="QRIBFTTC")
    assert "0208QRIBFTTC" in payload
    assert vietqr_parse(payload)["38"]["02"] == "QRIBFTTC"


def test_decimal_amount_of_whole_dong_is_written_as_digits_only():
    assert vietqr_payload(**{**GOOD, "amount": Decimal("125000.00")}) == vietqr_payload(**GOOD)
    assert "540712500005802" in vietqr_payload(**{**GOOD, "amount": Decimal("1.25E+6")})


def test_largest_amount_has_thirteen_digits():
    assert vietqr_parse(vietqr_payload(**{**GOOD, "amount": 10**13 - 1}))["54"] == "9" * 13


def test_payload_builder_takes_keyword_arguments_only():
    with pytest.raises(TypeError):
        vietqr_payload("970436", "0011000000000", 125000, "OCOP 123")  # type: ignore[misc]


# --- reference ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanh toán đơn OCOP-123", "THANH TOAN DON OCOP123"),
        ("ĐẶC SẢN Phú Thọ #7", "DAC SAN PHU THO 7"),
        ("  don   hang\t12\n", "DON HANG 12"),
        ("a" * 25, "A" * 25),
    ],
)
def test_reference_is_folded_to_upper_case_ascii(text, expected):
    assert vietqr_reference(text) == expected


def test_vietnamese_reference_travels_cleaned_in_field_62():
    payload = vietqr_payload(**{**GOOD, "reference": "Thanh toán đơn OCOP-123"})
    assert "62260822THANH TOAN DON OCOP1236304" in payload
    assert vietqr_parse(payload)["62"] == {"08": "THANH TOAN DON OCOP123"}


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("A" * 26, "at most 25"),
        ("Thanh toán đơn hàng OCOP 12345", "at most 25"),  # 30 characters once folded: never cut short
        ("", "no letters or digits"),
        ("  -#/  ", "no letters or digits"),
        (None, "must be a string"),
        (123, "must be a string"),
    ],
)
def test_bad_reference_is_refused(reference, message):
    with pytest.raises(ValueError, match=message):
        vietqr_payload(**{**GOOD, "reference": reference})


# --- bad input ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bank_bin", ["97043", "9704361", "97O436", "970 36", "", "９７０４３６", 970436, None])
def test_bad_bank_bin_is_refused(bank_bin):
    with pytest.raises(ValueError, match="BIN must be 6 digits"):
        vietqr_payload(**{**GOOD, "bank_bin": bank_bin})


@pytest.mark.parametrize(
    "account_number", ["", "1" * 20, "0011-000", "0011 000", "tài123", "0011000\n", 11000000000, None]
)
def test_bad_account_number_is_refused(account_number):
    with pytest.raises(ValueError, match="account number must be 1 to 19"):
        vietqr_payload(**{**GOOD, "account_number": account_number})


def test_nineteen_character_account_is_accepted():
    assert vietqr_parse(vietqr_payload(**{**GOOD, "account_number": "9" * 19}))["38"]["01"]["01"] == "9" * 19


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0, "must be positive"),
        (-1000, "must be positive"),
        (Decimal("0"), "must be positive"),
        (Decimal("-5"), "must be positive"),
        (Decimal("125000.5"), "whole number"),
        (Decimal("0.01"), "whole number"),
        (Decimal("NaN"), "whole number"),
        (Decimal("Infinity"), "whole number"),
        (True, "int or a Decimal"),
        (125000.0, "int or a Decimal"),
        ("125000", "int or a Decimal"),
        (None, "int or a Decimal"),
        (10**13, "at most 13"),
    ],
)
def test_bad_amount_is_refused(amount, message):
    with pytest.raises(ValueError, match=message):
        vietqr_payload(**{**GOOD, "amount": amount})


@pytest.mark.parametrize("service_code", ["QRIBFTTX", "qribftta", "", None])
def test_unknown_service_code_is_refused(service_code):
    with pytest.raises(ValueError, match="service code must be one of"):
        vietqr_payload(**GOOD, service_code=service_code)


def test_field_longer_than_99_characters_cannot_be_encoded():
    assert _tlv("62", "x" * 99) == "6299" + "x" * 99
    with pytest.raises(ValueError, match="at most 99"):
        _tlv("62", "x" * 100)
    with pytest.raises(ValueError, match="is empty"):
        _tlv("62", "")


# --- parsing -----------------------------------------------------------------------------------------------------


def test_parse_round_trip():
    assert vietqr_parse(vietqr_payload(**GOOD)) == {
        "00": "01",
        "01": "12",
        "38": {"00": "A000000727", "01": {"00": "970436", "01": "0011000000000"}, "02": "QRIBFTTA"},
        "53": "704",
        "54": "125000",
        "58": "VN",
        "62": {"08": "OCOP 123"},
        "63": vietqr_payload(**GOOD)[-4:],
    }


def test_parse_reads_an_independent_card_example_with_a_bill_number():
    fields = vietqr_parse(ANYLEARN_CARD_EXAMPLE)
    assert fields["38"] == {"00": "A000000727", "01": {"00": "970403", "01": "9704031101234567"}, "02": "QRIBFTTC"}
    assert fields["54"] == "180000"
    assert fields["62"] == {"01": "NPS6869", "08": "thanh toan don hang"}


def test_parse_ignores_surrounding_whitespace_and_accepts_lowercase_crc():
    payload = vietqr_payload(**GOOD)
    assert vietqr_parse(f"  {payload[:-4]}{payload[-4:].lower()}\n")["54"] == "125000"


@pytest.mark.parametrize("position", [10, 40, 60, 80])
def test_a_flipped_character_fails_the_crc(position):
    payload = vietqr_payload(**GOOD)
    flipped = "1" if payload[position] != "1" else "2"
    corrupted = payload[:position] + flipped + payload[position + 1 :]
    with pytest.raises(ValueError, match="Wrong VietQR CRC"):
        vietqr_parse(corrupted)


def test_a_wrong_crc_value_is_refused():
    payload = vietqr_payload(**GOOD)
    wrong = "0000" if payload[-4:] != "0000" else "FFFF"
    with pytest.raises(ValueError, match="Wrong VietQR CRC"):
        vietqr_parse(payload[:-4] + wrong)


def _with_crc(body: str) -> str:
    return body + "6304" + crc16_ccitt(body + "6304")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (_with_crc("000201010212X"), "no ID and length"),  # a stray character before the CRC field
        (_with_crc("0002010199"), "cut short"),  # field 01 claims 99 characters
        (_with_crc("000201010012"), "length 00"),
        (_with_crc("000201010212010212"), "appears twice"),
        (_with_crc("0002010102123803ABC"), "field 38"),  # template 38 is not TLV inside
        (_with_crc("00020101021238140002AB010400XX"), "field 38.01"),  # beneficiary organisation is not TLV
        (_with_crc("0002010102126206ABCDEF"), "field 62"),
        ("0002010102126304", "must end with the CRC field"),
        ("010212000201" + "6304FFFF", "must begin with"),
        (vietqr_payload(**GOOD)[:-1], "must end with the CRC field"),
        (vietqr_payload(**GOOD)[:-4] + "12G4", "not 4 hex digits"),
        ("", "must begin with"),
        (None, "is a string"),
    ],
)
def test_malformed_payload_is_refused(payload, message):
    with pytest.raises(ValueError, match=message):
        vietqr_parse(payload)


def test_crc_field_must_come_last():
    # The payload ends in "6304" and a valid CRC, but both sit inside field 59's value: not a CRC field.
    body = "0002010102125910AB6304"
    with pytest.raises(ValueError, match="must come last"):
        vietqr_parse(body + crc16_ccitt(body))


# --- images ------------------------------------------------------------------------------------------------------


def test_png_decodes_and_scans_back_to_the_payload():
    payload = vietqr_payload(**{**GOOD, "reference": "Thanh toán đơn OCOP-123"})
    png = vietqr_png(payload, scale=6)
    image = Image.open(io.BytesIO(png))
    image.verify()  # a well-formed PNG
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size[0] == image.size[1]
    assert image.size[0] % 6 == 0  # whole modules of 6 pixels
    decoded = cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(decoded)
    assert text == payload


def test_png_scale_sets_the_pixel_size():
    payload = vietqr_payload(**GOOD)
    small, large = (Image.open(io.BytesIO(vietqr_png(payload, scale=s))) for s in (2, 6))
    assert large.size[0] == 3 * small.size[0]


def test_svg_is_well_formed_xml():
    svg = vietqr_svg(vietqr_payload(**GOOD))
    root = ET.fromstring(svg)  # noqa: S314 -- our own markup, not untrusted input
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}path") is not None


@pytest.mark.parametrize("draw", [vietqr_png, vietqr_svg])
def test_images_refuse_a_corrupted_payload(draw):
    payload = vietqr_payload(**GOOD)
    with pytest.raises(ValueError, match="Wrong VietQR CRC"):
        draw(payload[:-4] + ("0000" if payload[-4:] != "0000" else "FFFF"))


@pytest.mark.parametrize("scale", [0, -1, 1.5, True, "6"])
@pytest.mark.parametrize("draw", [vietqr_png, vietqr_svg])
def test_images_refuse_a_bad_scale(draw, scale):
    with pytest.raises(ValueError, match="scale"):
        draw(vietqr_payload(**GOOD), scale=scale)


# --- settings ----------------------------------------------------------------------------------------------------


def test_for_settings_uses_the_operator_account(settings):
    settings.VIETQR_BANK_BIN = "970422"
    settings.VIETQR_ACCOUNT_NUMBER = "VQRQADHBZ1319"
    settings.VIETQR_ENABLED = True
    assert vietqr_for_settings(amount=6000, reference="TL99 50") == PAYOS_EXAMPLES[0][1]


def test_for_settings_refuses_when_vietqr_is_not_configured(settings):
    settings.VIETQR_ENABLED = False
    with pytest.raises(ImproperlyConfigured, match="VIETQR_BANK_BIN"):
        vietqr_for_settings(amount=6000, reference="TL99 50")


def test_for_settings_validates_like_the_builder(settings):
    settings.VIETQR_ENABLED = True
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011000000000"
    with pytest.raises(ValueError, match="must be positive"):
        vietqr_for_settings(amount=0, reference="OCOP 1")
