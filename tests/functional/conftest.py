"""Browser tests: a real headless Chromium (Debian's) driving pytest-django's live server.

Playwright's sync API keeps an asyncio loop running in the test thread, and Django
refuses ORM calls from a thread with a running loop. The tests build their data in
fixtures set up before the browser starts and read the database only between page
actions (the live server answers from its own thread), so that guard is lifted here.
Data fixtures come before ``browser_page`` in the tests' arguments for that reason.

Every browser test also fails when Chromium reports a Content-Security-Policy violation in its console
(an inline script or a source the policy does not name): the policy is checked on every page they visit.
Under that policy (no 'unsafe-eval'), give ``page.wait_for_function`` a function (``"() => …"``), not a bare
expression: Playwright evaluates a bare expression again with eval() on every poll, which the page refuses.
"""

import os
from decimal import Decimal
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
# Chromium's console says this in every CSP violation ("Refused to execute inline script because it violates
# the following Content Security Policy directive: …").
CSP_VIOLATION_MARKER = "Content Security Policy"
SHOTS_DIR = Path("/tmp/ocop-shots")  # noqa: S108 - screenshots for a human to look at


@pytest.fixture
def csp_violations():
    """The CSP violations Chromium reported in the console during the test (filled by ``browser_page``)."""
    return []


@pytest.fixture
def browser_page(chromium_path, csp_violations):
    """A page in a fresh Vietnamese-locale context of headless Chromium; the test fails at teardown if any page
    of the context logged a Content-Security-Policy violation."""
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    def on_console(message):
        if CSP_VIOLATION_MARKER in message.text:
            csp_violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN")
        context.set_default_timeout(TIMEOUT_MS)
        # On the context, not the page: popups and new tabs are watched too.
        context.on("console", on_console)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # While Playwright's loop runs, Django keeps this thread's database connections
            # per asyncio context rather than per thread: ORM calls made meanwhile opened
            # connections of their own. Close them, or they outlive the test (and PostgreSQL
            # then refuses to drop the test database at the end of the run).
            connections.close_all()
    if csp_violations:
        pytest.fail("Content-Security-Policy violations in the browser console:\n" + "\n".join(csp_violations))


@pytest.fixture
def shots_dir():
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SHOTS_DIR


@pytest.fixture
def storefront(transactional_db, wagtail_tree):
    """The OCOP groups and the Wagtail home page (Vietnamese root, English translation)."""
    from django.core.cache import cache

    from catalogue.services import category_ensure_ocop_groups
    from marketplace.core.demo.services import _home_pages

    # sorl-thumbnail remembers generated thumbnails in the cache, which outlives the test
    # while each test has its own MEDIA_ROOT: forget them, or pictures show as broken.
    cache.clear()
    groups = category_ensure_ocop_groups()
    home = _home_pages()
    return {"groups": groups, "home": home}


@pytest.fixture
def honey(storefront):
    """A 5★ honey at 125.000 ₫, featured on the home page."""
    from tests.factories import ProducerFactory, ProductFactory

    product = ProductFactory(
        title="Mật ong rừng Tân Sơn",
        stockrecord__price=Decimal("125000"),
        stockrecord__producer=ProducerFactory(name="HTX Mật ong Tân Sơn", slug="htx-mat-ong-tan-son"),
        certification=92,
    )
    product.categories.add(storefront["groups"]["honey-farm-foods"])
    return product
