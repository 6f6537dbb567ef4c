"""Local development: `make run`."""

from marketplace.settings.base import *  # noqa: F403
from marketplace.settings.env import env
from marketplace.settings.integrations.vietqr import vietqr_sample_account

DEBUG = env.bool("DEBUG", default=True)
DEMO_MODE = env.bool("DEMO_MODE", default=True)
if DEMO_MODE:
    # The demo shows the VietQR payment page with a labelled sample account (production refuses it).
    globals().update(vietqr_sample_account(VIETQR_BANK_BIN, VIETQR_ACCOUNT_NUMBER))  # noqa: F405

# Tasks run in-process here: one "Task … succeeded" line per index update drowns the console.
LOGGING["loggers"]["celery.app.trace"] = {"level": env("CELERY_TRACE_LOG_LEVEL", default="WARNING")}  # noqa: F405
