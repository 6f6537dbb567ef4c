"""What every bench shares: Django set up on a PostgreSQL database of the bench's own, the seed's common
ground (demo data, groups, communes, producers), gunicorn started and stopped, percentiles, the results folder.

The benches import it as ``bench.common`` (the project root is put on the path first).
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_ensure(database: str) -> None:
    """Create the bench's PostgreSQL database unless it exists."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')


def django_setup(database: str, **environ: str) -> None:
    """Production-like settings (``marketplace.settings.bench``, throwaway secrets) on ``database``.

    ``environ`` adds defaults of the bench's own; a value already in the environment wins, as for the rest.
    """
    defaults = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.bench",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        # As in production: one cache (and the sessions) shared by the gunicorn workers, in a Redis database
        # of the benches' own.
        "REDIS_URL": "redis://127.0.0.1:6379/12",
        **environ,
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()


def seed_ground():
    """Migrate, load the demo (regions, groups, home page, demo producers); returns the leaf product groups,
    Phú Thọ's communes and the OCOP product class that bench products use."""
    from django.core.management import call_command
    from oscar.core.loading import get_model

    from catalogue.services import category_ensure_ocop_groups
    from marketplace.core.demo.services import demo_load
    from marketplace.regions.models import Region

    call_command("migrate", verbosity=0)
    demo_load()
    categories = [c for key, c in category_ensure_ocop_groups().items() if c.depth == 2]
    communes = list(Region.objects.filter(parent__code="25").order_by("code"))
    product_class = get_model("catalogue", "ProductClass").objects.get(slug="ocop-product")
    return categories, communes, product_class


def producers_ensure(*, count: int, slug: str, name: str, registration: str, communes) -> list:
    """``count`` bench producers, deterministically: producer i is "<slug>-<i:03d>", of the i-th legal type,
    in the i-th commune; ``name`` and ``registration`` are prefixes of its name and registration number."""
    from oscar.core.loading import get_model

    Partner = get_model("partner", "Partner")
    legal_types = Partner.LegalType.values
    return [
        Partner.objects.get_or_create(
            slug=f"{slug}-{index:03d}",
            defaults={
                "name": f"{name} {index:03d}",
                "legal_type": legal_types[index % len(legal_types)],
                "region": communes[index % len(communes)],
                "registration_number": f"{registration}{index:08d}",
            },
        )[0]
        for index in range(count)
    ]


def analyze() -> None:
    """Fresh planner statistics after a seed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank), in ms to one decimal; 0.0 for none."""
    values = sorted(values)
    return round(values[max(int(len(values) * share) - 1, 0)], 1) if values else 0.0


def gunicorn_start(*, port: int, workers: int = 2, threads: int | None = None, log: Path | None = None):
    """gunicorn serving the site on the loopback, once it answers /healthz (SystemExit if it never does)."""
    command = [sys.executable, "-m", "gunicorn", "marketplace.wsgi", "--workers", str(workers)]
    if threads:
        command += ["--threads", str(threads), "--timeout", "120"]
    command += ["--bind", f"127.0.0.1:{port}"]
    output = log.open("w") if log else subprocess.DEVNULL
    server = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ}, stdout=output, stderr=subprocess.STDOUT if log else subprocess.DEVNULL
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except urllib.error.HTTPError:  # answered (a 503 names a missing service the pages may not need)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on port {port}" + (f"; see {log}" if log else ""))


def gunicorn_stop(server, *, timeout: int = 30) -> None:
    server.terminate()
    server.wait(timeout=timeout)


def results_dir() -> Path:
    """bench/results/ (ignored by git), created if missing."""
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    return out
