"""Content negotiation on the piece page's URL, without touching the piece page's view.

``Accept: application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`` on
``/pieces/<slug>/`` answers with the piece's AnnotationCollection; every other request goes
on to the page, whose response then says it varies by Accept (so no cache hands HTML to an
annotation client or the reverse).
"""

from __future__ import annotations

from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers


def annotation_negotiation(get_response):
    from .protocol import container
    from .views import wants_annotations

    def middleware(request):
        # Most requests are not for a piece: spare them the URL resolving.
        if not request.path_info.startswith("/pieces/"):
            return get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return get_response(request)
        if match.url_name != "piece_detail":
            return get_response(request)
        if request.method in ("GET", "HEAD") and wants_annotations(request):
            return container(request, match.kwargs["slug"])
        response = get_response(request)
        patch_vary_headers(response, ["Accept"])
        return response

    return middleware
