from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language to the same page in that language (/ for vi, /en/ for en)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = context.get("LANGUAGE_CODE", settings.LANGUAGE_CODE)
    # A Wagtail page's translation has a slug of its own: link to it rather than re-prefixing the path.
    from cms.selectors import page_translation_urls

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


@register.inclusion_tag("ocop/partials/pagination.html", takes_context=True)
def pagination(context, page=None):
    """The one pager: previous, "page n of m", next; the links keep the other parameters (?q=, filters, sort).

    ``page`` defaults to the context's ``page_obj`` (Django's list views); the search results work too.
    """
    from marketplace.core.pagination import page_links

    request = context.get("request")
    page = page if page is not None else context.get("page_obj")
    return {"pager": page_links(page=page, query=request.GET if request else QueryDict())}


@register.inclusion_tag("ocop/partials/stars.html")
def ocop_stars(stars, size="sm"):
    """The OCOP badge with its star count; nothing unless a certificate is in force."""
    stars = int(stars) if stars else 0
    return {"stars": stars, "filled": range(stars), "empty": range(5 - stars), "size": size}


@register.filter
def json_ld(data) -> str:
    """A <script type="application/ld+json"> block, escaped like json_script so it cannot close the tag."""
    import json

    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    escaped = json.dumps(data, ensure_ascii=False).translate(
        {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped))  # noqa: S308


@register.filter
def order_status(status: str) -> str:
    """The shopper-facing name of an order status."""
    from marketplace.order.statuses import order_status_label

    return order_status_label(status)


@register.simple_tag(takes_context=True)
def user_start_url(context):
    """Where this user's own work starts (dashboard, CMS or shopper account): a way on from a refused page."""
    from marketplace.customer.selectors import user_landing_url

    return user_landing_url(user=context["request"].user)


@register.filter(is_safe=True)
def sanitized(value) -> str:
    """User-written HTML (a product description, Wagtail rich text…) through the site's allow-list, fit to show.

    Applied on output even though writes are sanitized too: rows written before, or by a path that skips the
    form (admin, API, import), are covered here. After ``|richtext``, so Wagtail's links and images are expanded
    first.
    """
    from marketplace.core.html import html_sanitized_safe

    return html_sanitized_safe(html=value)


@register.filter
def safe_url(value) -> str:
    """A user-written address fit for an href: web, mail or phone, or a path on this site; anything else ("javascript:",
    "data:"…) becomes "". Form fields validate addresses already; this covers rows written past them."""
    from marketplace.core.html import html_url_is_safe

    value = str(value or "").strip()
    return value if html_url_is_safe(url=value) else ""
