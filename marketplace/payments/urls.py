"""Payment endpoints outside the language prefix: providers call them, not people."""

from django.urls import path

from marketplace.payments.stripe_webhook import stripe_webhook

app_name = "payments"
urlpatterns = [
    path("stripe/webhook/", stripe_webhook, name="stripe-webhook"),
]
