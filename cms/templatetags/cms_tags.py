"""Template tags of Wagtail pages. The language links live in ``marketplace_tags`` (one home, Wagtail-aware)."""

from django import template

register = template.Library()


@register.filter
def card_image(page):
    """The picture a page card shows: a promotion's banner, a news item's cover, a fair's or tour's cover image."""
    for name in ("banner", "cover", "cover_image"):
        image = getattr(page, name, None)
        if image is not None:
            return image
    return None
