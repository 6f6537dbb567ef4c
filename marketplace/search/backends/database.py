"""The database backend: PostgreSQL (tsvector + pg_trgm) or SQLite (FTS5) over SearchDocument.

Both vendors agree on what matches and in what order: the text is folded in Python; every query word
must match a document word exactly, or (words of five letters or more) a vocabulary word one edit away;
relevance is the same score on both — exact marks in the title, exact marks anywhere, the folded phrase
in the title, the folded phrase anywhere — with stars, newest and id breaking ties.
"""

from django.db import connection
from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

from marketplace.search.models import SearchDocument, SearchTerm
from marketplace.search.results import FACETS, SearchHit, SearchResults, Suggestion
from marketplace.search.text import TYPO_MIN_LENGTH, folded, lowered, within_one_edit, words

MAX_WORDS = 8
MAX_ALTERNATIVES = 8
KIND_ORDER = {"product": 0, "producer": 1, "region": 2}
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


def _match_condition(groups: list[list[str]]) -> RawSQL:
    """A WHERE condition: every group has one of its words in the document (words are [0-9a-z]+).

    The SQL is constant (our own table names); the query string is a bound parameter.
    """
    table = SearchDocument._meta.db_table
    if connection.vendor == "postgresql":
        tsquery = " & ".join("(" + " | ".join(group) + ")" for group in groups)
        # search_vector: a stored column generated from folded_text (migration 0003), GIN-indexed.
        sql = f"{table}.search_vector @@ to_tsquery('simple'::regconfig, %s)"
        return RawSQL(sql, [tsquery], output_field=BooleanField())  # noqa: S611
    fts_query = " AND ".join("(" + " OR ".join(f'"{w}"' for w in group) + ")" for group in groups)
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
        then orders them nearest first (without ``near`` it is relevance)."""
        documents, query_words = self.base_queryset(text=text, kinds=kinds, filters=filters, near=near)
        total = documents.count()
        per_page = max(1, min(int(per_page), 100))
        last_page = max(1, -(-total // per_page))
        page = min(max(1, int(page)), last_page)
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
        facets = self.facets(documents) if total else {name: [] for name in FACETS}
        return SearchResults(hits=hits, total=total, page=page, per_page=per_page, facets=facets, words=query_words)

    def facets(self, documents) -> dict[str, list[tuple]]:
        """Counts for every facet in one scan: group by all facet columns together, sum per facet here
        (the combinations are few next to the matches)."""
        totals: dict[str, dict] = {name: {} for name in FACETS}
        combinations = documents.order_by().values(*FACETS).annotate(n=Count("id"))
        for row in combinations:
            for name in FACETS:
                value = row[name]
                if value is None or value == "":
                    continue
                totals[name][value] = totals[name].get(value, 0) + row["n"]
        return {
            name: sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))) for name, counts in totals.items()
        }

    def suggest(self, *, prefix: str, limit: int = 10) -> list[Suggestion]:
        """Titles whose words start with the typed words (the last one may be cut short), from two letters."""
        typed = words(prefix)[:MAX_WORDS]
        if not typed or len("".join(typed)) < 2:
            return []
        phrase = " ".join(typed)
        exact = lowered(prefix)
        documents = SearchDocument.objects.filter(
            Q(folded_title__startswith=phrase) | Q(folded_title__contains=" " + phrase)
        )
        ranked = documents.annotate(
            at_start=Case(
                When(folded_title__startswith=phrase, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            exact=Case(When(title_lower__contains=exact, then=Value(1)), default=Value(0), output_field=IntegerField()),
            kind_order=Case(
                *(When(kind=kind, then=Value(order)) for kind, order in KIND_ORDER.items()),
                default=Value(9),
                output_field=IntegerField(),
            ),
        ).order_by("-exact", "-at_start", "kind_order", F("stars").desc(nulls_last=True), "title", "object_id")
        suggestions, seen = [], set()
        for row in ranked.values("kind", "title", "url")[: limit * 3]:
            if row["title"] in seen:
                continue
            seen.add(row["title"])
            suggestions.append(Suggestion(**row))
            if len(suggestions) >= limit:
                break
        return suggestions
