"""Our templates hold no code the Content-Security-Policy would block: every <script> has a src (a static file) or
the request's nonce, or is JSON data; no inline event handler (onclick=…) and no javascript: URL."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "themes", ROOT / "marketplace", ROOT / "catalogue", ROOT / "cms", ROOT / "events"]
TEMPLATES = sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html") if "templates" in path.parts)

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
DATA_TYPE = re.compile(r"""type\s*=\s*["']?application/(?:ld\+)?json""", re.IGNORECASE)
# An attribute named on…= inside a tag (Django tags may sit between the tag name and it).
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^<>]*?[\s}]on[a-z]+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_templates_are_found():
    assert len(TEMPLATES) > 50
    assert ROOT / "themes" / "ocop" / "templates" / "oscar" / "base.html" in TEMPLATES


def template_problems(text: str) -> list[str]:
    """What in ``text`` the policy would block: "script" (inline, without the nonce), "handler" (on…=), "url"
    (javascript:). The one check that both the templates' tests and its own test use."""
    problems = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        allowed = DATA_TYPE.search(attributes) or "src=" in attributes or 'nonce="{{ CSP_NONCE }}"' in attributes
        if not allowed:
            problems.append("script")
            break
    if EVENT_HANDLER.search(text):
        problems.append("handler")
    if SCRIPT_URL.search(text):
        problems.append("url")
    return problems


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_code_the_policy_would_block(path):
    problems = template_problems(path.read_text(encoding="utf-8"))
    assert problems == [], (
        f"{path.relative_to(ROOT)}: {problems} — move scripts to a static file under themes/ocop/static/ocop/ "
        '(or give one nonce="{{ CSP_NONCE }}"), and handlers to data-* attributes (ocop/behaviours.js)'
    )


@pytest.mark.parametrize(
    ("snippet", "caught"),
    [
        ("<script>alert(1)</script>", ["script"]),
        ('<script type="text/javascript">x()</script>', ["script"]),
        ('<script nonce="{{ CSP_NONCE }}">x()</script>', []),
        ('<script nonce="abc">x()</script>', ["script"]),  # only the request's nonce counts
        ('<script src="/static/x.js"></script>', []),
        ('<script type="application/ld+json">{}</script>', []),
        ('<a href="#" onclick="history.back()">x</a>', ["handler"]),
        ('<img {% if x %}onerror="y()"{% endif %} alt="">', ["handler"]),
        ('<a href="javascript:void(0)">x</a>', ["url"]),
        ('<a href="#" data-history-back>x</a>', []),
    ],
)
def test_the_check_catches_what_it_should(snippet, caught):
    assert template_problems(snippet) == caught
