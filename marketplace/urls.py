"""URL map: Vietnamese without prefix, English under /en/; Wagtail's page tree last."""

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_router
from events.fairs import views as fairs_views
from marketplace.core.views import healthz, healthz_serving

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/serving", healthz_serving, name="healthz-serving"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Wagtail's password reset with the shop's throttle, at Wagtail's addresses (before Wagtail's admin URLs).
    path("cms/password_reset/", include("marketplace.customer.cms_password_reset_urls")),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("django-admin/", admin.site.urls),
    # Outside the language prefix: Stripe posts webhooks to one fixed address.
    path("payments/", include("marketplace.payments.urls")),
]

urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # A few account views of our own at Oscar's addresses (login landing, order history, notifications).
    path("shop/accounts/", include("marketplace.customer.urls")),
    # Password reset with a throttle, at Oscar's address (its URL names keep reversing here).
    path("shop/password-reset/", include("marketplace.customer.password_reset_urls")),
    path("shop/", include(apps.get_app_config("oscar").urls[0])),
    path("dashboard/producer-applications/", include("marketplace.onboarding.dashboard_urls")),
    # The OCOP cycle (programme app): ideas, dossiers, criteria sets, rounds, decisions.
    path("dashboard/ocop/", include("programme.urls")),
    # The programme office (programme app): yearly plan, targets, progress, budget.
    path("dashboard/programme/", include("programme.office_urls")),
    path("trainings/", include("events.trainings.urls")),
    path("dashboard/", apps.get_app_config("dashboard").urls),
    path("producers/apply/", include("marketplace.onboarding.urls")),
    path("", include("marketplace.partner.urls")),
    path("regions/", include("marketplace.regions.urls")),
    path("t/", include("traceability.urls")),
    path("search/", include("marketplace.search.urls")),
    # A page's calendar file (e.g. /hoi-cho/lich.ics): Wagtail's own routes take no dot.
    re_path(r"^(?P<path>(?:[\w\-]+/)+)lich\.ics$", fairs_views.page_ics, name="fairs-page-ics"),
    # Wagtail's catch-all must stay last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
