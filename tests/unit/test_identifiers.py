"""Producer identifiers and founding year: marketplace.partner.validators."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from marketplace.partner.validators import (
    FOUNDED_YEAR_MIN,
    founded_year_validate,
    registration_number_normalize,
    tax_code_normalize,
)

# --- Tax code ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0100109106", "0100109106"),
        ("  0100109106 ", "0100109106"),
        ("0100 109 106", "0100109106"),
        ("0100.109.106", "0100109106"),
        ("0100109106-001", "0100109106-001"),
        ("0100109106 - 001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),  # a branch code typed without its dash
        ("0100109106-999", "0100109106-999"),
        ("025090001234", "025090001234"),  # a 12-digit personal ID number (household businesses since 7/2025)
        ("2600123456", "2600123456"),  # no check-digit test: numbers in use are not refused for it
    ],
)
def test_good_tax_codes_are_kept_in_their_usual_form(value, expected):
    assert tax_code_normalize(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("abc", "tax_code_format"),
        ("", "tax_code_format"),
        ("123456789", "tax_code_format"),  # 9 digits
        ("01001091061", "tax_code_format"),  # 11 digits
        ("01001091061234", "tax_code_format"),  # 14 digits
        ("0100109106-01", "tax_code_format"),
        ("0100109106-0001", "tax_code_format"),
        ("0100109106/001", "tax_code_format"),
        ("010010910a", "tax_code_format"),
        ("０１００１０９１０６", "tax_code_format"),  # full-width digits are not ASCII digits
        ("٠١٠٠١٠٩١٠٦", "tax_code_format"),  # nor are Arabic-Indic ones
        ("0100109106-000", "tax_code_branch"),
        ("0100109106000", "tax_code_branch"),
        ("MST 0100109106", "tax_code_format"),
    ],
)
def test_bad_tax_codes_are_refused(value, code):
    with pytest.raises(ValidationError) as caught:
        tax_code_normalize(value)
    assert caught.value.code == code


# --- Registration number --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0100109106", "0100109106"),
        (" 0100 109 106 ", "0100109106"),
        ("0100109106-002", "0100109106-002"),
    ],
)
def test_an_enterprise_number_is_its_tax_code(value, expected):
    assert registration_number_normalize(value, legal_type="enterprise") == expected


@pytest.mark.parametrize("value", ["abc", "", "26A8000123", "025090001234", "12/QĐ-UBND", "0100109106-000", "12345"])
def test_an_enterprise_number_of_another_shape_is_refused(value):
    with pytest.raises(ValidationError):
        registration_number_normalize(value, legal_type="enterprise")


@pytest.mark.parametrize("legal_type", ["cooperative", "cooperative_group", "household", "farm_owner", "craft_village"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2600123456", "2600123456"),
        ("26A8000123", "26A8000123"),  # a household business number
        ("12/QĐ-UBND", "12/QĐ-UBND"),  # a craft village's recognition decision
        ("  Số 05/GCN-TT  ", "Số 05/GCN-TT"),
        ("17.07.A.000123", "17.07.A.000123"),
        ("1", "1"),
        ("0123456789" * 3 + "01", "0123456789" * 3 + "01"),  # 32 characters
    ],
)
def test_other_legal_types_keep_any_number_shaped_value(legal_type, value, expected):
    assert registration_number_normalize(value, legal_type=legal_type) == expected


@pytest.mark.parametrize(
    "value",
    [
        "abc",  # no digit
        "",
        "   ",
        "-123",  # starts with a sign
        "123; DROP TABLE",
        "12_34",
        "<b>123</b>",
        "0123456789" * 3 + "012",  # 33 characters
    ],
)
def test_other_legal_types_refuse_what_is_not_a_number(value):
    with pytest.raises(ValidationError) as caught:
        registration_number_normalize(value, legal_type="household")
    assert caught.value.code == "registration_number_format"


# --- Founding year -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [None, FOUNDED_YEAR_MIN, 1450, 1900, 2015, datetime.date.today().year])
def test_sensible_founding_years_are_accepted(year):
    assert founded_year_validate(year) is None  # no ValidationError raised


@pytest.mark.parametrize(
    ("year", "code"),
    [
        (0, "founded_year_range"),
        (-1, "founded_year_range"),
        (FOUNDED_YEAR_MIN - 1, "founded_year_range"),
        (datetime.date.today().year + 1, "founded_year_future"),
        (20150, "founded_year_future"),
    ],
)
def test_other_founding_years_are_refused(year, code):
    with pytest.raises(ValidationError) as caught:
        founded_year_validate(year)
    assert caught.value.code == code
