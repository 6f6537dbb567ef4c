"""Browser-side security headers: Content-Security-Policy (django-csp) and Permissions-Policy.

Every response carries both, in every environment (the middleware is marketplace.core.csp.CSPMiddleware,
django-csp's with one path rule). No ``unsafe-inline`` for scripts: scripts come from our static files, or
carry the request's nonce (``nonce="{{ CSP_NONCE }}"``: only the start-up block of oscar/base.html, where
Oscar's dashboard templates put their code); third parties are named one by one:

- Stripe.js and its frames (https://js.stripe.com, per Stripe's CSP guide), its API for card payments;
- OpenStreetMap's tiles for the Leaflet maps (Leaflet itself is served from static/vendor/leaflet; the tile
  URL is marketplace.regions.views.OSM_TILES and events.tours.selectors.OSM_TILES);
- inline *styles* stay allowed: Leaflet, Bootstrap, TinyMCE and Wagtail set style attributes, and a style
  cannot run code.
"""

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from marketplace.settings.env import env

STRIPE_JS = ["https://js.stripe.com", "https://*.js.stripe.com"]
OSM_TILES = "https://tile.openstreetmap.org"
# Where media is served from when it is not this site (MEDIA_STORAGE=s3: the custom domain or bucket endpoint).
CSP_MEDIA_ORIGINS = env.list("CSP_MEDIA_ORIGINS", default=[])
# Where browsers report violations (optional): without it a policy that blocks something stays unseen.
CSP_REPORT_URI = env("CSP_REPORT_URI", default="")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, *STRIPE_JS],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", OSM_TILES, "https://*.stripe.com", *CSP_MEDIA_ORIGINS],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, "https://api.stripe.com"],
        "frame-src": [SELF, *STRIPE_JS, "https://hooks.stripe.com"],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        **({"report-uri": [CSP_REPORT_URI]} if CSP_REPORT_URI else {}),
    },
}

# Wagtail's admin writes inline scripts without a nonce (see marketplace.core.csp): there, and only there,
# script-src allows inline code. No nonce in that directive, or browsers would ignore 'unsafe-inline'.
OCOP_CSP_RELAXED_URL_PREFIXES = ["/cms/"]
OCOP_CSP_RELAXED_DIRECTIVES = {"script-src": [SELF, UNSAFE_INLINE]}

# Wagtail's admin would otherwise load avatars from gravatar.com (sending a hash of each editor's e-mail) and
# ask releases.wagtail.org for new versions: the policy allows neither, and the admin needs neither.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "usb": [],
    "payment": ["self", "https://js.stripe.com"],
    # "Near me" in search asks for the visitor's position.
    "geolocation": ["self"],
}
