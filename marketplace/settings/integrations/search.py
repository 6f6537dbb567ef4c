"""Search: Elasticsearch when ELASTICSEARCH_URL is set, the database otherwise."""

from marketplace.settings.env import env

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="ocop")

# Oscar's own search app still expects Haystack; the simple backend queries the
# database and needs no server.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
