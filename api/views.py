"""The read API (django-ninja): the catalogue, a piece, search and concepts, as JSON.

Everything here is public and read-only: readers and anonymous clients alike get published
glosses only (``Gloss.objects.shown()``), so no endpoint depends on who asks, and no endpoint
uses the session (no CSRF to think about). OpenAPI 3.1 at /api/schema/, browsable at /api/docs/.
Conditional GET (ETag/304) is added around every endpoint in ``urls.py``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from pydantic import Field

from annotations.concepts import concept_glosses, concept_index
from annotations.models import Concept, Gloss
from catalogue.forms import PieceFilterForm
from catalogue.models import Piece, with_tags
from catalogue.views import PER_PAGE
from exchange.editions import reading
from search.results import Excerpt, search as run_search

# No text of the site holds a NUL character: every request with one is refused (400) by
# config.middleware before it reaches the API, and the schema says so.
NO_NUL = r"^[^\x00]*$"

from .schemas import (
    ConceptDetail, ConceptOut, Error, PieceList, PieceOut, SearchOut,
)

api = NinjaAPI(
    title="Glossa API",
    version="1",
    description=(
        "Read the Glossa catalogue: pieces (metadata, sections, lines with echoes and directions, "
        "their published glosses with rendered HTML), full-text search and concepts. Read-only and "
        "public; every response has an ETag and answers If-None-Match with 304."
    ),
    openapi_url="/schema/",
    docs_url="/docs/",
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    """A parameter of the wrong type is the client's mistake: 400 with what was wrong."""
    problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', []))}: {e.get('msg')}" for e in exc.errors)
    return api.create_response(request, {"detail": problems or "Invalid input."}, status=400)


class CatalogueFilters(Schema):
    kind: str = Field("", description="song, poem or prose", max_length=20, pattern=NO_NUL)
    tag: str = Field("", description="a genre's slug", max_length=100, pattern=NO_NUL)
    key: str = Field("", description='a key, e.g. "C minor"', max_length=40, pattern=NO_NUL)
    tempo_min: int | None = Field(None, ge=1, le=999)
    tempo_max: int | None = Field(None, ge=1, le=999)
    author: str = Field("", max_length=100, pattern=NO_NUL)
    glossed: bool = Field(False, description="only pieces with published glosses")
    sort: str = Field("", description="title, newest, oldest or glosses", max_length=20, pattern=NO_NUL)
    page: int = Field(1, ge=1, le=1_000_000)


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@api.get("/pieces/", response={200: PieceList, 400: Error}, summary="The catalogue, filtered and paginated as on the page")
def pieces(request: HttpRequest, filters: Query[CatalogueFilters]):
    data = {k: v for k, v in filters.dict().items() if k != "page" and v not in ("", None, False)}
    form = PieceFilterForm({k: str(v) for k, v in data.items()} or None)
    page = Paginator(form.filter(Piece.objects.for_catalogue()), PER_PAGE).get_page(filters.page)
    cards = with_tags(page.object_list)
    for card in cards:
        card["api_url"] = reverse("api:piece", args=[card["slug"]])
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_url(request, page.previous_page_number()) if page.has_previous() else None,
        "problems": form.problems,
        "results": cards,
    }


def _gloss(gloss: Gloss) -> dict:
    return {
        "id": gloss.pk,
        "heading": gloss.heading,
        "body": gloss.body,
        "body_html": gloss.body_html,
        "anchors": [
            {f: getattr(a, f) for f in ("first_line", "last_line", "exact", "prefix", "suffix", "start", "end")}
            for a in gloss.anchor_list
        ],
        "concepts": [{"name": c.name, "slug": c.slug, "url": c.get_absolute_url()} for c in gloss.concepts.all()],
        "created": gloss.created_at,
        "modified": gloss.updated_at,
        "url": reverse("exchange:gloss", args=[gloss.pk]),
        "annotation_url": reverse("exchange:gloss_annotation", args=[gloss.pk]),
    }


@api.get("/pieces/{slug}/", response={200: PieceOut, 404: Error}, url_name="piece",
         summary="A piece: metadata, sections, lines and its published glosses")
def piece(request: HttpRequest, slug: str):
    found = get_object_or_404(Piece, slug=slug)
    data = reading(found)
    index_of = {section["id"]: i for i, section in enumerate(data.sections)}
    return {
        "slug": found.slug, "title": found.title, "kind": found.kind, "author": found.author,
        "written": found.written, "status": found.status, "style": found.style,
        "tempo_bpm": found.tempo_bpm, "key": found.key, "duration": found.duration,
        "tags": list(found.tags.values_list("name", flat=True)),
        "url": found.get_absolute_url(),
        "text_url": reverse("exchange:piece_text", args=[slug]),
        "annotations_url": reverse("exchange:piece_annotations", args=[slug]),
        "editions": {
            "tei": reverse("exchange:edition_tei", args=[slug]),
            "text": reverse("exchange:edition_text", args=[slug]),
            "markdown": reverse("exchange:edition_markdown", args=[slug]),
        },
        "sections": [
            {"label": s["label"], "kind": s["kind"], "direction": s["direction"],
             "repeat_of": index_of.get(s["repeat_of_id"]), "lines": s["lines"]}
            for s in data.sections
        ],
        "glosses": [_gloss(g) for g in data.glosses],
    }


@api.get("/search/", response={200: SearchOut, 400: Error}, summary="Full-text search, as the search page")
def search(request: HttpRequest, q: str = Query("", max_length=200, pattern=NO_NUL, description="what a reader types")):
    results = run_search(q.replace("\x00", ""))
    return {
        "q": q,
        "capped": results.capped,
        "total_pieces": results.total_pieces,
        "pieces": [
            {
                "slug": hit.slug, "title": hit.title, "kind": hit.kind, "author": hit.author,
                "url": hit.url, "title_html": str(hit.heading_html), "more": hit.more,
                "lines": [
                    {"n": line.n, "text_html": str(line.text_html), "echo_html": str(line.echo_html),
                     "is_match": line.is_match}
                    for item in hit.items if isinstance(item, Excerpt) for line in item.lines
                ],
                "glosses": [
                    {"kind": m.kind, "line": m.n or None, "heading_html": str(m.heading_html),
                     "snippet_html": str(m.snippet_html), "url": f"{hit.url}#{m.anchor}"}
                    for m in hit.matches
                ],
            }
            for hit in results.pieces
        ],
    }


@api.get("/concepts/", response=list[ConceptOut], summary="Every concept with its number of published glosses")
def concepts(request: HttpRequest):
    return [
        {"name": c.name, "slug": c.slug, "gloss_count": c.gloss_count, "url": c.get_absolute_url(),
         "api_url": reverse("api:concept", args=[c.slug])}
        for c in concept_index(include_drafts=False)
    ]


@api.get("/concepts/{slug}/", response={200: ConceptDetail, 404: Error}, url_name="concept",
         summary="A concept's published glosses, in page order")
def concept(request: HttpRequest, slug: str):
    found = get_object_or_404(Concept, slug=slug)
    glosses = concept_glosses(found, include_drafts=False).select_related("piece").prefetch_related("anchors")
    return {
        "name": found.name, "slug": found.slug, "url": found.get_absolute_url(),
        "glosses": [
            {"id": g.pk, "piece": g.piece.slug, "piece_title": g.piece.title, "heading": g.heading,
             "body_html": g.body_html,
             "lines": sorted({n for a in g.anchor_list if not a.is_orphan for n in range(a.first_line, a.last_line + 1)}),
             "url": reverse("exchange:gloss", args=[g.pk])}
            for g in glosses
        ],
    }
