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
