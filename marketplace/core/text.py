"""Vietnamese text helpers shared by slugs and search."""

import unicodedata

from django.utils.text import slugify


def fold(text: str) -> str:
    """Lower case, diacritics removed, đ → d: "Đặc sản Việt Trì" → "dac san viet tri".

    Unicode decomposition strips tone and vowel marks but has no decomposition
    for đ/Đ, so that letter is mapped by hand.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def vietnamese_slugify(text: str) -> str:
    """A URL slug that keeps Vietnamese words readable: "Phường Việt Trì" → "phuong-viet-tri"."""
    return slugify(fold(text))


def oscar_slugifier(value: str, allow_unicode: bool = False) -> str:
    """OSCAR_SLUG_FUNCTION: Oscar's slugs for products and categories, Vietnamese-aware."""
    return vietnamese_slugify(value)
