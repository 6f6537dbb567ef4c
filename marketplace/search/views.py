"""The search results page and the suggestion endpoint (thin: the form validates, selectors answer)."""

import dataclasses

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from marketplace.search.facets import facet_labels
from marketplace.search.forms import SearchForm, SuggestForm
from marketplace.search.selectors import search_query, search_suggest

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
        "sections": _sections(results.hits),
        "facets": facet_labels(facets=results.facets, request=request),
        "page_query": _query_without(request, "page"),
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


def _sections(hits) -> list[tuple[str, list]]:
    hits = [dataclasses.replace(hit, url=_localized_url(hit.url)) for hit in hits]
    titles = {"product": _("Products"), "producer": _("Producers"), "region": _("Places")}
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
    data = [{"title": s.title, "url": _localized_url(s.url), "kind": s.kind} for s in suggestions]
    return JsonResponse({"query": form.cleaned_data["q"], "suggestions": data})
