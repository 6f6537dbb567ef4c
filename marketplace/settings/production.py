"""Production: fails loudly without its secrets, its services and the operator's real details.

`manage.py check --deploy --settings=marketplace.settings.production` gives no
warnings; anything silenced is listed with its reason below (see hardened.py).
What is refused, and why, is in production_checks.py.
"""

import os

from marketplace.settings.hardened import *  # noqa: F403
from marketplace.settings.production_checks import production_settings_problems

_problems = production_settings_problems(values=globals(), environ=os.environ)
if _problems:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Production settings refused:\n" + "\n".join(f"  - {problem}" for problem in _problems))
