"""The Celery application.

Configuration lives in Django settings under the ``CELERY_`` namespace
(see ``marketplace/settings/integrations/celery.py``).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
