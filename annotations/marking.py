"""Cutting a line of verse at the phrases anchored in it, for marking (piece page, concept pages)."""

from __future__ import annotations


def phrase_spans(anchor: dict):
    """(line, start, end) for each line a phrase anchor covers; end None = to the line's end."""
    first, last = anchor["first_line"], anchor["last_line"]
    if first == last:
        end = anchor["end"] if anchor["end"] is not None else anchor["start"] + len(anchor["exact"])
        yield first, anchor["start"], end
        return
    yield first, anchor["start"], None
    for n in range(first + 1, last):
        yield n, 0, None
    yield last, 0, anchor["end"]


def segments(text: str, marks) -> list[tuple[str, int | None, tuple[int, ...]]]:
    """The line cut at every phrase's ends into (text, gloss id, ids of every gloss on it).

    Phrases may overlap or nest (a gloss on two words inside an imported gloss on the whole
    clause): each run lists all its glosses, the narrowest first, and is marked for that one.
    """
    spans, bounds = [], {0, len(text)}
    for start, end, gloss_id in marks:
        end = len(text) if end is None else min(end, len(text))
        start = max(0, start)
        if start < end:
            spans.append((start, end, gloss_id))
            bounds.update((start, end))
    result: list[tuple[str, int | None, tuple[int, ...]]] = []
    edges = sorted(bounds)
    for begin, finish in zip(edges, edges[1:]):
        covering = sorted((end - start, gloss_id) for start, end, gloss_id in spans if start <= begin and finish <= end)
        ids = tuple(dict.fromkeys(gloss_id for _, gloss_id in covering))
        if result and result[-1][2] == ids:
            result[-1] = (result[-1][0] + text[begin:finish], result[-1][1], ids)
        else:
            result.append((text[begin:finish], ids[0] if ids else None, ids))
    return result or [(text, None, ())]
