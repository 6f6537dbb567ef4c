"""The Elasticsearch backend's reading of responses, against a small local HTTP stand-in for the cluster.

The stand-in answers with what Elasticsearch 8 returns for these requests; it records what it was sent
(``ElasticsearchStubHandler`` in tests/helpers.py, served by the ``cluster`` fixture of tests/conftest.py).
"""

import json
import threading
from http.server import ThreadingHTTPServer

import pytest

from marketplace.search.backends.elasticsearch import ElasticsearchBackend
from tests.helpers import ElasticsearchStubHandler, elasticsearch_backend_for


def test_query_reads_hits_totals_and_facets(cluster):
    results = elasticsearch_backend_for(cluster).query(text="nuoc mam", filters={"stars": [4]}, per_page=2)
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
    suggestions = elasticsearch_backend_for(cluster).suggest(prefix="nu")
    assert [(s.kind, s.title, s.url) for s in suggestions] == [
        ("product", "Nước mắm cá cơm", "/shop/x_7/"),
        ("producer", "HTX Nước mắm", "/producers/htx/"),
    ]
    assert elasticsearch_backend_for(cluster).suggest(prefix="n") == []


def test_index_and_remove_send_bulk_and_delete(cluster):
    backend = elasticsearch_backend_for(cluster)
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


# A stand-in that keeps state: indexes, aliases and documents, as Elasticsearch 8 does for the requests the
# backend and the rebuild send. Enough to follow documents through a rebuild and an alias swap.


class _StatefulHandler(ElasticsearchStubHandler):
    def _route(self):
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(self.path)
        return [unquote(part) for part in parts.path.strip("/").split("/") if part]

    def _body(self) -> str:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()

    def _missing(self, what: str):
        return self._answer({"error": {"type": "index_not_found_exception", "reason": what}, "status": 404}, 404)

    def do_HEAD(self):  # noqa: N802 — does an alias exist
        route = self._route()
        self.server.requests.append(("HEAD /" + "/".join(route), ""))
        found = route[0] == "_alias" and self.server.state.indexes_of(route[1])
        self.send_response(200 if found else 404)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # noqa: N802
        route = self._route()
        self.server.requests.append(("GET /" + "/".join(route), ""))
        indexes = self.server.state.indexes_of(route[1]) if route[0] == "_alias" else []
        if not indexes:
            return self._missing(route[-1])
        return self._answer({index: {"aliases": {route[1]: {}}} for index in indexes})

    def do_PUT(self):  # noqa: N802 — create an index, with its aliases
        route, body = self._route(), self._body()
        if route[-1] == "_bulk":
            return self._bulk(body)
        self.server.requests.append(("PUT /" + route[0], body))
        state = self.server.state
        state.documents[route[0]] = {}
        for alias in json.loads(body or "{}").get("aliases", {}):
            state.aliases.setdefault(alias, set()).add(route[0])
        return self._answer({"acknowledged": True, "index": route[0]})

    def do_POST(self):  # noqa: N802
        route, body = self._route(), self._body()
        if route[-1] == "_bulk":
            return self._bulk(body)
        self.server.requests.append(("POST /" + "/".join(route), body))
        state = self.server.state
        if route == ["_aliases"]:
            for action in json.loads(body)["actions"]:
                ((verb, target),) = action.items()
                members = state.aliases.setdefault(target["alias"], set())
                (members.add if verb == "add" else members.discard)(target["index"])
            return self._answer({"acknowledged": True})
        if route[-1] == "_search":
            return self._search(route[0], json.loads(body or "{}"))
        return self._answer({"error": "not handled here"}, status=400)

    def do_DELETE(self):  # noqa: N802 — a document, an alias, or an index
        route = self._route()
        self.server.requests.append(("DELETE /" + "/".join(route), ""))
        state = self.server.state
        if len(route) == 3 and route[1] == "_doc":
            index = state.resolve(route[0])
            if index is None:
                return self._missing(route[0])
            found = state.documents[index].pop(route[2], None) is not None
            return self._answer({"result": "deleted" if found else "not_found"}, status=200 if found else 404)
        if len(route) == 3 and route[1] == "_alias":
            import fnmatch

            members = state.aliases.get(route[2], set())
            removed = {index for index in members if fnmatch.fnmatch(index, route[0])}
            members -= removed
            return self._answer({"acknowledged": True}) if removed else self._missing(route[2])
        if route[0] not in state.documents:
            return self._missing(route[0])
        del state.documents[route[0]]
        for members in state.aliases.values():
            members.discard(route[0])
        return self._answer({"acknowledged": True})

    def _bulk(self, body: str):
        self.server.requests.append(("/_bulk", body))
        state = self.server.state
        lines = [json.loads(line) for line in body.splitlines() if line]
        items = []
        while lines:
            ((verb, meta),) = lines.pop(0).items()
            index = state.resolve(meta["_index"])
            if verb == "index":
                if index is None:  # as Elasticsearch does: a missing name becomes a new index
                    index = meta["_index"]
                    state.documents[index] = {}
                state.documents[index][meta["_id"]] = lines.pop(0)
                items.append({"index": {"_id": meta["_id"], "status": 201}})
            else:
                found = index is not None and state.documents[index].pop(meta["_id"], None) is not None
                items.append({"delete": {"_id": meta["_id"], "status": 200 if found else 404}})
        return self._answer({"took": 1, "errors": False, "items": items})

    def _search(self, name: str, body: dict):
        index = self.server.state.resolve(name)
        if index is None:
            return self._missing(name)
        rows = sorted(
            self.server.state.documents[index].items(), key=lambda item: (item[1]["kind"], item[1]["object_id"])
        )
        after = body.get("search_after")
        if after:
            rows = [row for row in rows if [row[1]["kind"], row[1]["object_id"]] > list(after)]
        rows = rows[: body.get("size", 10)]
        hits = [
            {
                "_index": index,
                "_id": _id,
                "_score": None,
                "_source": source,
                "sort": [source["kind"], source["object_id"]],
            }
            for _id, source in rows
        ]
        return self._answer({"took": 1, "timed_out": False, "hits": {"total": {"value": len(hits)}, "hits": hits}})


class _ClusterState:
    def __init__(self):
        self.documents: dict[str, dict[str, dict]] = {}  # index → id → source
        self.aliases: dict[str, set[str]] = {}

    def indexes_of(self, alias: str) -> list[str]:
        return sorted(self.aliases.get(alias, ()))

    def resolve(self, name: str) -> str | None:
        """An index name, or the one index behind an alias (Elasticsearch refuses writes to more)."""
        if name in self.documents:
            return name
        indexes = self.indexes_of(name)
        assert len(indexes) <= 1, f"alias {name} points at several indexes: {indexes}"
        return indexes[0] if indexes else None

    def ids(self, name: str) -> set[str]:
        return set(self.documents[self.resolve(name)])


@pytest.fixture
def live_cluster():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StatefulHandler)
    server.requests = []
    server.state = _ClusterState()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _row(kind, object_id, title):
    return {"kind": kind, "object_id": object_id, "title": title, "text_lower": title.lower()}


def test_live_writes_go_to_the_alias_only_when_no_rebuild_runs(live_cluster):
    backend = elasticsearch_backend_for(live_cluster)
    state = live_cluster.state
    state.documents["ocop-test-search-1"] = {}
    state.aliases["ocop-test-search"] = {"ocop-test-search-1"}
    assert backend.write_targets() == ["ocop-test-search"]
    for index in backend.write_targets():
        backend.index_documents([_row("product", 7, "Nước mắm")], index=index)
    assert set(state.documents) == {"ocop-test-search-1"}  # no stray "-building" index was created
    assert state.ids("ocop-test-search") == {"product-7"}


def test_live_writes_also_reach_the_index_being_built(live_cluster):
    backend = elasticsearch_backend_for(live_cluster)
    state = live_cluster.state
    state.documents.update({"ocop-test-search-1": {}, "ocop-test-search-2": {}})
    state.aliases.update(
        {"ocop-test-search": {"ocop-test-search-1"}, "ocop-test-search-building": {"ocop-test-search-2"}}
    )
    assert backend.write_targets() == ["ocop-test-search", "ocop-test-search-building"]
    for index in backend.write_targets():
        backend.index_documents([_row("product", 7, "Nước mắm"), _row("product", 8, "Mắm tôm")], index=index)
        backend.remove(kind="product", pk=8, index=index)
    assert state.ids("ocop-test-search-1") == state.ids("ocop-test-search-2") == {"product-7"}


def test_indexed_ids_pages_through_the_whole_index(live_cluster):
    backend = elasticsearch_backend_for(live_cluster)
    live_cluster.state.documents["ocop-test-search-1"] = {
        f"{kind}-{n}": {"kind": kind, "object_id": n} for kind in ("product", "producer") for n in range(1, 6)
    }
    ids = backend.indexed_ids(index="ocop-test-search-1", page_size=3)
    assert ids == {(kind, n) for kind in ("product", "producer") for n in range(1, 6)}
    searches = [path for path, _body in live_cluster.requests if path.endswith("/_search")]
    assert len(searches) == 4  # 3 + 3 + 3 + 1


def test_indexed_ids_of_an_empty_index(live_cluster):
    live_cluster.state.documents["ocop-test-search-1"] = {}
    assert elasticsearch_backend_for(live_cluster).indexed_ids(index="ocop-test-search-1") == set()


class _DuringCopy:
    """A progress stream that runs ``action`` once, after the rebuild copied ``after_chunks`` chunks."""

    def __init__(self, action, *, after_chunks=1):
        self.action, self.chunks = action, after_chunks

    def write(self, text):
        if text.startswith("\relasticsearch: "):
            self.chunks -= 1
            if self.chunks == 0:
                self.action()

    def flush(self):
        pass


@pytest.mark.django_db
def test_rebuild_keeps_updates_and_deletions_made_while_it_runs(live_cluster, settings):
    """Changes made while the new index is filled reach it (dual write through the "-building" alias, then
    the replay and the comparison of ids): after the swap an update is there and a deletion stays deleted."""
    from marketplace.search.models import SearchDocument
    from marketplace.search.services import (
        search_index_object,
        search_index_objects,
        search_reindex_elasticsearch,
        search_remove_object,
    )
    from tests.factories import ProvinceFactory, WardFactory

    province = ProvinceFactory()
    renamed = WardFactory()
    removed = WardFactory(code="07901", name="Phường Nông Trang", short_name="Nông Trang", slug="nong-trang")
    kept = WardFactory(code="07902", name="Phường Gia Cẩm", short_name="Gia Cẩm", slug="gia-cam")
    settings.ELASTICSEARCH_URL = ""
    search_index_objects(kind="region", pks=[province.pk, renamed.pk, removed.pk, kept.pk])
    backend = elasticsearch_backend_for(live_cluster)
    state = live_cluster.state
    rows = list(SearchDocument.objects.values())
    backend.client.indices.create(index="ocop-test-search-old", aliases={"ocop-test-search": {}})
    backend.index_documents(rows, index="ocop-test-search-old")
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{live_cluster.server_address[1]}"
    settings.ELASTICSEARCH_INDEX_PREFIX = "ocop-test"

    def live_writes():
        # All four documents sit in the first chunk, so the copy has them already.
        type(renamed).objects.filter(pk=renamed.pk).update(name="Phường Việt Trì Mới")
        assert search_index_object(kind="region", pk=renamed.pk) is True
        assert search_remove_object(kind="region", pk=removed.pk) == 1

    name = search_reindex_elasticsearch(backend=backend, chunk_size=10, stream=_DuringCopy(live_writes))

    assert state.indexes_of("ocop-test-search") == [name]
    assert state.indexes_of("ocop-test-search-building") == []
    assert set(state.documents) == {name}  # the old index is gone, and no stray index was made
    assert state.ids(name) == {f"region-{pk}" for pk in (province.pk, renamed.pk, kept.pk)}
    assert state.documents[name][f"region-{renamed.pk}"]["title"].startswith("Phường Việt Trì Mới")
    # The live writes went to both indexes while the rebuild ran (not only repaired afterwards).
    live_bulks = [body for path, body in live_cluster.requests if path == "/_bulk" and "tri moi" in body]
    assert any('"ocop-test-search-building"' in body for body in live_bulks)
    assert (f"DELETE /ocop-test-search-building/_doc/region-{removed.pk}", "") in live_cluster.requests


@pytest.mark.django_db
def test_rebuild_drops_a_document_the_copy_brought_back(live_cluster, settings):
    """Safety net: a document the copy wrote after it was deleted (the copy read it first) is not in the table,
    so the comparison of ids deletes it from the new index before the swap."""
    from marketplace.search.services import search_index_objects, search_reindex_elasticsearch
    from tests.factories import ProvinceFactory

    province = ProvinceFactory()
    settings.ELASTICSEARCH_URL = ""
    search_index_objects(kind="region", pks=[province.pk])
    backend = elasticsearch_backend_for(live_cluster)
    state = live_cluster.state

    def resurrect():
        building = state.resolve("ocop-test-search-building")
        state.documents[building]["region-999999"] = {"kind": "region", "object_id": 999999, "title": "Gone"}

    name = search_reindex_elasticsearch(backend=backend, chunk_size=10, stream=_DuringCopy(resurrect))
    assert state.ids(name) == {f"region-{province.pk}"}
    assert state.indexes_of("ocop-test-search") == [name]  # first rebuild: no old index to drop


@pytest.mark.django_db
def test_a_failed_rebuild_leaves_search_on_the_old_index(live_cluster, settings):
    from marketplace.search.services import search_index_objects, search_reindex_elasticsearch
    from tests.factories import ProvinceFactory

    province = ProvinceFactory()
    settings.ELASTICSEARCH_URL = ""
    search_index_objects(kind="region", pks=[province.pk])
    backend = elasticsearch_backend_for(live_cluster)
    state = live_cluster.state
    backend.client.indices.create(index="ocop-test-search-old", aliases={"ocop-test-search": {}})

    def fail():
        raise RuntimeError("the worker died")

    with pytest.raises(RuntimeError):
        search_reindex_elasticsearch(backend=backend, chunk_size=10, stream=_DuringCopy(fail))
    assert set(state.documents) == {"ocop-test-search-old"}  # the half-built index is gone
    assert state.indexes_of("ocop-test-search") == ["ocop-test-search-old"]
    assert backend.write_targets() == ["ocop-test-search"]  # and live writes stop going to it


@pytest.mark.django_db
def test_rebuild_copies_every_document_while_live_writes_replace_rows(live_cluster, settings):
    """A live write replaces a document's row by one with a new pk; the copy pages by pk, not by offset,
    so no other row slips past it."""
    from marketplace.search.models import SearchDocument
    from marketplace.search.services import search_index_object, search_index_objects, search_reindex_elasticsearch
    from tests.factories import ProvinceFactory, WardFactory

    regions = [
        ProvinceFactory(),
        WardFactory(),
        WardFactory(code="07901", name="Phường Nông Trang", short_name="Nông Trang", slug="nong-trang"),
        WardFactory(code="07902", name="Phường Gia Cẩm", short_name="Gia Cẩm", slug="gia-cam"),
    ]
    settings.ELASTICSEARCH_URL = ""
    for region in regions:  # one by one: the rows' order is the regions' order
        search_index_object(kind="region", pk=region.pk)
    first = SearchDocument.objects.order_by("pk").first().object_id
    backend = elasticsearch_backend_for(live_cluster)

    def replace_first_row():
        search_index_objects(kind="region", pks=[first])

    name = search_reindex_elasticsearch(
        backend=backend, chunk_size=1, stream=_DuringCopy(replace_first_row, after_chunks=2)
    )
    assert live_cluster.state.ids(name) == {f"region-{region.pk}" for region in regions}
