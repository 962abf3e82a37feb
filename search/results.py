"""Search results as a reader sees them: grouped by piece, each match in context, highlighted.

``search(text)`` is the one entry point (the view, the tests and the benchmark call it).
Whatever the engine, it costs at most five queries: three for the matches, one for the pieces,
one for the lines around the matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from catalogue.models import Piece, lines_at

from .backends import END, GLOSS, LINE, START, TITLE, hits
from .query import Query, parse

# How many rows each kind of match may bring back; beyond that the reader is asked to narrow
# the query. Bounded, so a word on every fifth line of a million costs what a rare word does.
LIMITS = {LINE: 200, TITLE: 50, GLOSS: 150}
MAX_PIECES = 30
SHOWN_PER_PIECE = 4
PRIORITY = {"line": 0, "gloss": 1, "commentary": 2}

_MARKED = re.compile(f"{START}([^{START}{END}]*){END}")
_MARKDOWN_NOISE = re.compile(r"[*`]+")


def marked_html(marked: str) -> SafeString:
    """Escape the text first, then turn the engine's markers into <mark>: no reader's text is
    ever trusted as HTML; only the tags added here are."""
    html = _MARKED.sub(r"<mark>\1</mark>", str(escape(marked or "")))
    return mark_safe(html.replace(START, "").replace(END, ""))


def _plain(marked: str) -> str:
    return (marked or "").replace(START, "").replace(END, "")


def _snippet_html(marked: str, body: str) -> SafeString:
    """A fragment of Markdown source, with an ellipsis where it was cut."""
    marked, body = _MARKDOWN_NOISE.sub("", marked or "").strip(), _MARKDOWN_NOISE.sub("", body).strip()
    plain = _plain(marked)
    lead = "" if body.startswith(plain) else "… "
    tail = "" if body.endswith(plain) else " …"
    return mark_safe(escape(lead) + marked_html(marked) + escape(tail))


@dataclass
class ExcerptLine:
    n: int
    text_html: SafeString
    echo_html: SafeString
    is_match: bool


@dataclass
class Excerpt:
    """Matching lines among their neighbours: consecutive lines of one piece."""

    lines: list[ExcerptLine]
    kind: str = "excerpt"

    @property
    def n(self) -> int:
        return self.lines[0].n


@dataclass
class Match:
    """A gloss or a note on the piece that matched; a matching line is shown in an excerpt."""

    kind: str  # "gloss" | "commentary"
    n: int  # the glossed line (0 for commentary: it is about the whole piece)
    anchor: str  # the id on the piece page: L12 or c3
    snippet_html: SafeString
    heading_html: SafeString = mark_safe("")
    line_text: str = ""


@dataclass
class PieceHits:
    id: int
    title: str = ""
    slug: str = ""
    kind: str = ""
    author: str = ""
    title_html: SafeString | None = None  # set when the title itself matched
    lines: dict[int, tuple[str, str]] = field(default_factory=dict)  # n → marked text, echo
    matches: list[Match] = field(default_factory=list)
    items: list[Excerpt | Match] = field(default_factory=list)  # what is shown, in line order
    more: int = 0  # matches found but not shown

    @property
    def count(self) -> int:
        return len(self.lines) + len(self.matches)

    @property
    def url(self) -> str:
        return reverse("piece_detail", args=[self.slug])

    @property
    def heading_html(self) -> SafeString:
        return self.title_html if self.title_html is not None else escape(self.title)


@dataclass
class SearchResults:
    query: Query
    pieces: list[PieceHits]
    capped: bool = False  # some kind of match hit its limit: there may be more than shown
    total_pieces: int = 0

    @property
    def text(self) -> str:
        return self.query.text


def search(text: str) -> SearchResults:
    """The pieces that match what a reader typed, best first, each with its matches in context."""
    query = parse(text)
    if not query:
        return SearchResults(query, [])
    rows = {source: hits(source, query, limit) for source, limit in LIMITS.items()}
    found: dict[int, PieceHits] = {}

    def piece(piece_id: int) -> PieceHits:
        return found.setdefault(piece_id, PieceHits(piece_id))

    for piece_id, marked in rows[TITLE]:
        piece(piece_id).title_html = marked_html(marked)
    for piece_id, n, text_marked, echo_marked in rows[LINE]:
        piece(piece_id).lines[n] = (text_marked, echo_marked or "")
    for piece_id, gloss_id, first_line, heading, marked, body in rows[GLOSS]:
        # Found once, by its words, and linked to its first anchor; a gloss on the whole piece
        # (no anchor) is shown as the piece's commentary was.
        if first_line is None:
            match = Match("commentary", 0, f"g{gloss_id}", _snippet_html(marked, body))
        else:
            match = Match("gloss", first_line, f"L{first_line}", _snippet_html(marked, body))
        match.heading_html = marked_html(heading)
        piece(piece_id).matches.append(match)

    for values in Piece.objects.filter(pk__in=found).values("id", "title", "slug", "kind", "author"):
        hit = found[values.pop("id")]
        for name, value in values.items():
            setattr(hit, name, value)
    # A title match first, then more matches, then by title: the same order on both engines.
    ranked = sorted(found.values(), key=lambda p: (p.title_html is None, -p.count, p.title.casefold(), p.id))
    shown = ranked[:MAX_PIECES]
    _add_context(shown)
    capped = any(len(rows[source]) >= limit for source, limit in LIMITS.items())
    return SearchResults(query, shown, capped=capped, total_pieces=len(ranked))


def _add_context(pieces: list[PieceHits]) -> None:
    """Choose the matches each piece shows and fetch the lines around them, in one query."""
    wanted: dict[int, set[int]] = {}
    for piece in pieces:
        # The verse first, then what glosses say about it, then notes on the whole piece.
        chosen = sorted(
            [("line", n, None) for n in piece.lines] + [(m.kind, m.n, m) for m in piece.matches],
            key=lambda item: (PRIORITY[item[0]], item[1]),
        )[:SHOWN_PER_PIECE]
        piece.more = piece.count - len(chosen)
        piece.matches = [match for kind, n, match in chosen if match is not None]
        shown_lines = sorted(n for kind, n, match in chosen if kind == "line")
        piece.lines = {n: piece.lines[n] for n in shown_lines}
        around = {m for n in shown_lines for m in (n - 1, n + 1) if m >= 1 and m not in piece.lines}
        around |= {match.n for match in piece.matches if match.kind == "gloss"}
        if around:
            wanted[piece.id] = around
    texts = lines_at(wanted)
    for piece in pieces:
        for match in piece.matches:
            if match.kind == "gloss":
                marked = piece.lines.get(match.n, ("", ""))[0]
                match.line_text = texts.get((piece.id, match.n), (_plain(marked), ""))[0]
        excerpts: list[Excerpt] = []
        numbers = sorted(set(piece.lines) | {n for (p, n) in texts if p == piece.id and _near(n, piece.lines)})
        for n in numbers:
            if n in piece.lines:
                text_marked, echo_marked = piece.lines[n]
                line = ExcerptLine(n, marked_html(text_marked), marked_html(echo_marked), True)
            else:
                text, echo = texts[piece.id, n]
                line = ExcerptLine(n, escape(text), escape(echo), False)
            if excerpts and excerpts[-1].lines[-1].n == n - 1:
                excerpts[-1].lines.append(line)
            else:
                excerpts.append(Excerpt([line]))
        piece.items = sorted([*excerpts, *piece.matches], key=lambda item: (item.n, item.kind != "excerpt"))


def _near(n: int, matched: dict[int, tuple]) -> bool:
    return n - 1 in matched or n + 1 in matched
