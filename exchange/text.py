"""A piece's canonical plain text: what every exported annotation's selectors count in.

The text is the piece's lines, one per line of text, each with its echo as " (echo)"; a blank
line stands between sections and at a stanza break. No title, no metadata: the text changes
only when the words do, so positions in it stay true while the catalogue entry changes.

Offsets are Python string indexes, i.e. Unicode code points, as the W3C TextPositionSelector
asks; the file is served as UTF-8 (``views.piece_text``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalogue.models import piece_reading

CONTEXT_CHARS = 32  # prefix/suffix length in a TextQuoteSelector (as the importer's anchors)


@dataclass
class PieceText:
    text: str
    # line n → (offset of its first character, offset just past its words, offset past its echo)
    spans: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    # line n → its number among the text's lines, from 0 (RFC 5147 counts blank lines too)
    rows: dict[int, int] = field(default_factory=dict)


def rendered_line(text: str, echo: str) -> str:
    return f"{text} ({echo})" if echo else text


def build_text(sections: list[dict], lines: list[tuple]) -> PieceText:
    """The canonical text of ``catalogue.models.piece_reading``'s sections and lines."""
    out: list[str] = []
    spans: dict[int, tuple[int, int, int]] = {}
    rows: dict[int, int] = {}
    offset = 0
    previous_section = None
    for n, words, echo, _kind, section_id, break_before in lines:
        if out and (section_id != previous_section or break_before):
            out.append("")
            offset += 1
        previous_section = section_id
        line = rendered_line(words, echo)
        spans[n] = (offset, offset + len(words), offset + len(line))
        rows[n] = len(out)
        out.append(line)
        offset += len(line) + 1
    return PieceText(text="\n".join(out) + ("\n" if out else ""), spans=spans, rows=rows)


def piece_text(piece_id: int) -> PieceText:
    """Two queries (``piece_reading``)."""
    return build_text(*piece_reading(piece_id))


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    first_row: int
    last_row: int


def anchor_span(text: PieceText, anchor) -> Span | None:
    """Where an anchor (a models.Anchor or a dict of its fields) stands in the canonical text.

    A phrase anchor counts its offsets from the start of its first and last lines; an anchor
    on whole lines covers them with their echoes. None when its lines are not in the text
    (an anchor that a re-import has not yet orphaned).
    """
    get = anchor.get if isinstance(anchor, dict) else (lambda name: getattr(anchor, name))
    first, last = get("first_line"), get("last_line")
    if first not in text.spans or last not in text.spans:
        return None
    first_span, last_span = text.spans[first], text.spans[last]
    start, end = first_span[0], last_span[2]
    exact_words, offset_start, offset_end = get("exact"), get("start"), get("end")
    if exact_words and offset_start is not None and offset_end is not None:
        phrase_start = first_span[0] + offset_start
        phrase_end = last_span[0] + offset_end
        # Trust the offsets only where they are inside the lines and in order.
        if first_span[0] <= phrase_start < phrase_end <= last_span[2]:
            start, end = phrase_start, phrase_end
    body = text.text
    return Span(
        start=start,
        end=end,
        exact=body[start:end],
        prefix=body[max(0, start - CONTEXT_CHARS) : start],
        suffix=body[end : end + CONTEXT_CHARS],
        first_row=text.rows[first],
        last_row=text.rows[last],
    )
