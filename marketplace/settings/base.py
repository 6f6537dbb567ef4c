"""Settings shared by every environment.

Each external integration has its own small module in ``integrations/``;
every knob comes from the environment through ``env.py`` with an embedded
default, so a fresh checkout runs with nothing configured.
"""

from django.utils.translation import gettext_lazy as _

from marketplace.settings.env import BASE_DIR, env

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
THEME = env("THEME", default="ocop")
DEMO_MODE = env.bool("DEMO_MODE", default=False)
# Who runs the marketplace: shown in the footer (legal display, Decree 52/2013).
MARKETPLACE_OPERATOR = {
    "name": env("OPERATOR_NAME", default="Sàn thương mại điện tử OCOP Phú Thọ"),
    "address": env("OPERATOR_ADDRESS", default="Phường Việt Trì, tỉnh Phú Thọ"),
    "phone": env("OPERATOR_PHONE", default="0210 000 0000"),
    "email": env("OPERATOR_EMAIL", default="hotro@ocop.example.vn"),
    "registration": env("OPERATOR_REGISTRATION", default=""),
}

# OCOP rules that a province may set differently.
# When a certificate expires the product either leaves the shop ("delist") or stays
# without its badge, marked as awaiting re-evaluation ("pending").
OCOP_EXPIRED_LISTING = env("OCOP_EXPIRED_LISTING", default="pending")
if OCOP_EXPIRED_LISTING not in {"delist", "pending"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("OCOP_EXPIRED_LISTING must be 'delist' or 'pending'.")

# Audit trail (programme/audit.py): fixtures and serialized test data loaded with raw saves are not changes
# anyone made.
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# A product's score is the mean of the council members' valid cards, rounded to whole points:
# "half_up" (69.5 → 70, the usual rule in council minutes) or "down" (69.9 → 69: a product must reach
# a band's lower bound in full).
OCOP_SCORE_ROUNDING = env("OCOP_SCORE_ROUNDING", default="half_up")
if OCOP_SCORE_ROUNDING not in {"half_up", "down"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("OCOP_SCORE_ROUNDING must be 'half_up' or 'down'.")

# The platform's share of each delivered order's goods, in percent (0 = no commission).
MARKETPLACE_COMMISSION_PERCENT = env.float("MARKETPLACE_COMMISSION_PERCENT", default=0)

INSTALLED_APPS = [
    # Our apps first so that their templates and translations win.
    "marketplace.core",
    "marketplace.regions",
    "marketplace.onboarding",
    "marketplace.payments",
    "marketplace.search",
    "cms",
    "events.fairs",
    "events.tours",
    "events.trainings",
    "programme",
    "traceability",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    # Oscar, with our forks in place of the stock apps
    "marketplace.shop.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "marketplace.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "marketplace.shipping.apps.ShippingConfig",
    "catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "marketplace.partner.apps.PartnerConfig",
    "marketplace.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "marketplace.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    # Not routed and not used for searching (marketplace.search is our search service), but
    # Oscar 4.2 cannot run without an app labelled "search": oscar.apps.catalogue.views (imported
    # by every get_class("catalogue.views", ...)) calls get_class("search.views", ...), which
    # raises AppNotFoundError without it, and oscar.config.Shop.ready() looks the app up.
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "marketplace.dashboard.apps.DashboardConfig",
    "marketplace.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "marketplace.dashboard.orders.apps.OrdersDashboardConfig",
    "marketplace.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "marketplace.dashboard.offers.apps.OffersDashboardConfig",
    "marketplace.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "marketplace.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "marketplace.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    # No "haystack": the package stays importable (see settings/integrations/search.py) but
    # without its app config no signal processor indexes every model save.
    "treebeard",
    # The audit trail of the OCOP cycle and of permission changes (programme/audit.py).
    "auditlog",
    "sorl.thumbnail",
    "django_tables2",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Login throttling (settings/integrations/throttling.py).
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (settings/integrations/security.py).
    "marketplace.core.csp.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records the logged-in user as the actor of audited changes (programme/audit.py).
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The active theme overrides Oscar's, Wagtail's and our apps' templates.
        "DIRS": [BASE_DIR / "themes" / THEME / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "wagtail.contrib.settings.context_processors.settings",
                "marketplace.core.context_processors.marketplace",
                # {{ CSP_NONCE }} for the few inline scripts that must stay inline.
                "csp.context_processors.nonce",
            ],
        },
    }
]

# var/ holds the embedded default's files (SQLite database, media, test database).
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Opening a PostgreSQL connection costs 10–12 ms a request here, more than rendering a listing: keep it
# for a minute, checked before reuse (a `conn_max_age` in DATABASE_URL wins).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt while the account or the address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "customer:login"
# A URL name, reversed in the active language. The login view (marketplace.customer) sends
# producers, officers and CMS staff to their own start page instead.
LOGIN_REDIRECT_URL = "customer:summary"

# Vietnamese is the default language (set before the first migration: Wagtail's
# default Locale is created from it); English is second, under /en/.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Ours first, then our completion of Oscar's Vietnamese catalogue (locale-oscar/, hand-maintained).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-oscar"]
FORMAT_MODULE_PATH = ["marketplace.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "themes" / THEME / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OCOP Market <no-reply@ocop.example.vn>")
# For the file-based backend (the production smoke run counts the e-mails the worker writes there).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default="") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Oscar's stock alerts and Wagtail's page/task chatter at INFO drown real messages.
        "oscar": {"level": env("OSCAR_LOG_LEVEL", default="WARNING")},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", default="WARNING")},
        "django_tasks": {"level": "WARNING"},
    },
}

from marketplace.settings.integrations.cache import *  # noqa: E402,F403
from marketplace.settings.integrations.celery import *  # noqa: E402,F403
from marketplace.settings.integrations.oscar import *  # noqa: E402,F403
from marketplace.settings.integrations.search import *  # noqa: E402,F403
from marketplace.settings.integrations.security import *  # noqa: E402,F403
from marketplace.settings.integrations.storage import *  # noqa: E402,F403
from marketplace.settings.integrations.stripe import *  # noqa: E402,F403
from marketplace.settings.integrations.throttling import *  # noqa: E402,F403
from marketplace.settings.integrations.vietqr import *  # noqa: E402,F403
from marketplace.settings.integrations.wagtail import *  # noqa: E402,F403

# isort: split
# After oscar: that module star-imports oscar.defaults, which would reset the dashboard navigation.
from marketplace.settings.integrations.dashboard import *  # noqa: E402,F403
