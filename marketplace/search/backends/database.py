"""The database backend: PostgreSQL (tsvector + pg_trgm) or SQLite (FTS5) over SearchDocument.

Both vendors agree on what matches and in what order: the text is folded in Python; every query word
must match a document word exactly, or (words of five letters or more) a vocabulary word one edit away;
relevance is the same score on both — exact marks in the title, exact marks anywhere, the folded phrase
in the title, the folded phrase anywhere — with stars, newest and id breaking ties.
"""

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

from marketplace.search.cache import search_cache_key, search_cache_seconds, search_index_version
from marketplace.search.models import SearchDocument, SearchTerm
from marketplace.search.results import FACETS, SearchHit, SearchResults, Suggestion
from marketplace.search.text import TYPO_MIN_LENGTH, folded, lowered, within_one_edit, words

MAX_WORDS = 8
MAX_ALTERNATIVES = 8
KIND_ORDER = {"product": 0, "producer": 1, "region": 2, "fair": 3, "tour": 4}
# Values per facet, the most frequent first: as many as the Elasticsearch backend's terms aggregations.
FACET_SIZE = 50
EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.2

ORDERINGS = {
    "price-asc": (F("price").asc(nulls_last=True), "kind", "object_id"),
    "price-desc": (F("price").desc(nulls_last=True), "kind", "object_id"),
    "stars": (F("stars").desc(nulls_last=True), F("created").desc(nulls_last=True), "kind", "object_id"),
    "newest": (F("created").desc(nulls_last=True), "kind", "-object_id"),
}


def _typo_alternatives(word: str) -> list[str]:
    """Vocabulary words one edit away from ``word`` (only for words of five letters or more)."""
    if len(word) < TYPO_MIN_LENGTH:
        return []
    terms = SearchTerm.objects.filter(length__gte=max(TYPO_MIN_LENGTH, len(word) - 1), length__lte=len(word) + 1)
    if connection.vendor == "postgresql":
        # pg_trgm's similarity operator: the trigram GIN index narrows the candidates.
        terms = terms.filter(RawSQL("marketplace_search_searchterm.word %% %s", [word], output_field=BooleanField()))  # noqa: S611
    candidates = sorted(term for term in terms.values_list("word", flat=True) if term != word)
    return [term for term in candidates if within_one_edit(word, term)][:MAX_ALTERNATIVES]


def expand(query_words: list[str]) -> list[list[str]]:
    """Each query word with its one-typo alternatives: [["nuoc"], ["thanh", "thach"]]."""
    return [[word, *_typo_alternatives(word)] for word in query_words]


def _match_condition(groups: list[list[str]], *, last_is_prefix: bool = False) -> RawSQL:
    """A WHERE condition: every group has one of its words in the document (words are [0-9a-z]+).
    ``last_is_prefix``: the last group's words match document words that start with them (suggestions,
    where the last word may still be being typed).

    The SQL is constant (our own table names); the query string is a bound parameter.
    """
    table = SearchDocument._meta.db_table
    last = len(groups) - 1
    if connection.vendor == "postgresql":
        suffix = [":*" if last_is_prefix and index == last else "" for index in range(len(groups))]
        tsquery = " & ".join(
            "(" + " | ".join(word + suffix[index] for word in group) + ")" for index, group in enumerate(groups)
        )
        # search_vector: a stored column generated from folded_text (migration 0003), GIN-indexed.
        sql = f"{table}.search_vector @@ to_tsquery('simple'::regconfig, %s)"
        return RawSQL(sql, [tsquery], output_field=BooleanField())  # noqa: S611
    suffix = ["*" if last_is_prefix and index == last else "" for index in range(len(groups))]
    fts_query = " AND ".join(
        "(" + " OR ".join(f'"{w}"{suffix[index]}' for w in group) + ")" for index, group in enumerate(groups)
    )
    sql = f"{table}.id IN (SELECT rowid FROM marketplace_search_fts WHERE marketplace_search_fts MATCH %s)"  # noqa: S608
    return RawSQL(sql, [fts_query], output_field=BooleanField())  # noqa: S611


def _filter_q(filters: dict) -> Q:
    q = Q()
    for name in ("stars", "group", "province", "commune", "legal_type", "price_band"):
        values = filters.get(name)
        if values in (None, "", []):
            continue
        values = values if isinstance(values, list | tuple | set) else [values]
        q &= Q(**{f"{name}__in": list(values)})
    if filters.get("in_stock") is not None:
        q &= Q(in_stock=bool(filters["in_stock"]))
    return q


def _normalized_filters(filters: dict) -> dict:
    """The filters as _filter_q reads them, in one spelling (for cache keys)."""
    normalized = {}
    for name in ("stars", "group", "province", "commune", "legal_type", "price_band"):
        values = filters.get(name)
        if values in (None, "", []):
            continue
        values = values if isinstance(values, list | tuple | set) else [values]
        normalized[name] = sorted({str(value) for value in values})
    if filters.get("in_stock") is not None:
        normalized["in_stock"] = bool(filters["in_stock"])
    return normalized


def _score(text: str) -> Case | Value:
    exact, fold_phrase = lowered(text), folded(text)
    if not fold_phrase:
        return Value(0, output_field=IntegerField())
    whens = [
        When(title_lower__contains=exact, then=Value(8)),
        When(text_lower__contains=exact, then=Value(4)),
        When(folded_title__contains=fold_phrase, then=Value(2)),
        When(folded_text__contains=fold_phrase, then=Value(1)),
    ]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _distance_km(lat: float, lon: float):
    """Great-circle (haversine) distance from a point, in SQL both vendors run (Django registers the
    math functions on SQLite)."""
    dlat = Radians(F("latitude") - Value(lat))
    dlon = Radians(F("longitude") - Value(lon))
    a = Power(Sin(dlat / 2), 2) + Cos(Radians(Value(lat))) * Cos(Radians(F("latitude"))) * Power(Sin(dlon / 2), 2)
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(a))


def _near(documents, near):
    """Documents within ``near = (lat, lon, km)``: a bounding box first, then the exact distance."""
    import math

    lat, lon, km = near
    dlat = km / KM_PER_DEGREE
    dlon = km / max(KM_PER_DEGREE * math.cos(math.radians(lat)), 0.01)
    return (
        documents.filter(
            latitude__isnull=False,
            longitude__isnull=False,
            latitude__range=(lat - dlat, lat + dlat),
            longitude__range=(lon - dlon, lon + dlon),
        )
        .annotate(distance_km=_distance_km(lat, lon))
        .filter(distance_km__lte=km)
    )


def _facet_rows(documents):
    """Rows of facet values with a count ``n``; a facet's column is None in rows not about it."""
    if connection.vendor != "postgresql":
        yield from documents.order_by().values(*FACETS).annotate(n=Count("id"))
        return
    # The matches' facet columns (Django's own SQL and parameters), counted per facet in one pass.
    inner, params = documents.order_by().values(*FACETS).query.sql_with_params()
    columns = ", ".join(f'"{name}"' for name in FACETS)
    sets = ", ".join(f'("{name}")' for name in FACETS)
    sql = f"SELECT {columns}, COUNT(*) FROM ({inner}) AS matches GROUP BY GROUPING SETS ({sets})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            yield {**dict(zip(FACETS, row[:-1], strict=True)), "n": row[-1]}


class DatabaseBackend:
    name = "database"

    def base_queryset(self, *, text: str, kinds=None, filters=None, near=None):
        query_words = words(text)[:MAX_WORDS]
        documents = SearchDocument.objects.all()
        if near is not None:
            documents = _near(documents, near)
        if query_words:
            documents = documents.filter(_match_condition(expand(query_words)))
        if kinds:
            documents = documents.filter(kind__in=list(kinds))
        return documents.filter(_filter_q(filters or {})), query_words

    def query(
        self,
        *,
        text: str = "",
        kinds=None,
        filters=None,
        sort: str = "relevance",
        page: int = 1,
        per_page: int = 20,
        near=None,
    ):
        """``near``: (latitude, longitude, km) keeps the documents within km of the point; sort "distance"
        then orders them nearest first (without ``near`` it is relevance).

        With ``SEARCH_CACHE_SECONDS`` set, answers are cached per index version (marketplace.search.cache):
        the facets and total per query and filters (shared by its pages and sorts), and each page."""
        per_page = max(1, min(int(per_page), 100))
        page = max(1, int(page))
        seconds = search_cache_seconds()
        if not seconds:
            return self._query(
                text=text, kinds=kinds, filters=filters, sort=sort, page=page, per_page=per_page, near=near
            )
        version = search_index_version()
        matching = {
            "exact": lowered(text),
            "folded": folded(text),
            "words": words(text)[:MAX_WORDS],
            "kinds": sorted(kinds) if kinds else [],
            "filters": _normalized_filters(filters or {}),
            "near": list(near) if near is not None else None,
        }
        facets_key = search_cache_key(version=version, part="facets", **matching)
        page_key = search_cache_key(version=version, part="page", sort=sort, page=page, per_page=per_page, **matching)
        cached = cache.get_many([facets_key, page_key])
        if page_key in cached:
            return cached[page_key]
        results = self._query(
            text=text,
            kinds=kinds,
            filters=filters,
            sort=sort,
            page=page,
            per_page=per_page,
            near=near,
            facets=cached.get(facets_key),
        )
        cache.set_many({facets_key: results.facets, page_key: results}, timeout=seconds)
        return results

    def _query(self, *, text, kinds, filters, sort, page, per_page, near, facets=None):
        documents, query_words = self.base_queryset(text=text, kinds=kinds, filters=filters, near=near)
        if facets is None:
            # The facet scan counts the matches too (every document has a kind): no separate count().
            facets = self.facets(documents)
        total = sum(count for _kind, count in facets["kind"])
        last_page = max(1, -(-total // per_page))
        page = min(page, last_page)
        if not total:
            return SearchResults(hits=[], total=0, page=1, per_page=per_page, facets=facets, words=query_words)
        if sort == "distance" and near is not None:
            ordered = documents.annotate(score=Value(0, output_field=IntegerField())).order_by(
                "distance_km", "kind", "object_id"
            )
        elif sort in ORDERINGS:
            ordered = documents.annotate(score=Value(0, output_field=IntegerField())).order_by(*ORDERINGS[sort])
        else:
            ordered = documents.annotate(score=_score(text)).order_by(
                "-score", F("stars").desc(nulls_last=True), F("created").desc(nulls_last=True), "kind", "object_id"
            )
        start = (page - 1) * per_page
        fields = ["distance_km"] if near is not None else []
        rows = ordered.values(
            *fields,
            "kind",
            "object_id",
            "title",
            "url",
            "summary",
            "stars",
            "price",
            "province",
            "commune",
            "in_stock",
            "score",
        )[start : start + per_page]
        hits = [SearchHit(**row) for row in rows]
        return SearchResults(hits=hits, total=total, page=page, per_page=per_page, facets=facets, words=query_words)

    def facets(self, documents) -> dict[str, list[tuple]]:
        """Counts for every facet in one scan of the matches. PostgreSQL groups by each facet on its own
        (GROUPING SETS: a few rows per facet value); SQLite groups by all facet columns together and sums
        per facet here."""
        totals: dict[str, dict] = {name: {} for name in FACETS}
        for row in _facet_rows(documents):
            for name in FACETS:
                value = row[name]
                if value is None or value == "":
                    continue
                totals[name][value] = totals[name].get(value, 0) + row["n"]
        return {
            name: sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))[:FACET_SIZE]
            for name, counts in totals.items()
        }

    def suggest(self, *, prefix: str, limit: int = 10) -> list[Suggestion]:
        """Titles whose words start with the typed words (the last one may be cut short), from two letters."""
        typed = words(prefix)[:MAX_WORDS]
        if not typed or len("".join(typed)) < 2:
            return []
        seconds = search_cache_seconds()
        if not seconds:
            return self._suggest(typed=typed, prefix=prefix, limit=limit)
        key = search_cache_key(
            version=search_index_version(), part="suggest", typed=typed, exact=lowered(prefix), limit=limit
        )
        suggestions = cache.get(key)
        if suggestions is None:
            suggestions = self._suggest(typed=typed, prefix=prefix, limit=limit)
            cache.set(key, suggestions, timeout=seconds)
        return suggestions

    def _suggest(self, *, typed: list[str], prefix: str, limit: int) -> list[Suggestion]:
        """Titles with the typed words first; then documents whose text has them (the last word as a
        prefix): what a search for those words finds, e.g. a product by its category's English name or a
        fair by its translation's title. One query."""
        phrase = " ".join(typed)
        exact = lowered(prefix)
        in_title = Q(folded_title__startswith=phrase) | Q(folded_title__contains=" " + phrase)
        documents = SearchDocument.objects.filter(
            in_title | _match_condition([[word] for word in typed], last_is_prefix=True)
        )
        ranked = documents.annotate(
            in_title=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()),
            at_start=Case(
                When(folded_title__startswith=phrase, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            exact=Case(When(title_lower__contains=exact, then=Value(1)), default=Value(0), output_field=IntegerField()),
            kind_order=Case(
                *(When(kind=kind, then=Value(order)) for kind, order in KIND_ORDER.items()),
                default=Value(9),
                output_field=IntegerField(),
            ),
        ).order_by(
            "-in_title", "-exact", "-at_start", "kind_order", F("stars").desc(nulls_last=True), "title", "object_id"
        )
        suggestions, seen = [], set()
        for row in ranked.values("kind", "title", "url")[: limit * 3]:
            if row["title"] in seen:
                continue
            seen.add(row["title"])
            suggestions.append(Suggestion(**row))
            if len(suggestions) >= limit:
                break
        return suggestions
