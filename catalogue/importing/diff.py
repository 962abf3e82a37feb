"""A line diff between a piece as it stands and as a new file would make it, for the preview.

Both sides are written out the way a reader sees the piece: each section's label in brackets,
then its lines with their echoes. Rows are plain values; the template escapes every text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from catalogue.importing.parsed import ParsedPiece

CONTEXT = 2


@dataclass(frozen=True)
class DiffRow:
    op: str  # same | removed | added | gap
    text: str = ""
    old_n: int | None = None  # line number in the piece now (None for a section label)
    new_n: int | None = None  # line number in the new file


def piece_rows(sections: Iterable[tuple[str, Iterable[tuple[int, str, str]]]]) -> list[tuple[int | None, str]]:
    """``[(label, [(n, text, echo), …]), …]`` → ``[(n or None, shown text), …]``."""
    rows: list[tuple[int | None, str]] = []
    for label, lines in sections:
        rows.append((None, f"[{label}]"))
        for n, text, echo in lines:
            rows.append((n, f"{text} ({echo})" if echo else text))
    return rows


def parsed_rows(parsed: ParsedPiece) -> list[tuple[int | None, str]]:
    return piece_rows(
        (section.label, ((line.n, line.text, line.echo) for line in section.lines))
        for section in parsed.sections
    )


def line_diff(old: list[tuple[int | None, str]], new: list[tuple[int | None, str]]) -> list[DiffRow]:
    """The changed rows with a little context around each change; [] when nothing changed."""
    matcher = SequenceMatcher(None, [text for _, text in old], [text for _, text in new], autojunk=False)
    rows: list[DiffRow] = []
    for group in matcher.get_grouped_opcodes(CONTEXT):
        if rows:
            rows.append(DiffRow("gap"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(DiffRow("same", old[i][1], old[i][0], new[j][0]) for i, j in zip(range(i1, i2), range(j1, j2)))
                continue
            rows.extend(DiffRow("removed", old[i][1], old_n=old[i][0]) for i in range(i1, i2))
            rows.extend(DiffRow("added", new[j][1], new_n=new[j][0]) for j in range(j1, j2))
    return rows
