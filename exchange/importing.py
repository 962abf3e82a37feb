"""Web Annotations → glosses of a piece (a file an editor imports, or one the protocol receives).

Accepts a single annotation, a JSON array of them, an AnnotationPage or an AnnotationCollection
(its embedded first page and the pages embedded after it). Each annotation's targets are
anchored to the piece's CURRENT text with the re-import ladder: the TextPositionSelector where
the canonical text still holds its quote there, else the quote with its context, else the quote
matched tolerantly, else fuzzily (``annotations.anchoring.reanchor``); a target whose quote
cannot be placed becomes an orphaned anchor (its quote and the lines its selectors named), so
the gloss waits on the orphans page to be re-attached; one with no quote is left out. Both are
reported. Nothing here trusts the file: bodies are Markdown (rendered with raw HTML
off), sizes and counts are capped, and every problem is a sentence in the report.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from urllib.parse import urlsplit
from dataclasses import dataclass, field

from django.db import transaction

from annotations.anchoring import AnchorError, Place, anchor_lines, anchor_phrase, reanchor
from annotations.models import Gloss, Status
from catalogue.models import Piece, piece_reading

from .text import PieceText, build_text
from .wadm import text_url

MAX_BYTES = 2_000_000  # as GLOSSA_IMPORT_MAX_BYTES: a piece's glosses fit many times over
MAX_ANNOTATIONS = 2_000
MAX_TARGETS = 50
MAX_BODY_CHARS = 50_000


class AnnotationFileError(ValueError):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class Planned:
    """One annotation of the file, as it would become a gloss (or why it cannot)."""

    index: int
    body: str = ""
    heading: str = ""
    concepts: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    orphans: list[Place] = field(default_factory=list)  # quotes not in the text: orphaned anchors
    lost: list[str] = field(default_factory=list)  # places with no quote that could not be found: left out
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def is_orphan(self) -> bool:
        return bool(self.orphans) and not self.places

    @property
    def where(self) -> str:
        if not self.places:
            return "no line of the current text (an orphan)" if self.orphans else "the whole piece"
        return ", ".join(f"line {p.first_line}" if p.first_line == p.last_line else f"lines {p.first_line}–{p.last_line}"
                         for p in self.places)


def not_found(planned: Planned) -> str:
    """The protocol's answer to a write whose places are not all in the text (it orphans nothing:
    a client writing an annotation now should say where it stands now)."""
    quotes = [o.exact[:200] for o in planned.orphans] + planned.lost
    return "These quotes are not in the text: " + "; ".join(f"“{q}”" for q in quotes)


def load(raw: bytes | str) -> list[dict]:
    """The annotations in a file's bytes; AnnotationFileError when it is not a Web Annotation file."""
    if len(raw) > MAX_BYTES:
        raise AnnotationFileError(f"The file is {len(raw):,} bytes; at most {MAX_BYTES:,} can be imported at once.")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise AnnotationFileError(f"This is not JSON: {error}.") from None
    items = _annotations_in(data)
    if not items:
        raise AnnotationFileError("There is no Web Annotation in this file (an Annotation, an array of them, "
                           "an AnnotationPage or an AnnotationCollection).")
    if len(items) > MAX_ANNOTATIONS:
        raise AnnotationFileError(f"The file holds {len(items):,} annotations; at most {MAX_ANNOTATIONS:,} at once.")
    return items


def _types(node) -> set[str]:
    kind = node.get("type", node.get("@type", [])) if isinstance(node, dict) else []
    return set(kind if isinstance(kind, list) else [kind])


def _annotations_in(data) -> list[dict]:
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict) and "Annotation" in _types(item)]
    if not isinstance(data, dict):
        return []
    kinds = _types(data)
    if "Annotation" in kinds:
        return [data]
    if "AnnotationPage" in kinds:
        items = _annotations_in(data.get("items", []))
        following = data.get("next")
        return items + (_annotations_in(following) if isinstance(following, dict) else [])
    if "AnnotationCollection" in kinds:
        first = data.get("first")
        return _annotations_in(first) if isinstance(first, dict) else []
    return []


def _text_of(body: dict) -> tuple[str, str]:
    """(format, value) of a TextualBody."""
    return str(body.get("format", "text/plain")), str(body.get("value", ""))


def _bodies(annotation: dict) -> tuple[str, list[str]]:
    """The Markdown to store and the tag names, from body/bodyValue (Choice: Markdown first)."""
    if isinstance(annotation.get("bodyValue"), str):
        return annotation["bodyValue"], []
    bodies = annotation.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    texts: list[tuple[str, str]] = []
    tags: list[str] = []
    for body in bodies:
        if not isinstance(body, dict):
            continue
        if "Choice" in _types(body):
            texts += [_text_of(item) for item in body.get("items", []) if isinstance(item, dict)]
        elif body.get("purpose") == "tagging":
            tags.append(str(body.get("value", "")).strip())
        elif "TextualBody" in _types(body) or "value" in body:
            texts.append(_text_of(body))
    # Markdown as written, else plain text; HTML is kept as text, never as markup.
    for wanted in ("text/markdown", "text/plain", "text/html"):
        for fmt, value in texts:
            if fmt == wanted and value.strip():
                return value, [t for t in tags if t]
    return (texts[0][1] if texts else ""), [t for t in tags if t]


def _selectors(target: dict) -> dict[str, dict]:
    found = target.get("selector", [])
    found = found if isinstance(found, list) else [found]
    return {s.get("type"): s for s in found if isinstance(s, dict) and isinstance(s.get("type"), str)}


def _line_at(text: PieceText, offset: int) -> int | None:
    for n, (start, _, end) in text.spans.items():
        if start <= offset <= end:
            return n
    return None


def place_target(target: dict, text: PieceText, lines: list[tuple[int, str]]) -> Place | None:
    """Where a target's words stand in the current text, by the ladder; None when lost."""
    selectors = _selectors(target)
    quote = selectors.get("TextQuoteSelector", {})
    position = selectors.get("TextPositionSelector", {})
    exact = quote.get("exact") if isinstance(quote.get("exact"), str) else ""
    start, end = position.get("start"), position.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text.text):
        if not exact or text.text[start:end] == exact:
            placed = _place_span(text, lines, start, end)
            if placed is not None:
                return placed
    if not exact.strip():
        return None
    near = _line_at(text, start) if isinstance(start, int) else None
    prefix = quote.get("prefix") if isinstance(quote.get("prefix"), str) else ""
    suffix = quote.get("suffix") if isinstance(quote.get("suffix"), str) else ""
    guess = near or (lines[0][0] if lines else 1)
    old = Place(first_line=guess, last_line=guess, exact=exact, prefix=prefix[-32:], suffix=suffix[:32],
                anchor_text=exact)
    return reanchor(old, lines)


def _orphan_place(target: dict, text: PieceText, lines: list[tuple[int, str]]) -> Place | None:
    """A lost target as an orphaned anchor: its quote as the text it was written on, on the lines
    its FragmentSelector (rows of the text) or its TextPositionSelector named, clamped to the
    piece's lines. None when it has no quote: an orphan would have nothing to show or to match."""
    selectors = _selectors(target)
    quote = selectors.get("TextQuoteSelector", {})
    exact = quote.get("exact") if isinstance(quote.get("exact"), str) else ""
    if not exact.strip():
        return None
    numbers = [n for n, _ in lines] or [1]
    first = last = None
    fragment = selectors.get("FragmentSelector", {}).get("value", "")
    rows = re.fullmatch(r"line=(\d{1,9}),(\d{1,9})", fragment) if isinstance(fragment, str) else None
    if rows:
        by_row = sorted((row, n) for n, row in text.rows.items())
        starts = [row for row, _ in by_row]

        def line_of(row: int) -> int:  # the last line at or before this row (a blank row has none)
            at = bisect_right(starts, row)
            return by_row[at - 1][1] if at else numbers[0]
        first, last = line_of(int(rows[1])), line_of(max(int(rows[1]), int(rows[2]) - 1))
    else:
        start, end = (selectors.get("TextPositionSelector", {}).get(k) for k in ("start", "end"))
        if isinstance(start, int) and isinstance(end, int):
            first, last = _line_at(text, min(start, len(text.text))), _line_at(text, min(end, len(text.text)))
    first = min(max(first or numbers[0], numbers[0]), numbers[-1])
    last = min(max(last or first, first), numbers[-1])
    prefix = quote.get("prefix") if isinstance(quote.get("prefix"), str) else ""
    suffix = quote.get("suffix") if isinstance(quote.get("suffix"), str) else ""
    return Place(first_line=first, last_line=last, exact=exact, prefix=prefix[-32:], suffix=suffix[:32],
                 anchor_text=exact)


def _place_span(text: PieceText, lines, start: int, end: int) -> Place | None:
    """A Place for characters start..end of the canonical text (whole lines, or a phrase)."""
    first, last = _line_at(text, start), _line_at(text, end)
    if first is None or last is None:
        return None
    first_start, last_start, last_end = text.spans[first][0], text.spans[last][0], text.spans[last][2]
    try:
        if start == first_start and end == last_end:
            return anchor_lines(lines, first, last)
        words = [t for n, t in lines if first <= n <= last]
        joined = "\n".join(words)
        begin = start - first_start
        finish = len(joined) - len(words[-1]) + (end - last_start)
        return anchor_phrase(lines, first, begin, last, end - last_start, joined[begin:finish])
    except AnchorError:
        return None


def _targets_of(annotation: dict) -> list:
    targets = annotation.get("target", [])
    return targets if isinstance(targets, list) else [targets]


def _source(target) -> str:
    if isinstance(target, str):
        return target
    if isinstance(target, dict):
        source = target.get("source", target.get("id", ""))
        return source.get("id", "") if isinstance(source, dict) else str(source)
    return ""


def plan(piece: Piece, annotations: list[dict]) -> list[Planned]:
    """What each annotation would become on ``piece`` (nothing is written).

    A target must be on this piece: its text or its page, by path (an export from another
    Glossa holding the same piece imports too); anything else is refused as another piece's.
    """
    own_paths = {text_url(piece.slug).rstrip("/"), piece.get_absolute_url().rstrip("/")}
    text = build_text(*piece_reading(piece.pk))
    lines = [(n, text.text[start:words_end]) for n, (start, words_end, _) in text.spans.items()]
    result = []
    for index, annotation in enumerate(annotations, start=1):
        planned = Planned(index=index)
        result.append(planned)
        body, tags = _bodies(annotation)
        heading = annotation.get("dcterms:title", "")
        planned.heading = heading.strip()[:300] if isinstance(heading, str) else ""
        planned.body, planned.concepts = body.strip(), [t[:60] for t in tags][:20]
        if not planned.body:
            planned.error = "It has no text body."
            continue
        if len(planned.body) > MAX_BODY_CHARS:
            planned.error = f"Its body is {len(planned.body):,} characters; at most {MAX_BODY_CHARS:,}."
            continue
        targets = _targets_of(annotation)
        if len(targets) > MAX_TARGETS:
            planned.error = f"It has {len(targets)} targets; at most {MAX_TARGETS}."
            continue
        foreign = [_source(t) for t in targets if urlsplit(_source(t)).path.rstrip("/") not in own_paths]
        if foreign:
            planned.error = f"It targets another resource ({foreign[0][:200]}), not this piece."
            continue
        for target in targets:
            if isinstance(target, dict) and target.get("selector"):
                placed = place_target(target, text, lines)
                if placed is not None:
                    planned.places.append(placed)
                elif (orphan := _orphan_place(target, text, lines)) is not None:
                    planned.orphans.append(orphan)
                else:
                    planned.lost.append("(a place with no quote)")
        if planned.lost and not planned.places and not planned.orphans:
            planned.error = "None of its places can be found in the text, and none has a quote to keep it by."
    return result


def apply(piece: Piece, planned: list[Planned], *, user, status: str = Status.DRAFT) -> list[Gloss]:
    """Write the glosses that can be written, one transaction for the file."""
    created = []
    with transaction.atomic():
        for item in planned:
            if item.ok:
                created.append(Gloss.write(piece, item.places, body=item.body, status=status, user=user,
                                           heading=item.heading, concepts=item.concepts, orphans=item.orphans))
    return created
