"""Tiny builders for test data: a piece with N lines, a gloss on a line or phrase."""

from __future__ import annotations

from django.utils.text import slugify

from annotations.anchoring import anchor_lines, anchor_quote
from annotations.models import Gloss
from catalogue.models import Line, Piece, Section


def make_piece(title: str = "A Test Song", *, lines: list[str] | None = None, n_lines: int = 4,
               lines_per_section: int = 4, kind: str = "song", **fields) -> Piece:
    texts = lines if lines is not None else [f"Line {n} of {title}" for n in range(1, n_lines + 1)]
    piece = Piece.objects.create(
        title=title, slug=fields.pop("slug", slugify(title)), kind=kind,
        first_line=texts[0] if texts else "", line_count=len(texts), **fields,
    )
    chunks = [texts[i : i + lines_per_section] for i in range(0, len(texts), lines_per_section)]
    sections = Section.objects.bulk_create(
        Section(piece=piece, position=i, label=f"Verse {i + 1}", kind="verse") for i in range(len(chunks))
    )
    n = 0
    rows = []
    for section, chunk in zip(sections, chunks):
        for text in chunk:
            n += 1
            rows.append(Line(piece=piece, section=section, n=n, text=text))
    Line.objects.bulk_create(rows, batch_size=500)
    return piece


def numbered_lines(piece: Piece) -> list[tuple[int, str]]:
    return list(piece.lines.order_by("n").values_list("n", "text"))


def place(piece: Piece, *, line: int = 1, last_line: int | None = None, phrase: str = ""):
    """Where a builder's anchor stands: lines ``line``..``last_line`` or ``phrase`` within them."""
    lines = numbered_lines(piece)
    if phrase:
        found = anchor_quote([item for item in lines if line <= item[0] <= (last_line or line)], phrase)
        assert found is not None, f"{phrase!r} is not on line {line}"
        return found
    return anchor_lines(lines, line, last_line)


def make_gloss(piece: Piece, *, line: int = 1, last_line: int | None = None, phrase: str = "",
               body: str = "A gloss.", also: tuple = (), is_orphan: bool = False, **fields) -> Gloss:
    """A gloss anchored on ``line``/``phrase``, and on each place of ``also`` (dicts of the same
    arguments); ``is_orphan`` orphans every anchor."""
    places = [place(piece, line=line, last_line=last_line, phrase=phrase)]
    places += [place(piece, **more) for more in also]
    gloss = Gloss(piece=piece, body=body, **fields)
    gloss.save_versioned(anchors=[{**p.as_fields(), "is_orphan": is_orphan} for p in places])
    piece.glosses_changed()
    return gloss


def make_commentary(piece: Piece, *, heading: str = "A note", body: str = "Some commentary.", **fields) -> Gloss:
    """Commentary on the piece as a whole: a gloss with no anchor."""
    note = Gloss(piece=piece, heading=heading, body=body, **fields)
    note.save_versioned(anchors=[])
    piece.glosses_changed()
    return note


def notes_beside(html: str, n: int) -> str:
    """The margin notes the piece page sets beside line ``n`` (they follow their section in the
    HTML, each saying in data-at which line it stands level with), joined."""
    import re

    return "\n".join(re.findall(rf'<aside class="gloss margin-note[^"]*"[^>]*\bdata-at="{n}"[^>]*>.*?</aside>', html, re.S))
