"""Search: Elasticsearch when ELASTICSEARCH_URL is set, the database otherwise."""

import warnings

from marketplace.settings.env import env

# Oscar's product signals ask Haystack's simple backend to index; it has no index and warns each
# time. Our own search service replaces Haystack; until then the warning is only noise.
warnings.filterwarnings("ignore", message=r"(update|remove) is not implemented in this backend", category=UserWarning)

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="ocop")

# Oscar's own search app still expects Haystack; the simple backend queries the
# database and needs no server.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
