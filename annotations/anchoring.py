"""Where a gloss stands in a piece's text, and how to find that place again after the text changes.

An anchor is kept the way the W3C TextQuoteSelector keeps it: the exact phrase with a little
text before and after it, plus its position (line numbers and character offsets). Finding it
again tries, in order: the exact phrase with the best-matching context nearest its old place;
the phrase after normalising case, punctuation and typography; a fuzzy match of the phrase or
of the whole lines. What cannot be placed is an orphan: kept, never deleted.

Plain functions over ``[(n, text), …]`` lists, so tests need neither HTTP nor a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from catalogue.importing.quotes import locate_quote

CONTEXT_CHARS = 32
# The longest phrase a gloss may quote. A longer one is never looked for: finding 2 MB sent to
# the re-attach form in a piece's lines took a worker a minute and a half.
PHRASE_MAX_CHARS = 2000
FUZZY_THRESHOLD = 0.8

NumberedLines = list[tuple[int, str]]


class AnchorError(ValueError):
    """A selection that does not describe text of the piece; the message is for the editor."""


@dataclass(frozen=True)
class Place:
    """Where an anchor stands (what a selection or a re-anchoring yields); stored as models.Anchor."""

    first_line: int
    last_line: int
    exact: str = ""  # empty: the whole lines
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    anchor_text: str = ""

    def as_fields(self) -> dict:
        return {
            "first_line": self.first_line,
            "last_line": self.last_line,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
            "anchor_text": self.anchor_text,
        }


Anchor = Place  # the name it had before anchors became rows of their own


def _span(lines: NumberedLines, first: int, last: int) -> list[tuple[int, str]]:
    span = [(n, text) for n, text in lines if first <= n <= last]
    if not span or span[0][0] != first or span[-1][0] != last:
        raise AnchorError(f"Lines {first}–{last} are not lines of this piece.")
    return span


def anchor_lines(lines: NumberedLines, first: int, last: int | None = None) -> Place:
    """An anchor on whole lines, first to last."""
    last = first if last is None else last
    if last < first:
        first, last = last, first
    span = _span(lines, first, last)
    return Place(first, last, anchor_text="\n".join(text for _, text in span))


def anchor_phrase(lines: NumberedLines, first: int, start: int, last: int, end: int, exact: str) -> Place:
    """An anchor on a phrase an editor selected: offsets into the first and last line.

    The offsets come from a browser, so they are checked against the phrase; where they
    disagree, the phrase is looked for within the selected lines instead.
    """
    exact = exact.strip("\n")
    if not exact.strip():
        raise AnchorError("Select some words of the line to anchor a phrase.")
    if len(exact) > PHRASE_MAX_CHARS:
        raise AnchorError(f"The phrase has {len(exact):,} characters; the limit is {PHRASE_MAX_CHARS:,}.")
    span = _span(lines, first, last)
    joined = "\n".join(text for _, text in span)
    offset = start
    if 0 <= start <= len(span[0][1]) and joined[offset : offset + len(exact)] == exact:
        return _anchor_at(span, offset, offset + len(exact))
    found = joined.find(exact)
    if found >= 0:
        return _anchor_at(span, found, found + len(exact))
    anchor = anchor_quote(lines, exact, near=first)
    if anchor is None or not (first <= anchor.first_line and anchor.last_line <= last):
        raise AnchorError("The selected phrase is not in the selected lines.")
    return anchor


def _anchor_at(span: list[tuple[int, str]], begin: int, finish: int) -> Place:
    """An anchor for characters begin..finish of the span's lines joined by newlines."""
    joined = "\n".join(text for _, text in span)
    position, first_index, last_index, start, end = 0, None, None, 0, 0
    for index, (_, text) in enumerate(span):
        line_end = position + len(text)
        if first_index is None and begin <= line_end:
            first_index, start = index, begin - position
        if finish <= line_end:
            last_index, end = index, finish - position
            break
        position = line_end + 1
    first_index = first_index or 0
    last_index = len(span) - 1 if last_index is None else last_index
    return Place(
        first_line=span[first_index][0],
        last_line=span[last_index][0],
        exact=joined[begin:finish],
        prefix=span[first_index][1][max(0, start - CONTEXT_CHARS) : start],
        suffix=span[last_index][1][end : end + CONTEXT_CHARS],
        start=start,
        end=end,
        anchor_text="\n".join(text for _, text in span[first_index : last_index + 1]),
    )


def anchor_quote(lines: NumberedLines, quote: str, *, near: int | None = None) -> Place | None:
    """An anchor for a quotation, matched tolerantly; the occurrence nearest ``near`` wins."""
    texts = [text for _, text in lines]
    best = None
    index = 0
    while index < len(texts):
        match = locate_quote(texts, quote, first_index=index)
        if match is None:
            break
        distance = abs(lines[match.first][0] - near) if near is not None else 0
        if best is None or distance < best[0]:
            best = (distance, match)
        if near is None:
            break
        index = match.first + 1
    if best is None:
        return None
    match = best[1]
    span = lines[match.first : match.last + 1]
    return Place(
        first_line=span[0][0],
        last_line=span[-1][0],
        exact=match.exact,
        prefix=match.prefix,
        suffix=match.suffix,
        start=match.start,
        end=match.end,
        anchor_text="\n".join(text for _, text in span),
    )


def line_moves(previous: NumberedLines, lines: NumberedLines) -> dict[int, int]:
    """Where each unchanged line of the previous text now stands: old n → new n.

    Taken from a line diff, so a repeated line (a chorus) is told apart by the lines around
    it, which searching for its text alone cannot do. Lines that changed, and blocks that moved
    past others, are absent; their glosses are found by searching.
    """
    matcher = SequenceMatcher(None, [text for _, text in previous], [text for _, text in lines], autojunk=False)
    moves = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            moves[previous[block.a + k][0]] = lines[block.b + k][0]
    return moves


def reanchor(old: Place, lines: NumberedLines, moves: dict[int, int] | None = None) -> Place | None:
    """Find ``old`` in the new ``lines``; None when it cannot be placed (an orphan).

    ``moves`` (from ``line_moves``) places an anchor whose lines did not change at all;
    otherwise: the exact phrase with the best context, the phrase matched tolerantly, the
    phrase or the lines matched fuzzily — each time the candidate nearest the old place.
    """
    if not lines:
        return None
    moved = _moved(old, lines, moves) if moves else None
    if moved is not None:
        return moved
    if old.exact:
        return (
            _exact_with_context(old, lines)
            or anchor_quote(lines, old.exact, near=old.first_line)
            or _fuzzy_phrase(old, lines)
        )
    return _same_lines(old, lines) or _fuzzy_lines(old, lines)


def _moved(old: Place, lines: NumberedLines, moves: dict[int, int]) -> Place | None:
    first = moves.get(old.first_line)
    last = moves.get(old.last_line)
    if first is None or last is None or last - first != old.last_line - old.first_line:
        return None
    span = [text for n, text in lines if first <= n <= last]
    if "\n".join(span) != old.anchor_text:
        return None  # the gloss was anchored on another text than the previous one
    return Place(
        first_line=first, last_line=last, exact=old.exact, prefix=old.prefix, suffix=old.suffix,
        start=old.start, end=old.end, anchor_text=old.anchor_text,
    )


def _exact_with_context(old: Place, lines: NumberedLines) -> Place | None:
    joined, starts = _joined(lines)
    candidates = []
    found = joined.find(old.exact)
    while found >= 0:
        before = joined[max(0, found - CONTEXT_CHARS) : found].split("\n")[-1]
        after = joined[found + len(old.exact) : found + len(old.exact) + CONTEXT_CHARS].split("\n")[0]
        context = _common_suffix(before, old.prefix) + _common_prefix(after, old.suffix)
        index = _line_index(starts, found)
        candidates.append((-context, abs(lines[index][0] - old.first_line), found))
        found = joined.find(old.exact, found + 1)
    if not candidates:
        return None
    _, _, found = min(candidates)
    return _anchor_at(lines, found, found + len(old.exact))


def _fuzzy_phrase(old: Place, lines: NumberedLines) -> Place | None:
    """The stretch of one line most like the old phrase, if it is like enough."""
    target = old.exact.replace("\n", " ")
    best = (0.0, None)
    for index, (n, text) in enumerate(lines):
        matcher = SequenceMatcher(None, text, target, autojunk=False)
        blocks = [block for block in matcher.get_matching_blocks() if block.size]
        if not blocks:
            continue
        begin = blocks[0].a
        finish = blocks[-1].a + blocks[-1].size
        candidate = text[begin:finish]
        ratio = SequenceMatcher(None, candidate.lower(), target.lower(), autojunk=False).ratio()
        # Prefer the line nearest the old place among equally good ones.
        score = (ratio, -abs(n - old.first_line))
        if ratio >= FUZZY_THRESHOLD and (best[1] is None or score > best[0]):
            best = (score, (index, begin, finish))
    if best[1] is None:
        return None
    index, begin, finish = best[1]
    return _anchor_at(lines[index : index + 1], begin, finish)


def _same_lines(old: Place, lines: NumberedLines) -> Place | None:
    block = old.anchor_text.split("\n")
    texts = [text for _, text in lines]
    matches = [
        index
        for index in range(len(texts) - len(block) + 1)
        if texts[index : index + len(block)] == block
    ]
    if not matches:
        return None
    index = min(matches, key=lambda i: abs(lines[i][0] - old.first_line))
    return anchor_lines(lines, lines[index][0], lines[index + len(block) - 1][0])


def _fuzzy_lines(old: Place, lines: NumberedLines) -> Place | None:
    block = old.anchor_text.split("\n")
    texts = [text for _, text in lines]
    best = None
    for index in range(len(texts) - len(block) + 1):
        ratios = [
            SequenceMatcher(None, a.lower(), b.lower(), autojunk=False).ratio()
            for a, b in zip(texts[index : index + len(block)], block)
        ]
        ratio = sum(ratios) / len(ratios)
        score = (ratio, -abs(lines[index][0] - old.first_line))
        if ratio >= FUZZY_THRESHOLD and (best is None or score > best[0]):
            best = (score, index)
    if best is None:
        return None
    index = best[1]
    return anchor_lines(lines, lines[index][0], lines[index + len(block) - 1][0])


def _joined(lines: NumberedLines) -> tuple[str, list[int]]:
    starts, position = [], 0
    for _, text in lines:
        starts.append(position)
        position += len(text) + 1
    return "\n".join(text for _, text in lines), starts


def _line_index(starts: list[int], offset: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start <= offset:
            index = i
    return index


def _common_suffix(a: str, b: str) -> int:
    count = 0
    while count < min(len(a), len(b)) and a[-1 - count] == b[-1 - count]:
        count += 1
    return count


def _common_prefix(a: str, b: str) -> int:
    count = 0
    while count < min(len(a), len(b)) and a[count] == b[count]:
        count += 1
    return count
