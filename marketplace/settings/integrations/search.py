"""Search: Elasticsearch when ELASTICSEARCH_URL is set, the database otherwise."""

from marketplace.settings.env import env

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="ocop")
# Seconds a search waits for Elasticsearch before the database answers instead, and how long Elasticsearch
# is then skipped after a connection failure (marketplace/search/selectors.py).
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=2.0)
ELASTICSEARCH_BREAKER_SECONDS = env.float("ELASTICSEARCH_BREAKER_SECONDS", default=30.0)

# Database-backend answers cached for this many seconds, keyed by an index version that every index write
# replaces (marketplace/search/cache.py). On by default only with a shared cache (Redis): a per-process
# local-memory cache would not see another process's writes.
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=300 if env("REDIS_URL", default="") else 0)

# Haystack is not used and not in INSTALLED_APPS, but it cannot be uninstalled: django-oscar 4.2
# requires django-haystack, and oscar.apps.catalogue.views imports oscar.apps.search.views, which
# imports haystack.generic_views. Importing haystack raises ImproperlyConfigured without
# HAYSTACK_CONNECTIONS, so one inert connection remains. The base signal processor (also the
# default when unset) indexes nothing; Oscar's defaults ask for the realtime one.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
