from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from .forms import PieceFilterForm
from .models import Piece, with_tags
from .pagecache import cached_for_readers, catalogue_version

PER_PAGE = 24


@require_safe
def piece_list(request: HttpRequest) -> HttpResponse:
    """The front page: anonymous readers get it from the cache, once per catalogue version."""
    return cached_for_readers(request, "piece_list", catalogue_version, lambda: _piece_list(request))


def _piece_list(request: HttpRequest) -> HttpResponse:
    form = PieceFilterForm(request.GET or None)
    pieces = form.filter(Piece.objects.for_catalogue())
    page = Paginator(pieces, PER_PAGE).get_page(request.GET.get("page"))
    template = "catalogue/piece_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#piece-results"
    response = render(request, template, {"form": form, "page": page, "pieces": with_tags(page.object_list)})
    patch_vary_headers(response, ["HX-Request"])
    return response
