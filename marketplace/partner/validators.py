"""Checks on a producer's identifiers and facts, shared by the application form and the producer's own profile.

- Tax code (mã số thuế): 10 digits; a branch or other dependent unit adds "-" and 3 digits (001-999).
  Since 1 July 2025 individuals and household businesses use their 12-digit personal identification
  number as their tax code, so 12 digits are accepted too. (The 10th digit of a 10-digit code is a check
  digit; it is not enforced: the demo's and the tests' numbers were not made with it, and refusing a real
  number costs the applicant more than an officer spotting a typo.)
- Registration number: an enterprise's number (mã số doanh nghiệp) *is* its tax code (Law on Enterprises
  2020, art. 29), so it gets the tax-code check (10 digits, or 10-3 for a branch). Cooperatives, cooperative
  groups, household businesses, farm owners and craft villages hold certificates and decisions numbered in
  many ways (e.g. "26A8000123", "12/QĐ-UBND"): those are only checked to look like a number.

Each ``*_normalize`` returns the value in its usual written form or raises ValidationError.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FOUNDED_YEAR_MIN = 1000  # craft villages count their age in centuries (as marketplace.partner.services does)
LEGAL_TYPE_ENTERPRISE = "enterprise"  # Partner.LegalType.ENTERPRISE (not imported: models import this module)

_SEPARATORS = re.compile(r"[\s.]+")
_TAX_CODE = re.compile(r"^(?P<root>[0-9]{10})(?:-?(?P<branch>[0-9]{3}))?$")
_PERSONAL_ID = re.compile(r"^[0-9]{12}$")
# Letters (Vietnamese too), digits and the separators certificates use; at least one digit.
_LOOSE_NUMBER = re.compile(r"^(?=.*[0-9])[^\W_](?:[^\W_]|[ ./-])*$")
_LOOSE_MAX_LENGTH = 32


def _ten_digit_code_normalize(compact: str) -> str | None:
    """``compact`` as "0123456789" or "0123456789-001"; None if it is not shaped so. ValidationError for a
    branch numbered 000 (branches run from 001)."""
    match = _TAX_CODE.match(compact)
    if not match:
        return None
    root, branch = match["root"], match["branch"]
    if branch == "000":
        raise ValidationError(_("A branch's number after the dash runs from 001 to 999."), code="tax_code_branch")
    return f"{root}-{branch}" if branch else root


def tax_code_normalize(value: str) -> str:
    """A Vietnamese tax code: "0100109106", "0100109106-001" (a branch) or a 12-digit personal ID number.

    Spaces and dots are dropped; a branch code typed as 13 digits gets its dash.
    """
    compact = _SEPARATORS.sub("", value or "")
    if _PERSONAL_ID.match(compact):
        return compact
    normalized = _ten_digit_code_normalize(compact)
    if normalized is None:
        raise ValidationError(
            _(
                "A tax code has 10 digits (e.g. 0100109106), 10 digits, a dash and 3 digits for a branch "
                "(0100109106-001), or, for a household business or a person, the 12 digits of the "
                "personal identification number."
            ),
            code="tax_code_format",
        )
    return normalized


def registration_number_normalize(value: str, *, legal_type: str) -> str:
    """The registration number of a producer of ``legal_type`` (see the module's docstring)."""
    text = " ".join((value or "").split())
    if legal_type == LEGAL_TYPE_ENTERPRISE:
        normalized = _ten_digit_code_normalize(_SEPARATORS.sub("", text))
        if normalized is None:
            raise ValidationError(
                _(
                    "An enterprise's registration number is its enterprise code, which is also its tax code: "
                    "10 digits (e.g. 0100109106), or 10 digits, a dash and 3 digits for a branch."
                ),
                code="registration_number_enterprise",
            )
        return normalized
    if len(text) > _LOOSE_MAX_LENGTH or not _LOOSE_NUMBER.match(text):
        raise ValidationError(
            _(
                "Enter the number as written on the certificate: digits, possibly with letters and the signs "
                '"-", "." and "/", at most 32 characters.'
            ),
            code="registration_number_format",
        )
    return text


def founded_year_validate(value: int | None) -> None:
    """A founding year from FOUNDED_YEAR_MIN to this year (blank is fine)."""
    if value is None:
        return
    this_year = timezone.localdate().year
    if value > this_year:
        raise ValidationError(_("The founding year cannot be in the future."), code="founded_year_future")
    if value < FOUNDED_YEAR_MIN:
        raise ValidationError(
            _("Enter a year between %(first)s and %(last)s."),
            code="founded_year_range",
            params={"first": FOUNDED_YEAR_MIN, "last": this_year},
        )
