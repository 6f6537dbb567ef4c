"""The search results page and the suggestion endpoint (thin: the form validates, selectors answer)."""

import dataclasses

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from marketplace.search.documents import PAGE_KINDS
from marketplace.search.facets import facet_labels
from marketplace.search.forms import SearchForm, SuggestForm
from marketplace.search.models import SearchDocument
from marketplace.search.selectors import page_translations_get, search_query, search_suggest

PER_PAGE = 20


@require_GET
def search_page(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "search/results.html", {"form": form, "results": None}, status=400)
    arguments = form.search_arguments()
    has_filters = bool(arguments["filters"] or arguments["kinds"] or arguments["near"])
    if not arguments["text"] and not has_filters:
        return render(request, "search/results.html", {"form": form, "results": None, "empty_query": True})
    results = search_query(per_page=PER_PAGE, **arguments)
    context = {
        "form": form,
        "results": results,
        "query": arguments["text"],
        "sections": _sections(results.hits, request=request),
        "facets": facet_labels(facets=results.facets, request=request),
        "near": arguments["near"],
        "without_near": _query_without(request, "lat", "lon", "km", "sort", "page"),
    }
    return render(request, "search/results.html", context)


def _localized_url(url: str) -> str:
    """Stored URLs are in the default language; under /en/ link to the English page."""
    language = translation.get_language()
    if not url or language == settings.LANGUAGE_CODE:
        return url
    try:
        with translation.override(settings.LANGUAGE_CODE):
            match = resolve(url)
        with translation.override(language):
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except Resolver404:
        return url
    except Exception:  # noqa: BLE001 — a URL that cannot be reversed keeps its stored form
        return url


def _localized(items, *, request) -> list[dict]:
    """Each item's URL in the active language (items have kind, url and title): a fair or tour links to
    its translation, under the translation's title, when one is live; other URLs are reversed."""
    pages = page_translations_get(urls={item.url for item in items if item.kind in PAGE_KINDS}, request=request)
    localized = []
    for item in items:
        if item.kind in PAGE_KINDS:
            url, title = pages.get(item.url, (item.url, item.title))
            localized.append({"url": url, "title": title})
        else:
            localized.append({"url": _localized_url(item.url), "title": item.title})
    return localized


def _sections(hits, *, request) -> list[tuple[str, list]]:
    hits = [
        dataclasses.replace(hit, **changes)
        for hit, changes in zip(hits, _localized(hits, request=request), strict=True)
    ]
    titles = {
        "product": _("Products"),
        "producer": _("Producers"),
        "region": _("Places"),
        "fair": _("Fairs"),
        "tour": _("Tours"),
    }
    return [
        (titles[kind], [hit for hit in hits if hit.kind == kind])
        for kind in titles
        if any(h.kind == kind for h in hits)
    ]


def _query_without(request, *names) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@require_GET
def suggest(request):
    form = SuggestForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"error": " ".join(form.errors["q"]), "suggestions": []}, status=400)
    suggestions = search_suggest(prefix=form.cleaned_data["q"], limit=10)
    # Like the results: a fair or tour under its live translation's title and URL (its document holds the
    # translation's words too, so they may be what matched); other links reversed in the active language.
    localized = _localized(suggestions, request=request)
    data = [
        {"title": found["title"], "url": found["url"], "kind": s.kind, "kind_label": _kind_label(s.kind)}
        for s, found in zip(suggestions, localized, strict=True)
    ]
    return JsonResponse({"query": form.cleaned_data["q"], "suggestions": data})


def _kind_label(kind: str) -> str:
    return str(SearchDocument.Kind(kind).label) if kind in SearchDocument.Kind.values else ""
