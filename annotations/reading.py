"""The piece page's reading: verse with its glosses beside each line, built from plain values.

The HTML is rendered once per content version of the piece (lines, glosses, metadata) and
audience, and cached; a page view then costs one query for the piece and a cache lookup.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from catalogue.models import Line, Piece, PieceVersions, piece_reading

from .models import Commentary, Gloss

READING_TEMPLATE = "annotations/piece_detail.html#reading"
CACHE_SECONDS = 24 * 3600


def reading_version(piece: Piece | PieceVersions, audience: str) -> str:
    return f"{piece.pk}.{piece.content_version}.{piece.gloss_version}.{piece.updated_at.timestamp()}.{audience}"


def reading_etag(piece: Piece | PieceVersions, audience: str, request) -> str:
    """Changes whenever the page would: content, audience, who is signed in, their CSRF token."""
    user_part = f"{request.user.pk}:{request.COOKIES.get('csrftoken', '')}" if request.user.is_authenticated else "-"
    digest = hashlib.sha256(f"{reading_version(piece, audience)}|{user_part}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def reading_html(piece: Piece, *, audience: str) -> str:
    key = f"reading:{reading_version(piece, audience)}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(READING_TEMPLATE, build_reading(piece, include_drafts=audience == "editor"))
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # rendered by our own template, every value escaped there


def build_reading(piece: Piece, *, include_drafts: bool) -> dict:
    """Everything the reading partial shows, in four queries whatever the piece's length."""
    sections, lines = piece_reading(piece.pk)
    glosses = _shown(Gloss, include_drafts).filter(piece_id=piece.pk, is_orphan=False)
    notes = _shown(Commentary, include_drafts).filter(piece_id=piece.pk)
    glosses = list(
        glosses.order_by("first_line", "start", "pk").values(
            "id", "first_line", "last_line", "exact", "start", "end", "body_html", "status"
        )
    )
    notes = list(notes.order_by("position", "pk").values("id", "heading", "body_html", "status"))
    concepts_of = concepts_by_gloss(piece.pk)
    for gloss in glosses:
        gloss["concepts"] = concepts_of.get(gloss["id"], [])

    glosses_at = defaultdict(list)  # first line → glosses that start there
    covering = defaultdict(list)  # line → ids of glosses on it
    phrases = defaultdict(list)  # line → (start, end, gloss id) to mark
    for gloss in glosses:
        glosses_at[gloss["first_line"]].append(gloss)
        for n in range(gloss["first_line"], gloss["last_line"] + 1):
            covering[n].append(gloss["id"])
        if gloss["exact"] and gloss["start"] is not None:
            for n, start, end in _phrase_spans(gloss):
                phrases[n].append((start, end, gloss["id"]))

    label_of = {section["id"]: section["label"] for section in sections}
    position_of = {section["id"]: section["position"] for section in sections}
    lines_of = defaultdict(list)
    for n, text, echo, kind, section_id, break_before in lines:
        lines_of[section_id].append((n, text, echo, kind, break_before))

    rows_by_section = []
    for section in sections:
        section_lines = lines_of[section["id"]]
        original = lines_of.get(section["repeat_of_id"], []) if section["repeat_of_id"] else []
        rows = []
        for index, (n, text, echo, kind, break_before) in enumerate(section_lines):
            # A repeat shows the glosses of the line it repeats, so a chorus is explained once.
            echoed = original[index][0] if index < len(original) else None
            rows.append(
                {
                    "n": n,
                    "kind": kind,
                    "echo": echo,
                    "break_before": break_before,
                    "segments": _segments(text, phrases.get(n, ())),
                    "glosses": glosses_at.get(n, []),
                    "gloss_ids": covering.get(n, []),
                    "repeated_glosses": glosses_at.get(echoed, []) if echoed else [],
                    "repeats_line": echoed,
                }
            )
        rows_by_section.append(
            {**section, "repeat_label": label_of.get(section["repeat_of_id"], ""),
             "repeat_position": position_of.get(section["repeat_of_id"]), "rows": rows}
        )
    # Editors are shown what a re-import could not place, so that it gets re-attached.
    orphans = list(
        Gloss.objects.live().filter(piece_id=piece.pk, is_orphan=True)
        .order_by("first_line", "pk").values("id", "first_line", "exact", "anchor_text")
    ) if include_drafts else []
    return {
        "piece": piece,
        "tags": list(piece.tags.values_list("name", flat=True)),
        "sections": rows_by_section,
        "commentary": notes,
        "include_drafts": include_drafts,
        "orphans": orphans,
    }


def concepts_by_gloss(piece_id: int) -> dict[int, list[dict]]:
    """Gloss id → its concepts ({"name", "slug"}) for every gloss of the piece, in one query."""
    concepts_of = defaultdict(list)
    rows = (Gloss.concepts.through.objects.filter(gloss__piece_id=piece_id).order_by("concept__key")
            .values_list("gloss_id", "concept__name", "concept__slug"))
    for gloss_id, name, slug in rows:
        concepts_of[gloss_id].append({"name": name, "slug": slug})
    return concepts_of


def _phrase_spans(gloss: dict):
    """(line, start, end) for each line a phrase gloss covers."""
    first, last = gloss["first_line"], gloss["last_line"]
    if first == last:
        yield first, gloss["start"], gloss["end"] if gloss["end"] is not None else gloss["start"] + len(gloss["exact"])
        return
    yield first, gloss["start"], None
    for n in range(first + 1, last):
        yield n, 0, None
    yield last, 0, gloss["end"]


def _segments(text: str, marks) -> list[tuple[str, int | None, tuple[int, ...]]]:
    """The line cut at every phrase's ends into (text, gloss id, ids of every gloss on it).

    Phrases may overlap or nest (a gloss on two words inside an imported gloss on the whole
    clause): each run lists all its glosses, the narrowest first, and is marked for that one.
    """
    spans, bounds = [], {0, len(text)}
    for start, end, gloss_id in marks:
        end = len(text) if end is None else min(end, len(text))
        start = max(0, start)
        if start < end:
            spans.append((start, end, gloss_id))
            bounds.update((start, end))
    segments: list[tuple[str, int | None, tuple[int, ...]]] = []
    edges = sorted(bounds)
    for begin, finish in zip(edges, edges[1:]):
        covering = sorted((end - start, gloss_id) for start, end, gloss_id in spans if start <= begin and finish <= end)
        ids = tuple(gloss_id for _, gloss_id in covering)
        if segments and segments[-1][2] == ids:
            segments[-1] = (segments[-1][0] + text[begin:finish], segments[-1][1], ids)
        else:
            segments.append((text[begin:finish], ids[0] if ids else None, ids))
    return segments or [(text, None, ())]


def _shown(model, include_drafts: bool):
    """Live rows of ``model`` (Gloss or Commentary): drafts too for editors, else published only."""
    return model.objects.live() if include_drafts else model.objects.published()


def glosses_on_line(piece: Piece, n: int, *, include_drafts: bool) -> dict | None:
    """What the pane shows for one line: its text, the glosses on it, and, on a repeated
    chorus, the glosses of the line it repeats. None when the piece has no such line."""
    line = (
        Line.objects.filter(piece_id=piece.pk, n=n)
        .values("n", "text", "section_id", "section__repeat_of_id")
        .first()
    )
    if line is None:
        return None
    glosses = _shown(Gloss, include_drafts).filter(piece_id=piece.pk, is_orphan=False)
    echoed = None
    if line["section__repeat_of_id"]:
        index = Line.objects.filter(section_id=line["section_id"], n__lt=n).count()
        echoed = (
            Line.objects.filter(section_id=line["section__repeat_of_id"])
            .order_by("n")
            .values_list("n", flat=True)[index : index + 1]
            .first()
        )
    glosses = glosses.prefetch_related("concepts")
    on_line = list(glosses.filter(first_line__lte=n, last_line__gte=n).order_by("first_line", "start", "pk"))
    echoed_glosses = []
    if echoed:
        echoed_glosses = list(
            glosses.filter(first_line__lte=echoed, last_line__gte=echoed).order_by("first_line", "start", "pk")
        )
    return {"n": n, "text": line["text"], "glosses": on_line, "echoed_line": echoed, "echoed_glosses": echoed_glosses}
