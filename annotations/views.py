from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.views.decorators.http import require_GET

from catalogue.models import Piece

from .permissions import can_edit
from .reading import reading_etag, reading_html


@require_GET
def piece_detail(request: HttpRequest, slug: str) -> HttpResponse:
    piece = get_object_or_404(
        Piece.objects.only("pk", "title", "slug", "content_version", "gloss_version", "updated_at"),
        slug=slug,
    )
    audience = "editor" if can_edit(request.user) else "reader"
    etag = reading_etag(piece, audience, request)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    response = render(
        request,
        "annotations/piece_detail.html",
        {"piece": piece, "reading_html": reading_html(piece, audience=audience)},
    )
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie", "HX-Request"])
    return response
