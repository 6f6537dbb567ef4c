from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language to the same page in that language (/ for vi, /en/ for en)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "active": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.inclusion_tag("ocop/partials/stars.html")
def ocop_stars(stars, size="sm"):
    """The OCOP badge with its star count; nothing unless a certificate is in force."""
    stars = int(stars) if stars else 0
    return {"stars": stars, "filled": range(stars), "empty": range(5 - stars), "size": size}
