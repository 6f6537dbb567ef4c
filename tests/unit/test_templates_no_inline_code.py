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


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_inline_script_without_the_nonce(path):
    text = path.read_text(encoding="utf-8")
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if DATA_TYPE.search(attributes):
            continue
        assert "src=" in attributes or 'nonce="{{ CSP_NONCE }}"' in attributes, (
            f"{path.relative_to(ROOT)}: inline <script{attributes}> — move it to a static file under "
            'themes/ocop/static/ocop/ or give it nonce="{{ CSP_NONCE }}"'
        )


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_inline_event_handler_or_script_url(path):
    text = path.read_text(encoding="utf-8")
    handler = EVENT_HANDLER.search(text)
    assert handler is None, f"{path.relative_to(ROOT)}: inline event handler in {handler.group(0)[:120]!r}"
    assert SCRIPT_URL.search(text) is None, f"{path.relative_to(ROOT)}: javascript: URL"


@pytest.mark.parametrize(
    ("snippet", "caught"),
    [
        ("<script>alert(1)</script>", "script"),
        ('<script type="text/javascript">x()</script>', "script"),
        ('<script nonce="{{ CSP_NONCE }}">x()</script>', None),
        ('<script src="/static/x.js"></script>', None),
        ('<script type="application/ld+json">{}</script>', None),
        ('<a href="#" onclick="history.back()">x</a>', "handler"),
        ('<img {% if x %}onerror="y()"{% endif %} alt="">', "handler"),
        ('<a href="javascript:void(0)">x</a>', "url"),
        ('<a href="#" data-history-back>x</a>', None),
    ],
)
def test_the_checks_catch_what_they_should(snippet, caught):
    bad_script = any(
        not DATA_TYPE.search(m.group(1)) and "src=" not in m.group(1) and "nonce=" not in m.group(1)
        for m in SCRIPT_TAG.finditer(snippet)
    )
    found = "script" if bad_script else "handler" if EVENT_HANDLER.search(snippet) else None
    found = found or ("url" if SCRIPT_URL.search(snippet) else None)
    assert found == caught
