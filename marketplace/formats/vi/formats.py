"""Vietnamese date formats as people write them: 28/11/2026 (Django's default is 28-11-2026)."""

from django.conf.locale.vi.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
