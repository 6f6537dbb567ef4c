import pytest

from marketplace.core.text import fold, vietnamese_slugify


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đặc sản Việt Trì", "dac san viet tri"),
        ("NƯỚC MẮM", "nuoc mam"),
        ("Mật ong", "mat ong"),
        ("đ Đ ơ ư ă â ê ô", "d d o u a a e o"),
        ("", ""),
    ],
)
def test_fold_removes_marks_and_maps_d_bar(text, folded):
    assert fold(text) == folded


def test_slug_keeps_vietnamese_words_readable():
    assert vietnamese_slugify("Phường Đông Thành") == "phuong-dong-thanh"
    assert vietnamese_slugify("Chè búp tím Thanh Ba 200g") == "che-bup-tim-thanh-ba-200g"
