"""The Elasticsearch backend's reading of responses, against a small local HTTP stand-in for the cluster.

The stand-in answers with what Elasticsearch 8 returns for these requests; it records what it was sent.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from marketplace.search.backends.elasticsearch import ElasticsearchBackend

SEARCH_RESPONSE = {
    "took": 1,
    "timed_out": False,
    "hits": {
        "total": {"value": 3, "relation": "eq"},
        "hits": [
            {
                "_id": "product-7",
                "_score": 3.2,
                "_source": {
                    "kind": "product",
                    "object_id": 7,
                    "title": "Nước mắm cá cơm",
                    "url": "/shop/x_7/",
                    "stars": 4,
                },
                "sort": [3.2, 4],
            },
            {
                "_id": "producer-2",
                "_score": 1.1,
                "_source": {"kind": "producer", "object_id": 2, "title": "HTX Nước mắm", "url": "/producers/htx/"},
                "sort": [1.1],
            },
        ],
    },
    "aggregations": {
        "kind": {"buckets": [{"key": "product", "doc_count": 2}, {"key": "producer", "doc_count": 1}]},
        "stars": {"buckets": [{"key": 4, "doc_count": 1}, {"key": 3, "doc_count": 1}]},
        "group": {"buckets": [{"key": "food", "doc_count": 2}]},
        "province": {"buckets": []},
        "commune": {"buckets": []},
        "legal_type": {"buckets": []},
        "price_band": {"buckets": []},
        "in_stock": {"buckets": [{"key": 1, "key_as_string": "true", "doc_count": 2}]},
    },
}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, body: dict, status: int = 200):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.server.requests.append((self.path, body))
        if self.path.startswith("/_aliases"):
            return self._answer({"acknowledged": True})
        if "_bulk" in self.path:
            lines = [json.loads(line) for line in body.splitlines() if line]
            items = [{"index": {"_id": line["index"]["_id"], "status": 201}} for line in lines if "index" in line]
            return self._answer({"took": 1, "errors": False, "items": items})
        return self._answer(SEARCH_RESPONSE)

    def do_PUT(self):  # noqa: N802 — _bulk, or creating an index
        if "_bulk" in self.path:
            return self.do_POST()
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.server.requests.append(("PUT " + self.path, body))
        return self._answer({"acknowledged": True, "index": self.path.strip("/")})

    def do_GET(self):  # noqa: N802 — which indexes an alias points at
        self.server.requests.append(("GET " + self.path, ""))
        if not self.server.aliased:
            return self._answer({"error": "alias missing", "status": 404}, status=404)
        return self._answer({name: {"aliases": {"ocop-test-search": {}}} for name in self.server.aliased})

    def do_DELETE(self):  # noqa: N802
        self.server.requests.append(("DELETE " + self.path, ""))
        return self._answer({"result": "not_found"}, status=404)


@pytest.fixture
def cluster():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.requests = []
    server.aliased = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def backend_for(cluster):
    from elasticsearch import Elasticsearch

    client = Elasticsearch(f"http://127.0.0.1:{cluster.server_address[1]}", request_timeout=2, max_retries=0)
    return ElasticsearchBackend(url="unused", prefix="ocop-test", client=client)


def test_query_reads_hits_totals_and_facets(cluster):
    results = backend_for(cluster).query(text="nuoc mam", filters={"stars": [4]}, per_page=2)
    assert results.total == 3 and results.num_pages == 2
    assert [(hit.kind, hit.object_id, hit.title, hit.stars) for hit in results.hits] == [
        ("product", 7, "Nước mắm cá cơm", 4),
        ("producer", 2, "HTX Nước mắm", None),
    ]
    assert results.facets["kind"] == [("product", 2), ("producer", 1)]
    assert results.facets["stars"] == [(3, 1), (4, 1)]  # same order rule as the database: count, then value
    assert results.facets["in_stock"] == [(True, 2)]
    path, body = cluster.requests[0]
    assert path.startswith("/ocop-test-search/_search")
    sent = json.loads(body)
    assert sent["query"]["bool"]["filter"] == [{"terms": {"stars": [4]}}] and sent["size"] == 2


def test_suggest_reads_titles_once_each(cluster):
    suggestions = backend_for(cluster).suggest(prefix="nu")
    assert [(s.kind, s.title, s.url) for s in suggestions] == [
        ("product", "Nước mắm cá cơm", "/shop/x_7/"),
        ("producer", "HTX Nước mắm", "/producers/htx/"),
    ]
    assert backend_for(cluster).suggest(prefix="n") == []


def test_index_and_remove_send_bulk_and_delete(cluster):
    backend = backend_for(cluster)
    backend.index_documents([{"kind": "product", "object_id": 7, "title": "Nước mắm", "text_lower": "nước mắm"}])
    backend.remove(kind="product", pk=8)  # a 404 is fine: already gone
    (bulk_path, bulk_body), (delete_path, _body) = cluster.requests
    assert bulk_path.startswith("/_bulk")
    action, source = (json.loads(line) for line in bulk_body.splitlines())
    assert action == {"index": {"_index": "ocop-test-search", "_id": "product-7"}}
    assert source["text"] == "nước mắm"
    assert delete_path.startswith("DELETE /ocop-test-search/_doc/product-8")


def test_unreachable_cluster_does_not_ping():
    from elasticsearch import Elasticsearch

    client = Elasticsearch("http://127.0.0.1:9", request_timeout=1, max_retries=0)
    assert ElasticsearchBackend(url="unused", client=client).ping() is False
