"""Phone numbers on pages: stored in E.164, shown the way Vietnamese people write them.

In a template: ``{% load phone_tags %}``, then
``<a href="tel:{{ producer.phone }}">{{ producer.phone|phone_display }}</a>`` and
``<a href="{{ producer.zalo_phone|phone_zalo_url }}">``.
"""

from django import template

from marketplace.core import phone

register = template.Library()


@register.filter
def phone_display(value):
    """Shown nationally: +84912345678 → 0912 345 678 (a value that is not a Vietnamese number, as stored)."""
    return phone.phone_display(value)


@register.filter
def phone_zalo_url(value):
    """The Zalo link: +84912345678 → https://zalo.me/0912345678."""
    return phone.phone_zalo_url(value)
