"""Wagtail API v2 at /api/v2/: pages (fairs, tours, promotions), images and documents.

Wagtail's endpoints pass some query parameters to the database unchecked: a NUL byte (PostgreSQL
refuses it in text), a number beyond 64 bits (SQLite and PostgreSQL overflow) or an unknown ``site``
answered 500. Every endpoint here checks its query string first and answers 400 with the reason.
"""

import re

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Site

# Ids are 32-bit columns; no page offset or limit comes near it either.
MAX_QUERY_INTEGER = 2**31 - 1
MAX_QUERY_VALUE_LENGTH = 1000
# Parameters Wagtail reads as integers ("root" is also accepted for the page-tree ones).
INTEGER_PARAMETERS = {"offset", "limit", "id", "child_of", "ancestor_of", "descendant_of", "translation_of"}
SEARCH_OPERATORS = {"and", "or"}
# Wagtail nests one SQL expression per search word: hundreds of words overflow Python's recursion limit.
MAX_SEARCH_WORDS = 32
# Wagtail joins the tag table once per tag in ?tags=a,b,c: SQLite stops at 64 tables in a join.
MAX_TAGS = 10


def api_query_check(*, query) -> None:
    """Raise BadRequestError (400 with its message) for a query string the database must not see."""
    for key, values in query.lists():
        if "\x00" in key:
            raise BadRequestError("null characters are not allowed in parameter names")
        for value in values:
            if "\x00" in value:
                raise BadRequestError(f"null characters are not allowed in {key}")
            if len(value) > MAX_QUERY_VALUE_LENGTH:
                raise BadRequestError(f"{key} is longer than {MAX_QUERY_VALUE_LENGTH} characters")
            if key == "tags" and value.count(",") >= MAX_TAGS:
                raise BadRequestError(f"tags may name at most {MAX_TAGS} tags")
            if key == "search":
                continue
            try:
                number = int(value)
            except ValueError:
                if key == "id":
                    raise BadRequestError("id must be a positive integer") from None
                continue
            # Any number, not only the known integer parameters: field filters (?depth=) reach the database too.
            if abs(number) > MAX_QUERY_INTEGER:
                raise BadRequestError(f"{key} must be at most {MAX_QUERY_INTEGER}")
            if key in INTEGER_PARAMETERS and number < 0:
                raise BadRequestError(f"{key} must be a positive integer")
    operator = query.get("search_operator")
    if operator is not None and operator not in SEARCH_OPERATORS:
        raise BadRequestError("search_operator must be 'and' or 'or'")


def api_search_words(*, text: str) -> str:
    """The words of a search, without the punctuation a full-text engine reads as syntax (SQLite FTS5
    fails on an unbalanced quote) and without blank text (Wagtail's backends fail on it)."""
    return " ".join(re.findall(r"\w+", text))


class CheckedSearchFilter(SearchFilter):
    """Wagtail's search filter, given only the words of ?search=."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        words = api_search_words(text=request.GET["search"])
        if not words:
            raise BadRequestError("search must contain a letter or a digit")
        if words.count(" ") >= MAX_SEARCH_WORDS:
            raise BadRequestError(f"search may have at most {MAX_SEARCH_WORDS} words")
        query = request.GET.copy()
        query["search"] = words
        return super().filter_queryset(_WithQuery(request, query), queryset, view)


class _WithQuery:
    """The request as a filter backend sees it, with another query string."""

    def __init__(self, request, query):
        self._request, self.GET = request, query

    def __getattr__(self, name):
        return getattr(self._request, name)


def _with_checked_search(backends: list) -> list:
    return [CheckedSearchFilter if backend is SearchFilter else backend for backend in backends]


class CheckedQueryMixin:
    """Checks the query string before Wagtail reads it (errors raised here become 400 answers)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        api_query_check(query=request.GET)


class CheckedPagesAPIViewSet(CheckedQueryMixin, PagesAPIViewSet):
    filter_backends = _with_checked_search(PagesAPIViewSet.filter_backends)

    def get_base_queryset(self):
        # Wagtail looks ?site=host[:port] up with .get(): an unknown site or a port that is no number was a 500.
        try:
            return super().get_base_queryset()
        except Site.DoesNotExist as error:
            raise BadRequestError("site doesn't exist") from error
        except ValueError as error:
            raise BadRequestError("site must be a hostname, optionally with :port") from error


class CheckedImagesAPIViewSet(CheckedQueryMixin, ImagesAPIViewSet):
    filter_backends = _with_checked_search(ImagesAPIViewSet.filter_backends)


class CheckedDocumentsAPIViewSet(CheckedQueryMixin, DocumentsAPIViewSet):
    filter_backends = _with_checked_search(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", CheckedPagesAPIViewSet)
api_router.register_endpoint("images", CheckedImagesAPIViewSet)
api_router.register_endpoint("documents", CheckedDocumentsAPIViewSet)
