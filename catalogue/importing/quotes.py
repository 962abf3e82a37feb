"""Find a quoted phrase in a run of lines, forgiving typography but reporting exact offsets.

People quote lyrics loosely: straight quotes for curly ones, a hyphen for a non-breaking hyphen,
a full stop the line does not have, "/" for a line break, different capitals. So matching is
done on a *folded* text: only the words (letters, digits, combining marks), case-folded, one
space between words on a line and a newline between lines. Every folded character remembers
the (line, offset) it came from, which lets a match be reported in the original text exactly.

The importer uses this to anchor glosses written beside a piece; ``annotations`` reuses it to
re-anchor glosses after a piece is re-imported. It knows nothing about pieces: it takes a list
of line texts and returns indexes into that list.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

CONTEXT_CHARS = 32  # length of prefix/suffix, as in a W3C TextQuoteSelector
MIN_WORDS = 2  # a single word is too common to pin a quote to one place

# " / " inside a quote stands for a line break ("the loss goes down / and the weights hold").
# A slash without spaces ("and/or") is ordinary punctuation.
_LINE_BREAK_MARK = re.compile(r"\s+/\s+")

# Punctuation that counts as the same when extending a match to the quote's own punctuation.
_EQUIVALENT_PUNCTUATION = {
    **dict.fromkeys("\"'`´‘’‚‛“”„‟«»‹›″′", '"'),
    **dict.fromkeys("-‐‑‒–—―−", "-"),
}


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote stands: lines ``first``..``last`` (indexes into the list searched).

    ``start`` is the offset in line ``first``, ``end`` the offset just past the match in line
    ``last``. ``exact`` is the original text of the span with "\\n" between lines; ``prefix``
    and ``suffix`` are up to 32 characters of context from the first and last line.
    """

    first: int
    last: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def is_word_character(ch: str) -> bool:
    """Letters, digits and combining marks make words; everything else separates them."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


# In ASCII text the word characters are exactly these, and case-folding is lower(): most lines
# and quotes are ASCII, and a regex over them costs far less than a Python call per character
# (which was a third of parsing a glossed file). Anything else goes character by character.
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def quote_words(quote: str) -> list[str]:
    """The folded words of a quote, in order (what matching compares)."""
    if quote.isascii():
        return _ASCII_WORD.findall(quote.lower())
    return _words_by_character(quote)


def _words_by_character(text: str) -> list[str]:
    """``quote_words`` by the rule itself, a character at a time (any text)."""
    words: list[str] = []
    current: list[str] = []
    for ch in text + " ":
        if is_word_character(ch):
            current.append(ch.casefold())
        elif current:
            words.append("".join(current))
            current = []
    return words


@dataclass(frozen=True)
class _Folded:
    text: str
    origins: list[tuple[int, int]]  # for each character of text: (line index, offset in line)
    line_starts: list[int]  # where each line's words begin in text


@functools.lru_cache(maxsize=16)
def _fold_lines(line_texts: tuple[str, ...]) -> _Folded:
    """Fold every line once; re-anchoring asks about the same lines over and over."""
    chars: list[str] = []
    origins: list[tuple[int, int]] = []
    line_starts: list[int] = []
    for index, line in enumerate(line_texts):
        if index:
            chars.append("\n")
            origins.append((index, 0))
        line_starts.append(len(origins))  # one origin per folded character
        fold = _fold_ascii_line if line.isascii() else _fold_line_by_character
        fold(index, line, chars, origins)
    return _Folded("".join(chars), origins, line_starts)


def _fold_line_by_character(index: int, line: str, chars: list[str], origins: list[tuple[int, int]]) -> None:
    """One line folded by the rule itself, a character at a time (any text)."""
    in_word, start = False, len(origins)
    for offset, ch in enumerate(line):
        if is_word_character(ch):
            if not in_word and len(origins) > start:
                chars.append(" ")
                origins.append((index, offset))
            in_word = True
            for folded in ch.casefold():  # "ß" folds to "ss": both map back to "ß"
                chars.append(folded)
                origins.append((index, offset))
        else:
            in_word = False


def _fold_ascii_line(index: int, line: str, chars: list[str], origins: list[tuple[int, int]]) -> None:
    """``_fold_lines`` for one ASCII line, a word at a time: the same characters and origins."""
    for number, word in enumerate(_ASCII_WORD.finditer(line)):
        start, end = word.span()
        if number:
            chars.append(" ")
            origins.append((index, start))
        chars.append(word.group().lower())
        origins.extend(zip(itertools.repeat(index), range(start, end)))


def _quote_pattern(quote: str) -> str | None:
    """Regex over folded text: words in order, any gap, or a line break where the quote has " / "."""
    parts = [quote_words(part) for part in _LINE_BREAK_MARK.split(quote.strip())]
    parts = [words for words in parts if words]
    if sum(len(words) for words in parts) < MIN_WORDS:
        return None
    return "\n".join("[ \n]".join(re.escape(word) for word in words) for words in parts)


def _edge_punctuation(quote: str) -> tuple[str, str]:
    """The non-word characters a quote begins and ends with ("…thought." → "", ".")."""
    stripped = quote.strip()
    if stripped.isascii():
        words = [word.span() for word in _ASCII_WORD.finditer(stripped)]
        if not words:
            return "", ""
        return stripped[: words[0][0]], stripped[words[-1][1] :]
    return _edges_by_character(stripped)


def _edges_by_character(stripped: str) -> tuple[str, str]:
    """``_edge_punctuation`` by the rule itself, a character at a time (any text)."""
    word_positions = [i for i, ch in enumerate(stripped) if is_word_character(ch)]
    if not word_positions:
        return "", ""
    return stripped[: word_positions[0]], stripped[word_positions[-1] + 1 :]


def _same_punctuation(a: str, b: str) -> bool:
    if a.isspace() and b.isspace():
        return True
    return _EQUIVALENT_PUNCTUATION.get(a, a) == _EQUIVALENT_PUNCTUATION.get(b, b)


def _extend_to_punctuation(first_line: str, last_line: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """Take in the punctuation the quote itself has around its words, where the line has it too.

    So "The night is long." matched against the same line includes the full stop, while a
    quote that adds a full stop the line lacks still matches without it.
    """
    leading, trailing = _edge_punctuation(quote)
    for ch in reversed(leading):
        if start > 0 and _same_punctuation(first_line[start - 1], ch):
            start -= 1
        else:
            break
    for ch in trailing:
        if end < len(last_line) and _same_punctuation(last_line[end], ch):
            end += 1
        else:
            break
    return start, end


def locate_quote(
    line_texts: Sequence[str],
    quote: str,
    *,
    first_index: int = 0,
    stop_index: int | None = None,
) -> QuoteMatch | None:
    """Find ``quote`` in ``line_texts[first_index:stop_index]``; the earliest match wins.

    Matching ignores case, punctuation and the kind of quotes and dashes, so a quote may add
    or drop a full stop, a "> " greentext marker or quote marks; " / " in the quote must fall
    on a line break, and any other gap between words may too, so a quote can run across
    consecutive lines. A match on whole words is preferred; only if there is none may the
    quote's first and last words be parts of longer words. Quotes of fewer than two words
    return None, as does a quote that is not there.
    """
    stop_index = len(line_texts) if stop_index is None else min(stop_index, len(line_texts))
    if first_index >= stop_index:
        return None
    pattern = _quote_pattern(quote)
    if pattern is None:
        return None
    folded = _fold_lines(tuple(line_texts))
    # Search only the wanted lines: from the first one's words to just before the line break
    # that starts the stop line. Lookbehind still sees the "\n" before ``begin``.
    begin = folded.line_starts[first_index]
    finish = folded.line_starts[stop_index] - 1 if stop_index < len(line_texts) else len(folded.text)
    whole_words = re.compile(rf"(?<![^ \n]){pattern}(?![^ \n])")
    match = whole_words.search(folded.text, begin, finish)
    if match is None:  # fall back to a quote that starts or ends inside a longer word
        match = re.compile(pattern).search(folded.text, begin, finish)
    if match is None:
        return None

    first, start = folded.origins[match.start()]
    last, last_offset = folded.origins[match.end() - 1]
    end = last_offset + 1
    start, end = _extend_to_punctuation(line_texts[first], line_texts[last], start, end, quote)

    if first == last:
        exact = line_texts[first][start:end]
    else:
        middle = list(line_texts[first + 1 : last])
        exact = "\n".join([line_texts[first][start:], *middle, line_texts[last][:end]])
    return QuoteMatch(
        first=first,
        last=last,
        start=start,
        end=end,
        exact=exact,
        prefix=line_texts[first][max(0, start - CONTEXT_CHARS) : start],
        suffix=line_texts[last][end : end + CONTEXT_CHARS],
    )
