"""Local development: `make run`."""

from marketplace.settings.base import *  # noqa: F403
from marketplace.settings.env import env

DEBUG = env.bool("DEBUG", default=True)
DEMO_MODE = env.bool("DEMO_MODE", default=True)
