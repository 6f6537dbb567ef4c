"""Finds what could run in a rendered page: executable inline scripts, event-handler attributes, script and data
URLs, frames. Used by the HTML-safety and Content-Security-Policy tests (an HTML parser, not regular
expressions, so that attribute quoting and case cannot hide anything)."""

import re
from html.parser import HTMLParser

# Scripts of these types are data, never run by the browser.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background", "data"}
FRAME_TAGS = {"iframe", "frame", "frameset", "object", "embed"}
_INVISIBLE = re.compile(r"[\x00-\x20]+")


class ActiveContentFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = []
        self.inline_scripts = []  # (attributes, text) of every executable <script> without src
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        for name, value in attributes.items():
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES:
                url = _INVISIBLE.sub("", value).lower()
                if url.startswith(("javascript:", "data:", "vbscript:")):
                    self.findings.append(f"<{tag} {name}={value!r}>")
        if tag in FRAME_TAGS:
            self.findings.append(f"<{tag}>")
        if tag == "script":
            executable = attributes.get("type", "").lower() not in DATA_SCRIPT_TYPES
            self._script = {"attributes": attributes, "text": "", "executable": executable}

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            script, self._script = self._script, None
            if script["executable"] and "src" not in script["attributes"]:
                self.inline_scripts.append((script["attributes"], script["text"]))


def active_content(html: str) -> ActiveContentFinder:
    finder = ActiveContentFinder()
    finder.feed(html)
    finder.close()
    return finder


def header_nonce(csp_header: str) -> str | None:
    """The nonce the policy's script-src names, if any."""
    for directive in csp_header.split(";"):
        parts = directive.split()
        if parts and parts[0] == "script-src":
            for source in parts[1:]:
                if source.startswith("'nonce-"):
                    return source[len("'nonce-") : -1]
    return None
