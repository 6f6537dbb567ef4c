"""Settings of the search bench: production's, with the search answer cache on unless
SEARCH_CACHE_SECONDS=0 in the environment (bench/search.py measures both ways)."""

import os

from marketplace.settings.bench import *  # noqa: F403

SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "300"))
