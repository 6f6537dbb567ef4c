#!/usr/bin/env python
"""Search benchmark: seed N products into PostgreSQL, rebuild the search index, serve with gunicorn and
report p50/p95 and the query count of broad, narrow, folded, one-typo, faceted, deep, sorted searches and
suggestions.

Usage: .venv/bin/python bench/search.py --products 10000 [--requests 200] [--database bench_search_10k]
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# bench/catalogue.py (its seeding, server and measuring) as bench.catalogue: "catalogue" is the Django app.
from bench import catalogue  # noqa: E402
from bench.common import database_ensure, django_setup, results_dir  # noqa: E402

# Product names a shop really has, so that words repeat the way they do in a catalogue: "mật ong" and
# "chè" each appear in 3 of 24 names (1 product in 8), Phú Thọ (where every bench producer sits) in all.
NAMES = [
    "Mật ong rừng",
    "Mật ong hoa nhãn",
    "Chè Shan tuyết",
    "Chè búp tím",
    "Nước mắm cá cơm",
    "Mắm tôm",
    "Gạo nếp cái hoa vàng",
    "Bưởi Đoan Hùng",
    "Miến dong",
    "Cà phê rang xay",
    "Măng khô",
    "Thịt trâu gác bếp",
    "Rượu ngô men lá",
    "Tương ớt",
    "Trà hoa vàng",
    "Mật ong bạc hà",
    "Bánh chưng",
    "Cam Cao Phong",
    "Chè xanh Long Cốc",
    "Hồng không hạt",
    "Nấm hương rừng",
    "Tinh bột nghệ",
    "Dầu lạc ép",
    "Vải thiều",
]
PLACES = ["Tân Sơn", "Thanh Sơn", "Yên Lập", "Cẩm Khê", "Hạ Hòa", "Lâm Thao", "Tam Nông"]


def _setup(database: str) -> None:
    # Production settings with the search answer cache (bench/search_settings.py); a cache key prefix
    # per database, as both sizes share the benches' Redis database.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.search_settings")
    os.environ.setdefault("CACHE_KEY_PREFIX", f"ocop-{database}")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    database_ensure(database)
    django_setup(database)


def seed(products: int, *, reindex: bool) -> None:
    """The catalogue bench's products, renamed (deterministically: product i gets NAMES[i % 24] and
    PLACES[i % 7]) so that searches have something to find; then the search index is rebuilt."""
    from django.db import connection
    from oscar.core.loading import get_model

    from marketplace.search.models import SearchDocument
    from marketplace.search.services import search_reindex

    Product = get_model("catalogue", "Product")
    catalogue.seed(products)
    renamed = False
    if Product.objects.filter(upc__startswith="BENCH-", title__startswith="Sản phẩm OCOP mẫu").exists():
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE catalogue_product SET title = (%s::text[])[n %% %s + 1] || ' ' || (%s::text[])[n %% %s + 1]"
                " || ' số ' || n FROM (SELECT id AS pid, substr(upc, 7)::int AS n FROM catalogue_product"
                " WHERE upc LIKE 'BENCH-%%') AS numbered WHERE catalogue_product.id = numbered.pid",
                [NAMES, len(NAMES), PLACES, len(PLACES)],
            )
        renamed = True
        print(f"seed: products renamed ({time.monotonic() - started:.0f} s)", flush=True)
    indexed = SearchDocument.objects.filter(kind="product").count()
    if reindex or renamed or indexed < products:
        started = time.monotonic()
        counts = search_reindex(chunk_size=1000)
        print(f"\nreindex: {counts} ({time.monotonic() - started:.0f} s)", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE marketplace_search_searchdocument")
            cursor.execute("VACUUM ANALYZE marketplace_search_searchterm")


def pages() -> dict[str, str]:
    return {
        "broad: mật ong": "/search/?q=m%E1%BA%ADt+ong",
        "broad: che": "/search/?q=che",
        "broadest: phu tho (all)": "/search/?q=phu+tho",
        "narrow: mật ong 4242": "/search/?q=m%E1%BA%ADt+ong+4242",
        "folded: mat ong hoa nhan": "/search/?q=mat+ong+hoa+nhan",
        "one typo: shan tuyeet": "/search/?q=shan+tuyeet",
        "2 facets: che ★4 100-200k": "/search/?q=che&stars=4&price_band=100k-200k",
        "deep page: che p.50": "/search/?q=che&page=50",
        "sort price: che": "/search/?q=che&sort=price-asc",
        "suggest: ma": "/search/suggest/?q=ma",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default="")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--reindex", action="store_true", help="rebuild the search index even if it looks full")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument(
        "--cache", choices=["both", "off", "on"], default="both", help="measure without/with the answer cache"
    )
    args = parser.parse_args()
    database = args.database or f"bench_search_{args.products // 1000}k"
    _setup(database)
    seed(args.products, reindex=args.reindex)
    if args.seed_only:
        return
    urls = pages()
    modes = {"both": ["uncached", "cached"], "off": ["uncached"], "on": ["cached"]}[args.cache]
    report = {"products": args.products, "database": database, "requests": args.requests, "modes": {}}
    for mode in modes:
        report["modes"][mode] = run(urls, mode=mode, requests=args.requests, port=args.port)
    (results_dir() / f"search-{args.products}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    for mode, result in report["modes"].items():
        print(
            f"\n{args.products} products, {mode}, {args.requests} sequential requests per search (gunicorn, 2 workers)"
        )
        print(f"load average (1, 5, 15 min) before {result['load_before']}, after {result['load_after']}")
        print(f"{'search':<30}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
        for name, row in result["pages"].items():
            print(f"{name:<30}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['queries']:>9}")


def run(urls: dict[str, str], *, mode: str, requests: int, port: int) -> dict:
    """One measuring pass: "uncached" answers every search from the database (SEARCH_CACHE_SECONDS=0);
    "cached" as production would with the answer cache (the warm-up fills it; the queries are a hit's)."""
    from django.test import override_settings

    from marketplace.search.cache import search_index_changed

    seconds = "0" if mode == "uncached" else os.environ.get("BENCH_SEARCH_CACHE_SECONDS", "300")
    os.environ["SEARCH_CACHE_SECONDS"] = seconds  # read by the gunicorn workers' settings
    search_index_changed()  # start from an empty answer cache
    with override_settings(SEARCH_CACHE_SECONDS=int(seconds)):
        queries = catalogue.count_queries(urls)
    load_before = [round(x, 2) for x in os.getloadavg()]
    timings = catalogue.measure(urls, requests, port)
    load_after = [round(x, 2) for x in os.getloadavg()]
    pages = {name: {**timings[name], "queries": queries[name], "url": urls[name]} for name in urls}
    return {"load_before": load_before, "load_after": load_after, "pages": pages}


if __name__ == "__main__":
    main()
