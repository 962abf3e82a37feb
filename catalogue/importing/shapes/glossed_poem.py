"""A poem: short lines in stanzas, perhaps with a prose gloss after each stanza.

Stanzas are separated by blank lines or by a gloss. A gloss is a line much longer than the
verse around it; its quoted phrases ("where the gradients sleep") are looked up in the
stanza(s) since the previous gloss. The paragraph stays whole, as its author wrote it: one
gloss, anchored to each phrase it quotes, in order. A quote that is not in those stanzas stays
in the body and is reported; a gloss paragraph that anchors nowhere becomes commentary on the
stanza instead.
"""

from __future__ import annotations

import re
import statistics

from catalogue.importing.parsed import ParsedCommentary, ParsedGloss, ParsedLine, ParsedPiece, ParsedSection
from catalogue.importing.shapes.common import (
    looks_hard_wrapped,
    missing_quote_warning,
    number_lines,
    parse_section_marker,
    quoted_anchors,
    quoted_spans,
    sentences,
)
from catalogue.importing.header import SIGNATURE_RE
from catalogue.importing.page_text import is_chrome, is_dedication, looks_like_title
from catalogue.importing.page import FIRST_PERSON_RE, Page

VERSE_MAX_CHARS = 80  # longer than this, a line reads as prose
GLOSS_MIN_CHARS = 120
MIN_VERSE_LINES = 2


def looks_like(page: Page) -> bool:
    """No section markers, mostly short lines, and not prose wrapped at a fixed width."""
    rest = page.lines
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


# A heading standing alone over the poem or its notes ("Text", "Notes"), on a page that has them.
_NOTES_HEADING_RE = re.compile(r"(?:the )?(?:text|poem|notes?|glosses|commentary|annotations|footnotes)\s*:?", re.IGNORECASE)


def _quotes_the_verse(line: str, verse: list[str]) -> bool:
    """A line that quotes three words or more of the verse above it: a note on it, however short."""
    above = " ".join(" ".join(verse).casefold().split())
    return any(len(span.quote.split()) >= 3 and " ".join(span.quote.casefold().split()) in above
               for span in quoted_spans(line))


_NOTE_MARK_RE = re.compile(r"\[(\d{1,2})\]")
_RULE_RE = re.compile(r"(-{3,}|\*{3,}|_{3,})")
_NOTES_LABEL_RE = re.compile(r"(notes?|commentary|glosses|annotations|author's note)\s*:\s*", re.IGNORECASE)
_NUMBERED_NOTE_RE = re.compile(r"\d{1,2}[.)]\s+(?=[\"“‘'])")  # a numbered note that opens with its quote
_NOTE_START_RE = re.compile(r"\[(\d{1,2})\]\s*")


def _drop_footnote_marks(sections: list[ParsedSection], gloss_paragraphs: list) -> None:
    """Footnotes: a "[1]" glued to a line of verse and a gloss that opens "[1] …" are one note's
    two ends. The marks go from both (the gloss is anchored by its quotes, as any other); a
    "[1]" with no note of that number is left where it is."""
    for k, (number, paragraph, *rest) in enumerate(gloss_paragraphs):
        if found := _NUMBERED_NOTE_RE.match(paragraph):  # "1. "the prefixes…" — …"
            gloss_paragraphs[k] = (number, paragraph[found.end():], *rest)
        elif paragraph.startswith("> "):  # a note set as a Markdown quotation
            gloss_paragraphs[k] = (number, paragraph[2:].lstrip(), *rest)
    numbers = set()
    for k, (number, paragraph, *rest) in enumerate(gloss_paragraphs):
        if found := _NOTE_START_RE.match(paragraph):
            numbers.add(found.group(1))
            gloss_paragraphs[k] = (number, paragraph[found.end():], *rest)
    if not numbers:
        return
    for section in sections:
        for line in section.lines:
            line.text = _NOTE_MARK_RE.sub(lambda mark: "" if mark.group(1) in numbers else mark.group(), line.text).rstrip()


def parse(page: Page) -> ParsedPiece:
    title, rest = page.title, page.lines
    threshold = _gloss_threshold(rest)

    sections: list[ParsedSection] = []
    # Gloss paragraphs wait until every line is numbered, with the range of sections they follow.
    gloss_paragraphs: list[tuple[str, int, int]] = []
    stanza_open = False
    glossed_up_to = 0  # sections before this index already have a gloss after them
    last_range = (0, 0)
    typical = statistics.median(len(line.strip()) for line in rest if line.strip()) if any(rest) else 0
    verse_so_far: list[str] = []
    warnings: list[str] = []
    notes: list[str] | None = None  # the paragraphs under a heading after the poem ("About this Poem")
    notes_heading, notes_line = "", 0
    previous_filled = 0  # the number of the last line with words on it, above this one
    dedications: list[str] = []
    notes_closed, closed_at = False, 0

    def following_glued(number: int) -> bool:
        return number < len(rest) and bool(rest[number].strip())

    for number, raw in enumerate(rest, start=1):
        if number > 1 and rest[number - 2].strip():
            previous_filled = number - 1
        line = raw.strip()
        alone = not (rest[number - 2].strip() if number > 1 else "")  # a blank line above it
        following = next((text.strip() for text in rest[number:] if text.strip()), "")
        if notes is not None and notes_closed:
            continue
        if notes is not None and SIGNATURE_RE.fullmatch(line):
            # The note signed ("—Marisol Teague"), its signature kept: what follows is the page's
            # (the poet's bio, a sign-up box)
            notes.append(line)
            notes_closed = True
            closed_at = number
        elif notes is not None:
            notes.append(line)
        elif sections and _RULE_RE.fullmatch(line):
            # A rule after the poem: what follows is a note on it ("---" / "Notes: …").
            notes, notes_heading, notes_line = [], "", number
        elif not line:
            stanza_open = False
        elif not sections and not gloss_paragraphs and alone and (is_dedication(line) and (
                not following_glued(number) or line[:1].islower() and following[:1].isupper())
                # or the poet's sentences alone over the first stanza ("Catastrophic forgetting, from
                # the model's side. Notes after each stanza.")
                or not following_glued(number) and line.endswith((".", "!", "?")) and (
                    sentences(line) >= 2 or FIRST_PERSON_RE.match(line) and len(line.split()) >= 8)):
            # "for my grandmother, …" over the first stanza, or glued to it in its own case ("after
            # a diagram in a paper about attention" / "Every stall is asking …"): the poet's note
            dedications.append(line)
        elif sections and alone and not following_glued(number) and is_chrome(line):
            warnings.append(f"left out as page text: line {number}: {line!r}")  # "Copyright © 2024 by …"
        elif (sections and alone and not _NOTES_HEADING_RE.fullmatch(line) and looks_like_title(line.rstrip(":"))
              and len(following) >= max(GLOSS_MIN_CHARS * 0.8, 2.5 * typical)):
            # A heading after the poem over prose: the poet's or the page's note on the poem, kept whole.
            notes, notes_heading, notes_line = [], line.rstrip(":"), number
        elif alone and _NOTES_HEADING_RE.fullmatch(line):
            stanza_open = False
            warnings.append(f"line {number}: read {line!r} as a heading, not as a line of the poem")
        elif len(line) >= threshold or (len(line) >= max(GLOSS_MIN_CHARS / 2, 1.5 * typical) and (
                _quotes_the_verse(line, verse_so_far)
                # or a paragraph of its own quoting words the poem does not have ("An earlier draft
                # had “the steepest way up the hill” here."): a note, not a one-line stanza
                or alone and not following_glued(number) and sections
                and re.search(r"[\"“][^\"“”]{3,}[\"”]", line) and line.endswith((".", "!", "?"))
                )) or (
                # or sentences of their own right under a gloss, before the next stanza ("In
                # practice beam widths run from four to ten. Three is smaller …", "The word “count”
                # is doing two jobs there."): the note goes on (after the last stanza they are the
                # post's sign-off: see below)
                alone and not following_glued(number) and gloss_paragraphs
                and gloss_paragraphs[-1][0] == previous_filled and 0 < len(following) <= VERSE_MAX_CHARS and (
                    sentences(line) >= 2 or line.endswith(".") and re.search(r"[\"“][^\"“”]{2,}[\"”]", line))
                # … or under a stanza, when earlier stanzas have their glosses: a paragraph of sentences,
                # well longer than a line of verse ("This is positional encoding, the patch that …")
                or alone and not following_glued(number) and gloss_paragraphs and sections
                and sentences(line) >= 2 and len(line.split()) >= 15 and len(line) >= 1.5 * typical
                and 0 < len(following) <= VERSE_MAX_CHARS):
            stanza_open = False
            if glossed_up_to < len(sections):
                last_range = (glossed_up_to, len(sections))
                glossed_up_to = len(sections)
            gloss_paragraphs.append((number, line, *last_range))
        else:
            if not stanza_open:
                sections.append(ParsedSection(label=f"Stanza {len(sections) + 1}", kind="stanza"))
                stanza_open = True
            sections[-1].lines.append(ParsedLine(n=0, text=line))
            verse_so_far.append(line)

    # After the last gloss, a line of two sentences or more standing alone is the post's sign-off
    # ("The student shipped in January. It still thinks …"), not a stanza the poet left unglossed.
    if len(sections) > 1 and glossed_up_to == len(sections) - 1 and len(sections[-1].lines) == 1 and (
            sentences(sections[-1].lines[0].text) >= 2
            # (or ends its last sentence with an emoji: "that's it. the first stanza came to me … 🫠")
            or len(sections[-1].lines[0].text.split()) >= 12 and sentences(re.sub(
                r"\s*[^\w\s.!?…,;:'’\"”)]+$", ".", sections[-1].lines[0].text)) >= 2
            or re.fullmatch(r"\(.*[.!?]\)", sections[-1].lines[0].text)):  # or "(CC0 if anyone wants it for slides.)"
        closing = sections.pop().lines[0].text
        at = max(number for number, raw in enumerate(rest, start=1) if raw.strip() == closing)
        warnings.append(f"line {at}: left out as the page's closing words after the last gloss: {closing!r}")
    _drop_footnote_marks(sections, gloss_paragraphs)
    number_lines(sections)
    lines = [line for section in sections for line in section.lines]
    first_line_of = [sum(len(s.lines) for s in sections[:i]) for i in range(len(sections) + 1)]
    glosses: list[ParsedGloss] = []
    commentary = [ParsedCommentary(heading="", body=line) for line in dedications]
    for number, paragraph, first_section, stop_section in gloss_paragraphs:
        stanza = sections[stop_section - 1].label if stop_section else ""
        anchors, missing = quoted_anchors(
            paragraph, lines, first_index=first_line_of[first_section], stop_index=first_line_of[stop_section]
        )
        where = f"the gloss after {stanza or 'the title'}"
        warnings.extend(f"line {number}: {missing_quote_warning(quote, where)}" for quote in missing)
        if anchors:
            glosses.append(ParsedGloss.on(anchors, paragraph))
        else:
            commentary.append(ParsedCommentary(heading=stanza, body=paragraph))
    if notes and any(notes):
        body = re.sub(r"\n{3,}", "\n\n", "\n".join(notes)).strip()
        if not notes_heading and (labelled := _NOTES_LABEL_RE.match(body)):  # "Notes: the second stanza …"
            notes_heading, body = labelled.group(1), body[labelled.end():]
        note = ParsedCommentary(heading=notes_heading, body=body)
        # Only quotes the length of a line or two are places; a long quotation is the poet speaking.
        note.anchors, _missing = quoted_anchors(body, lines)
        commentary.append(note)
        warnings.append(f"line {notes_line}: read {notes_heading or 'the rule'!r} and what follows it as a note on the poem")
        if notes_closed:
            warnings.append(f"line {closed_at}: the note is signed here; what follows it is left out as page text")
    return ParsedPiece(
        title=title, kind="poem", sections=sections, glosses=glosses, commentary=commentary, warnings=warnings
    )
