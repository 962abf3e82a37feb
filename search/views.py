from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from annotations.concepts import glosses_and_concepts_version
from catalogue.pagecache import cached_for_readers

from .query import MAX_QUERY_CHARS
from .results import search as run_search


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Anonymous readers get results from the cache, once per version of what they show."""
    return cached_for_readers(request, "search", glosses_and_concepts_version, lambda: _search(request))


def _search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:MAX_QUERY_CHARS].strip()
    results = run_search(text) if text else None
    template = "search/search.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#search-results"
    response = render(request, template, {"q": text, "results": results})
    patch_vary_headers(response, ["HX-Request"])
    return response
