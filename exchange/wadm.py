"""Published glosses as W3C Web Annotations (JSON-LD), one annotation per gloss.

A gloss with several anchors is one annotation with one target per anchor: a
SpecificResource on the piece's canonical plain text (``text.py``) with a TextQuoteSelector,
a TextPositionSelector (code points of that text) and an RFC 5147 FragmentSelector naming
its lines. A gloss on the whole piece targets the text itself. The body is a Choice of the
Markdown source and its rendered HTML; concepts are tagging bodies. Only published, live,
placed glosses leave the site (``Gloss.objects.shown()``), whoever asks.

The functions take a ``absolute`` callable (path → absolute IRI: ``request.build_absolute_uri``)
so ids are the URLs the annotations are served at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC

from django.db.models import Prefetch
from django.urls import reverse

from annotations.models import Anchor, Gloss
from catalogue.models import Piece, piece_reading

from .text import PieceText, anchor_span, build_text

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNO_TYPE = f'application/ld+json; profile="{ANNO_CONTEXT}"'
RFC5147 = "http://tools.ietf.org/rfc/rfc5147"
PAGE_SIZE = 50

Absolute = Callable[[str], str]


def iso_z(moment) -> str:
    """xsd:dateTime in UTC with "Z", as the model requires (seconds are enough for a gloss)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def published_glosses(queryset=None):
    """Glosses anyone may read, with what an annotation needs, in a fixed number of queries."""
    queryset = Gloss.objects.all() if queryset is None else queryset
    return (
        queryset.shown(include_drafts=False)
        .select_related("created_by", "piece")
        .prefetch_related(
            Prefetch("anchors", queryset=Anchor.objects.filter(is_orphan=False).order_by("position")),
            "concepts",
        )
        .order_by("pk")
    )


def gloss_url(gloss_id: int) -> str:
    return reverse("exchange:gloss", args=[gloss_id])


def text_url(slug: str) -> str:
    return reverse("exchange:piece_text", args=[slug])


def collection_url(slug: str | None) -> str:
    return reverse("exchange:piece_annotations", args=[slug]) if slug else reverse("exchange:catalogue_annotations")


def _creator(gloss: Gloss) -> dict | None:
    if gloss.created_by is not None:
        return {"type": "Person", "nickname": gloss.created_by.get_username()}
    if gloss.piece.author:
        # An imported gloss came with the piece's own text: its author wrote it.
        return {"type": "Person", "name": gloss.piece.author}
    return None


def _target(gloss: Gloss, anchor: Anchor, text: PieceText, absolute: Absolute) -> dict | None:
    span = anchor_span(text, anchor)
    if span is None:
        return None
    return {
        "type": "SpecificResource",
        "source": absolute(text_url(gloss.piece.slug)),
        "selector": [
            {"type": "TextQuoteSelector", "exact": span.exact, "prefix": span.prefix, "suffix": span.suffix},
            {"type": "TextPositionSelector", "start": span.start, "end": span.end},
            {"type": "FragmentSelector", "conformsTo": RFC5147, "value": f"line={span.first_row},{span.last_row + 1}"},
        ],
    }


def annotation(gloss: Gloss, text: PieceText, absolute: Absolute, *, context: bool = True) -> dict:
    """One gloss as a Web Annotation (``gloss`` as ``published_glosses`` loads it)."""
    source = absolute(text_url(gloss.piece.slug))
    targets = [t for anchor in gloss.anchor_list if (t := _target(gloss, anchor, text, absolute))]
    body: list[dict] = [
        {
            "type": "Choice",
            "items": [
                {"type": "TextualBody", "value": gloss.body, "format": "text/markdown", "language": "en",
                 "purpose": "commenting"},
                {"type": "TextualBody", "value": gloss.body_html, "format": "text/html", "language": "en",
                 "purpose": "commenting"},
            ],
        }
    ]
    concepts = sorted(gloss.concepts.all(), key=lambda c: c.key)
    # Tags both ways: tagging bodies (what Hypothesis and most clients read) and the concepts'
    # pages as dcterms:subject (a compact IRI the anno.jsonld context's "dcterms" prefix expands).
    body += [{"type": "TextualBody", "value": concept.name, "purpose": "tagging"} for concept in concepts]
    data: dict = {"@context": ANNO_CONTEXT} if context else {}
    data |= {
        "id": absolute(gloss_url(gloss.pk)),
        "type": "Annotation",
        "motivation": "commenting",
        "created": iso_z(gloss.created_at),
        "modified": iso_z(gloss.updated_at),
        "generator": {"id": absolute("/"), "type": "Software", "name": "Glossa"},
        "body": body,
        "target": targets or {"id": source, "type": "Text", "format": "text/plain"},
        "via": absolute(gloss.piece.get_absolute_url()),
    }
    if gloss.heading:
        data["dcterms:title"] = gloss.heading
    creator = _creator(gloss)
    if creator:
        data["creator"] = creator
    if concepts:
        data["dcterms:subject"] = [absolute(concept.get_absolute_url()) for concept in concepts]
    return data


def texts_for(glosses: Iterable[Gloss]) -> dict[int, PieceText]:
    """The canonical text of every piece the glosses are on (two queries a piece)."""
    return {piece_id: build_text(*piece_reading(piece_id)) for piece_id in {g.piece_id for g in glosses}}


def annotation_of(gloss_id: int, absolute: Absolute) -> dict | None:
    gloss = published_glosses(Gloss.objects.filter(pk=gloss_id)).first()
    if gloss is None:
        return None
    return annotation(gloss, texts_for([gloss])[gloss.piece_id], absolute)


def collection(piece: Piece | None, absolute: Absolute, *, embed_first: bool = True) -> dict:
    """The AnnotationCollection of a piece's published glosses (``piece`` None: the catalogue's),
    with its first page embedded so one download holds a short piece's glosses whole."""
    queryset = published_glosses(Gloss.objects.filter(piece=piece) if piece else None)
    total = queryset.count()
    slug = piece.slug if piece else None
    url = absolute(collection_url(slug))
    data = {
        "@context": ANNO_CONTEXT,
        "id": url,
        "type": "AnnotationCollection",
        "label": f"Glosses on {piece.title}" if piece else "Glosses in the Glossa catalogue",
        "total": total,
    }
    if total:
        last = (total - 1) // PAGE_SIZE + 1
        data["first"] = page(piece, 1, absolute, context=False) if embed_first else f"{url}?page=1"
        data["last"] = f"{url}?page={last}"
    return data


def page_count(total: int) -> int:
    return max(1, (total - 1) // PAGE_SIZE + 1)


def page(piece: Piece | None, number: int, absolute: Absolute, *, context: bool = True) -> dict | None:
    """One AnnotationPage (from 1); None past the last page."""
    queryset = published_glosses(Gloss.objects.filter(piece=piece) if piece else None)
    total = queryset.count()
    if number < 1 or number > page_count(total):
        return None
    glosses = list(queryset[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    texts = texts_for(glosses)
    url = absolute(collection_url(piece.slug if piece else None))
    data: dict = {"@context": ANNO_CONTEXT} if context else {}
    data |= {
        "id": f"{url}?page={number}",
        "type": "AnnotationPage",
        "partOf": {"id": url, "type": "AnnotationCollection", "total": total},
        "startIndex": (number - 1) * PAGE_SIZE,
        "items": [annotation(g, texts[g.piece_id], absolute, context=False) for g in glosses],
    }
    if number < page_count(total):
        data["next"] = f"{url}?page={number + 1}"
    if number > 1:
        data["prev"] = f"{url}?page={number - 1}"
    return data
