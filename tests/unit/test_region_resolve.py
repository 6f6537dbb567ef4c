"""Folding place queries and matching folded names (no database)."""

import re

import pytest

from marketplace.core.text import fold
from marketplace.regions.selectors import _name_regex, region_query_candidates


@pytest.mark.parametrize(
    ("query", "candidates"),
    [
        ("Việt Trì", ["viet tri"]),
        ("thành phố Việt Trì", ["viet tri"]),
        ("Thành Phố  Việt   Trì", ["viet tri"]),
        ("TP. Việt Trì", ["viet tri"]),
        ("tp.Việt Trì", ["viet tri"]),
        ("TP Việt Trì, Phú Thọ", ["viet tri"]),
        ("Quận Ba Đình", ["ba dinh"]),
        ("huyện Thanh Ba", ["thanh ba"]),
        ("thị xã Phú Thọ", ["phu tho"]),
        ("phường Nông Trang", ["nong trang"]),
        ("Xã Hy Cương", ["hy cuong"]),
        ("tỉnh Vĩnh Phúc", ["vinh phuc"]),
        ("Đặc khu Côn Đảo", ["con dao"]),
        # Without marks a leading word may be a unit word or part of the name: the whole name first.
        ("thanh pho viet tri", ["thanh pho viet tri", "viet tri"]),
        ("Quan Hóa", ["quan hoa", "hoa"]),
        ("Phương Liễu", ["phuong lieu", "lieu"]),
        ("Tịnh Biên", ["tinh bien", "bien"]),
        ("Phường", ["phuong"]),  # a unit word alone is the name
        ("Xanh", ["xanh"]),  # a unit word only counts as a whole word
        ("", []),
        (" , ", []),
    ],
)
def test_region_query_candidates(query, candidates):
    assert region_query_candidates(query=query) == candidates


@pytest.mark.parametrize(
    ("name", "matches"),
    [
        ("Việt Trì", True),
        ("VIỆT TRÌ", True),
        ("Viet Tri", True),
        ("Việt  Trì", True),
        ("Việt Trì Mới", False),
        ("Phường Việt Trì", False),
        ("Vịt Trì", False),
    ],
)
def test_name_regex_matches_exactly_the_names_that_fold_to_the_query(name, matches):
    assert bool(re.search(_name_regex("viet tri"), name)) is matches


def test_name_regex_knows_d_with_stroke_and_every_vowel_mark():
    pattern = _name_regex(fold("Đoan Hùng Ẩm Ỷ"))
    assert re.search(pattern, "Đoan Hùng Ẩm Ỷ") and re.search(pattern, "đoan hùng ẩm ỷ")


def test_name_regex_escapes_what_is_not_a_letter():
    assert re.search(_name_regex("1"), "1") and not re.search(_name_regex("a.b"), "axb")
