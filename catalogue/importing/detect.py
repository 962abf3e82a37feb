"""Text → ParsedPiece: pick the shape by what the text looks like, never by its file name."""

from __future__ import annotations

from catalogue.importing.decode import clean_text
from catalogue.importing.parsed import ImportRejected, ParsedPiece
from catalogue.importing.shapes import glossed_poem, markdown_song, prose, song_page, table_export
from catalogue.importing.shapes.common import title_from_filename

# Most specific first: a table or a Markdown song also has "[Section]" markers, and a song page
# with its markers would otherwise be taken for a poem. Prose accepts anything, so it comes last.
SHAPES = (table_export, markdown_song, song_page, glossed_poem, prose)


def parse_text(text: str, *, filename: str = "") -> ParsedPiece:
    """Parse a piece from text; ``filename`` only supplies a title when the text has none.

    Raises ImportRejected when the text holds no lines to import (only markers, only page chrome).
    """
    text, warnings = clean_text(text.removeprefix("\ufeff"))
    shape = next((shape for shape in SHAPES if shape.looks_like(text)), None)
    if shape is None:
        raise ImportRejected("There is no text to import: the file is empty or holds only web-page clutter.")
    piece = shape.parse(text)
    if not piece.lines:
        found = ", ".join(f"[{section.label}]" for section in piece.sections)
        if found:
            detail = f" It has section markers ({found}) but no lines under them."
        elif piece.title:
            detail = f" It holds only a title ({piece.title!r})."
        else:
            detail = ""
        raise ImportRejected(f"There are no lines to import.{detail}")
    piece.title = piece.title or title_from_filename(filename) or "Untitled"
    piece.warnings = warnings + piece.warnings
    return piece
