from django.urls import path
from oscar.apps.checkout import apps


class CheckoutConfig(apps.CheckoutConfig):
    """One-page checkout for a marketplace basket: one purchase, one payment, one order per producer."""

    name = "marketplace.checkout"

    def ready(self):
        from marketplace.checkout import views

        self.index_view = views.CheckoutView
        self.purchase_view = views.PurchaseDetailView
        self.fees_view = views.checkout_fees_json

    def get_urls(self):
        urls = [
            path("", self.index_view.as_view(), name="index"),
            path("fees.json", self.fees_view, name="fees"),
            path("purchase/<str:token>/", self.purchase_view.as_view(), name="purchase"),
        ]
        return self.post_process_urls(urls)
