"""Posting a rendered form back as a browser would: its current values as POST data."""

from django.forms import BooleanField


def form_post_data(form) -> dict:
    """The values a browser would send for this bound or unbound form (checked boxes as "on", lists kept)."""
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if isinstance(field, BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif value is None:
            continue
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = str(value)
    return data
