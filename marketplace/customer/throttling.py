"""Throttles: failed logins (django-axes hooks, named in settings/integrations/throttling.py) and a small
fixed-window counter in the cache for password-reset requests and producer applications."""

import hashlib
import ipaddress
import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Sum
from django.shortcuts import render

logger = logging.getLogger(__name__)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip_address(request) -> str | None:
    """The client's address, trusting X-Forwarded-For only as far as ``TRUSTED_PROXY_COUNT`` proxies reach.

    Each trusted proxy appends the address it received from, so the client is the N-th entry from the right;
    anything further left came from the client and could be forged to dodge the throttles.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request bypassed one of them; the nearest peer is all we know.
        return remote
    return _valid_ip(forwarded[-proxies]) or remote


def login_account_key(request, credentials) -> str | None:
    """One key per account for the throttle, whichever login was used: the account's e-mail, lower-cased.

    The shop logs in by e-mail, the admin and CMS by username; both must count for the same account, and
    "An@Example.vn" must count as "an@example.vn".
    """
    value = (credentials or {}).get("username") or (credentials or {}).get("email")
    if value is None and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("username") or data.get("login-username")
    if not value:
        return None
    value = str(value).strip()
    if "@" in value:
        return value.lower()
    # Axes asks several times per login: look the username up once per request.
    memo = request.__dict__.setdefault("_login_account_keys", {}) if request is not None else {}
    if value not in memo:
        user = get_user_model()._default_manager.filter(username__iexact=value).exclude(email="").first()
        memo[value] = user.email.lower() if user else value.lower()
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


def throttle_hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one request for ``key`` in a fixed window; True when this one is over ``limit`` (refuse it).

    The cache is Redis in production (shared by every web process); ``add`` then ``incr`` is atomic there.
    """
    # Hashed: keys may hold e-mail addresses (kept out of cache keys and logs).
    cache_key = f"throttle:{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr: this request opens a new window
            cache.add(cache_key, 1, timeout=window_seconds)
            count = 1
    if count > limit:
        logger.warning("Throttled %s (%d requests in the window)", scope, count)
        return True
    return False
