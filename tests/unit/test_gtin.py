import pytest
from django.core.exceptions import ValidationError

from catalogue.validators import gtin_check_digit, validate_gtin


@pytest.mark.parametrize("gtin", ["8934563138165", "8935049500148", "96385074", "036000291452", "10012345678902", ""])
def test_valid_gtins_pass(gtin):
    assert validate_gtin(gtin) is None  # accepted: no ValidationError


@pytest.mark.parametrize(
    ("gtin", "code"),
    [
        ("8934563138166", "gtin_check_digit"),
        ("893456313816", "gtin_check_digit"),
        ("89345631381", "gtin_format"),
        ("89345631381A5", "gtin_format"),
        ("8934 563138165", "gtin_format"),
    ],
)
def test_invalid_gtins_are_refused_with_a_reason(gtin, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_gtin(gtin)
    assert excinfo.value.code == code


def test_check_digit_message_names_the_right_digit():
    with pytest.raises(ValidationError) as excinfo:
        validate_gtin("8934563138166")
    assert excinfo.value.params["digit"] == gtin_check_digit("893456313816") == 5
