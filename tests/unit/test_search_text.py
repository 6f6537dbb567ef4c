"""Folding and typo distance for search (no database)."""

import pytest

from marketplace.search.documents import price_band_for
from marketplace.search.text import folded, lowered, within_one_edit, words


def test_words_fold_marks_and_d_with_stroke():
    assert words("Đặc sản NƯỚC MẮM <b>Cửa Hội</b>!") == ["dac", "san", "nuoc", "mam", "b", "cua", "hoi", "b"]
    assert folded("  Mật   ong\nrừng ") == "mat ong rung"


@pytest.mark.parametrize("text", ["", "🍯🐝", "'\"()[]{}*^:-", "%_\\", "\x00"])
def test_words_of_symbols_are_nothing(text):
    assert words(text) == []


def test_sql_and_fts_syntax_leave_only_plain_words():
    assert words("nuoc) OR (mam; DROP TABLE x --") == ["nuoc", "or", "mam", "drop", "table", "x"]
    assert words('NEAR("mat" ong)*') == ["near", "mat", "ong"]


def test_words_are_cut_to_a_bounded_length():
    assert [len(word) for word in words("a" * 10_000)] == [64]


def test_lowered_keeps_marks_and_normalises():
    decomposed = "Me\u0302\u0323t"  # "Mệt" written with combining marks
    assert lowered(f"  MẬT   Ong {decomposed} ") == "mật ong mệt"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("tuyet", "tuyet", True),
        ("tuyet", "tuyrt", True),
        ("tuyet", "tuyeet", True),
        ("tuyet", "tuet", True),
        ("tuyet", "utyet", False),  # a swap is two edits
        ("tuyet", "tuyrtt", False),
        ("thanh", "thach", True),
        ("", "a", True),
        ("abc", "xyz", False),
    ],
)
def test_within_one_edit(a, b, expected):
    assert within_one_edit(a, b) is expected
    assert within_one_edit(b, a) is expected


@pytest.mark.parametrize(
    ("price", "band"),
    [(None, ""), (0, "under-50k"), (49_999, "under-50k"), (50_000, "50k-100k"), (500_000, "over-500k")],
)
def test_price_band_for(price, band):
    assert price_band_for(price) == band
