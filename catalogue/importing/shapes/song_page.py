"""A song copied from a lyrics page: plain text with "[Section]" markers.

Before the first marker: the title, perhaps a line of style tags ending in the duration
("synthwave, dream pop, lo-fi · 3:05") and page chrome ("Lyrics", "Listen on …"); after the
last lyric, perhaps previous/next navigation. ``page.read_page`` has dropped the chrome and read
the genre line already; what is left before the first marker is read here.
"""

from __future__ import annotations

import re

from catalogue.importing.chrome import NOTES_HEADING_RE
from catalogue.importing.page_text import is_chrome, looks_like_name, looks_like_title
from catalogue.importing.page import Page
from catalogue.importing.parsed import ParsedCommentary, ParsedMetadata, ParsedPiece
from catalogue.importing.shapes.common import (
    anchor_notes,
    bare_marker_label,
    parse_section_marker,
    sections_from_lyrics,
)

_DURATION = r"\d{1,2}:\d{2}(?::\d{2})?"
_TAGS_AND_DURATION_RE = re.compile(rf"(?:(.*?)\s*[·•|]\s*)?({_DURATION})")
# A tag is a short phrase; a line of them has no sentence punctuation.
_TAG_RE = re.compile(r"[^.!?;:()\[\]]{1,40}")
MAX_TAG_WORDS = 5


def looks_like(page: Page) -> bool:
    return any(parse_section_marker(line) for line in page.lines)


def _tags(line: str) -> list[str] | None:
    """The tags of a comma-separated tag line, or None when the line is something else."""
    tags = [tag.strip() for tag in line.split(",")]
    if len(tags) < 2 or not all(_TAG_RE.fullmatch(tag) and len(tag.split()) <= MAX_TAG_WORDS for tag in tags):
        return None
    return tags


def _read_preamble(lines: list[str], metadata: ParsedMetadata, warnings: list[str]) -> None:
    previous = ""
    for number, line in enumerate((line.strip() for line in lines), start=1):
        if not line:
            continue
        before, previous = previous, line
        if handle := re.fullmatch(r"@([\w.-]+)", line):
            # "LatentCrooner" / "@latentcrooner" under the title: the display name, else the handle
            metadata.author = metadata.author or (before if looks_like_name(before) else handle.group(1))
            continue
        timed = _TAGS_AND_DURATION_RE.fullmatch(line)
        if timed:
            metadata.duration = timed.group(2)
            if timed.group(1):  # a duration alone leaves the tags found above it
                metadata.tags = _tags(timed.group(1)) or [timed.group(1)]
        elif not is_chrome(line) and (tags := _tags(line)) is not None and not metadata.tags:
            metadata.tags = tags
        else:
            warnings.append(f"line {number}: ignored a line before the lyrics: {line[:60]!r}")


def _notes(lines: list[str], first: int) -> list[ParsedCommentary]:
    """A songwriter's notes after the lyrics, as a rendered Markdown song shows them: a "Notes"
    line, then paragraphs, each perhaps under a short heading of its own ("Why a Lamp")."""
    entries: list[ParsedCommentary] = []
    heading = ""
    texts = [line.strip() for line in lines[first:]]
    for k, line in enumerate(texts):
        if not line:
            continue
        following = texts[k + 1] if k + 1 < len(texts) else ""
        # (a heading in sentence case too, right above its paragraph: "Why point nine")
        if len(line.split()) <= 8 and (looks_like_title(line) or not line.endswith((".", "!", "?", ":", ",", ";"))
                                       and len(following.split()) >= 12):
            heading = line
        else:
            entries.append(ParsedCommentary(heading=heading or "Notes", body=line))
            heading = ""
    return entries


def parse(page: Page) -> ParsedPiece:
    title, rest = page.title, page.lines
    first_marker = next((i for i, line in enumerate(rest) if parse_section_marker(line)), len(rest))
    metadata = ParsedMetadata()
    warnings: list[str] = []
    _read_preamble(rest[:first_marker], metadata, warnings)
    notes_at = next((i for i in range(first_marker, len(rest)) if NOTES_HEADING_RE.fullmatch(rest[i].strip().strip("#*_ "))),
                    None)
    sections = sections_from_lyrics(rest[first_marker:notes_at])
    commentary = _notes(rest, notes_at + 1) if notes_at is not None else []
    anchor_notes(commentary, sections, rest, warnings)
    return ParsedPiece(
        title=title,
        kind="song",
        metadata=metadata,
        sections=sections,
        commentary=commentary,
        warnings=warnings,
    )


def song_from_stanzas(piece: ParsedPiece) -> ParsedPiece:
    """A song whose page gave it no markers, read as a poem of stanzas, made the song it is: a
    stanza sung again is the chorus (every time it comes), the others verses in order, and each
    line's trailing "(…)" its echo, as under markers."""
    texts = [tuple(line.text for line in section.lines) for section in piece.sections]
    repeated = {text for text in texts if texts.count(text) > 1}
    lyrics: list[str] = []
    verses = 0
    for text in texts:
        if len(text) > 1 and (label := bare_marker_label(text[0])):
            lyrics.extend([f"[{label}]", *text[1:], ""])  # a stanza its page headed "Verse:"
            continue
        if text in repeated:
            lyrics.append("[Chorus]")
        else:
            verses += 1
            lyrics.append(f"[Verse {verses}]")
        lyrics.extend([*text, ""])
    piece.kind = "song"
    piece.sections = sections_from_lyrics(lyrics)
    for note in piece.commentary:
        note.heading = ""  # (a poem's note is headed by its stanza; a song's note under it by nothing)
    return piece
