"""A producer's story: rich text (HTML) with a small allow-list of tags, sanitized with nh3 (ammonia).

Pure functions, used by the services (sanitize on write), the selectors (the public profile and JSON-LD)
and the demo data.
"""

import html
import re

import nh3
from django.utils.html import escape, strip_tags

STORY_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote"})
STORY_URL_SCHEMES = frozenset({"http", "https", "mailto"})

# After the sanitizer: a line break after each block, so that text extracted with strip_tags (search
# documents, JSON-LD) keeps "word</li><li>word" apart.
_BLOCK_END = re.compile(r"(</(?:p|li|ul|ol|h3|h4|blockquote)>|<br>)(?!\n)")
_BLANK_LINES = re.compile(r"\n\s*\n")


def producer_story_sanitize(*, story: str) -> str:
    """Keep only the allowed tags; links only to http(s) or mailto, with rel="noopener nofollow".

    Scripts and styles go with their content; event handlers, styles and every other attribute go;
    the text of any other tag stays. Sanitizing sanitized HTML changes nothing.
    """
    cleaned = nh3.clean(
        story or "",
        tags=set(STORY_TAGS),
        clean_content_tags={"script", "style"},
        attributes={"*": set(), "a": {"href"}},
        url_schemes=set(STORY_URL_SCHEMES),
        url_relative="deny",
        link_rel="noopener nofollow",
        strip_comments=True,
    )
    return _BLOCK_END.sub("\\1\n", cleaned).strip()


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
