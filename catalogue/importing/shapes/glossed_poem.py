"""A poem: short lines in stanzas, perhaps with a prose gloss after each stanza.

Stanzas are separated by blank lines or by a gloss. A gloss is a line much longer than the
verse around it; its quoted phrases ("where the gradients sleep") are looked up in the
stanza(s) since the previous gloss, and the paragraph is cut at each quote that anchors, so
each gloss body runs from its quote to the next one. A gloss paragraph that quotes nothing
becomes commentary on the stanza instead.
"""

from __future__ import annotations

import statistics

from catalogue.importing.parsed import ParsedCommentary, ParsedGloss, ParsedLine, ParsedPiece, ParsedSection
from catalogue.importing.shapes.common import (
    anchoring_quotes,
    gloss_from_match,
    looks_hard_wrapped,
    number_lines,
    page_lines,
    parse_section_marker,
    take_title,
)

VERSE_MAX_CHARS = 80  # longer than this, a line reads as prose
GLOSS_MIN_CHARS = 120
MIN_VERSE_LINES = 2


def looks_like(text: str) -> bool:
    """No section markers, mostly short lines, and not prose wrapped at a fixed width."""
    _, rest = take_title(page_lines(text))
    if looks_hard_wrapped(rest):
        return False
    lines = [line.strip() for line in rest if line.strip()]
    if any(parse_section_marker(line) for line in lines):
        return False
    short = sum(1 for line in lines if len(line) <= VERSE_MAX_CHARS)
    return short >= MIN_VERSE_LINES and short * 5 >= len(lines) * 3


def _gloss_threshold(lines: list[str]) -> float:
    """How long a line must be to read as a gloss: well beyond the typical verse line."""
    typical = statistics.median(len(line) for line in lines if line.strip()) if any(lines) else 0
    return max(GLOSS_MIN_CHARS, 3 * typical)


def split_gloss(paragraph: str, lines: list[ParsedLine], first_index: int, stop_index: int) -> list[ParsedGloss]:
    """Cut a gloss paragraph at each quote that anchors in ``lines[first_index:stop_index]``.

    Each body runs from its quote to the next anchoring quote; text before the first quote
    ("Here the poem opens:") belongs to the first.
    """
    found = anchoring_quotes(paragraph, lines, first_index=first_index, stop_index=stop_index)
    glosses = []
    for i, (span, match) in enumerate(found):
        start = 0 if i == 0 else span.start
        end = found[i + 1][0].start if i + 1 < len(found) else len(paragraph)
        glosses.append(gloss_from_match(match, lines, paragraph[start:end]))
    return glosses


def parse(text: str) -> ParsedPiece:
    title, rest = take_title(page_lines(text))
    threshold = _gloss_threshold(rest)

    sections: list[ParsedSection] = []
    # Gloss paragraphs wait until every line is numbered, with the range of sections they follow.
    gloss_paragraphs: list[tuple[str, int, int]] = []
    stanza_open = False
    glossed_up_to = 0  # sections before this index already have a gloss after them
    last_range = (0, 0)
    for raw in rest:
        line = raw.strip()
        if not line:
            stanza_open = False
        elif len(line) >= threshold:
            stanza_open = False
            if glossed_up_to < len(sections):
                last_range = (glossed_up_to, len(sections))
                glossed_up_to = len(sections)
            gloss_paragraphs.append((line, *last_range))
        else:
            if not stanza_open:
                sections.append(ParsedSection(label=f"Stanza {len(sections) + 1}", kind="stanza"))
                stanza_open = True
            sections[-1].lines.append(ParsedLine(n=0, text=line))

    number_lines(sections)
    lines = [line for section in sections for line in section.lines]
    first_line_of = [sum(len(s.lines) for s in sections[:i]) for i in range(len(sections) + 1)]
    glosses: list[ParsedGloss] = []
    commentary: list[ParsedCommentary] = []
    for paragraph, first_section, stop_section in gloss_paragraphs:
        found = split_gloss(paragraph, lines, first_line_of[first_section], first_line_of[stop_section])
        if found:
            glosses.extend(found)
        else:
            heading = sections[stop_section - 1].label if stop_section else ""
            commentary.append(ParsedCommentary(heading=heading, body=paragraph))
    return ParsedPiece(title=title, kind="poem", sections=sections, glosses=glosses, commentary=commentary)
