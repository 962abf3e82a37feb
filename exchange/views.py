"""Open formats: Web Annotations, the canonical text, editions, and importing annotations.

The exports are public and GET/HEAD only: published glosses, whoever asks; they never look at
the session, so what they answer is the same for everyone and is cached by ETag. The import
page is for editors (CSRF as every form).
"""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from annotations.models import Gloss
from annotations.roles import can_edit
from catalogue.models import Piece

from . import wadm
from .text import piece_text as build_piece_text

ANNOTATION_TYPES = [wadm.ANNO_TYPE, "application/ld+json"]


def wants_annotations(request: HttpRequest) -> bool:
    """Does the client prefer JSON-LD Web Annotations to HTML (by its Accept header)?"""
    preferred = request.get_preferred_type(["text/html", *ANNOTATION_TYPES])
    return preferred in ANNOTATION_TYPES


def _etag(body: bytes) -> str:
    return '"%s"' % hashlib.sha256(body).hexdigest()[:32]


def respond(request: HttpRequest, body: str | bytes, content_type: str, *, filename: str = "",
            vary_accept: bool = False) -> HttpResponse:
    """A public response with an ETag; 304 when the client has it already."""
    data = body.encode() if isinstance(body, str) else body
    etag = _etag(data)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(data, content_type=content_type)
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    # As the piece page: keep a copy, ask again each time (a 304 while nothing changed), so an
    # editor's change is in the very next download.
    response["Cache-Control"] = "no-cache"
    if vary_accept:
        patch_vary_headers(response, ["Accept"])
    return response


def jsonld(request: HttpRequest, data: dict, *, vary_accept: bool = False) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = respond(request, body, wadm.ANNO_TYPE, vary_accept=vary_accept)
    # The annotation protocol's headers for a read-only annotation or container.
    response["Link"] = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
    response["Allow"] = "GET, HEAD, OPTIONS"
    return response


def _collection(request: HttpRequest, piece: Piece | None) -> HttpResponse:
    """A read-only collection (the catalogue's; a piece's is its container: protocol.py)."""
    absolute = request.build_absolute_uri
    number = request.GET.get("page")
    if number is None:
        response = jsonld(request, wadm.collection(piece, absolute), vary_accept=True)
        response["Link"] = ('<http://www.w3.org/ns/ldp#BasicContainer>; rel="type", '
                            '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"')
        return response
    if not number.isdigit():
        return HttpResponse("The page number must be a whole number from 1.\n", status=400,
                            content_type="text/plain; charset=utf-8")
    data = wadm.page(piece, int(number), absolute)
    if data is None:
        raise Http404("No such page of annotations.")
    return jsonld(request, data, vary_accept=True)


@require_safe
def catalogue_annotations(request: HttpRequest) -> HttpResponse:
    return _collection(request, None)


@require_safe
def gloss(request: HttpRequest, pk: int) -> HttpResponse:
    """A gloss's own URL (its annotation id): JSON-LD by content negotiation, else its place on
    the piece page."""
    found = Gloss.objects.filter(pk=pk).shown(include_drafts=False).select_related("piece").first()
    if found is None:
        raise Http404("No such published gloss.")
    if wants_annotations(request):
        return gloss_annotation(request, pk)
    # The page: a redirect to the gloss's place on it.
    anchor = found.first_anchor
    fragment = f"#L{anchor.first_line}" if anchor else f"#g{found.pk}"
    response = HttpResponseRedirect(f"{found.piece.get_absolute_url()}?gloss={found.pk}{fragment}")
    patch_vary_headers(response, ["Accept"])
    return response


@require_safe
def gloss_annotation(request: HttpRequest, pk: int) -> HttpResponse:
    """The published gloss as a Web Annotation, with the ETag a PUT's If-Match names."""
    from .protocol import _resource, gloss_etag

    found = wadm.published_glosses(Gloss.objects.filter(pk=pk)).first()
    if found is None:
        raise Http404("No such published gloss.")
    not_modified = get_conditional_response(request, etag=gloss_etag(found))
    if not_modified is not None:
        return not_modified
    return _resource(request, found)


@require_safe
def piece_text(request: HttpRequest, slug: str) -> HttpResponse:
    """The canonical plain text the annotations' selectors count in (code points, UTF-8)."""
    piece = get_object_or_404(Piece.objects.only("id"), slug=slug)
    return respond(request, build_piece_text(piece.pk).text, "text/plain; charset=utf-8")


def _edition(request: HttpRequest, slug: str):
    from .editions import reading

    piece = get_object_or_404(Piece, slug=slug)
    return piece, reading(piece), request.build_absolute_uri(piece.get_absolute_url())


@require_safe
def edition_tei(request: HttpRequest, slug: str) -> HttpResponse:
    from .editions import tei

    piece, data, url = _edition(request, slug)
    return respond(request, tei(data, url), "application/tei+xml; charset=utf-8", filename=f"{piece.slug}.tei.xml")


@require_safe
def edition_text(request: HttpRequest, slug: str) -> HttpResponse:
    from .editions import plain_text

    piece, data, _ = _edition(request, slug)
    return respond(request, plain_text(data), "text/plain; charset=utf-8", filename=f"{piece.slug}.txt")


@require_safe
def edition_markdown(request: HttpRequest, slug: str) -> HttpResponse:
    from .editions import markdown

    piece, data, url = _edition(request, slug)
    return respond(request, markdown(data, url), "text/markdown; charset=utf-8", filename=f"{piece.slug}.md")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_annotations(request: HttpRequest, slug: str) -> HttpResponse:
    """An editor imports a Web Annotation file for a piece: upload → preview and report →
    import (as drafts unless they choose published)."""
    from annotations.permissions import get_piece_for_editor

    from . import importing

    piece = get_piece_for_editor(request.user, slug)
    context = {"piece": piece, "max_bytes": importing.MAX_BYTES}
    if request.method != "POST":
        return render(request, "exchange/import.html", context)
    upload = request.FILES.get("file")
    if upload is not None and upload.size > importing.MAX_BYTES:
        raw = b""
        context["error"] = f"The file is {upload.size:,} bytes; at most {importing.MAX_BYTES:,} can be imported at once."
    else:
        raw = upload.read() if upload is not None else request.POST.get("payload", "").encode()
    status = "published" if request.POST.get("status") == "published" else "draft"
    if "error" not in context:
        if not raw:
            context["error"] = "Choose a Web Annotation file (JSON or JSON-LD) to import."
        else:
            try:
                planned = importing.plan(piece, importing.load(raw))
            except importing.AnnotationFileError as error:
                context["error"] = str(error)
            else:
                context |= {"planned": planned, "payload": raw.decode("utf-8", "replace"), "status": status,
                            "importable": sum(1 for p in planned if p.ok)}
                if request.POST.get("confirm") == "1":
                    created = importing.apply(piece, planned, user=request.user, status=status)
                    messages.success(request, f"Imported {len(created)} gloss(es) as {status}.")
                    return redirect(piece.get_absolute_url())
    return render(request, "exchange/import.html", context, status=400 if "error" in context else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """Your personal API tokens: make one (shown once), see when each was last used, revoke."""
    from .models import ApiToken

    context: dict = {"can_write": can_edit(request.user)}
    if request.method == "POST":
        name = " ".join(request.POST.get("name", "").split())[:100]
        if not name:
            context["error"] = "Name the token (say where you will use it), so you can tell it apart later."
        else:
            _, context["new_token"] = ApiToken.issue(request.user, name)
            context["new_name"] = name
    context["tokens"] = ApiToken.objects.filter(user=request.user)
    response = render(request, "exchange/tokens.html", context, status=400 if "error" in context else 200)
    response["Cache-Control"] = "no-store"  # the new token is on this page once
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    from .models import ApiToken

    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # someone else's is a 404
    token.revoke()
    messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    return redirect("exchange:tokens")
