from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.core.selectors import health_check


# Outside ATOMIC_REQUESTS: opening a transaction on a dead database would 500 first.
@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request):
    """200 with each part's state, or 503 naming the failing parts."""
    report = health_check()
    return JsonResponse(report, status=503 if report["failing"] else 200)


@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz_serving(request):
    """For load balancers: 200 while the site can serve (all parts ok, or only degraded ones), 503 when it cannot.

    /healthz answers 503 for a Redis outage too, which would make a load balancer take every web process out
    of service at once although each one still serves pages without the cache.
    """
    report = health_check()
    return JsonResponse(report, status=503 if report["status"] == "error" else 200)
