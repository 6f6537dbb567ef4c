#!/usr/bin/env python
"""Checkout benchmark: concurrent buyers against gunicorn on PostgreSQL; orders/s, p95, no oversell.

Seeds 200 producers × 10 products with ample stock and one hot product, serves the site with
gunicorn (DEBUG=False), then runs two phases of real HTTP shoppers, each with its own cookies:

- normal mix: --buyers threads work through --purchases shoppers; each opens a product page,
  adds 1–3 products (1–2 of each), opens the checkout and places it cash on delivery;
  --double-clicks of them post the checkout twice at the same moment (a double click);
- hot product: --hot-buyers shoppers each put 1 unit of a product with --hot-stock units free
  in their basket, then all post the checkout at once.

Afterwards it checks the database: no stock record negative or over-allocated, every bench
record's allocation equal to the units in its orders, exactly --hot-stock hot units sold,
distinct order numbers, one order per (purchase, producer), no basket submitted twice.
Exit status 1 when a check fails.

Usage: .venv/bin/python bench/checkout.py [--purchases 400] [--buyers 16] [--hot-buyers 100]
       [--database ocop_bench_checkout] [--workers 2] [--threads 4]
"""

import argparse
import html
import json
import os
import random
import re
import resource
import socket
import statistics
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import requests
from django.urls import reverse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

PRODUCERS = 200
PRODUCTS_PER_PRODUCER = 10
AMPLE_STOCK = 1_000_000
HOT_SKU = "CHK-HOT"
TIMEOUT = 120  # seconds for one HTTP request
ALERT = re.compile(r'<div class="alert alert-danger" role="alert">(.*?)</div>', re.S)


def _setup_django(database: str) -> None:
    common.django_setup(
        database,
        # A cache key prefix of this bench's own keeps its cache and sessions apart from the catalogue's.
        CACHE_KEY_PREFIX="ocop-bench-checkout",
        # No broker: confirmation e-mails are built in the request (eager tasks) and then dropped.
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
    )


def seed() -> None:
    """Deterministic: product i always has the same producer, price and certificate; stock is ample."""
    from django.db import transaction
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    ProductCategory = get_model("catalogue", "ProductCategory")
    Certification = get_model("catalogue", "Certification")
    ProductRecord = get_model("analytics", "ProductRecord")

    categories, communes, product_class = common.seed_ground()
    if Product.objects.filter(upc=HOT_SKU).exists():
        print("seed: bench products already there")
        return
    started = time.monotonic()
    total = PRODUCERS * PRODUCTS_PER_PRODUCER
    with transaction.atomic():
        producers = common.producers_ensure(
            count=PRODUCERS,
            slug="chk-producer",
            name="Chủ thể mẫu (đo đặt hàng)",
            registration="98",
            communes=communes,
        )
        specs = [(f"CHK-{i:05d}", f"Sản phẩm đặt hàng mẫu số {i}", f"chk-san-pham-{i}") for i in range(total)]
        specs.append((HOT_SKU, "Sản phẩm bán chạy (mẫu)", "chk-san-pham-ban-chay"))
        created = Product.objects.bulk_create(
            [
                Product(
                    upc=upc,
                    title=title,
                    slug=slug,
                    product_class=product_class,
                    structure=Product.STANDALONE,
                    is_public=True,
                    description="Dữ liệu mẫu cho đo hiệu năng đặt hàng.",
                )
                for upc, title, slug in specs
            ]
        )
        StockRecord.objects.bulk_create(
            [
                StockRecord(
                    product=p,
                    partner=producers[i % PRODUCERS],
                    partner_sku=p.upc,
                    price=Decimal(20000 + (i * 7919) % 480000 // 1000 * 1000),
                    price_currency="VND",
                    num_in_stock=0 if p.upc == HOT_SKU else AMPLE_STOCK,  # the hot one is topped up per run
                    num_allocated=0,
                )
                for i, p in enumerate(created)
            ]
        )
        ProductCategory.objects.bulk_create(
            [ProductCategory(product=p, category=categories[i % len(categories)]) for i, p in enumerate(created)]
        )
        Certification.objects.bulk_create(
            [
                Certification(
                    product=p,
                    score=70 + i % 20,
                    stars=4,
                    decision_number=f"{i}/QĐ-BENCH-CHK",
                    decision_date="2025-01-15",
                    valid_until="2028-01-15",
                    status="certified",
                    issuing_level="province",
                )
                for i, p in enumerate(created)
            ]
        )
        # A shop that has been open a while: every product has its analytics row. (Oscar creates it
        # on the first view or basket addition, and first views at the same moment collide: see
        # tests/integration/test_checkout_concurrency.py. This bench measures the checkout.)
        ProductRecord.objects.bulk_create([ProductRecord(product=p) for p in created])
    common.analyze()
    print(f"seed: {total} products from {PRODUCERS} producers + 1 hot product ({time.monotonic() - started:.0f} s)")


# HTTP shoppers ---------------------------------------------------------------------------------------------------


def _cookies_over_plain_http(browser: requests.Session) -> None:
    """Production marks the session and CSRF cookies Secure. The bench talks plain HTTP to gunicorn
    on the loopback, where a TLS-terminating proxy would: let the client send them back all the same."""
    for cookie in browser.cookies:
        cookie.secure = False


@dataclass
class Call:
    kind: str  # "checkout" or "prepare"
    status: int | None
    ms: float
    outcome: str  # ok, out of stock, form error, http <code>, exception <name>


@dataclass
class Shopper:
    email: str
    items: list  # [(product url, product id, quantity)]
    calls: list = field(default_factory=list)
    browser: requests.Session | None = None
    # The purchase pages this shopper's checkout posts redirected to (a double click lands twice on one).
    purchase_urls: set = field(default_factory=set)

    @property
    def placed(self) -> int:
        return len(self.purchase_urls)


def _session() -> requests.Session:
    browser = requests.Session()
    # One connection per request, as from a proxy: an idle kept-alive connection that gunicorn has
    # closed meanwhile would otherwise fail a POST on the client's side, which is not the site's doing.
    browser.headers["Connection"] = "close"
    return browser


def _refusal_markers() -> list[str]:
    """Fragments of every "not enough left" message the checkout gives, in Vietnamese and English."""
    from django.utils import translation
    from django.utils.translation import gettext

    markers = []
    for language in ("vi", "en"):
        with translation.override(language):
            sold_out = gettext("Sorry, %(product)s has just sold out or has fewer units left than you asked for.")
            markers.append(max(sold_out.split("%(product)s"), key=len).strip())
            markers += [gettext("no stock available"), gettext("unavailable")]
            markers.append(gettext("a maximum of %(max)d can be bought").split("%(max)d")[0].strip())
    return [m for m in markers if m]


REFUSALS: list[str] = []  # filled once Django is set up


def _outcome(response) -> str:
    if response.status_code == 302:
        return "ok" if "/checkout/purchase/" in response.headers.get("Location", "") else "redirect elsewhere"
    if response.status_code == 200:
        alert = ALERT.search(response.text)
        if alert is None:
            return "200 without a message"
        text = html.unescape(alert.group(1))
        return "refused: out of stock" if any(m in text for m in REFUSALS) else "refused: other message"
    return f"http {response.status_code}"


def _timed(shopper: Shopper, kind: str, method: str, url: str, **kwargs) -> requests.Response | None:
    """One request of the shopper's, timed and classified; None when it did not get an answer."""
    started = time.perf_counter()
    try:
        response = shopper.browser.request(method, url, allow_redirects=False, timeout=TIMEOUT, **kwargs)
    except requests.RequestException as exc:
        ms = (time.perf_counter() - started) * 1000
        shopper.calls.append(Call(kind, None, ms, f"exception {type(exc).__name__}"))
        return None
    ms = (time.perf_counter() - started) * 1000
    _cookies_over_plain_http(shopper.browser)
    if kind == "checkout":
        outcome = _outcome(response)
    else:
        outcome = "ok" if response.status_code in (200, 302) else f"http {response.status_code}"
    shopper.calls.append(Call(kind, response.status_code, ms, outcome))
    return response


def prepare(base: str, shopper: Shopper) -> bool:
    """Open the first product's page (which sets the CSRF cookie), add every item, open the checkout."""
    shopper.browser = _session()
    if _timed(shopper, "prepare", "GET", base + shopper.items[0][0]) is None:
        return False
    for _url, product_id, quantity in shopper.items:
        data = {"quantity": quantity, "csrfmiddlewaretoken": shopper.browser.cookies.get("csrftoken", "")}
        if (
            _timed(shopper, "prepare", "POST", base + reverse("basket:add", kwargs={"pk": product_id}), data=data)
            is None
        ):
            return False
    response = _timed(shopper, "prepare", "GET", base + reverse("checkout:index"))
    return response is not None and response.status_code == 200


_placed_lock = threading.Lock()


def checkout(base: str, shopper: Shopper, form: dict, clicks: int = 1) -> None:
    """Post the checkout; with clicks=2 the same shopper posts it twice at the same moment."""
    data = {**form, "email": shopper.email, "csrfmiddlewaretoken": shopper.browser.cookies.get("csrftoken", "")}
    url = base + reverse("checkout:index")

    def post():
        response = _timed(shopper, "checkout", "POST", url, data=data)
        if response is not None and _outcome(response) == "ok":
            with _placed_lock:
                shopper.purchase_urls.add(response.headers["Location"])

    if clicks == 1:
        post()
        return
    barrier = threading.Barrier(clicks)
    threads = [threading.Thread(target=lambda: (barrier.wait(), post())) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def checkout_form() -> dict:
    from marketplace.regions.models import Region

    ward = Region.objects.filter(parent__code="25").order_by("code").first()
    return {
        "full_name": "Khách Hàng Mẫu",
        "phone": "0912 345 678",
        "province": "25",
        "ward": ward.code,
        "street": "Số 1, đường Hùng Vương",
        "notes": "",
        "payment_method": "cod",
    }


def shoppers_normal(*, run: str, count: int, seed: int) -> list[Shopper]:
    """Shopper i always picks the same 1–3 products and quantities (for a given --seed)."""
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    products = list(Product.objects.filter(upc__startswith="CHK-0").order_by("upc").values_list("pk", "slug"))
    catalogue = [(reverse("catalogue:detail", kwargs={"product_slug": slug, "pk": pk}), pk) for pk, slug in products]
    shoppers = []
    for i in range(count):
        rng = random.Random(seed * 100_003 + i)  # noqa: S311  (repeatable choices, not secrets)
        picks = rng.sample(catalogue, rng.randint(1, 3))
        items = [(url, pk, rng.randint(1, 2)) for url, pk in picks]
        shoppers.append(Shopper(email=f"r{run}-n{i:05d}@bench.example.vn", items=items))
    return shoppers


def count_queries(*, run: str, form: dict) -> dict[str, float]:
    """Queries of each step of one shopper, counted in-process (the second of two shoppers: caches warm)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, list[int]] = {}

    def step(name: str, send):
        with CaptureQueriesContext(connection) as captured:
            response = send()
        assert response.status_code in (200, 302), (name, response.status_code)
        counts.setdefault(name, []).append(len(captured))
        return response

    for shopper in shoppers_normal(run=run, count=2, seed=0):
        client = Client(HTTP_HOST="127.0.0.1")
        counts.clear()
        step("product page", lambda: client.get(shopper.items[0][0]))  # noqa: B023
        for _url, product_id, quantity in shopper.items:
            add = reverse("basket:add", kwargs={"pk": product_id})
            step("basket add (each)", lambda: client.post(add, {"quantity": quantity}))  # noqa: B023
        step("checkout page", lambda: client.get(reverse("checkout:index")))  # noqa: B023
        placed = step("checkout post", lambda: client.post(reverse("checkout:index"), {**form, "email": shopper.email}))  # noqa: B023
        assert placed.status_code == 302, "the in-process checkout did not place the purchase"
    return {name: round(sum(values) / len(values), 1) for name, values in counts.items()}


# Server ------------------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_errors(log: Path) -> Counter:
    """The exception that ended each 'Internal Server Error' traceback in the gunicorn log."""
    kinds = Counter()
    for block in log.read_text(errors="replace").split("Internal Server Error:")[1:]:
        finals = re.findall(r"^([A-Za-z_][\w.]*(?:Error|Exception|Violation)\b[^\n]*)", block, re.M)
        kinds[finals[-1][:160] if finals else "unknown"] += 1
    return kinds


# Checks -----------------------------------------------------------------------------------------------------------


def verify(*, run: str, hot_record_id: int, hot_stock: int, hot_allocated_before: int, placed: int) -> dict:
    """What the database says after the run. Each entry: (passed, detail)."""
    from django.db.models import Count, F, Q, Sum
    from oscar.core.loading import get_model

    from marketplace.order.models import Order, Purchase

    StockRecord = get_model("partner", "StockRecord")
    Line = get_model("order", "Line")
    checks = {}

    bad = StockRecord.objects.filter(
        Q(num_in_stock__lt=0) | Q(num_allocated__lt=0) | Q(num_allocated__gt=F("num_in_stock"))
    ).count()
    checks["no stock record negative or over-allocated (all records)"] = (bad == 0, f"{bad} bad records")

    sold = dict(
        Line.objects.filter(stockrecord__partner_sku__startswith="CHK-")
        .values_list("stockrecord_id")
        .annotate(units=Sum("quantity"))
        .values_list("stockrecord_id", "units")
    )
    records = StockRecord.objects.filter(partner_sku__startswith="CHK-").values_list("pk", "num_allocated")
    mismatched = [(pk, allocated, sold.get(pk, 0)) for pk, allocated in records if allocated != sold.get(pk, 0)]
    checks["allocated == units in orders, every bench record"] = (
        not mismatched,
        f"{len(mismatched)} differ {mismatched[:3]}",
    )

    hot = StockRecord.objects.get(pk=hot_record_id)
    hot_sold = hot.num_allocated - hot_allocated_before
    checks["hot product: exactly its free units sold"] = (
        hot_sold == hot_stock and hot.num_allocated <= hot.num_in_stock,
        f"{hot_sold} of {hot_stock} sold; allocated {hot.num_allocated} / in stock {hot.num_in_stock}",
    )

    purchases = Purchase.objects.filter(email__startswith=f"r{run}-")
    orders = Order.objects.filter(purchase__in=purchases)
    numbers = list(orders.values_list("number", "purchase__reference"))
    distinct = len({n for n, _ in numbers}) == len(numbers)
    prefixed = all(n.startswith(f"{ref}-") for n, ref in numbers)
    checks["distinct order numbers, each under its purchase"] = (distinct and prefixed, f"{len(numbers)} orders")
    pairs = orders.values("purchase_id", "producer_id").distinct().count()
    checks["orders == (purchase, producer) pairs"] = (pairs == len(numbers), f"{len(numbers)} orders, {pairs} pairs")
    twice = (
        orders.values("basket_id")
        .annotate(purchases=Count("purchase_id", distinct=True))
        .filter(purchases__gt=1)
        .count()
    )
    per_buyer = purchases.values("email").annotate(n=Count("pk")).filter(n__gt=1).count()
    checks["no basket submitted twice"] = (
        twice == 0 and per_buyer == 0,
        f"{twice} baskets in more than one purchase; {per_buyer} shoppers with more than one purchase",
    )
    checks["purchases == purchase pages the checkouts led to"] = (
        purchases.count() == placed,
        f"{purchases.count()} purchases, {placed} distinct purchase pages redirected to",
    )
    return checks


# Phases -----------------------------------------------------------------------------------------------------------


def _summary(shoppers: list[Shopper]) -> dict:
    checkouts = [c for s in shoppers for c in s.calls if c.kind == "checkout"]
    prepares = [c for s in shoppers for c in s.calls if c.kind == "prepare"]
    return {
        "checkout_p50_ms": round(statistics.median([c.ms for c in checkouts]), 1) if checkouts else 0.0,
        "checkout_p95_ms": common.percentile([c.ms for c in checkouts], 0.95),
        "checkout_outcomes": dict(Counter(c.outcome for c in checkouts)),
        "other_requests": len(prepares),
        "other_failures": dict(Counter(c.outcome for c in prepares if c.outcome != "ok")),
    }


def phase_normal(base: str, shoppers: list[Shopper], *, buyers: int, double_clicks: int, form: dict) -> dict:
    from marketplace.order.models import Order

    doubled = (
        set(range(0, len(shoppers), max(len(shoppers) // double_clicks, 1))[:double_clicks]) if double_clicks else set()
    )

    def one(index: int) -> None:
        shopper = shoppers[index]
        if prepare(base, shopper):
            checkout(base, shopper, form, clicks=2 if index in doubled else 1)

    emails = [s.email for s in shoppers]
    started = time.perf_counter()
    with ThreadPoolExecutor(buyers) as pool:
        list(pool.map(one, range(len(shoppers))))
    seconds = time.perf_counter() - started
    orders = Order.objects.filter(purchase__email__in=emails).count()
    purchases = Order.objects.filter(purchase__email__in=emails).values("purchase_id").distinct().count()
    return {
        "shoppers": len(shoppers),
        "double_clicks": len(doubled),
        "seconds": round(seconds, 1),
        "purchases": purchases,
        "orders": orders,
        "orders_per_s": round(orders / seconds, 1),
        "purchases_per_s": round(purchases / seconds, 1),
        **_summary(shoppers),
    }


def phase_hot(base: str, *, run: str, hot_buyers: int, buyers: int, form: dict) -> tuple[dict, list[Shopper]]:
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    hot = Product.objects.get(upc=HOT_SKU)
    item = (hot.get_absolute_url(), hot.pk, 1)
    shoppers = [Shopper(email=f"r{run}-h{i:05d}@bench.example.vn", items=[item]) for i in range(hot_buyers)]
    with ThreadPoolExecutor(buyers) as pool:
        ready = list(pool.map(lambda s: prepare(base, s), shoppers))
    racing = [s for s, ok in zip(shoppers, ready, strict=True) if ok]
    barrier = threading.Barrier(max(len(racing), 1))

    def race(shopper: Shopper) -> None:
        barrier.wait()
        checkout(base, shopper, form)

    threads = [threading.Thread(target=race, args=(s,)) for s in racing]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "shoppers": hot_buyers,
        "racing": len(racing),
        "seconds": round(time.perf_counter() - started, 1),
        "purchases": sum(s.placed for s in shoppers),
        **_summary(shoppers),
    }, shoppers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--purchases", type=int, default=400, help="shoppers in the normal mix")
    parser.add_argument("--buyers", type=int, default=16, help="concurrent shoppers (threads) in the normal mix")
    parser.add_argument("--double-clicks", type=int, default=10, help="normal shoppers who post the checkout twice")
    parser.add_argument("--hot-buyers", type=int, default=100)
    parser.add_argument("--hot-stock", type=int, default=50)
    parser.add_argument("--database", default="ocop_bench_checkout")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (1: sync workers)")
    parser.add_argument(
        "--conn-max-age", type=int, default=0, help="seconds gunicorn keeps database connections (0: one per request)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    common.database_ensure(args.database)
    if args.conn_max_age:
        os.environ.setdefault(
            "DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{args.database}?conn_max_age={args.conn_max_age}"
        )
    _setup_django(args.database)
    seed()
    REFUSALS.extend(_refusal_markers())

    from django.db.models import F
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    run = time.strftime("%Y%m%d%H%M%S")
    hot = StockRecord.objects.get(partner_sku=HOT_SKU)
    # Exactly --hot-stock units free for this run; earlier runs' orders keep theirs.
    StockRecord.objects.filter(pk=hot.pk).update(num_in_stock=F("num_allocated") + args.hot_stock)
    hot.refresh_from_db()
    hot_allocated_before = hot.num_allocated
    form = checkout_form()
    queries = count_queries(run=run + "q", form=form)
    out = common.results_dir()
    log = out / "checkout-gunicorn.log"
    port = _free_port()
    load_before = os.getloadavg()[0]
    server = common.gunicorn_start(port=port, workers=args.workers, threads=args.threads, log=log)
    base = f"http://127.0.0.1:{port}"
    try:
        warm = shoppers_normal(run=run + "w", count=args.buyers, seed=args.seed + 1)
        with ThreadPoolExecutor(args.buyers) as pool:  # load templates and code in every worker
            list(pool.map(lambda s: prepare(base, s) and checkout(base, s, form), warm))
        shoppers = shoppers_normal(run=run, count=args.purchases, seed=args.seed)
        normal = phase_normal(base, shoppers, buyers=args.buyers, double_clicks=args.double_clicks, form=form)
        hot_result, hot_shoppers = phase_hot(base, run=run, hot_buyers=args.hot_buyers, buyers=args.buyers, form=form)
    finally:
        load_after = os.getloadavg()[0]
        common.gunicorn_stop(server)
    cpu_client = resource.getrusage(resource.RUSAGE_SELF)
    cpu_server = resource.getrusage(resource.RUSAGE_CHILDREN)
    placed = sum(s.placed for s in shoppers + hot_shoppers)
    checks = verify(
        run=run,
        hot_record_id=hot.pk,
        hot_stock=args.hot_stock,
        hot_allocated_before=hot_allocated_before,
        placed=placed,
    )
    server_errors = _server_errors(log)
    report = {
        "run": run,
        "server": {
            "workers": args.workers,
            "threads": args.threads,
            "conn_max_age": args.conn_max_age,
            "cpus": os.cpu_count(),
            # The machine's 1-minute load average around the run: other work on it slows the figures.
            "load_before": round(load_before, 1),
            "load_after": round(load_after, 1),
            # CPU seconds (user + system) of this process (HTTP clients, seed, checks) and of gunicorn.
            "cpu_s_clients": round(cpu_client.ru_utime + cpu_client.ru_stime, 1),
            "cpu_s_gunicorn": round(cpu_server.ru_utime + cpu_server.ru_stime, 1),
        },
        "queries_per_request": queries,
        "normal": normal,
        "hot": hot_result,
        "server_errors": dict(server_errors),
        "checks": {name: {"passed": ok, "detail": detail} for name, (ok, detail) in checks.items()},
    }
    (out / "checkout.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    _print(report, args)
    if not all(ok for ok, _ in checks.values()) or server_errors:
        sys.exit(1)


def _print(report: dict, args) -> None:
    normal, hot = report["normal"], report["hot"]
    server = report["server"]
    print(
        f"\nCheckout bench, run {report['run']}: gunicorn {server['workers']} workers × {server['threads']} threads "
        f"(DEBUG=False, database connections kept {server['conn_max_age']} s), PostgreSQL, {server['cpus']} CPUs; "
        f"load average {server['load_before']} → {server['load_after']}; CPU seconds: bench process (HTTP "
        f"clients, seed, checks) {server['cpu_s_clients']}, gunicorn {server['cpu_s_gunicorn']}\n"
    )
    print("| phase | shoppers | purchases | orders | seconds | orders/s | checkout p50 ms | checkout p95 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| normal mix ({args.buyers} at a time, {normal['double_clicks']} double clicks) | {normal['shoppers']} "
        f"| {normal['purchases']} | {normal['orders']} | {normal['seconds']} | {normal['orders_per_s']} "
        f"| {normal['checkout_p50_ms']} | {normal['checkout_p95_ms']} |"
    )
    print(
        f"| hot product ({args.hot_stock} units, all at once) | {hot['shoppers']} | {hot['purchases']} "
        f"| {hot['purchases']} | {hot['seconds']} | – | {hot['checkout_p50_ms']} | {hot['checkout_p95_ms']} |"
    )
    print("\n| outcome | normal mix | hot product |\n|---|---:|---:|")
    rows = [("checkout", "checkout_outcomes"), ("other requests", "other_failures")]
    for label, key in rows:
        for kind in sorted(set(normal[key]) | set(hot[key])):
            print(f"| {label}: {kind} | {normal[key].get(kind, 0)} | {hot[key].get(kind, 0)} |")
        if key == "checkout_outcomes":
            print(f"| other requests (pages, basket) | {normal['other_requests']} | {hot['other_requests']} |")
    print("\n| request (one shopper, in-process) | queries |\n|---|---:|")
    for name, count in report["queries_per_request"].items():
        print(f"| {name} | {count} |")
    print("\n| server error (gunicorn log) | count |\n|---|---:|")
    for kind, count in report["server_errors"].items() or [("none", 0)]:
        print(f"| {kind} | {count} |")
    print("\n| check | result | detail |\n|---|---|---|")
    for name, check in report["checks"].items():
        print(f"| {name} | {'PASS' if check['passed'] else 'FAIL'} | {check['detail']} |")


if __name__ == "__main__":
    main()
