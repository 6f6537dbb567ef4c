"""The result shapes every backend returns."""

from dataclasses import dataclass, field

SORTS = ("relevance", "price-asc", "price-desc", "stars", "newest", "distance")
FACETS = ("kind", "stars", "group", "province", "commune", "legal_type", "price_band", "in_stock")
# Filters a query accepts: facet name → kind of value (list of values, or one value).
FILTERS = ("stars", "group", "province", "commune", "legal_type", "price_band", "in_stock")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    object_id: int
    title: str
    url: str
    summary: str = ""
    stars: int | None = None
    price: int | None = None
    province: str = ""
    commune: str = ""
    in_stock: bool | None = None
    score: int = 0
    distance_km: float | None = None


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    # facet name → [(value, count)], most frequent first (value order on ties).
    facets: dict[str, list[tuple]] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True)
class Suggestion:
    kind: str
    title: str
    url: str
