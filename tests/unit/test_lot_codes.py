"""Trace codes are drawn at random: unguessable, URL-safe and short enough for a QR code."""

import re

from traceability.codes import new_lot_code
from traceability.views import _label_count


def test_trace_codes_are_url_safe_random_and_distinct():
    codes = [new_lot_code() for _ in range(10_000)]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{12}", code) for code in codes)  # 72 random bits each


def test_label_count_accepts_1_to_60_and_defaults_to_12():
    assert _label_count(None) == 12
    assert [_label_count(raw) for raw in ("1", " 7 ", "60")] == [1, 7, 60]
    assert [_label_count(raw) for raw in ("0", "61", "-3", "abc", "", "2.0", "１２", "٣")] == [None] * 8
