"""Oscar's root app config with our URL layout.

The catalogue sits at /shop/ itself (not /shop/catalogue/) and the dashboard
is mounted at /dashboard/ by marketplace/urls.py.
"""

from django.urls import path
from oscar import config


class Shop(config.Shop):
    def get_urls(self):
        urls = [
            path("", self.catalogue_app.urls),
            path("basket/", self.basket_app.urls),
            path("checkout/", self.checkout_app.urls),
            path("accounts/", self.customer_app.urls),
            path("search/", self.search_app.urls),
            path("offers/", self.offer_app.urls),
            path("wishlists/", self.wishlists_app.urls),
        ]
        # Keep Oscar's password-reset views (the same views and URL names).
        password_reset = [u for u in super().get_urls() if getattr(u, "name", "").startswith("password-reset")]
        return urls + password_reset
