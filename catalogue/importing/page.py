"""Clean text → the piece on the page: chrome blanked, title found, metadata header read. Once.

The order matters: the page around the piece goes first (``chrome``), then a YAML front matter,
then the title (a heading, a short first line, or the title-like line after a blog's lead
sentence), then the "Key: value" header (``header``). Every step blanks the lines it takes, so
what is left is what the shape parsers read, and every line keeps its number in the file for
warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from catalogue.importing.chrome import looks_like_title, strip_chrome
from catalogue.importing.header import FIELD_NAMES, genre_line, read_header
from catalogue.importing.parsed import ParsedMetadata
from catalogue.importing.shapes.common import parse_section_marker

_HEADING_RE = re.compile(r"#\s+(.*?)\s*#*\s*")
_FIELD_LIKE_RE = re.compile(r"\*{0,2}([^\W\d_][\w ]{0,20}?)(?::\*{2}|\*{2}:|:)\s.*")
TITLE_MAX_CHARS = 100
LEAD_MAX_CHARS = 200


@dataclass
class Page:
    lines: list[str]  # the file's lines; chrome, title and header blanked
    title: str = ""
    title_line: str = ""  # the title's line as written ("# Overfit"), "" when none was found
    metadata: ParsedMetadata = field(default_factory=ParsedMetadata)  # from the header
    page_author: str = ""  # what the page around the piece says, used when the file says nothing
    page_written: str | None = None
    page_title: str = ""
    warnings: list[str] = field(default_factory=list)


def _title_line(line: str, next_line: str) -> bool:
    """A short first line that does not run on into the next is a title."""
    if len(line) > TITLE_MAX_CHARS or parse_section_marker(line) or line.startswith("|"):
        return False
    if line.endswith((",", ";", ":", "-", "—", "–")):  # a verse line running on
        return False
    field = _FIELD_LIKE_RE.fullmatch(next_line.strip())
    if not next_line.strip() or (field and field.group(1).casefold() in FIELD_NAMES) or genre_line(next_line):
        return True
    # With no blank line after it, only a line that reads as a heading is a title: no sentence
    # punctuation, and its longer words capitalised ("Notes From The Loss Surface").
    if re.search(r"[,;:.!?]", line):
        return False
    long_words = [word for word in line.split() if len(word) > 3]
    return sum(word[0].isupper() for word in long_words) * 2 >= len(long_words)


def _find_title(lines: list[str]) -> tuple[int | None, list[int]]:
    """The index of the title line and of any lead lines before it (a blog's "I wrote this…").

    The title is a Markdown heading or a short first line; on a page, a post may put a lead
    sentence or two (each a paragraph of its own) before the piece's title.
    """
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        return None, []
    leads: list[int] = []
    for position, i in enumerate(nonblank):
        text = lines[i].strip()
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _HEADING_RE.fullmatch(text) and not text.startswith("##"):
            return i, leads
        # A lead is a sentence standing alone; after it, the title must be title-like.
        alone = not following.strip() and (position == 0 or not lines[i - 1].strip())
        sentence = re.search(r"[.!?]$", text) and len(text.split()) >= 4
        if alone and sentence and len(text) <= LEAD_MAX_CHARS and len(leads) < 2:
            leads.append(i)
            continue
        if leads:
            return (i, leads) if looks_like_title(text) and not following.strip() else (nonblank[0], [])
        if _title_line(text, following):
            return i, []
        break
    if leads:  # sentences, then the piece: the first sentence was the title after all
        return (nonblank[0], []) if _title_line(lines[nonblank[0]].strip(), "") else (None, [])
    return None, []


def read_page(text: str) -> Page:
    """The piece of a clean text (line ends "\\n", no hidden characters)."""
    chrome = strip_chrome([line.rstrip() for line in text.split("\n")])
    page = Page(lines=chrome.lines, page_author=chrome.author, page_written=chrome.written, page_title=chrome.title)
    if chrome.dropped:
        page.warnings.append(_dropped_warning(chrome.dropped))

    header = read_header(page.lines)  # front matter and fields before the title
    lines = header.lines
    title_index, leads = _find_title(lines)
    if leads:
        page.warnings.append(_dropped_warning([(i + 1, lines[i].strip()) for i in leads], "a post's lead"))
        for i in leads:
            lines[i] = ""
    if title_index is not None:
        page.title_line = lines[title_index].strip()
        heading = _HEADING_RE.fullmatch(page.title_line)
        page.title = (heading.group(1) if heading else page.title_line).strip("*_ ")
        lines[title_index] = ""
        header_after = read_header(lines, before_title=False)  # fields that follow the title
        for name in ("author", "written", "status", "tempo_bpm", "key", "tags", "duration", "style"):
            value = getattr(header_after.metadata, name)
            if value and not getattr(header.metadata, name):
                setattr(header.metadata, name, value)
        header.warnings += header_after.warnings
        header.title = header.title or header_after.title
        lines = header_after.lines
    page.lines = lines
    page.metadata = header.metadata
    page.title = header.title or page.title or chrome.title
    page.warnings += header.warnings
    return page


def _dropped_warning(dropped: list[tuple[int, str]], what: str = "page text") -> str:
    runs: list[list[tuple[int, str]]] = []
    for number, text in dropped:
        if runs and number - runs[-1][-1][0] <= 2:
            runs[-1].append((number, text))
        else:
            runs.append([(number, text)])
    parts = []
    for run in runs:
        where = f"line {run[0][0]}" if len(run) == 1 else f"lines {run[0][0]}–{run[-1][0]}"
        parts.append(f"{where}: " + " · ".join(repr(text) for _, text in run))
    return f"left out as {what}: " + "; ".join(parts)
