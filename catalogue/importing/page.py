"""Clean text → the piece on the page: chrome blanked, title found, metadata header read. Once.

The order matters: the page around the piece goes first (``chrome``), then a YAML front matter,
then the title (a heading, a short first line, or the title-like line after a blog's lead
sentence), then the "Key: value" header (``header``). Every step blanks the lines it takes, so
what is left is what the shape parsers read, and every line keeps its number in the file for
warnings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from catalogue.importing.chrome import strip_chrome
from catalogue.importing.page_facts import NAME_MONTH_RE, TITLE_BY_RE, dates_a_post, shown_twice, without_release_suffix
from catalogue.importing.page_text import (
    COMMENT_HEAD_RE, HANDLE_RE, is_chrome, is_dedication, is_short_label, looks_like_name, looks_like_title,
)
from catalogue.importing.dates import DATE_RE, date_line, parse_date
from catalogue.importing.header import (
    FIELD_NAMES, METADATA_FIELDS, SIGNATURE_RE, genre_line, hashtags_ending, is_field_line, read_dateline, read_header,
    read_page_fields,
)
from catalogue.importing.parsed import ParsedMetadata
from catalogue.importing.shapes.common import bracket_bare_markers, parse_section_marker, sentences

_HEADING_RE = re.compile(r"#\s+(.*?)\s*#*\s*")
_TITLE_KIND_PREFIX_RE = re.compile(
    r"^(?:(?:new )?(?:song|poem|lyrics|poetry|track|single)\s*[:|–—-]\s+|\[(?:oc|original|poem|song|lyrics)\]\s*)",
    re.IGNORECASE)  # "Song: …", a forum's "[OC] …"
_DESCRIPTION_RE = re.compile(
    r"(?:an?|the|my) (?:[\w-]+ ){0,3}(?:song|poem|ballad|track|lullaby|hymn|anthem|tune|ditty|rap)\b.*", re.IGNORECASE)
_LYRICS_WORD_RE = re.compile(r"\blyrics\b", re.IGNORECASE)
_LEAD_BY_RE = re.compile(r"\b(?:poem|song|piece|lyrics|essay|story|verse) (?:written )?by ([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})")
_LEAD_SENTENCE_RE = re.compile(r"[^\W\d_].{20,300}[.!?]")
FIRST_PERSON_RE = re.compile(r"i\b|i['’]|my\b|we\b", re.IGNORECASE)  # a sentence the author says of themselves
_QUOTED_NAME_RE = re.compile(r"[\"“]([^\"“”]{3,60})[\"”]")
_QUOTED_TITLE_RE = re.compile(r"[\"“”'‘’]([^\"“”]{1,100})[\"“”'‘’]")
_FIELD_LIKE_RE = re.compile(r"\*{0,2}([^\W\d_][\w ]{0,20}?)(?::\*{2}|\*{2}:|:)\s.*")
_PERSON_BYLINE_RE = re.compile(r"(?:(?i:written|words|poem|lyrics) )?(?i:by) ([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})")
TITLE_MAX_CHARS = 100
LEAD_MAX_CHARS = 200
MAX_LEADS = 3  # a post's title, a subtitle, a lead sentence


@dataclass
class Page:
    lines: list[str]  # the file's lines; chrome, title and header blanked
    title: str = ""
    title_line: str = ""  # the title's line as written ("# Overfit"), "" when none was found
    metadata: ParsedMetadata = field(default_factory=ParsedMetadata)  # from the header
    page_author: str = ""  # what the page around the piece says, used when the file says nothing
    page_written: str | None = None
    page_title: str = ""
    warnings: list[str] = field(default_factory=list)
    says_lyrics: bool = False  # the page around the piece calls it lyrics ("… Lyrics", "Lyrics provided by …")


def _title_line(line: str, next_line: str) -> bool:
    """A short first line that does not run on into the next is a title."""
    if len(line) > TITLE_MAX_CHARS or parse_section_marker(line) or line.startswith("|") or is_dedication(line):
        return False
    if line.endswith((",", ";", ":", "-", "—", "–")):  # a verse line running on
        return False
    if _LEAD_SENTENCE_RE.fullmatch(line) and len(line.split()) >= 6:  # a sentence, not a title
        return False
    field = _FIELD_LIKE_RE.fullmatch(next_line.strip())
    if not next_line.strip() or (field and field.group(1).casefold() in FIELD_NAMES) or genre_line(next_line):
        return True
    # With no blank line after it, only a line that reads as a heading is a title: no sentence
    # punctuation, and its longer words capitalised ("Notes From The Loss Surface").
    if re.search(r"[,;:.!?]", line):
        return False
    long_words = [word for word in line.split() if len(word) > 3]
    return sum(word[0].isupper() for word in long_words) * 2 >= len(long_words)


def _is_body(lines: list[str]) -> bool:
    """A block that is surely the piece: several lines, a marker, a table row, a long paragraph."""
    return len(lines) > 1 or any(
        parse_section_marker(line) or line.lstrip().startswith(("|", "##")) or len(line) > LEAD_MAX_CHARS
        for line in lines
    )


def _byline_name(line: str) -> bool:
    """A person's name alone on its line under a title: two to four words, each capitalised."""
    text = line.strip()
    return 2 <= len(text.split()) <= 4 and looks_like_name(text) and not is_chrome(text) and not re.search(
        r"\b(?:a|an|the|of|in|on|and|to|for|by)\b", text, re.IGNORECASE)  # (not a subtitle: "A Song for the Night")


def _shows(text: str, words: str) -> bool:
    """Whether casefolded ``text`` holds ``words`` as words ("k-nearest neighbours" does not hold "nearest neighbour")."""
    return bool(re.search(rf"(?<![\w-]){re.escape(words.casefold())}(?![\w-])", text))


def _find_title(lines: list[str], after_page: bool = False, dropped: Sequence[tuple[int, str]] = ()) -> tuple[int | None, list[int]]:
    """The index of the title line, and of lines before it that are the page's, not the piece's.

    The title is "the heading right before the piece": a Markdown heading, or the last of the
    short lines standing alone before the first stanza, section or paragraph, when it reads as
    a title. A page may put a post's own title or a lead sentence ("I wrote this on a train.")
    before it; those go. Otherwise a short first line that does not run on is the title.
    """
    blocks: list[list[int]] = []
    for i, line in enumerate(lines):
        if line.strip():
            if blocks and i and lines[i - 1].strip():
                blocks[-1].append(i)
            else:
                blocks.append([i])
    if not blocks:
        return None, []
    # A Markdown file pasted under a post's own lines: its "# Title" is the piece's title, and the
    # few lines above it (the blog's name, the post's date and title, a lead) are the post's.
    # (the last "# " heading before the first "## ": a platform's "# Folk & Singer-Songwriter" chip above it is not)
    first_part = next((i for i, line in enumerate(lines) if line.lstrip().startswith("## ")), len(lines))
    first_heading = next((i for block in reversed(blocks[:6]) for i in reversed(block) if i < first_part
                          and _HEADING_RE.fullmatch(lines[i].strip()) and not lines[i].lstrip().startswith("##")), None)
    if first_heading is not None and 0 < sum(1 for i in range(first_heading) if lines[i].strip()) <= 8 and any(
            lines[i].lstrip().startswith("## ") for i in range(first_heading, len(lines))):
        return first_heading, [i for i in range(first_heading) if lines[i].strip()]
    # Below a page's header, a post's lead paragraph (perhaps under the post's own title), then
    # the piece's title alone, then the piece.
    lead = lines[blocks[0][-1]]
    if after_page and len(blocks) > 2 and (
            len(blocks[0]) == 1 and len(lead) > LEAD_MAX_CHARS
            # (the post's title in sentence case: "A poem for the attention lecture")
            or len(blocks[0]) == 2 and len(lines[blocks[0][0]].split()) <= 10
            and not lines[blocks[0][0]].rstrip().endswith((".", "!", "?", ":")) and sentences(lead) >= 2) and (
            looks_like_title(lines[blocks[1][0]])
            # (alone, or over the file's own fields: "Label Smoothing" / "Written: 2026-02-18" / …)
            and all(is_field_line(lines[i]) for i in blocks[1][1:])):
        return blocks[1][0], list(blocks[0])
    # On a page, a table export's own title glued over its first row, under the post's title and
    # text ("Dead Neurons – how I stop Suno …" / "Guide / Tip" / a paragraph / "Dead Neurons" /
    # "| [Intro] | |"): the title; above it, the post's.
    first_row = next((i for i, line in enumerate(lines) if line.lstrip().startswith("|")), None) if after_page else None
    if first_row and len(blocks) > 1 and blocks[0][0] < first_row - 1 and lines[first_row - 1].strip() and (
            looks_like_title(lines[first_row - 1])) and not lines[first_row - 1].lstrip().startswith(("#", "|")) and (
            first_row - 2 < 0 or not lines[first_row - 2].strip()):
        return first_row - 1, [i for i in range(first_row - 1) if lines[i].strip()]
    # A blog's own lines, then the post's date, its title and a lead in one run, then the piece's
    # title alone ("Gradient Notes" / … / "Tuesday, March 10, 2026" / "Sunday writing: …" / "This
    # one has been …" / "What a Checkpoint Remembers"): all above that title is the page's.
    dated = next((b for b, block in enumerate(blocks[:3]) if any(DATE_RE.fullmatch(lines[i].strip()) for i in block)), None)
    if dated is not None and dated + 2 < len(blocks) and len(blocks[dated + 1]) == 1 and len(blocks[dated]) > 1 and (
            looks_like_title(lines[blocks[dated + 1][0]])):
        return blocks[dated + 1][0], [i for block in blocks[: dated + 1] for i in block]
    # A title block in one run: a kicker, the title, a standfirst and the byline ("Articles" / "The
    # Least Likely Word" / "On perplexity, surprise, …" / "By Ines Okafor-Lind"), or the author's
    # name over the post's date and reading time ("Jonah Reyes" / "Mar 3, 2026" / "• 5 min read").
    # (perhaps under the magazine's or section's name alone: "Poetry Magazine" / "Small Model,
    # Inventory" / "By Noor Halvorsen")
    kicked = len(blocks) > 2 and len(blocks[0]) == 1 and is_short_label(lines[blocks[0][0]])
    for top in [blocks[0], *([blocks[1]] if kicked else [])]:
        signed = len(top)
        while signed > 1 and (is_chrome(lines[top[signed - 1]]) or len(lines[top[signed - 1]]) <= 60 and dates_a_post(
                lines[top[signed - 1]])):  # (a dateline the page does not mark: "Mar 21, 2026 — 3 min read")
            signed -= 1
        byline = lines[top[signed - 1]].strip("*_ ")
        if 2 <= signed <= 5 and len(top) <= 8 and len(blocks) > 1 and (_PERSON_BYLINE_RE.fullmatch(byline) or (
                signed < len(top) and len(byline.split()) >= 2 and looks_like_name(byline)
                and any(dates_a_post(lines[i]) for i in top[signed:]))):
            titles = [i for i in top[: signed - 1] if looks_like_title(lines[i])]
            if titles:
                return titles[-1], [i for i in range(top[-1] + 1) if lines[i].strip() and i != titles[-1]]
    # A post's words, then the piece's title over its own fields in the same run ("ok finally
    # finished the reproducibility song. …" / "Seed Forty-Two" / "Style: …" / "BPM: 88" / "Key: A minor")
    # (or over nothing, the piece under a blank line: "ok here it is, the CNN one. …" / "Receptive Field").
    top = blocks[0]
    fielded = next((k for k in range(1, min(len(top), 4)) if looks_like_title(lines[top[k]])
                    and all(is_field_line(lines[i]) for i in top[k + 1 :])), None)
    if fielded is not None and len(blocks) > 1 and all(len(lines[i].split()) >= 6 for i in top[:fielded]) and (
            fielded + 1 < len(top)  # (over nothing, only under sentences: not a post's title over its flair, "Song")
            or len(lines[top[fielded]].split()) >= 2 and all(sentences(lines[i]) for i in top[:fielded])):
        return top[fielded], top[:fielded]
    # The poster's name and month over the title, the piece under it ("Theo Marchetti Feb 2026" /
    # "Early Stopping" / the first line)
    if len(top) >= 3 and (named := NAME_MONTH_RE.fullmatch(lines[top[0]].strip())) and looks_like_name(named.group(1)) and (
            looks_like_title(lines[top[1]])):
        return top[1], [top[0]]
    # A poem's title over its poet's name, perhaps over the poet's note glued under them ("Byte
    # Pair" / "Priya Castellan" / "A tokenizer learns its pieces by counting …").
    if len(blocks) > 1 and len(top) in (2, 3) and looks_like_title(lines[top[0]]) and _byline_name(lines[top[1]]) and (
            len(top) == 2 or len(lines[top[2]].split()) >= 25):
        return top[0], [top[1]]
    # A post's head in one run over its first paragraph: the creator's name, their tagline, the
    # post's title and its date ("Tamsin Oduya" / "Creating essays and …" / "The Held-Out" / "Feb
    # 9, 2026 at 6:02 AM" / the first paragraph): the title is the last title-like line above the date
    # (or under the post's lead alone: "wrote a song about gradient clipping, …" / "Clip the Norm" /
    # "March 3, 2026 at 10:41 AM").
    led = len(blocks) > 2 and len(blocks[0]) == 1 and len(lines[blocks[0][0]].split()) >= 6 and not looks_like_title(
        lines[blocks[0][0]])
    for top in blocks[: 2 if led else 1]:
        dated = next((k for k, i in enumerate(top[:6]) if k and (k + 1 == len(top) or len(lines[top[k + 1]].split()) >= 25)
                      and len(lines[i].split()) <= 8 and dates_a_post(lines[i])), None)
        if dated is not None and len(blocks) > 1:
            titles = [i for i in top[:dated] if looks_like_title(lines[i])]
            if titles:
                return titles[-1], [i for i in range(top[dated] + 1) if lines[i].strip() and i != titles[-1]]
    singles: list[int] = []
    for block in blocks:
        if _is_body([lines[i] for i in block]):
            break
        singles.append(block[0])
    heading = next((i for i in singles if _HEADING_RE.fullmatch(lines[i].strip()) and not lines[i].lstrip().startswith("##")), None)
    if heading is not None:
        return heading, [i for i in singles if i < heading]
    if 1 < len(singles) <= MAX_LEADS + 1 and len(singles) < len(blocks) and looks_like_title(lines[singles[-1]]):
        # (not the poet's name under the title, the name the page shows again around the poem:
        # "Nearest Neighbour" / "Delia Hartwell" / the poem … "Copyright © Delia Hartwell")
        name, above = lines[singles[-1]].strip(), lines[singles[-2]].strip()
        page_text = "\n".join(text for _, text in dropped).casefold() if len(name.split()) >= 2 else ""
        if len(name.split()) >= 2 and looks_like_name(name) and looks_like_title(above) and (
                _shows(page_text, name) and not _shows(page_text, above)):
            return singles[-2], [i for i in singles if i != singles[-2]]
        return singles[-1], singles[:-1]
    first = blocks[0][0]
    following = lines[first + 1] if first + 1 < len(lines) else ""
    titled = _title_line(lines[first].strip(), following)
    # After the title (or at the top), a sentence or two standing alone before a stanza is the page's lead ("Dropout
    # is a poem by Lena Ortiz, first published in 2023."), not the poem. Only before verse: before
    # prose, a short first paragraph is the piece's own.
    leads = []
    # A post's standfirst glued under its title, over prose ("The Loss Curve Is a Diary" / "This
    # started as a ten-minute talk …; so here it is." / the essay): the post's, not a paragraph.
    if after_page and titled and len(blocks[0]) == 2 and len(blocks) > 2 and _LEAD_SENTENCE_RE.fullmatch(
            lines[blocks[0][1]].strip()) and all(len(b) == 1 and len(lines[b[0]].split()) >= 25 for b in blocks[1:3]):
        return first, [blocks[0][1]]
    for block in blocks[1 if titled else 0 : MAX_LEADS + 1]:
        text = lines[block[0]].strip()
        # (not the poet's own word in the first person: "I wrote this after a long run diverged …",
        # which is a note between the title and the first stanza)
        if len(block) == 1 and _LEAD_SENTENCE_RE.fullmatch(text) and len(text.split()) >= 6 and not (
                titled and FIRST_PERSON_RE.match(text)):
            leads.append(block[0])
            continue
        if leads and len(block) >= 2 and not parse_section_marker(lines[block[0]]) and all(
            len(lines[i].strip()) <= TITLE_MAX_CHARS for i in block
        ):
            return (first if titled else None), leads
        break
    # A post's date, its title and its first paragraph in one block ("Saturday, March 14, 2026" /
    # "What the Optimizer Remembers" / …), under the blog's name and tagline: the title; above it,
    # the page's (the date read from them).
    for block in blocks[:3]:
        if len(block) >= 3 and DATE_RE.fullmatch(lines[block[0]].strip()) and looks_like_title(lines[block[1]]) and len(
                lines[block[2]].split()) >= 25:
            return block[1], [i for i in range(block[1]) if lines[i].strip()]
    heading = _heading_before_the_piece(lines, blocks)
    if heading is None:
        # Prose: a title alone between the post's lead paragraphs and the piece's paragraphs
        # ("A short one, written during the eval freeze" / a paragraph / "Warmup" / paragraphs).
        # (or under the lead alone, on a page: "This week's piece came out of … Read it slowly." / the title)
        heading = next((block[0] for k, block in enumerate(blocks[1 if after_page else 2 : -2], start=1 if after_page else 2)
                        if len(block) == 1 and looks_like_title(lines[block[0]])
                        and all(len(b) == 1 and len(lines[b[0]].split()) >= 25 for b in blocks[k + 1 : k + 3])
                        and all(len(b) == 1 and len(lines[b[0]].split()) >= 12 for b in blocks[1:k])
                        and (k > 1 or len(blocks[0]) == 1 and sentences(lines[blocks[0][0]]) >= 2)), None)
        if heading is not None and after_page and len(blocks) > 1 and heading == blocks[1][0] and not titled:
            return heading, list(blocks[0])  # (the lead alone above it: the post's)
    if heading is not None and heading != first and any(
            len(block) == 1 and _LEAD_SENTENCE_RE.match(lines[block[0]].strip()) and len(lines[block[0]].split()) >= 12
            for block in blocks if first < block[0] < heading):
        # A post's own title, its byline and buttons, its paragraphs, then the piece's title alone
        # above the piece ("Exporting my lyric sheets" / two paragraphs / "Dropout Choir" / the
        # table): all the post's.
        return heading, [i for block in blocks if block[0] < heading for i in block]
    if titled and not (heading is not None and len(blocks[0]) > 1 and heading != first):
        return first, []
    # The heading right before the piece, when nothing at the top reads as a title, or the top
    # line heads a block of the post's own sentences (a forum's flair, the post's title and
    # text, then "Held-Out" above the first marker). What stands above it is left to the shape,
    # which reports it.
    return heading, []


def _heading_before_the_piece(lines: list[str], blocks: list[list[int]]) -> int | None:
    """A title-like line alone just above the first marker, table row or stanza."""
    def titles_fields(block: list[int]) -> bool:  # "Nucleus" / "Style: dusty trip-hop, …" / "Tempo: 86"
        return looks_like_title(lines[block[0]]) and all(is_field_line(lines[i]) for i in block[1:])

    for k, block in enumerate(blocks[1:], start=1):
        opening = lines[block[0]].strip()
        if parse_section_marker(opening) or opening.startswith("|") or (
            len(block) >= 2 and all(len(lines[i].strip()) <= TITLE_MAX_CHARS for i in block) and not titles_fields(block)
        ):
            above = blocks[k - 1]
            # (alone, or over the piece's own fields: "Nucleus" / "Style: dusty trip-hop, …" / "Tempo: 86")
            if k > 1 and titles_fields(above):
                return above[0]
            break
    return None


# A label a page puts right above the piece: "Work Text:", "Lyrics:", "Poem:", "Full text".
_TEXT_LABEL_RE = re.compile(r"(?:work |full |the )?(?:text|lyrics|poem|story)\s*:?", re.IGNORECASE)
_HANDLE_LINE_RE = re.compile(r"@?[\w.-]*[_\d.][\w.-]*")  # "quiet_optimizer", "user123"


def _drop_above_the_text_label(lines: list[str], page: Page) -> None:
    """When a page announces the piece with a label of its own ("Work Text:"), what is left above
    the label (a summary, a poster's handle) is the page's: left out, and listed. A handle or a
    name on the first of those lines is the author, when nothing else named one."""
    texts = [i for i, line in enumerate(lines) if line.strip()]
    label = next((k for k, i in enumerate(texts[:12]) if _TEXT_LABEL_RE.fullmatch(lines[i].strip())), None)
    if not label or label + 1 >= len(texts) or parse_section_marker(lines[texts[label + 1]]):
        return  # nothing above it, nothing under it, or a song's markers, which say the same
    above = texts[: label + 1]
    first = lines[above[0]].strip()
    if _HANDLE_LINE_RE.fullmatch(first) or looks_like_name(first):
        page.page_author = page.page_author or first.lstrip("@")
    page.warnings.append(_dropped_warning([(i + 1, lines[i].strip()) for i in above]))
    for i in above:
        lines[i] = ""


def _drop_site_header_above_the_title(page: Page, dropped: set[int]) -> None:
    """A site's name and tagline above its menu, then the piece's own title above the piece:
    when page text was dropped between the top block and a title-like line standing alone right
    before the first stanza, the top block is the site's, not the piece's (left out, listed)."""
    lines = page.lines
    blocks: list[list[int]] = []
    for i, line in enumerate(lines):
        if line.strip():
            if blocks and blocks[-1][-1] == i - 1:
                blocks[-1].append(i)
            else:
                blocks.append([i])
    stanza = next((k for k, block in enumerate(blocks)
                   if k and (len(block) >= 2 or len(lines[block[0]]) > LEAD_MAX_CHARS / 2)), None)  # or a paragraph
    if stanza is None or stanza < 2 or len(blocks[stanza - 1]) != 1:
        return  # no stanza, or no block above the title line to be the site's
    title = blocks[stanza - 1][0]
    top = blocks[0]
    if any(lines[i].lstrip().startswith(("#", "[", "|", "```", "---")) for block in blocks[:stanza] for i in block):
        return  # a Markdown file's headings and rules say where its parts are
    between = [i for block in blocks[1 : stanza - 1] for i in block]
    if not looks_like_title(lines[title]) or not (
        any(top[-1] < i < title for i in dropped) or any(is_chrome(lines[i]) for i in between)
    ):
        return
    above = [i for block in blocks[: stanza - 1] for i in block]
    for i in above:  # the post's date among them ("March 12, 2025")
        page.page_written = page.page_written or date_line(lines[i])
    page.warnings.append(_dropped_warning([(i + 1, lines[i].strip()) for i in above]))
    for i in above:
        lines[i] = ""


# A track list's row: "3. Vanishing Gradient 4:12", "Vanishing Gradient - 4:12" (name, then length).
_PLAYER_RE = re.compile(r"0?0:00\s*/\s*0?(\d{1,2}:\d{2})")
_LISTED_TRACK_RE = re.compile(r"(?P<name>.+?)\s*[-–—·|]?\s*(?P<length>\d{1,2}:\d{2})")
_TRACK_NUMBER_RE = re.compile(r"^\d{1,2}\.?\s+")


def read_page(text: str) -> Page:
    """The piece of a clean text (line ends "\\n", no hidden characters)."""
    chrome = strip_chrome(bracket_bare_markers([line.rstrip() for line in text.split("\n")]))
    page = Page(lines=chrome.lines, page_author=chrome.author, page_written=chrome.written, page_title=chrome.title,
                says_lyrics=any(_LYRICS_WORD_RE.search(text) for _, text in chrome.dropped))
    if chrome.dropped:
        page.warnings.append(_dropped_warning(sorted(chrome.dropped)))

    _drop_site_header_above_the_title(page, {number - 1 for number, _ in chrome.dropped})
    header = read_header(page.lines)  # front matter and fields before the title
    lines = header.lines
    title_index, leads = _find_title(lines, after_page=bool(chrome.dropped), dropped=chrome.dropped)
    if title_index is None and leads and chrome.title and all(
            sentences(lines[i]) >= 2 and not _LEAD_BY_RE.search(lines[i]) for i in leads) and not any(
            line.lstrip().startswith(("|", "[", "#")) for line in lines[max(leads) + 1 : max(leads) + 3]):
        # Under the title the page gives ("3mo" / "What the Fine-Tune Took"), the author's own
        # sentences before the first stanza ("Catastrophic forgetting, from the model's side. Notes
        # after each stanza.") are a note, not a post's lead (a standfirst is one sentence; a page's
        # lead says whose poem it is: "Dropout is a poem by Lena Ortiz, …"; over a table or the
        # first marker, a description says where the sheet came from).
        leads = []
    # A post's topic set right above its title ("Essays" / "Notes Toward a Held-Out Set"): its tag
    # when the page gives no other.
    kicker = [lines[i].strip() for i in leads if title_index is not None and i == title_index - 1
              and len(lines[i].split()) <= 2 and is_short_label(lines[i]) and not is_chrome(lines[i])]
    if leads:
        page.warnings.append(_dropped_warning([(i + 1, lines[i].strip()) for i in leads], "a post's lead"))
        # A thread above the piece ("ro_benitez 10 hours ago | prev | next [–]" …): the piece is
        # posted in the comment nearest it, and its poster is the author when nothing else says.
        posters = [found.group(1) for i in leads if (found := COMMENT_HEAD_RE.fullmatch(lines[i].strip()))]
        dropped = dict(chrome.dropped)
        original = list(lines)  # (the leads are blanked as they are read)
        # the poet's name glued under the title ("Byte Pair" / "Priya Castellan")
        if title_index is not None and title_index + 1 in leads and _byline_name(lines[title_index + 1]):
            page.page_author = lines[title_index + 1].strip()
        # the poet's name alone under the title ("Nearest Neighbour" / "" / "Delia Hartwell" / "")
        under = title_index + 2 if title_index is not None else -1
        if under in leads and not lines[under - 1].strip() and not lines[under + 1].strip() and len(
                lines[under].split()) >= 2 and looks_like_name(lines[under]):
            page.page_author = lines[under].strip()
        for i in leads:
            # "Dropout is a poem by Lena Ortiz, …": a lead names the author when nothing else does;
            # so does a name shown twice in a row (a profile picture's label, then the name).
            if (named := _LEAD_BY_RE.search(lines[i])) and not page.page_author:
                page.page_author = named.group(1)
            if i + 1 in leads and shown_twice(lines[i].strip(), lines[i + 1].strip()):
                page.page_author = page.page_author or lines[i].strip()
            # … a poster's name over their handle ("Noor Castellanos" / "@noorcastell")
            if i + 1 in leads and len(lines[i].split()) >= 2 and looks_like_name(lines[i]) and HANDLE_RE.fullmatch(
                    original[i + 1].strip()):
                page.page_author = page.page_author or lines[i].strip()
            if (named := _PERSON_BYLINE_RE.fullmatch(lines[i].strip("*_ "))) and not page.page_author:
                page.page_author = named.group(1).strip()  # "By Ines Okafor-Lind" under the title
            # … and so does a name over the post's time ("Hanna Lindqvist" / "Posted on Jan 19")
            if len(lines[i].split()) >= 2 and looks_like_name(lines[i]) and dates_a_post(
                    dropped.get(i + 2, "") or (lines[i + 1] if i + 1 in leads else "")):
                page.page_author = page.page_author or lines[i].strip()
            if (signed := NAME_MONTH_RE.fullmatch(lines[i].strip())) and looks_like_name(signed.group(1)):
                page.page_author = page.page_author or signed.group(1)
            written, named = read_dateline(lines[i])
            page.page_written = page.page_written or written
            page.page_author = page.page_author or named
            lines[i] = ""
        page.page_author = page.page_author or (posters[-1] if posters else "")
        # … and so does the name opening a post's head that dates it ("Tamsin Oduya" / its tagline /
        # the title / "Feb 9, 2026 at 6:02 AM")
        if title_index is not None and leads[0] < title_index and len(original[leads[0]].split()) >= 2 and looks_like_name(
                original[leads[0]]) and any(dates_a_post(original[i]) for i in leads if i > title_index):
            page.page_author = page.page_author or original[leads[0]].strip()
    if title_index is not None:
        page.title_line = lines[title_index].strip()
        heading = _HEADING_RE.fullmatch(page.title_line)
        page.title = (heading.group(1) if heading else page.title_line).strip("*_ ")
        lines[title_index] = ""
        header_after = read_header(lines, before_title=False)  # fields that follow the title
        for name in METADATA_FIELDS:
            value = getattr(header_after.metadata, name)
            if value and (not getattr(header.metadata, name) or name == "written" and header.page_dated):
                setattr(header.metadata, name, value)  # ("Written: …" under the title beats a wiki's "date:")
        header.warnings += header_after.warnings
        header.title = header.title or header_after.title
        lines = header_after.lines
    # The page's facts last: they fill only what the file's own header (above or below its
    # title) left empty.
    # (when the post's own lines above the piece went as its lead, the page's lines among them —
    # "6 min read · Mar 4, 2026" — are above the piece too)
    starts = max(chrome.piece_starts, next((i + 1 for i, line in enumerate(lines) if line.strip()), 0))
    around = sorted({*chrome.around_piece, *((n, t) for n, t in chrome.dropped if n < starts)})
    read_page_fields(around, header, piece_starts=starts)
    header.metadata.tags = header.metadata.tags or kicker
    header.metadata.tags = header.metadata.tags or chrome.around_tags
    if re.fullmatch(r"[\w.-]+", page.page_author or "-"):
        # Only a handle above the piece ("@slund"): "By Saoirse Lund" below it says whose it is.
        page.page_author = next((named.group(1).strip() for _, text in chrome.around_piece
                                 if (named := _PERSON_BYLINE_RE.fullmatch(text.strip("*_ ")))), page.page_author)
    # "Copyright © 2026 by Marisol Teague. Originally published in Poem-a-Day on April 14, 2026, …"
    # under the poem dates it.
    page.page_written = page.page_written or next(
        (parse_date(dated.group()) for line in lines if "originally published" in line.casefold()
         and (dated := DATE_RE.search(line))), None)
    _drop_above_the_text_label(lines, page)
    if chrome.dropped:
        _drop_topic_chips(lines, page, header.metadata)
        _drop_sign_off(lines, page, chrome.dropped)
    page.lines = lines
    page.metadata = header.metadata
    # A lyrics heading is the page naming the piece; otherwise a title found in the text wins.
    # A title in quotes ('"Nearest Neighbour"') is the page naming the song under its artist's
    # heading ("THE EMBEDDINGS LYRICS"), which then names the author.
    quoted = _QUOTED_TITLE_RE.fullmatch(page.title_line)
    if quoted:
        page.title = quoted.group(1)
        if chrome.titled_by_heading:
            page.page_author = page.page_author or chrome.title
    by_heading = chrome.title if chrome.titled_by_heading and not quoted else ""
    # "Epoch Nine - Backprop Lullaby lyrics": a lyrics heading names the artist, then the song.
    if by_heading and (parts := re.fullmatch(r"(.{1,60}?) [-–—] (.{1,100})", by_heading)):
        if _DESCRIPTION_RE.fullmatch(without_release_suffix(parts.group(2))):
            by_heading = parts.group(1)  # "Dropout - A Song About Regularization": the title, then what it is
        else:
            page.page_author = page.page_author or parts.group(1)
            by_heading = parts.group(2)
    page.title = without_release_suffix(header.title or by_heading or page.title or chrome.title)
    # With no title anywhere, the post's words above the lyrics may name the song in quotes and end
    # in its hashtags ("new song about greedy decoding, “Temperature Zero” — lyrics in the thread 🧵
    # #aimusic #udio").
    # (the line taken for the title may be those words: a sentence is no title)
    first_marker = next((i for i, line in enumerate(lines) if parse_section_marker(line)), None)
    above_lyrics = [line for line in lines[:first_marker] if line.strip()][:3] if first_marker else []
    if page.title and len(page.title.split()) > 8 and page.title == page.title_line:
        above_lyrics.insert(0, page.title)
        page.title = ""
    if not page.title:
        page.title = next((named.group(1) for line in above_lyrics
                           if (named := _QUOTED_NAME_RE.search(line)) and looks_like_title(named.group(1))),
                          above_lyrics[0] if above_lyrics and page.title_line == above_lyrics[0] else "")
    header.metadata.tags = header.metadata.tags or next((tags for line in above_lyrics if (tags := hashtags_ending(line))), [])
    # "Song: Learning to Forget": what the title is, said before it.
    page.title = _TITLE_KIND_PREFIX_RE.sub("", page.title) or page.title
    # "Hallie Marsh – Catastrophic Forgetting": a video's title names its artist first.
    if (parts := re.fullmatch(r"(.{2,60}?) [-–—] (.{2,100})", page.title)) and (
            parts.group(1).casefold() == (page.page_author or header.metadata.author).casefold()):
        page.title = parts.group(2)
    # "Cross-Entropy - Poem by Wren Alder": the page's title line names the author too.
    if named := TITLE_BY_RE.fullmatch(page.title):
        page.title = named.group(1)
        page.page_author = page.page_author or named.group(2)
    if not page.metadata.duration and page.title:
        # The player's bar under the page, playing the piece: "Draft Model" / "Halvard Sine" / "0:00 / 3:41"
        around = dict(chrome.around_piece)
        page.metadata.duration = next(
            (played.group(1) for number, text in chrome.around_piece
             if (played := _PLAYER_RE.fullmatch(text)) and page.title.casefold() in (  # (over it or under it)
                 around.get(number + step, "").casefold() for step in (-2, -1, 1, 2))), "")
    if not page.metadata.duration and page.title:
        # An album's track list on the page: "3. Vanishing Gradient 4:12" gives the piece's length.
        title = page.title.casefold()
        page.metadata.duration = next(
            (found["length"] for _, text in chrome.around_piece
             if (found := _LISTED_TRACK_RE.fullmatch(text))
             and title in (found["name"].casefold(), _TRACK_NUMBER_RE.sub("", found["name"]).casefold())), "")
    # A post's categories end with its author's name ("Poetry" / "Reading Group" / "Annika Holm").
    author = (page.metadata.author or page.page_author).casefold()
    page.metadata.tags = [tag for tag in page.metadata.tags if tag.casefold() != author]
    page.warnings += header.warnings
    return page


# A post's farewell: "Until next week,", "See you soon", "Thanks for reading".
_VALEDICTION = r"until next (?:time|week|month)|see you (?:next|soon)|thanks? (?:you )?for reading"
_VALEDICTION_RE = re.compile(rf"(?:{_VALEDICTION})\b", re.IGNORECASE)
# A post's last words to its readers, after the piece: "I'd love to hear about it in the
# responses", "see you in the comments", "the sign-up form is on …", "if you do, send it to me",
# or its farewell.
_SIGN_OFF_RE = re.compile(
    r"\b(?:(?:i(?:'|’)?d|would) love to hear|let me know|tell me (?:about|in|below)|reply and tell me|in the (?:comments|responses|replies)\b"
    rf"|{_VALEDICTION}|see you in|i(?:'|’)?m collecting them"
    r"|drop (?:me )?a (?:line|comment|note)|sign-up form|hit reply|repl(?:y|ies) to this (?:email|post|newsletter)"
    r"|if you enjoyed this|(?:corrections|feedback|suggestions|comments) (?:are )?welcome"
    r"|reblogs? (?:>|are|appreciated|welcome)|(?:don.?t|do not) (?:repost|reupload|re-?post)"
    r"|sorry (?:for|about) (?:the|my) (?:formatting|asterisks|typos|mess)|pasted (?:straight |it )?(?:from|in) (?:my|the)\b"
    r"|feel free to (?:use|share|sing|set|reuse|steal|record|adapt)\b|pinned (?:on|to) my (?:profile|blog|page)\b"
    r"|^next (?:week|time|month)\b|\. next (?:week|time|month)\b|^back (?:in|next|soon|on)\b"
    r"|tag me (?:if|when|in)\b|link (?:is )?in my (?:profile|bio)\b"
    r"|send (?:it|them|yours|me)\b[^.!?]{0,30}\b(?:to me|my way|a link)|i want to hear (?:what|how|it|yours))", re.IGNORECASE)
_TOPIC_RE = re.compile(r"[A-Z][\w&'’-]*(?: [A-Z&][\w&'’-]*){0,2}")  # "Machine Learning", "Poetry"


def _drop_topic_chips(lines: list[str], page: Page, metadata: ParsedMetadata) -> None:
    """On a page, a last block of three topics or more, a capitalised word or three each ("Machine
    Learning" / "Poetry" / "Overfitting"), is the post's topics: its tags when the file gives
    none, not a stanza."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    block = []
    for i in reversed(filled):
        if block and i != block[0] - 1:
            break
        block.insert(0, i)
    if len(block) >= 3 and len(filled) > len(block) + 3 and all(_TOPIC_RE.fullmatch(lines[i].strip()) for i in block):
        page.warnings.append(_dropped_warning([(i + 1, lines[i].strip()) for i in block], "the post's topics"))
        metadata.tags = metadata.tags or [lines[i].strip() for i in block]
        for i in block:
            lines[i] = ""


def _drop_sign_off(lines: list[str], page: Page, page_top: Sequence[tuple[int, str]] = ()) -> None:
    """On a page (a post around the piece), a last paragraph alone that speaks to the post's
    readers is the post's sign-off, not the piece's last paragraph or note: left out, and listed;
    so is one that tells who the author is ("Ines Okafor-Lind is a poet and …")."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 4:
        return
    last = filled[-1]
    signed: list[int] = []
    what = "the post's sign-off"
    if SIGNATURE_RE.fullmatch(lines[last].strip()):
        # "— M." under the last lines: the post's signature, and a line of sentences just above it
        # ("That's it. Go set your warmup steps."), or a paragraph of them alone under a song's
        # table or sections ("I'll post the recording once I stop hating my own voice on it. …")
        signed = [last]
        above = last - 1 if last - 1 in filled else max((i for i in filled if i < last), default=-1)
        if above >= 0 and sentences(lines[above]) >= 2 and (above == last - 1 or above - 1 not in filled and any(
                line.lstrip().startswith(("|", "[")) for line in lines[:above])):
            signed.insert(0, above)
        # The signature's initial is the blog's, when the blog is its author's name ("Lena Vos" / … / "— L.")
        initial = re.sub(r"[^\w]", "", lines[last])[:1]
        page.page_author = page.page_author or next(
            (text for _, text in page_top[:1] if initial and len(text.split()) == 2 and looks_like_name(text)
             and text[:1] == initial), "")
    elif last - 1 in filled and last - 2 not in filled and _VALEDICTION_RE.match(lines[last - 1].strip()) and (
            looks_like_name(lines[last].strip()) or len(lines[last].split()) <= 2):
        signed = [last - 1, last]  # "Until next week," / "Dara"
    elif last - 1 not in filled and re.match(r"[—–]\s", lines[last].strip()) and sentences(lines[last]) >= 2:
        signed = [last]  # "— made this after a week of arguing with sampling params. reblogs appreciated!!"
    elif (last - 1 not in filled or lines[last - 1].lstrip().startswith("|")) and not lines[last].lstrip().startswith(
            "|") and _SIGN_OFF_RE.search(lines[last]) and (
            len(lines[last].split()) >= 8 or _VALEDICTION_RE.match(lines[last].strip())):
        signed = [last]  # (a paragraph alone, or glued under a table; or "Until next week, Dara")
    elif last - 1 not in filled and lines[last].lstrip()[:1].islower() and sentences(lines[last]) >= 1 and len(
            lines[last].split()) >= 12 and (above := max((i for i in filled if i < last - 1), default=None)) is not None and (
            lines[above].lstrip()[:1].isupper() and len(lines[above].split()) >= 12):
        # An aside in the poster's own lowercase under the piece's last paragraph in sentence case
        # ("first one of these I've actually finished. it took six tries …")
        signed = [last]
    elif last - 1 not in filled and page.page_author and re.match(
            rf"{re.escape(page.page_author)} (?:is|was|lives|writes|teaches|works)\b", lines[last].strip()):
        signed, what = [last], "the author's note on themselves"  # "Ines Okafor-Lind is a poet and …"
    if signed:
        page.warnings.append(_dropped_warning([(i + 1, lines[i].strip()) for i in signed], what))
        for i in signed:
            lines[i] = ""


def _dropped_warning(dropped: list[tuple[int, str]], what: str = "page text") -> str:
    runs: list[list[tuple[int, str]]] = []
    for number, text in dropped:
        if runs and number - runs[-1][-1][0] <= 2:
            runs[-1].append((number, text))
        else:
            runs.append([(number, text)])
    parts = []
    for run in runs:
        where = f"line {run[0][0]}" if len(run) == 1 else f"lines {run[0][0]}–{run[-1][0]}"
        parts.append(f"{where}: " + " · ".join(repr(text) for _, text in run))
    return f"left out as {what}: " + "; ".join(parts)
