"""The Elasticsearch backend (elasticsearch-dsl): the same documents, an index behind an alias.

Analysis: the standard tokenizer, lowercase and ``asciifolding`` with ``preserve_original`` — so "mắm" is
indexed as both "mắm" and "mam" and an exact-diacritic match scores higher — and edge n-grams for
suggestions. Typos: fuzziness ``AUTO:5,100`` (no edit below five letters, one edit from five letters).
The request bodies are built by pure functions (``search_body``, ``suggest_body``), tested without a server.
"""

import functools
import logging

from django.conf import settings
from elasticsearch_dsl import (
    A,
    Boolean,
    Date,
    Document,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    Long,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

from marketplace.search.results import FACETS, SearchHit, SearchResults, Suggestion
from marketplace.search.text import folded, words

logger = logging.getLogger(__name__)

folding_filter = token_filter("ocop_folding", type="asciifolding", preserve_original=True)
autocomplete_filter = token_filter("ocop_edge_ngram", type="edge_ngram", min_gram=1, max_gram=20)
folding = analyzer("ocop_folding", tokenizer="standard", filter=["lowercase", folding_filter])
autocomplete = analyzer(
    "ocop_autocomplete", tokenizer="standard", filter=["lowercase", folding_filter, autocomplete_filter]
)

FUZZINESS = "AUTO:5,100"
FACET_SIZE = 50
SORTS = {
    "price-asc": [{"price": {"order": "asc", "missing": "_last"}}, "kind", "object_id"],
    "price-desc": [{"price": {"order": "desc", "missing": "_last"}}, "kind", "object_id"],
    "stars": [
        {"stars": {"order": "desc", "missing": "_last"}},
        {"created": {"order": "desc", "missing": "_last"}},
        "kind",
        "object_id",
    ],
    "newest": [{"created": {"order": "desc", "missing": "_last"}}, "kind", {"object_id": {"order": "desc"}}],
    "relevance": [
        "_score",
        {"stars": {"order": "desc", "missing": "_last"}},
        {"created": {"order": "desc", "missing": "_last"}},
        "kind",
        "object_id",
    ],
}


class SearchDocumentES(Document):
    kind = Keyword()
    object_id = Long()
    title = Text(analyzer=folding, fields={"autocomplete": Text(analyzer=autocomplete, search_analyzer=folding)})
    url = Keyword(index=False)
    summary = Text(index=False)
    text = Text(analyzer=folding)
    folded_text = Text(analyzer="standard")
    stars = Integer()
    group = Keyword()
    province = Keyword()
    commune = Keyword()
    legal_type = Keyword()
    price = Long()
    price_band = Keyword()
    in_stock = Boolean()
    created = Date()
    location = GeoPoint()

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def alias_name(prefix: str | None = None) -> str:
    return f"{prefix or settings.ELASTICSEARCH_INDEX_PREFIX}-search"


def building_alias_name(alias: str) -> str:
    """The alias a rebuild puts on the index it is filling, so that live writes reach it too."""
    return f"{alias}-building"


def index_for(name: str) -> Index:
    """An index (or the alias) with our analysis and mapping."""
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.analyzer(folding)
    index.analyzer(autocomplete)
    index.document(SearchDocumentES)
    return index


def es_document(row: dict) -> dict:
    """A stored search document (dict of SearchDocument fields) as the Elasticsearch source."""
    source = {
        name: row.get(name)
        for name in (
            "kind",
            "object_id",
            "title",
            "url",
            "summary",
            "folded_text",
            "stars",
            "group",
            "province",
            "commune",
            "legal_type",
            "price",
            "price_band",
            "in_stock",
            "created",
        )
    }
    source["text"] = row.get("text_lower", "")
    if row.get("latitude") is not None and row.get("longitude") is not None:
        source["location"] = {"lat": row["latitude"], "lon": row["longitude"]}
    return source


def _filters(kinds, filters) -> list:
    clauses = []
    if kinds:
        clauses.append(Q("terms", kind=list(kinds)))
    for name in ("stars", "group", "province", "commune", "legal_type", "price_band"):
        values = (filters or {}).get(name)
        if values in (None, "", []):
            continue
        values = values if isinstance(values, list | tuple | set) else [values]
        clauses.append(Q("terms", **{name: list(values)}))
    if (filters or {}).get("in_stock") is not None:
        clauses.append(Q("term", in_stock=bool(filters["in_stock"])))
    return clauses


def search_body(
    *, index: str, text="", kinds=None, filters=None, sort="relevance", page=1, per_page=20, near=None
) -> Search:
    """The request for one results page, facets included (terms aggregations).

    ``near`` = (latitude, longitude, km): a geo_distance filter; sort "distance" orders nearest first.
    """
    search = Search(index=index)
    query_words = words(text)[:8]
    if query_words:
        phrase = " ".join(text.split())
        search = search.query(
            Q(
                "bool",
                must=[
                    Q(
                        "multi_match",
                        query=" ".join(query_words),
                        fields=["folded_text"],
                        operator="and",
                        fuzziness=FUZZINESS,
                        prefix_length=0,
                    )
                ],
                should=[
                    Q("match_phrase", title={"query": phrase, "boost": 8}),
                    Q("match_phrase", text={"query": phrase, "boost": 4}),
                    Q("match_phrase", folded_text={"query": folded(text), "boost": 1}),
                ],
            )
        )
    for clause in _filters(kinds, filters):
        search = search.filter(clause)
    if near is not None:
        lat, lon, km = near
        search = search.filter("geo_distance", distance=f"{km}km", location={"lat": lat, "lon": lon})
    for name in FACETS:
        search.aggs.bucket(name, A("terms", field=name, size=FACET_SIZE))
    if sort == "distance" and near is not None:
        geo = {"_geo_distance": {"location": {"lat": near[0], "lon": near[1]}, "order": "asc", "unit": "km"}}
        search = search.sort(geo, "kind", "object_id")
    else:
        search = search.sort(*SORTS.get(sort, SORTS["relevance"]))
    start = (max(1, page) - 1) * per_page
    return search.extra(track_total_hits=True)[start : start + per_page]


def suggest_body(*, index: str, prefix: str, limit: int = 10) -> Search:
    """Titles with the typed words (edge n-grams) first; then documents whose text has them, the last word
    as a prefix (what a search for those words finds: a product by its category's English name, a fair by
    its translation's title), as the database backend does. Exact marks in the title rank higher."""
    typed = " ".join(words(prefix))
    in_title = Q("match", **{"title.autocomplete": {"query": typed, "operator": "and"}})
    in_text = Q("match_bool_prefix", folded_text={"query": typed, "operator": "and"})
    return (
        Search(index=index)
        .query(
            Q(
                "bool",
                should=[
                    Q("constant_score", filter=in_title, boost=10),
                    Q("constant_score", filter=in_text, boost=1),
                    Q("match_phrase_prefix", title={"query": " ".join(prefix.split()), "boost": 2}),
                ],
                minimum_should_match=1,
            )
        )
        .source(["kind", "title", "url"])
        .sort("_score", "kind", "object_id")[: limit * 3]
    )


@functools.cache
def _client(url: str):
    """One client (and connection pool) per URL for the process; short timeout, no retries: a slow
    cluster falls back to the database instead of holding the page."""
    from elasticsearch import Elasticsearch

    return Elasticsearch(url, request_timeout=getattr(settings, "ELASTICSEARCH_TIMEOUT", 2), max_retries=0)


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, *, url: str, prefix: str | None = None, client=None):
        self.client = client or _client(url)
        self.alias = alias_name(prefix)
        self.building_alias = building_alias_name(self.alias)

    def ping(self) -> bool:
        try:
            return bool(self.client.ping())
        except Exception:  # noqa: BLE001 — any transport failure means "not reachable"
            return False

    def query(
        self, *, text="", kinds=None, filters=None, sort="relevance", page=1, per_page=20, near=None
    ) -> SearchResults:
        per_page = max(1, min(int(per_page), 100))
        body = search_body(
            index=self.alias,
            text=text,
            kinds=kinds,
            filters=filters,
            sort=sort,
            page=page,
            per_page=per_page,
            near=near,
        )
        response = body.using(self.client).execute()
        total = response.hits.total.value
        last_page = max(1, -(-total // per_page))
        if page > last_page:
            return self.query(
                text=text, kinds=kinds, filters=filters, sort=sort, page=last_page, per_page=per_page, near=near
            )
        hits = [
            SearchHit(
                kind=hit.kind,
                object_id=hit.object_id,
                title=hit.title,
                url=hit.url or "",
                summary=getattr(hit, "summary", "") or "",
                stars=getattr(hit, "stars", None),
                price=getattr(hit, "price", None),
                province=getattr(hit, "province", "") or "",
                commune=getattr(hit, "commune", "") or "",
                in_stock=getattr(hit, "in_stock", None),
                distance_km=hit.meta.sort[0] if sort == "distance" and near is not None else None,
            )
            for hit in response
        ]
        facets = {}
        for name in FACETS:
            buckets = getattr(response.aggregations, name).buckets
            values = [(bool(b.key) if name == "in_stock" else b.key, b.doc_count) for b in buckets]
            facets[name] = sorted(values, key=lambda item: (-item[1], str(item[0])))
        return SearchResults(
            hits=hits,
            total=total,
            page=min(max(1, page), last_page),
            per_page=per_page,
            facets=facets,
            words=words(text),
        )

    def suggest(self, *, prefix: str, limit: int = 10) -> list[Suggestion]:
        if len("".join(words(prefix))) < 2:
            return []
        response = suggest_body(index=self.alias, prefix=prefix, limit=limit).using(self.client).execute()
        suggestions, seen = [], set()
        for hit in response:
            if hit.title not in seen:
                seen.add(hit.title)
                suggestions.append(Suggestion(kind=hit.kind, title=hit.title, url=hit.url or ""))
        return suggestions[:limit]

    def index_documents(self, rows: list[dict], *, index: str | None = None) -> None:
        from elasticsearch.helpers import bulk

        actions = [
            {"_index": index or self.alias, "_id": f"{row['kind']}-{row['object_id']}", "_source": es_document(row)}
            for row in rows
        ]
        bulk(self.client, actions, refresh="wait_for")

    def remove(self, *, kind: str, pk: int, index: str | None = None) -> None:
        self.client.options(ignore_status=404).delete(index=index or self.alias, id=f"{kind}-{pk}", refresh="wait_for")

    def write_targets(self) -> list[str]:
        """Where a live write goes: the alias, and the index a rebuild is filling while it runs (dual
        write, so a change made during the rebuild is not lost at the swap). Checked before writing:
        indexing into a missing name would create a stray index of that name."""
        if self.client.indices.exists_alias(name=self.building_alias):
            return [self.alias, self.building_alias]
        return [self.alias]

    def indexed_ids(self, *, index: str, page_size: int = 1000) -> set[tuple[str, int]]:
        """Every (kind, object_id) in an index, paged with search_after on the keyword and long fields
        (sorting on _id is disabled in Elasticsearch 8)."""
        ids, after = set(), None
        while True:
            search = Search(index=index).source(["kind", "object_id"]).sort("kind", "object_id")
            search = search.extra(size=page_size, track_total_hits=False)
            if after is not None:
                search = search.extra(search_after=after)
            hits = list(search.using(self.client).execute())
            ids.update((hit.kind, int(hit.object_id)) for hit in hits)
            if len(hits) < page_size:
                return ids
            after = list(hits[-1].meta.sort)
