"""The site's one HTML allow-list: every piece of HTML that a producer, shopper, applicant or editor writes is
cleaned with it when written and again when shown (nh3, the Python binding of the Rust crate ammonia).

What stays is what our editors produce: Oscar's product description editor, the producer's story and Wagtail's
rich text (headings, emphasis, lists, links, quotes, rules and images). Scripts and styles go with their
content; event handlers, ``style`` and every other attribute go; links and images keep only web, mail and phone
addresses or addresses on this site (Wagtail's internal links and images are relative), never ``javascript:``
or ``data:``; iframes, forms and embeds go. Sanitizing sanitized HTML changes nothing.
"""

import html as html_entities

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "ul",
        "ol",
        "li",
        "a",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "hr",
        "img",
    }
)
# "*": no attribute on every tag (ammonia would keep lang and title by default).
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href"}, "img": {"src", "alt", "width", "height"}}
# The classes Wagtail puts on rich-text images (its image formats); any other class goes. ("class" must not
# be in ALLOWED_ATTRIBUTES as well: ammonia refuses both.)
ALLOWED_CLASSES = {"img": {"richtext-image", "left", "right", "full-width"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Nofollow: a link written by a producer or shopper is not an endorsement by the market.
LINK_REL = "noopener nofollow"


def _address_filter(tag: str, attribute: str, value: str) -> str | None:
    """Drop an href or src that leaves the site while looking relative ("//host", "/\\host": browsers read both
    as another host); schemes are checked by url_schemes."""
    if attribute in ("href", "src") and not html_url_is_safe(url=value):
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    # Relative addresses stay: they point at this site (Wagtail's page links, /media/ images).
    url_relative="pass_through",
    link_rel=LINK_REL,
    strip_comments=True,
    attribute_filter=_address_filter,
)


def html_sanitize(*, html: str | None) -> str:
    """``html`` with only the allowed tags, attributes and addresses; plain text comes back escaped."""
    return _cleaner.clean(str(html or ""))


def html_sanitized_safe(*, html: str | None) -> SafeString:
    """``html_sanitize`` marked safe for a template: the one way user HTML reaches a page."""
    return mark_safe(html_sanitize(html=html))  # noqa: S308 - sanitized just above


def html_to_text(*, html: str | None) -> str:
    """The sanitized HTML as one line of plain text (JSON-LD, feeds): no tags, no script text, no entities."""
    return " ".join(html_entities.unescape(strip_tags(html_sanitize(html=html))).split())


def html_url_is_safe(*, url: str) -> bool:
    """Whether ``url`` may go in an href: one of the allowed schemes, or a path on this site ("/…", not "//…")."""
    url = "".join(ch for ch in str(url or "") if ch > " ")  # browsers ignore control characters and spaces
    if not url:
        return False
    scheme, colon, _rest = url.partition(":")
    if colon and "/" not in scheme and "?" not in scheme and "#" not in scheme:
        return scheme.lower() in ALLOWED_URL_SCHEMES
    # A relative address stays on this site, unless it starts with two slashes: "//host" is another host to a
    # browser, and browsers read a backslash as a slash in web addresses ("/\\host", "\\\\host").
    return not url.replace("\\", "/").startswith("//")
