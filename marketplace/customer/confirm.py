"""Account actions that change something answer a GET with a confirmation page whose button POSTs.

Oscar's log-out, default-address, wish-list and stock-alert links change state on GET, so a link
prefetcher, a mail scanner or an <img src> on another site could act for the user (the CSRF check only
guards POSTs). Our views at the same addresses do it on POST only.
"""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

CONFIRM_TEMPLATE = "oscar/customer/confirm_action.html"


def safe_next_url(request, default: str) -> str:
    """``next`` from the form (or the query), if it stays on this site; else ``default``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def confirm_page(request, *, title: str, question: str, button: str, cancel_url: str, next_url: str = ""):
    """The confirmation page for a GET: the same address, POSTed with the CSRF token."""
    return render(
        request,
        CONFIRM_TEMPLATE,
        {
            "confirm_title": title,
            "confirm_question": question,
            "confirm_button": button,
            "cancel_url": cancel_url,
            "next_url": next_url,
        },
    )
