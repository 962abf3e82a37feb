"""A song written as a Markdown document.

    # Title
    **Written:** 2026-01-31            ← header fields, before the first "##"
    ## Suno Prompt                      ← a "prompt"/"style" section: its code block is the style
    ## Lyrics                           ← "[Section — direction]" markers and lyric lines
    ## Compositional Notes              ← any other "##" section is commentary, one entry per "###"

A commentary entry that quotes lyric lines stays one entry, its text stated once, anchored to
each line it quotes; a quote that is not in the lyrics stays in the text and is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from catalogue.importing.page_text import is_chrome
from catalogue.importing.header import apply_prompt
from catalogue.importing.page import Page
from catalogue.importing.parsed import ParsedCommentary, ParsedMetadata, ParsedPiece
from catalogue.importing.shapes.common import anchor_notes, parse_section_marker, sections_from_lyrics

_TITLE_RE = re.compile(r"#\s+\S.*")
_H2_RE = re.compile(r"##\s+(.*?)\s*#*")
_H3_RE = re.compile(r"###\s+(.*?)\s*#*")
_RULE_RE = re.compile(r"(-{3,}|\*{3,}|_{3,})")
_FENCE_RE = re.compile(r"(```|~~~)")


def _is_rule(line: str) -> bool:
    return bool(_RULE_RE.fullmatch(line.strip()))


def looks_like(page: Page) -> bool:
    """A "# " heading and either a section marker or a "## …Lyrics" heading."""
    lines = page.lines
    has_heading = bool(_TITLE_RE.fullmatch(page.title_line)) or any(_TITLE_RE.fullmatch(line.strip()) for line in lines)
    has_lyrics = any(parse_section_marker(line) for line in lines) or any(
        (h2 := _H2_RE.fullmatch(line.strip())) and "lyric" in h2.group(1).casefold() for line in lines
    )
    return has_heading and has_lyrics


@dataclass
class _Part:
    """The lines under one "##" heading ("" for the header before the first one)."""

    heading: str
    lines: list[str] = field(default_factory=list)


def _split_parts(lines: list[str]) -> list[_Part]:
    parts = [_Part("")]
    in_fence = False
    for line in lines:
        if _FENCE_RE.match(line.strip()):
            in_fence = not in_fence
        heading = None if in_fence else _H2_RE.fullmatch(line.strip())
        if heading:
            parts.append(_Part(heading.group(1)))
        else:
            parts[-1].lines.append(line)
    return parts


def _code_block(lines: list[str]) -> str | None:
    """The text of the first fenced code block, or None."""
    inside: list[str] | None = None
    for line in lines:
        if _FENCE_RE.match(line.strip()):
            if inside is not None:
                return "\n".join(inside).strip()
            inside = []
        elif inside is not None:
            inside.append(line)
    return None


def _without_rules(lines: list[str], footer: list[str] | None = None) -> list[str]:
    """A part's prose without its rules. Text after the part's last rule with no heading after
    it is a footer ("*Written by …*"), not part of the prose: it goes to ``footer``."""
    rules = [i for i, line in enumerate(lines) if _is_rule(line)]
    if rules and not any(_H3_RE.fullmatch(line.strip()) for line in lines[rules[-1] :]):
        if footer is not None:
            footer.extend(line for line in lines[rules[-1] + 1 :] if line.strip())
        lines = lines[: rules[-1]]
    return [line for line in lines if not _is_rule(line)]


def _lyric_lines(lines: list[str], footer: list[str]) -> list[str]:
    """The part's lyrics. A rule between sections is skipped, but one followed by anything other
    than a section marker ends the lyrics (a "*Written by …*" footer is not a line: it goes to
    ``footer``)."""
    result: list[str] = []
    for i, line in enumerate(lines):
        if _is_rule(line):
            following = next((rest for rest in lines[i + 1 :] if rest.strip()), "")
            if not parse_section_marker(following):
                footer.extend(rest for rest in lines[i + 1 :] if rest.strip() and not _is_rule(rest))
                break
            continue
        result.append(line)
    return result


def _footer_warning(footer: list[str], file_lines: list[str]) -> list[str]:
    """Say which lines after a rule were left out, so that a wrong guess can be seen."""
    warnings = []
    for text in footer:
        number = next((i for i, line in enumerate(file_lines, start=1) if line.strip() == text.strip()), None)
        warnings.append(f"line {number}: left out as a footer after a rule: {text.strip()[:80]!r}")
    return warnings


def _commentary(part: _Part, footer: list[str] | None = None) -> list[ParsedCommentary]:
    """One entry per "###" heading; text before the first "###" is an entry under the "##" heading."""
    entries = [ParsedCommentary(heading=part.heading, body="")]
    bodies: list[list[str]] = [[]]
    for line in _without_rules(part.lines, footer):
        heading = _H3_RE.fullmatch(line.strip())
        if heading:
            entries.append(ParsedCommentary(heading=heading.group(1), body=""))
            bodies.append([])
        else:
            bodies[-1].append(line)
    for entry, body in zip(entries, bodies):
        entry.body = "\n".join(body).strip()
    return [entry for entry in entries if entry.body]


def parse(page: Page) -> ParsedPiece:
    title, rest = page.title, page.lines
    parts = _split_parts(rest)
    warnings: list[str] = []
    metadata = ParsedMetadata()

    # The lyrics are under a "## …Lyrics" heading, or else wherever the first marker is.
    lyrics_part = next((p for p in parts if "lyric" in p.heading.casefold()), None)
    intro = parts[0].lines  # what the author wrote before the first "##": a word about the song
    if lyrics_part is None:
        lyrics_part = next((p for p in parts if any(parse_section_marker(line) for line in p.lines)), parts[0])
        if lyrics_part is parts[0]:
            # No "##" around them: the lyrics start at the first marker, after the header fields.
            markers = (i for i, line in enumerate(parts[0].lines) if parse_section_marker(line))
            first_marker = next(markers, len(parts[0].lines))
            intro = parts[0].lines[:first_marker]
            lyrics_part = _Part("", parts[0].lines[first_marker:])

    # Never dropped unsaid: prose before the lyrics is a note on the whole song.
    footer: list[str] = []
    # ... but a page's notice there ("> This page is maintained by …") is listed, not kept.
    footer.extend(line for line in intro if line.strip() and is_chrome(line.strip().lstrip("> ")))
    intro = [line for line in intro if not (line.strip() and is_chrome(line.strip().lstrip("> ")))]
    commentary: list[ParsedCommentary] = _commentary(_Part("", intro))
    for part in parts[1:]:
        if part is lyrics_part:
            continue
        name = part.heading.casefold()
        if "prompt" in name or "style" in name:
            style = _code_block(part.lines)
            if style is None:
                style = "\n".join(_without_rules(part.lines)).strip()
            apply_prompt(metadata, style, warnings)
        elif is_chrome(part.heading):
            # A page's own last headings ("See also", "Comments", "Related"): listed, not a note.
            footer.extend([f"## {part.heading}", *(line for line in part.lines if line.strip())])
        else:
            commentary.extend(_commentary(part, footer))

    sections = sections_from_lyrics(_lyric_lines(lyrics_part.lines, footer))
    warnings += _footer_warning(footer, rest)
    anchor_notes(commentary, sections, rest, warnings)
    return ParsedPiece(
        title=title,
        kind="song",
        metadata=metadata,
        sections=sections,
        commentary=commentary,
        warnings=warnings,
    )
