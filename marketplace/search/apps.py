from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search service over products, producers, places, fairs and tours, on the database or Elasticsearch."""

    name = "marketplace.search"
    label = "marketplace_search"
    verbose_name = _("Search")

    def ready(self):
        from marketplace.search.receivers import receivers_connect

        receivers_connect()
