"""Whole numbers as people of the active language write them: 1.400 (vi), 1,400 (en).

Money has Oscar's ``currency`` filter; this is for counts such as a lot's quantity. (Django's own
grouping is off for Vietnamese: its ``vi`` formats set no NUMBER_GROUPING.)
"""

from babel.numbers import format_decimal
from django import template
from django.utils.translation import get_language, to_locale

register = template.Library()


@register.filter
def grouped(value):
    """``value`` with the active language's thousands separator; anything that is not a number stays as it is."""
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value))
        except (TypeError, ValueError):
            return value
    return format_decimal(value, locale=to_locale(get_language() or "vi"))
