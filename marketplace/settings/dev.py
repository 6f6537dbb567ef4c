"""Local development: `make run`."""

from marketplace.settings.base import *  # noqa: F403
from marketplace.settings.env import env

DEBUG = env.bool("DEBUG", default=True)
DEMO_MODE = env.bool("DEMO_MODE", default=True)

# Tasks run in-process here: one "Task … succeeded" line per index update drowns the console.
LOGGING["loggers"]["celery.app.trace"] = {"level": env("CELERY_TRACE_LOG_LEVEL", default="WARNING")}  # noqa: F405
