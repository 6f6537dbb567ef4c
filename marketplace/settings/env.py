"""The one place that reads the environment (django-environ).

An optional ``.env`` file at the project root is read first; real environment
variables win over it.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
