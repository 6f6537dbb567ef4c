"""Oscar's root app config with our URL layout.

The catalogue sits at /shop/ itself (not /shop/catalogue/) and the dashboard
is mounted at /dashboard/ by marketplace/urls.py.
"""

from django.urls import include, path
from django.views.generic import RedirectView
from oscar import config

# Oscar's Haystack search page is gone; old links to /shop/search/?q=... move for good to our
# search service in the same language. The "search:search" name stays so that any Oscar template
# still reversing it gets this redirect instead of a NoReverseMatch.
_old_search_urls = (
    [
        path(
            "",
            RedirectView.as_view(pattern_name="site-search:search", query_string=True, permanent=True),
            name="search",
        )
    ],
    "search",
)


class Shop(config.Shop):
    def get_urls(self):
        urls = [
            path("", self.catalogue_app.urls),
            path("basket/", self.basket_app.urls),
            path("checkout/", self.checkout_app.urls),
            path("accounts/", self.customer_app.urls),
            path("search/", include(_old_search_urls)),
            path("offers/", self.offer_app.urls),
            path("wishlists/", self.wishlists_app.urls),
        ]
        # Keep Oscar's password-reset views (the same views and URL names).
        password_reset = [u for u in super().get_urls() if getattr(u, "name", "").startswith("password-reset")]
        return urls + password_reset
