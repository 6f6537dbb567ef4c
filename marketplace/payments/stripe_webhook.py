"""The Stripe webhook: Stripe tells us, server to server, that a card payment succeeded or failed.

It alone confirms a card purchase, whether or not the shopper's browser came back.
Only a correctly signed body is trusted; anything else is refused with 400 and leaves no trace.
"""

import logging

import stripe
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.payments.stripe_payments import stripe_event_process

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    if not settings.STRIPE_WEBHOOK_SECRET:
        logger.error("A Stripe webhook arrived but STRIPE_WEBHOOK_SECRET is not set")
    try:
        event = stripe.Webhook.construct_event(
            request.body, request.headers.get("Stripe-Signature"), settings.STRIPE_WEBHOOK_SECRET
        )
        event_data = event.to_dict()
    except stripe.SignatureVerificationError:
        return HttpResponseBadRequest("invalid signature", content_type="text/plain")
    except ValueError:  # not UTF-8, not JSON, not an event
        return HttpResponseBadRequest("invalid payload", content_type="text/plain")
    event_id, event_type = event_data.get("id"), event_data.get("type")
    data = (event_data.get("data") or {}).get("object")
    if not isinstance(event_id, str) or not isinstance(event_type, str) or not isinstance(data, dict):
        return HttpResponseBadRequest("invalid event", content_type="text/plain")
    outcome = stripe_event_process(event_id=event_id, event_type=event_type, data=data)
    return HttpResponse(outcome, content_type="text/plain")
