"""The page → a ParsedPiece: pick the shape by what the piece looks like, never by its file name."""

from __future__ import annotations

import re
from dataclasses import fields

from catalogue.importing.page_text import is_chrome
from catalogue.importing.page import Page
from catalogue.importing.parsed import ImportRejected, ParsedPiece
from catalogue.importing.shapes import glossed_poem, markdown_song, prose, song_page, table_export
from catalogue.importing.shapes.common import fill_tempo_and_key, title_from_filename

# Most specific first: a table or a Markdown song also has "[Section]" markers, and a song page
# with its markers would otherwise be taken for a poem. Prose accepts anything, so it comes last.
SHAPES = (table_export, markdown_song, song_page, glossed_poem, prose)


def parse_page(page: Page, *, filename: str = "") -> ParsedPiece:
    """Parse the piece on a page; ``filename`` only supplies a title when the page has none.

    Raises ImportRejected when there are no lines to import (only markers, only page chrome).
    """
    shape = next((shape for shape in SHAPES if shape.looks_like(page)), None)
    if shape is None and page.title:
        raise ImportRejected(f"There are no lines to import. It holds only a title ({page.title!r}).")
    if shape is None:
        raise ImportRejected("There is no text to import: the file is empty or holds only web-page clutter.")
    piece = shape.parse(page)
    if shape is glossed_poem and _unmarked_song(piece, page):
        piece = song_page.song_from_stanzas(piece)
    if not piece.lines:
        found = ", ".join(f"[{section.label}]" for section in piece.sections)
        if found:
            detail = f" It has section markers ({found}) but no lines under them."
        elif piece.title:
            detail = f" It holds only a title ({piece.title!r})."
        else:
            detail = ""
        raise ImportRejected(f"There are no lines to import.{detail}")
    _fill_metadata(piece, page)
    warnings = list(page.warnings)
    if not piece.title:
        piece.title = title_from_filename(filename) or "Untitled"
        warnings.append(f"line 1: no title line found; the title {piece.title!r} is taken from the file name")
    warnings += _sections_ending_in_page_text(piece, page)
    piece.warnings = warnings + piece.warnings
    return piece


def _unmarked_song(piece: ParsedPiece, page: Page) -> bool:
    """Stanzas with no glosses that are a song's: the page calls them lyrics, or a stanza comes
    back word for word and lines end in an echo ("… (never alone)"). A poem that repeats a stanza
    but has no echoes, and any poem with glosses, stays a poem. (A note after the song, "lyrics
    for a song I wrote for …", quotes no line: it is no gloss.)"""
    if piece.glosses or len(piece.sections) < 2 or piece.commentary and not page.says_lyrics and not all(
            note.heading == piece.sections[-1].label for note in piece.commentary):
        return False
    texts = [tuple(line.text for line in section.lines) for section in piece.sections]
    repeated = len(set(texts)) < len(texts)
    echoes = any(re.search(r"\S\s+\([^()]+\)$", line.text) for section in piece.sections for line in section.lines)
    # (or the poet's note says so: "These are the words to a song I sing with my sister")
    said = repeated and any(_SONG_SAID_RE.search(note.body) for note in piece.commentary)
    return page.says_lyrics or (repeated and echoes) or said


_SONG_SAID_RE = re.compile(r"\b(?:lyrics|words)\s+(?:for|to|of)\s+(?:a|my|the|this|our)\s+song\b", re.IGNORECASE)


# What a page shows for a poster it does not name: no author.
_NOBODY = frozenset({"a guest", "guest", "anonymous", "anon", "unknown", "[deleted]"})


def _fill_metadata(piece: ParsedPiece, page: Page) -> None:
    """The file's header wins over what the shape found; the page's author and date come last."""
    for field in fields(page.metadata):
        value = getattr(page.metadata, field.name)
        if value not in (None, "", []):
            setattr(piece.metadata, field.name, value)
    if page.page_author.casefold() not in _NOBODY:
        piece.metadata.author = piece.metadata.author or page.page_author
    piece.metadata.written = piece.metadata.written or page.page_written
    fill_tempo_and_key(piece.metadata)  # from the style, wherever it came from, when no field gave them


def _sections_ending_in_page_text(piece: ParsedPiece, page: Page) -> list[str]:
    """A doubt worth showing: a section whose last line reads like a button or a count."""
    warnings = []
    for section in piece.sections:
        if section.lines and is_chrome(section.lines[-1].text):
            line = section.lines[-1]
            number = next((i for i, text in enumerate(page.lines, start=1) if text.strip() == line.text), line.n)
            warnings.append(
                f"line {number}: the last line of {section.label}, {line.text!r}, looks like page text; "
                "it is kept as a line"
            )
    return warnings
