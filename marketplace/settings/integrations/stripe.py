"""Stripe card payments: offered only when the keys are set."""

from marketplace.settings.env import env

STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Lets tests and local development point the real SDK at a stand-in server.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
STRIPE_ENABLED = bool(STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY)
# An unpaid card checkout is cancelled (stock released) after this many hours.
STRIPE_PAYMENT_HOURS = env.int("STRIPE_PAYMENT_HOURS", default=24)
