#!/usr/bin/env python
"""Catalogue benchmark: seed N products into PostgreSQL, serve with gunicorn, report p50/p95 and queries.

Usage: .venv/bin/python bench/catalogue.py --products 10000 [--requests 200] [--database ocop_bench]
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402


def seed(products: int) -> None:
    """Deterministic: product i always gets the same producer, group, price, stars and stock."""
    from django.core.management import call_command
    from django.db import transaction
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    ProductCategory = get_model("catalogue", "ProductCategory")
    Certification = get_model("catalogue", "Certification")

    call_command("migrate", verbosity=0)
    existing = Product.objects.filter(upc__startswith="BENCH-").count()
    if existing >= products:
        # Seeded by an earlier run: the demo (and its search reindex of every product) is already there.
        print(f"seed: {existing} bench products already there", flush=True)
        return
    categories, communes, product_class = common.seed_ground()
    producers = common.producers_ensure(
        count=200, slug="bench-producer", name="Chủ thể mẫu", registration="99", communes=communes
    )
    batch = 5000
    started = time.monotonic()
    for start in range(existing, products, batch):
        stop = min(start + batch, products)
        with transaction.atomic():
            created = Product.objects.bulk_create(
                [
                    Product(
                        upc=f"BENCH-{i:06d}",
                        title=f"Sản phẩm OCOP mẫu số {i}",
                        slug=f"san-pham-ocop-mau-so-{i}",
                        product_class=product_class,
                        structure=Product.STANDALONE,
                        is_public=True,
                        description="Dữ liệu mẫu cho đo hiệu năng.",
                    )
                    for i in range(start, stop)
                ]
            )
            StockRecord.objects.bulk_create(
                [
                    StockRecord(
                        product=p,
                        partner=producers[i % len(producers)],
                        partner_sku=f"BENCH-{i:06d}",
                        price=Decimal(10000 + (i * 7919) % 990000),
                        price_currency="VND",
                        num_in_stock=(i * 31) % 200,
                    )
                    for i, p in zip(range(start, stop), created, strict=True)
                ]
            )
            ProductCategory.objects.bulk_create(
                [
                    ProductCategory(product=p, category=categories[i % len(categories)])
                    for i, p in zip(range(start, stop), created, strict=True)
                ]
            )
            certs = []
            for i, p in zip(range(start, stop), created, strict=True):
                score = 50 + (i * 13) % 51
                stars = 5 if score >= 90 else 4 if score >= 70 else 3
                certs.append(
                    Certification(
                        product=p,
                        score=score,
                        stars=stars,
                        decision_number=f"{i}/QĐ-BENCH",
                        decision_date="2025-01-15",
                        valid_until="2028-01-15",
                        status="certified",
                        issuing_level="ministry" if stars == 5 else "province",
                    )
                )
            Certification.objects.bulk_create(certs)
        print(f"seed: {stop}/{products} ({time.monotonic() - started:.0f} s)", flush=True)
    common.analyze()


def pages() -> dict[str, str]:
    from django.urls import reverse
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    Category = get_model("catalogue", "Category")
    Partner = get_model("partner", "Partner")
    bench_products = Product.objects.filter(upc__startswith="BENCH-").order_by("pk")
    product = bench_products[min(500, bench_products.count() - 1)]  # the 501st, or the last of a small seed
    producer = Partner.objects.get(slug="bench-producer-007")
    group = Category.objects.get(slug="food")
    urls = {
        "catalogue (page 1)": "/shop/",
        "catalogue (page 200)": "/shop/?page=200",
        "group page (food)": group.get_absolute_url(),
        "product page": product.get_absolute_url(),
        "producer page": producer.get_absolute_url(),
    }
    urls["region page (Phú Thọ)"] = reverse("region-province", kwargs={"province_slug": "phu-tho"})
    return urls


def count_queries(urls: dict[str, str]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm caches the way a running server has them
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(captured)
    return counts


def measure(urls: dict[str, str], requests: int, port: int) -> dict[str, dict]:
    server = common.gunicorn_start(port=port, workers=2)
    try:
        base = f"http://127.0.0.1:{port}"
        results = {}
        for name, url in urls.items():
            for _ in range(10):  # warm-up
                urllib.request.urlopen(base + url, timeout=30).read()
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                urllib.request.urlopen(base + url, timeout=30).read()
                timings.append((time.perf_counter() - started) * 1000)
            results[name] = {
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": common.percentile(timings, 0.95),
            }
        return results
    finally:
        common.gunicorn_stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default="ocop_bench")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    common.database_ensure(args.database)
    common.django_setup(args.database)
    seed(args.products)
    urls = pages()
    queries = count_queries(urls)
    load_before = os.getloadavg()
    timings = measure(urls, args.requests, args.port)
    load_after = os.getloadavg()
    report = {
        "products": args.products,
        # The client, gunicorn and PostgreSQL share the machine: a busy machine shows in the figures.
        "load_average": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in load_after]},
        "pages": {name: {**timings[name], "queries": queries[name], "url": urls[name]} for name in urls},
    }
    out = common.results_dir() / f"catalogue-{args.products}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"\n{args.products} products, {args.requests} sequential requests per page (gunicorn, 2 workers)")
    loads = [" ".join(f"{x:.2f}" for x in load) for load in (load_before, load_after)]
    print(f"load average (1, 5, 15 min): {loads[0]} before, {loads[1]} after")
    print(f"{'page':<26}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for name, row in report["pages"].items():
        print(f"{name:<26}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['queries']:>9}")


if __name__ == "__main__":
    main()
