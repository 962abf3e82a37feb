"""What every shape parser shares: one implementation each of

- the title of last resort (``title_from_filename``),
- section markers (``parse_section_marker``, ``section_kind``),
- lyric lines: echoes, stage directions, greentext (``split_echo``, ``lyric_line``),
- building, numbering and repeat-marking sections (``sections_from_lyrics``, ``number_lines``,
  ``mark_repeats``),
- the tempo/key hidden in a style prompt (``read_tempo_and_key``),
- anchors: the quoted phrases of commentary that stand in the lines (``quoted_anchors``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from catalogue.importing.parsed import ParsedAnchor, ParsedCommentary, ParsedLine, ParsedMetadata, ParsedSection
from catalogue.importing.quotes import MIN_WORDS, QuoteMatch, locate_quote, quote_words

def blocks(lines: Sequence[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    runs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


MIN_WRAP_WIDTH = 50  # nobody wraps prose narrower; short lines under it are verse


def looks_hard_wrapped(lines: Sequence[str]) -> bool:
    """Prose wrapped at a fixed width, rather than verse?

    A wrapping editor breaks a line only when the next word would not fit, so in wrapped
    prose nearly every line that continues a paragraph is longer than the width minus the next
    line's first word. Verse breaks where the poet chose and fails that test almost at once.
    """
    runs = [block for block in blocks(lines) if len(block) > 1]
    width = max((len(line.strip()) for block in runs for line in block), default=0)
    continued = [(a.strip(), b.split()[0]) for block in runs for a, b in zip(block, block[1:])]
    if width < MIN_WRAP_WIDTH or len(continued) < 2:
        return False
    full = sum(1 for line, next_word in continued if len(line) + 1 + len(next_word) > width)
    return full * 5 >= len(continued) * 4


# ---------------------------------------------------------------------------------------------
# Titles

def title_from_filename(filename: str) -> str:
    """A last resort: "my-song.txt" → "My Song"."""
    stem = PurePath(filename.replace("\\", "/")).name.split(".")[0] if filename else ""
    words = re.split(r"[-_\s]+", stem)
    return " ".join(word[:1].upper() + word[1:] for word in words if word)


# ---------------------------------------------------------------------------------------------
# Section markers: "[Verse 1]", "[Chorus x2]", "[Verse 2: Artist]", "[Bridge — Spoken, quiet]"

# (not a chat message's time: "[11:56 PM]")
_MARKER_RE = re.compile(r"\s*\[(?!\d{1,2}:\d{2}\s?(?:[ap]m)?\])([^\[\]]*[^\W\d_][^\[\]]*)\]\s*", re.IGNORECASE)
# Where a label ends and its direction begins. A hyphen needs spaces round it ("Pre-Chorus").
_DIRECTION_SEPARATOR_RE = re.compile(r"\s*[—–]\s*|\s+-\s+|\s*:\s+|\s*:$")
_TRAILING_PAREN_RE = re.compile(r"^(.*?)\s*\(([^()]*)\)$")
_REPEAT_COUNT_RE = re.compile(r"^(.*?)\s+([x×]\s*\d+|\d+\s*[x×])$", re.IGNORECASE)


@dataclass(frozen=True)
class SectionMarker:
    label: str
    direction: str = ""


def parse_section_marker(line: str) -> SectionMarker | None:
    """Read a line that is wholly "[…]" as a section marker; None for any other line."""
    match = _MARKER_RE.fullmatch(line)
    if not match:
        return None
    inside = match.group(1).strip().rstrip(":").strip()  # (a lyrics site writes "[Chorus:]", "[Bridge - Spoken:]")
    parts = _DIRECTION_SEPARATOR_RE.split(inside, maxsplit=1)
    label, direction = (parts[0], parts[1]) if len(parts) == 2 else (inside, "")
    if not direction:
        for pattern in (_TRAILING_PAREN_RE, _REPEAT_COUNT_RE):
            found = pattern.match(label)
            if found and found.group(1):
                label, direction = found.group(1), found.group(2)
                break
    return SectionMarker(label=label.strip(), direction=direction.strip())


# A marker written without brackets on a line of its own: "Verse 1:", "CHORUS", "(Bridge)".
_BARE_MARKER_RE = re.compile(
    r"\s*(\()?\s*((?:(?:final|first|last|second|third)\s+)?"
    r"(?:intro|verse|pre[\s-]?chorus|chorus|post[\s-]?chorus|hook|bridge|breakdown|outro|interlude|refrain|drop)"
    r"(?:\s+(?:\d{1,2}|[ivx]{1,4}|one|two|three|four|five))?(?:\s*[x×]\s*\d)?)\s*(?(1)\)|:?)\s*",
    re.IGNORECASE,
)
MIN_BARE_MARKERS = 2


def bare_marker_label(line: str) -> str:
    """The label of a marker written bare ("Verse 1:" → "Verse 1"), or ""."""
    found = _BARE_MARKER_RE.fullmatch(line)
    return found.group(2).strip() if found else ""


def bracket_bare_markers(lines: list[str]) -> list[str]:
    """Lines with markers written bare ("Verse 1:", "CHORUS", "(Bridge)") written "[Verse 1]".

    Only where the text has at least two, each followed at once by a line of the section, so
    that a title or a lone line of verse that is a section word ("Refrain") stays as it is.
    """
    found = [
        i for i, line in enumerate(lines)
        if _BARE_MARKER_RE.fullmatch(line) and i + 1 < len(lines) and lines[i + 1].strip()
        and not _BARE_MARKER_RE.fullmatch(lines[i + 1])
    ]
    if len(found) < MIN_BARE_MARKERS:
        return lines
    # … and, among them, a bare marker alone of a section seen with its lines: a repeat ("Chorus:" / "")
    seen = {_BARE_MARKER_RE.fullmatch(lines[i]).group(2).strip().casefold() for i in found}
    found += [i for i, line in enumerate(lines)
              if (not (following := lines[i + 1] if i + 1 < len(lines) else "").strip() or _BARE_MARKER_RE.fullmatch(following))
              and (bare := _BARE_MARKER_RE.fullmatch(line)) and bare.group(2).strip().casefold() in seen]
    result = list(lines)
    for i in found:
        result[i] = f"[{_BARE_MARKER_RE.fullmatch(lines[i]).group(2).strip()}]"
    return result


SECTION_KINDS = {
    "intro": "intro",
    "verse": "verse",
    "pre-chorus": "pre-chorus",
    "chorus": "chorus",
    "hook": "hook",
    "bridge": "bridge",
    "breakdown": "breakdown",
    "outro": "outro",
    "interlude": "interlude",
    "refrain": "refrain",
    "drop": "drop",
}
# Words that number or order a section without changing what it is ("Final Chorus", "Verse Two").
_ORDINAL_WORDS = frozenset(
    "final first second third fourth fifth last one two three four five six seven eight nine ten "
    "i ii iii iv v vi vii viii ix x".split()
)


def section_kind(label: str) -> str:
    """The kind a label names, judged by its last meaningful word: "Final Chorus" → chorus."""
    normal = re.sub(r"\bpre[\s‐‑–—-]*chorus\b", "pre-chorus", label.casefold())
    words = [w for w in re.split(r"[\s#.:]+", normal) if w and not w.isdigit() and w not in _ORDINAL_WORDS]
    return SECTION_KINDS.get(words[-1], "other") if words else "other"


# ---------------------------------------------------------------------------------------------
# Lines of a song


def _opening_paren(text: str) -> int | None:
    """Index of the "(" that balances a final ")", or None."""
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return None


def is_stage_direction(text: str) -> bool:
    """A line that is wholly parenthetical ("(silence)", "*(guitar solo)*") is a direction."""
    stripped = text.strip().strip("*_").strip()
    return _opening_paren(stripped) == 0


def split_echo(text: str) -> tuple[str, str]:
    """Split a trailing "(…)" backing vocal off a lyric: "we fall (we fall)" → ("we fall", "we fall").

    A wholly parenthetical line has no echo (it is a direction), nor does "exp()" (no space
    before the bracket, so it is part of the words).
    """
    stripped = text.rstrip()
    opening = _opening_paren(stripped)
    if opening is None or opening == 0 or not stripped[opening - 1].isspace():
        return stripped, ""
    echo = stripped[opening + 1 : -1].strip()
    if not echo:
        return stripped, ""
    return stripped[:opening].rstrip(), echo


def is_greentext(text: str) -> bool:
    return text.lstrip().startswith(">")


def lyric_line(text: str, *, spoken: bool = False) -> ParsedLine:
    """One line of a song, numbered later by ``number_lines``."""
    text = text.strip()
    if is_stage_direction(text):
        return ParsedLine(n=0, text=text, kind="direction")
    words, echo = split_echo(text)
    kind = "spoken" if spoken or is_greentext(words) else "lyric"
    return ParsedLine(n=0, text=words, echo=echo, kind=kind)


_SPOKEN_RE = re.compile(r"\bspoken\b", re.IGNORECASE)
DEFAULT_SECTION_LABEL = "Untitled section"


def sections_from_lyrics(lines: Iterable[str]) -> list[ParsedSection]:
    """Group lyric lines under their "[…]" markers; blank lines only separate.

    Lines before the first marker go into an "Untitled section". A section whose label or
    direction says "spoken" has spoken lines. Sections are numbered and repeat-marked.
    """
    sections: list[ParsedSection] = []
    after_blank = False
    for line in lines:
        if not line.strip():
            after_blank = True
            continue
        marker = parse_section_marker(line)
        if marker:
            kind = section_kind(marker.label)
            sections.append(ParsedSection(label=marker.label, kind=kind, direction=marker.direction))
            after_blank = False
            continue
        if not sections:
            sections.append(ParsedSection(label=DEFAULT_SECTION_LABEL, kind="other"))
        section = sections[-1]
        spoken = bool(_SPOKEN_RE.search(section.direction) or _SPOKEN_RE.search(section.label))
        parsed = lyric_line(line, spoken=spoken)
        # A blank line inside a section is a stanza break a reader should still see.
        parsed.break_before = after_blank and bool(section.lines)
        section.lines.append(parsed)
        after_blank = False
    number_lines(sections)
    mark_repeats(sections)
    return sections


def number_lines(sections: Iterable[ParsedSection]) -> None:
    """Number lines 1..N through the whole piece."""
    n = 0
    for section in sections:
        for line in section.lines:
            n += 1
            line.n = n


def mark_repeats(sections: Sequence[ParsedSection]) -> None:
    """Point each section that repeats an earlier one at the first occurrence.

    Equal means the same lines (text and echo). A section with no lines under a label seen
    before ("[Chorus]" alone, meaning "sing the chorus again") repeats that earlier section.
    """
    first_by_lines: dict[tuple, int] = {}
    first_by_label: dict[str, int] = {}
    for index, section in enumerate(sections):
        if section.lines:
            key = tuple((line.text, line.echo) for line in section.lines)
            if key in first_by_lines:
                section.repeat_of = first_by_lines[key]
            else:
                first_by_lines[key] = index
                first_by_label.setdefault(section.label.casefold(), index)
        elif section.label.casefold() in first_by_label:
            section.repeat_of = first_by_label[section.label.casefold()]


# ---------------------------------------------------------------------------------------------
# Metadata

_TEMPO_RES = [re.compile(r"\b(\d{2,3})\s*bpm\b", re.IGNORECASE), re.compile(r"\btempo:?\s*(\d{2,3})\b", re.IGNORECASE)]
_KEY_RE = re.compile(r"\b([A-G])\s*([#♯b♭])?\s*(major|minor|maj|min)\b", re.IGNORECASE)


def normalise_key(value: str) -> str:
    """The key a style prompt names: "in c minor" → "C minor"; "B♭ major" keeps its flat; ""
    when there is no key in it."""
    match = _KEY_RE.search(value)
    if not match:
        return ""
    accidental = match.group(2) or ""
    mode = {"maj": "major", "min": "minor"}.get(match.group(3).lower(), match.group(3).lower())
    return f"{match.group(1).upper()}{accidental} {mode}"


def read_tempo_and_key(text: str) -> tuple[int | None, str]:
    """Tempo and key as a style prompt states them ("at 130 BPM in the key of C minor")."""
    tempo = None
    for pattern in _TEMPO_RES:
        found = pattern.search(text)
        if found:
            tempo = int(found.group(1))
            break
    return tempo, normalise_key(text)


def fill_tempo_and_key(metadata: ParsedMetadata) -> None:
    """Take tempo and key from the style text (or a tag such as "84 bpm") when no field gave them."""
    tempo, key = read_tempo_and_key("\n".join([metadata.style, *metadata.tags]))
    if metadata.tempo_bpm is None:
        metadata.tempo_bpm = tempo
    if not metadata.key:
        metadata.key = key


# ---------------------------------------------------------------------------------------------
# Glosses: commentary that quotes the piece


@dataclass(frozen=True)
class QuotedSpan:
    start: int  # of the opening quote mark in the commentary text
    end: int  # just past the closing quote mark
    quote: str  # what stands between the marks


_QUOTED_RE = re.compile(r"\"([^\"\n]+)\"|“([^“”\n]+)”")


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Phrases in double quotes, straight or curly. Single quotes are left alone: they are
    apostrophes far more often than quote marks, and glosses nest them ("'might' and 'may'")."""
    return [
        QuotedSpan(match.start(), match.end(), match.group(1) or match.group(2))
        for match in _QUOTED_RE.finditer(text)
    ]


def anchor_from_match(match: QuoteMatch, lines: Sequence[ParsedLine]) -> ParsedAnchor:
    """The anchor of a matched span; ``lines`` is the list the match's indexes refer to."""
    return ParsedAnchor(
        quote=match.exact,
        line=lines[match.first].n,
        last_line=lines[match.last].n if match.last != match.first else None,
        start=match.start,
        prefix=match.prefix,
        suffix=match.suffix,
    )


def quoted_anchors(
    text: str, lines: Sequence[ParsedLine], *, first_index: int = 0, stop_index: int | None = None
) -> tuple[list[ParsedAnchor], list[str]]:
    """An anchor for each phrase quoted in ``text`` that stands in ``lines[first_index:stop_index]``,
    in the order quoted (a place quoted twice is one anchor), and the quotes that stand nowhere.

    A quote of one word is a word mentioned ("'might' and 'may'"), not a place: it is neither an
    anchor nor missing.
    """
    line_texts = [line.text for line in lines]
    anchors: list[ParsedAnchor] = []
    missing: list[str] = []
    for span in quoted_spans(text):
        if len(quote_words(span.quote)) < MIN_WORDS:
            continue
        match = locate_quote(line_texts, span.quote, first_index=first_index, stop_index=stop_index)
        if match is None:
            missing.append(span.quote)
            continue
        anchor = anchor_from_match(match, lines)
        if anchor not in anchors:
            anchors.append(anchor)
    return anchors, missing


def sentences(text: str) -> int:
    """How many sentences end in ``text`` ("That's it. Go set your warmup steps." is two)."""
    return len(re.findall(r"[.!?](?:\s|$)", text))


def missing_quote_warning(quote: str, where: str) -> str:
    return f"the quote \"{quote}\" in {where} is not in the verse: it stays in the text but marks no line"


def anchor_notes(
    entries: list[ParsedCommentary], sections: list[ParsedSection], file_lines: list[str], warnings: list[str]
) -> None:
    """Anchor each note to the lines it quotes, in order; a quote found nowhere is warned of,
    with the line of the file that quotes it."""
    lines = [line for section in sections for line in section.lines]
    for entry in entries:
        entry.anchors, missing = quoted_anchors(entry.body, lines)
        where = f"the note {entry.heading!r}" if entry.heading else "a note"
        for quote in missing:
            marked = (f'"{quote}', f"“{quote}")
            number = next((i for i, line in enumerate(file_lines, start=1) if any(m in line for m in marked)), None)
            warnings.append(f"line {number}: {missing_quote_warning(quote, where)}")
