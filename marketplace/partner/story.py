"""A producer's story: rich text (HTML) cleaned with the site's one allow-list (marketplace.core.html).

Pure functions, used by the services (sanitize on write), the selectors (the public profile and JSON-LD)
and the demo data.
"""

import html
import re

import nh3
from django.utils.html import escape, strip_tags

from marketplace.core.html import html_sanitize

# After the sanitizer: a line break after each block, so that text extracted with strip_tags (search
# documents, JSON-LD) keeps "word</li><li>word" apart.
_BLOCK_END = re.compile(r"(</(?:p|li|ul|ol|h2|h3|h4|blockquote)>|<br>|<hr>)(?!\n)")
_BLANK_LINES = re.compile(r"\n\s*\n")


def producer_story_sanitize(*, story: str) -> str:
    """The story through the site's allow-list (marketplace.core.html), a line break after each block.

    Scripts and styles go with their content; event handlers, styles and every other attribute go;
    the text of any other tag stays. Sanitizing sanitized HTML changes nothing.
    """
    return _BLOCK_END.sub("\\1\n", html_sanitize(html=story)).strip()


def producer_story_from_plain_text(*, text: str) -> str:
    """Plain text as HTML: escaped; paragraphs at blank lines, ``<br>`` at single line breaks."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [part.strip() for part in _BLANK_LINES.split(text) if part.strip()]
    return "\n".join("<p>" + escape(part).replace("\n", "<br>\n") + "</p>" for part in paragraphs)


def producer_story_html(*, story: str) -> str:
    """The story as HTML fit to show: sanitized (again), and plain text (no tag at all) made into paragraphs.

    Writes through marketplace.partner.services are sanitized already; this also covers the writers that set the column
    directly (Django admin, approved onboarding applications, whose stories are plain text).
    """
    story = story or ""
    if story and not nh3.is_html(story):
        story = producer_story_from_plain_text(text=story)
    return producer_story_sanitize(story=story)


def producer_story_text(*, story: str) -> str:
    """The story as one line of plain text (JSON-LD description): no tags, no entities."""
    return " ".join(html.unescape(strip_tags(producer_story_html(story=story))).split())
