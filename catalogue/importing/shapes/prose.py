"""Prose: a title and paragraphs. The shape of last resort, so it accepts any text.

A line longer than a hard-wrap width is a paragraph of its own; a run of shorter lines
between blank lines is one hard-wrapped paragraph, its lines joined. Each paragraph is a
section holding a single "prose" line.
"""

from __future__ import annotations

from catalogue.importing.parsed import ParsedLine, ParsedPiece, ParsedSection
from catalogue.importing.page import Page
from catalogue.importing.shapes.common import blocks, number_lines

WRAP_WIDTH = 100  # editors and mail wrap at 72-80; a longer line was not wrapped


def looks_like(page: Page) -> bool:
    return any(line.strip() for line in page.lines)


def paragraphs(lines: list[str]) -> list[str]:
    """The paragraphs of ``lines``, each as one string."""
    result: list[str] = []
    for block in blocks(lines):
        if all(len(line) <= WRAP_WIDTH for line in block[:-1]):
            result.append(" ".join(line.strip() for line in block))
        else:
            result.extend(line.strip() for line in block)
    return result


def parse(page: Page) -> ParsedPiece:
    title, rest = page.title, page.lines
    sections = [
        ParsedSection(label=f"Paragraph {i}", kind="paragraph", lines=[ParsedLine(n=0, text=paragraph, kind="prose")])
        for i, paragraph in enumerate(paragraphs(rest), start=1)
    ]
    number_lines(sections)
    return ParsedPiece(title=title, kind="prose", sections=sections)
