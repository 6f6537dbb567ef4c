"""Browser-side security headers: Content-Security-Policy (django-csp) and Permissions-Policy.

No ``unsafe-inline`` for scripts: scripts come from our static files (or carry the request's nonce);
third parties (Stripe.js) are named one by one.
"""

from csp.constants import NONCE, NONE, SELF

from marketplace.settings.env import env

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, "https://js.stripe.com"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", "https://*.tile.openstreetmap.org"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, "https://api.stripe.com"],
        "frame-src": [SELF, "https://js.stripe.com", "https://hooks.stripe.com"],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)

PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "usb": [],
    "payment": ["self", "https://js.stripe.com"],
    # "Near me" in search asks for the visitor's position.
    "geolocation": ["self"],
}
