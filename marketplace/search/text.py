"""Search text helpers: one folding (marketplace.core.text.fold) for documents and queries alike."""

import re
import unicodedata

from marketplace.core.text import fold

_WORD = re.compile(r"[0-9a-z]+")
MAX_WORD_LENGTH = 64
TYPO_MIN_LENGTH = 5


def words(text: str) -> list[str]:
    """Folded ASCII words: "Nước mắm <b>Cửa Hội</b>!" → ["nuoc", "mam", "b", "cua", "hoi", "b"]."""
    return [word[:MAX_WORD_LENGTH] for word in _WORD.findall(fold(text))]


def folded(text: str) -> str:
    """The folded words joined by single spaces: what the full-text indexes read."""
    return " ".join(words(text))


def lowered(text: str) -> str:
    """Lower case with the marks kept (NFC), whitespace collapsed: for exact-diacritic ranking."""
    return " ".join(unicodedata.normalize("NFC", text or "").lower().split())


def within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance of at most one (one letter changed, added or dropped)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]
