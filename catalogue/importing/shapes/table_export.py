"""A song saved from a page that shows it as a Markdown table, one lyric per row: ``| line | |``,
or with the section in a column of its own: ``| [Verse 1] | line |``, ``| | line |``.

Typical of a gist export: page chrome around the table, the title on a line of its own before it,
"[Section]" markers in rows of their own, and after a ``| ---- |`` divider, rows of
``label: value`` metadata such as a style prompt.
"""

from __future__ import annotations

import re

from catalogue.importing.parsed import ParsedCommentary, ParsedMetadata, ParsedPiece
from catalogue.importing.header import apply_field
from catalogue.importing.page import Page
from catalogue.importing.page_text import looks_like_title
from catalogue.importing.shapes.common import parse_section_marker, sections_from_lyrics

_ROW_RE = re.compile(r"\s*\|(.*)\|\s*")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
_DIVIDER_RE = re.compile(r":?-{3,}:?")
_FIELD_RE = re.compile(r"([^\W\d][\w \-]{0,40}?)\s*:\s+(.+)")
MIN_ROWS = 3


def table_cells(line: str) -> list[str] | None:
    """The cells of a ``| a | b |`` row, or None when the line is not a table row."""
    match = _ROW_RE.fullmatch(line)
    if not match:
        return None
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT_RE.split(match.group(1))]


def looks_like(page: Page) -> bool:
    """At least a few table rows, making up at least half of the text that is not chrome."""
    lines = [line for line in page.lines if line.strip()]
    rows = sum(1 for line in lines if table_cells(line) is not None)
    return rows >= MIN_ROWS and rows * 2 >= len(lines)


_PROMPT_LABEL_RE = re.compile(r"style|prompt|tempo|bpm|\bkey\b", re.IGNORECASE)


def parse(page: Page) -> ParsedPiece:
    lines = page.lines
    row_indexes = [i for i, line in enumerate(lines) if table_cells(line) is not None]
    warnings: list[str] = []
    title = page.title

    lyric_cells: list[str] = []
    metadata = ParsedMetadata()
    style_rows: list[str] = []
    after_divider = False
    ignored_columns = False
    # Rows with an empty first cell and a lyric in the second: the section has a column of its
    # own. Otherwise a note beside a marker ("| [Intro] | pad swell, no drums |") is its direction.
    section_column = any((cells := table_cells(lines[i]) or [""]) and not cells[0] and any(
        cell and not _DIVIDER_RE.fullmatch(cell) for cell in cells[1:]) for i in row_indexes)
    prompt_rows_from = len(row_indexes)  # where the last rows, each a prompt's field, start
    while prompt_rows_from and (field := _FIELD_RE.fullmatch((table_cells(lines[row_indexes[prompt_rows_from - 1]]) or [""])[0])) and (
            _PROMPT_LABEL_RE.search(field.group(1))):
        prompt_rows_from -= 1
    for position, index in enumerate(row_indexes):
        cells = table_cells(lines[index]) or [""]
        first, others = cells[0], cells[1:]
        if _DIVIDER_RE.fullmatch(first) and all(not c or _DIVIDER_RE.fullmatch(c) for c in others):
            # The second row of a real Markdown table is its alignment row, and the first its
            # header; anywhere else a row of dashes divides the lyrics from notes about them.
            if position == 1 and not parse_section_marker(lyric_cells[0] if lyric_cells else ""):
                if not title and len(lyric_cells) == 1 and looks_like_title(lyric_cells[0]):
                    title = lyric_cells[0]  # a header row naming the song ("| Batch Norm Shuffle | |")
                lyric_cells.clear()
                ignored_columns = False  # the header row's other columns were only their names
            else:
                after_divider = True
            continue
        filled = [cell for cell in others if cell]
        if first and not section_column and parse_section_marker(first) and len(filled) == 1 and (
                not _DIVIDER_RE.fullmatch(filled[0]) and not parse_section_marker(filled[0])):
            lyric_cells.append(f"[{first.strip().strip('[]')} — {filled[0]}]")
            after_divider = False
            continue
        if (not first or parse_section_marker(first)) and len(filled) == 1 and not _DIVIDER_RE.fullmatch(filled[0]):
            # A table with the section in one column and the lyric in the next: "| [Verse 1] |
            # Eight heads … |", then "| | Each one … |".
            if first:
                lyric_cells.append(first)
            lyric_cells.append(filled[0])
            after_divider = False
            continue
        if filled:
            ignored_columns = True
        # (the last rows may give the prompt with no divider above them: "| style guide: lullaby, … |")
        if (after_divider or position >= prompt_rows_from) and not parse_section_marker(first):
            field = _FIELD_RE.fullmatch(first)
            label = field.group(1).strip().casefold() if field else ""
            if label == "style":
                style_rows.append(field.group(2).strip())
            elif "style" in label or "prompt" in label:
                style_rows.append(first)  # kept whole: the label says which prompt it is
            elif not (field and apply_field(metadata, field.group(1), field.group(2), warnings, f"line {index + 1}: ")) and first:
                warnings.append(f"line {index + 1}: ignored a row after the lyrics: {first[:60]!r}")
            continue
        after_divider = False
        lyric_cells.append(first)

    if ignored_columns:
        warnings.append("only the first column of the table was read")
    # Text outside the table (a word about the song before or after it) is never dropped unsaid:
    # each paragraph of it is a note on the whole song.
    rows = set(row_indexes)
    notes = [" ".join(lines[i].strip() for i in block) for block in _blocks_outside(lines, rows)]
    if style_rows:
        metadata.style = "\n".join(style_rows)
    return ParsedPiece(
        title=title,
        kind="song",
        metadata=metadata,
        sections=sections_from_lyrics(lyric_cells),
        commentary=[ParsedCommentary(heading="", body=note) for note in notes],
        warnings=warnings,
    )


def _blocks_outside(lines: list[str], rows: set[int]) -> list[list[int]]:
    """Runs of non-blank lines that are not table rows."""
    blocks: list[list[int]] = []
    for i, line in enumerate(lines):
        if line.strip() and i not in rows:
            if blocks and blocks[-1][-1] == i - 1:
                blocks[-1].append(i)
            else:
                blocks.append([i])
    return blocks
