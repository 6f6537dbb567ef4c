"""VietQR (NAPAS 247) payloads for bank-transfer payments: build, check, read and draw.

A VietQR code is an EMVCo merchant-presented QR: a string of TLV data objects (two-digit ID, two-digit length,
value) ending in a CRC. NAPAS puts the receiving bank and account in the template under ID 38:

    00 02 01                  payload format indicator
    01 02 12                  point of initiation: 12 = dynamic (one payment, amount present)
    38 ..                     merchant account information (NAPAS)
       00 10 A000000727       GUID of NAPAS
       01 ..                  beneficiary organisation
          00 06 <bank BIN>    acquirer: the receiving bank's BIN
          01 .. <account>     account (or card) number
       02 08 QRIBFTTA         service: transfer to an account (QRIBFTTC: to a card)
    53 03 704                 currency: Vietnamese đồng
    54 .. <amount>            amount in whole đồng, digits only
    58 02 VN                  country
    62 ..                     additional data
       08 .. <reference>      purpose of transaction: what the bank statement shows
    63 04 <CRC>               CRC-16/CCITT-FALSE over everything before it, "6304" included

The account holder's name is not in the payload: the payer's bank looks it up from the account number.
Pure Python and no database, so everything here is safe to call from a view, a task or a shell.
"""

import io
import re
from decimal import Decimal

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from marketplace.core.text import fold

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
SERVICE_TO_CARD = "QRIBFTTC"
SERVICE_CODES = (SERVICE_TO_ACCOUNT, SERVICE_TO_CARD)

PAYLOAD_FORMAT = "01"
INITIATION_DYNAMIC = "12"
CURRENCY_VND = "704"  # ISO 4217 numeric
COUNTRY_VN = "VN"

TLV_MAX_LENGTH = 99  # the length is two digits
AMOUNT_MAX_DIGITS = 13  # EMVCo: ID 54 holds at most 13 characters
REFERENCE_MAX_LENGTH = 25  # NAPAS: purpose of transaction (62/08) holds at most 25 characters
ACCOUNT_MAX_LENGTH = 19

# IDs whose values are themselves TLV strings, and the sub-fields that are TLV again.
_TEMPLATES = {"38": {"01"}, "62": set()}

_BIN_RE = re.compile(r"[0-9]{6}")
_ACCOUNT_RE = re.compile(r"[0-9A-Za-z]{1,19}")
_TAG_RE = re.compile(r"[0-9]{2}")
_CRC_RE = re.compile(r"[0-9A-F]{4}")

QR_ERROR = "m"  # medium error correction; segno raises it when the symbol size leaves room
QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules


def crc16_ccitt(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR) as 4 uppercase hex digits.

    The check value of the algorithm: crc16_ccitt("123456789") == "29B1".
    """
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def _tlv(tag: str, value: str) -> str:
    if not value:
        raise ValueError(f"VietQR field {tag} is empty; an EMVCo field holds 1 to {TLV_MAX_LENGTH} characters.")
    if len(value) > TLV_MAX_LENGTH:
        raise ValueError(
            f"VietQR field {tag} is {len(value)} characters long; an EMVCo field holds at most {TLV_MAX_LENGTH}."
        )
    return f"{tag}{len(value):02d}{value}"


def _clean_bank_bin(bank_bin) -> str:
    if not isinstance(bank_bin, str) or not _BIN_RE.fullmatch(bank_bin):
        raise ValueError(f"The bank BIN must be 6 digits, got {bank_bin!r}.")
    return bank_bin


def _clean_account_number(account_number) -> str:
    if not isinstance(account_number, str) or not _ACCOUNT_RE.fullmatch(account_number):
        raise ValueError(
            f"The account number must be 1 to {ACCOUNT_MAX_LENGTH} letters or digits "
            f"(no spaces or dashes), got {account_number!r}."
        )
    return account_number


def _clean_amount(amount) -> str:
    # bool is an int subclass: True would otherwise be 1 đồng.
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal):
        raise ValueError(f"The amount must be an int or a Decimal of whole đồng, got {type(amount).__name__}.")
    if isinstance(amount, Decimal):
        if not amount.is_finite() or amount != amount.to_integral_value():
            raise ValueError(f"The amount must be a whole number of đồng, got {amount}.")
        amount = int(amount)
    if amount <= 0:
        raise ValueError(f"The amount must be positive, got {amount}.")
    digits = str(amount)
    if len(digits) > AMOUNT_MAX_DIGITS:
        raise ValueError(f"The amount has {len(digits)} digits; VietQR holds at most {AMOUNT_MAX_DIGITS}.")
    return digits


def vietqr_reference(text: str) -> str:
    """The transfer reference as it will travel: "Thanh toán đơn OCOP-123" → "THANH TOAN DON OCOP123".

    Banks pass only unaccented letters, digits and spaces through to the statement and strip or mangle the
    rest, so we fold Vietnamese to ASCII and keep only A–Z, 0–9 and single spaces ourselves: what the shopper
    is told to type, what the QR carries and what the statement shows are then the same string.
    Other characters ("-", "#", "/") are dropped, not replaced. Raises ValueError when nothing is left or
    the result is longer than 25 characters (NAPAS's limit); it is never cut short, since a truncated
    reference could match the wrong order.
    """
    if not isinstance(text, str):
        raise ValueError(f"The reference must be a string, got {type(text).__name__}.")
    upper = fold(text).upper()
    kept = "".join(ch for ch in upper if ("A" <= ch <= "Z") or ("0" <= ch <= "9") or ch.isspace())
    reference = " ".join(kept.split())
    if not reference:
        raise ValueError(f"The reference {text!r} has no letters or digits left after cleaning.")
    if len(reference) > REFERENCE_MAX_LENGTH:
        raise ValueError(
            f"The reference {reference!r} is {len(reference)} characters long; VietQR allows at most "
            f"{REFERENCE_MAX_LENGTH}."
        )
    return reference


def vietqr_payload(
    *, bank_bin: str, account_number: str, amount: int, reference: str, service_code: str = SERVICE_TO_ACCOUNT
) -> str:
    """The VietQR string for one transfer of `amount` đồng to an account (or card) with `reference` attached.

    `reference` is cleaned by `vietqr_reference` (ASCII, upper case, at most 25 characters).
    Raises ValueError for any input that cannot be encoded exactly.
    """
    if service_code not in SERVICE_CODES:
        raise ValueError(f"The service code must be one of {', '.join(SERVICE_CODES)}, got {service_code!r}.")
    beneficiary = _tlv("00", _clean_bank_bin(bank_bin)) + _tlv("01", _clean_account_number(account_number))
    merchant_account = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", service_code)
    body = (
        _tlv("00", PAYLOAD_FORMAT)
        + _tlv("01", INITIATION_DYNAMIC)
        + _tlv("38", merchant_account)
        + _tlv("53", CURRENCY_VND)
        + _tlv("54", _clean_amount(amount))
        + _tlv("58", COUNTRY_VN)
        + _tlv("62", _tlv("08", vietqr_reference(reference)))
        + "6304"
    )
    return body + crc16_ccitt(body)


def _parse_tlv(data: str, *, where: str) -> dict[str, str]:
    """Split a TLV string into {ID: value}; raises ValueError when it does not split exactly."""
    fields: dict[str, str] = {}
    position = 0
    while position < len(data):
        header = data[position : position + 4]
        if len(header) < 4 or not _TAG_RE.fullmatch(header[:2]) or not _TAG_RE.fullmatch(header[2:]):
            raise ValueError(f"Malformed VietQR {where}: no ID and length at position {position}.")
        tag, length = header[:2], int(header[2:])
        if length == 0:
            raise ValueError(f"Malformed VietQR {where}: field {tag} has length 00.")
        value = data[position + 4 : position + 4 + length]
        if len(value) < length:
            raise ValueError(f"Malformed VietQR {where}: field {tag} is cut short.")
        if tag in fields:
            raise ValueError(f"Malformed VietQR {where}: field {tag} appears twice.")
        fields[tag] = value
        position += 4 + length
    return fields


def vietqr_parse(payload: str) -> dict:
    """Decode a VietQR (or any EMVCo merchant-presented) payload into {ID: value}, checking its CRC.

    Templates 38 (merchant account, with its beneficiary organisation 01) and 62 (additional data) are
    decoded into nested dicts, e.g. ``result["38"]["01"]["00"]`` is the bank BIN and ``result["62"]["08"]``
    the reference. Leading and trailing whitespace (a pasted line) is ignored.
    Raises ValueError on a wrong CRC or a string that is not well-formed TLV.
    """
    if not isinstance(payload, str):
        raise ValueError(f"A VietQR payload is a string, got {type(payload).__name__}.")
    payload = payload.strip()
    if not payload.startswith("000201"):
        raise ValueError("Malformed VietQR payload: it must begin with the payload format indicator 000201.")
    if len(payload) < 14 or payload[-8:-4] != "6304":
        raise ValueError("Malformed VietQR payload: it must end with the CRC field 6304 and 4 hex digits.")
    expected = crc16_ccitt(payload[:-4])
    given = payload[-4:].upper()
    if not _CRC_RE.fullmatch(given):
        raise ValueError(f"Malformed VietQR payload: the CRC {payload[-4:]!r} is not 4 hex digits.")
    if given != expected:
        raise ValueError(f"Wrong VietQR CRC: the payload says {given}, its content gives {expected}.")
    fields: dict = _parse_tlv(payload, where="payload")
    if list(fields)[-1] != "63":
        raise ValueError("Malformed VietQR payload: the CRC field 63 must come last.")
    for tag, nested in _TEMPLATES.items():
        if tag in fields:
            sub_fields: dict = _parse_tlv(fields[tag], where=f"field {tag}")
            for sub_tag in nested:
                if sub_tag in sub_fields:
                    sub_fields[sub_tag] = _parse_tlv(sub_fields[sub_tag], where=f"field {tag}.{sub_tag}")
            fields[tag] = sub_fields
    return fields


def _qr(payload: str):
    vietqr_parse(payload)  # never draw a code the banks' apps would reject
    return segno.make(payload, error=QR_ERROR, micro=False)


def _check_scale(scale) -> None:
    if isinstance(scale, bool) or not isinstance(scale, int) or scale < 1:
        raise ValueError(f"The QR scale must be a positive whole number, got {scale!r}.")


def vietqr_svg(payload: str, *, scale: int = 4) -> str:
    """The payload's QR code as an SVG document, `scale` units per module.

    No XML declaration and an explicit namespace: the same string is a valid .svg file and can be placed
    inline in an HTML page.
    """
    _check_scale(scale)
    buffer = io.BytesIO()
    _qr(payload).save(buffer, kind="svg", scale=scale, border=QR_BORDER, xmldecl=False, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def vietqr_png(payload: str, *, scale: int = 6) -> bytes:
    """The payload's QR code as PNG bytes, `scale` pixels per module."""
    _check_scale(scale)
    buffer = io.BytesIO()
    _qr(payload).save(buffer, kind="png", scale=scale, border=QR_BORDER)
    return buffer.getvalue()


def vietqr_for_settings(*, amount, reference: str) -> str:
    """The payload for a transfer to the operator's account (settings VIETQR_BANK_BIN, VIETQR_ACCOUNT_NUMBER).

    Raises ImproperlyConfigured when VietQR is not enabled; callers offer the method only when it is.
    """
    if not getattr(settings, "VIETQR_ENABLED", False):
        raise ImproperlyConfigured("VietQR is not configured: set VIETQR_BANK_BIN and VIETQR_ACCOUNT_NUMBER.")
    return vietqr_payload(
        bank_bin=settings.VIETQR_BANK_BIN,
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        amount=amount,
        reference=reference,
    )
