from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

from cms.selectors import page_translation_urls

register = template.Library()


@register.simple_tag(takes_context=True)
def page_language_links(context):
    """Like ``marketplace_tags.language_links``, but on a Wagtail page each language links to the page's
    translation in that language (its own slug); other pages, and pages not translated, fall back to the
    same path under the other language's prefix."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    page_urls = page_translation_urls(page=context.get("page"), request=request)
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": page_urls.get(code) or translate_url(path, code),
            "active": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.filter
def card_image(page):
    """The picture a page card shows: a promotion's banner, a news item's cover, a fair's or tour's cover image."""
    for name in ("banner", "cover", "cover_image"):
        image = getattr(page, name, None)
        if image is not None:
            return image
    return None
