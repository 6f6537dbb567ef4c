"""Login throttle: django-axes' hooks (named in settings/integrations/throttling.py). The shared pieces (client
address, account key, the cache counter) are in marketplace/core/throttling.py."""

import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

from marketplace.core.throttling import email_throttle_key

logger = logging.getLogger(__name__)


def login_account_key(request, credentials) -> str | None:
    """One key per account for the throttle, whichever login was used (``email_throttle_key``).

    The shop logs in by e-mail, the admin and CMS by username; both must count for the same account, and
    "An@Example.vn" (or a look-alike the database matches to it) must count as "an@example.vn".
    """
    value = (credentials or {}).get("username") or (credentials or {}).get("email")
    if value is None and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("username") or data.get("login-username")
    if not value:
        return None
    value = str(value)
    # Axes asks several times per login: look the account up once per request.
    memo = request.__dict__.setdefault("_login_account_keys", {}) if request is not None else {}
    if value not in memo:
        memo[value] = email_throttle_key(value)
    return memo[value]


class AccountAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler with a higher limit per address than per account, and a success that clears
    only the account's own failures.

    Axes compares one number with one limit: the address failures are scaled so that reaching
    ``AXES_ADDRESS_FAILURE_LIMIT`` equals reaching ``AXES_FAILURE_LIMIT``. Axes' own reset on success would
    also clear every failure from the address, so an attacker could log in to an account of their own
    between guesses at someone else's password.
    """

    def get_failures(self, request, credentials=None) -> int:
        account_limit = settings.AXES_FAILURE_LIMIT
        address_limit = max(settings.AXES_ADDRESS_FAILURE_LIMIT, 1)
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == "ip_address":
                failures = failures * account_limit // address_limit
            worst = max(worst, failures)
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        from axes.helpers import get_client_username
        from axes.models import AccessAttempt

        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page, in the site's theme and the request's language (status 429, not axes' bare text)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else None
    return render(
        request,
        "throttling/locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
