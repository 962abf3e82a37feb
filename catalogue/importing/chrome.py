"""Page chrome: the text a web page wraps around a piece when someone saves or copies the page.

Recognised by what it is, never by one site's wording: a line by ``page_text.is_chrome``, and
here, runs of lines:

- the *run*: a page is a header run, the piece, and a footer run. A block (lines between blank
  lines) at the top or bottom that is mostly chrome is chrome as a whole, with the title, byline
  and "Lyrics" heading in it (so is a site's name and tagline above its menu); between footer
  blocks, a block of a few short words (a tag list) is too — but two lines of verse or more
  glued to such a block stay the piece's. "You might also like" or "Advertisement" opens a
  block inside the piece that is an ad;
- the *page after the piece* (``page_after_piece``): what runs on after the last marker with
  no blank line or in blocks that are not chrome line by line ("Embed", "credits", a comment),
  cut where page lines outweigh verse to the end, never through a stanza.

Lines are blanked, not removed, so every line keeps its number in the file and blocks stay
apart. What a header run says about the piece (its title, an author handle or byline, a
published date) is read by ``page_facts`` and kept for the metadata.
"""

from __future__ import annotations

import collections
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from catalogue.importing.dates import DATE_RE, parse_date
from catalogue.importing.header import FIELD_NAMES, front_matter_end
from catalogue.importing.page_facts import (
    BARE_HANDLE_RE, BYLINE_RE, DATE_BY_RE, DATED_RE, LYRICS_OF_BY_RE, POST_BY_RE, POSTED_THIS_RE, harvest, now_playing,
)
from catalogue.importing.page_text import (
    CHAT_HEAD_RE, COMMENT_LINE_RE, COUNT, CREDIT_RE, FIELD_LINE_RE, HANDLE_RE, MARKER_LINE_RE, PIECE_LINE_RE, POST_COUNTER_RE, is_chrome,
    is_dedication, is_interruption, is_short_label, known_field, known_fields_within, looks_like_name, looks_like_title,
    lyrics_heading, without_parenthesis,
)

FOOTER_REACH = 4  # lines above a footer line within which more chrome makes it footer too


def _dates_the_piece(line: str) -> bool:
    """A line under the piece that dates it: "Published May 1, 2026", "Poem Submitted: …" (not
    "Created Dec 19, 2023" in a sidebar: a community's or an account's)."""
    text = line.strip()
    return bool(DATED_RE.fullmatch(text)) and not text.casefold().startswith("created")


def _thread_post_heads(lines: Sequence[str], accounts: frozenset[str] = frozenset()) -> set[int]:
    """A piece posted as a thread, a part a post: between the parts, each post's head and the
    last one's foot, glued to the verse ("1" / "22 Jan" / "Saoirse Byrne" / "@saoirse" / "2/4").
    Found by the poster's handle shown on a line of its own twice or more; taken with the chrome
    around it and the poster's name right above it."""
    # (Only between the parts, or where the posts are numbered ("3/7"): after the last marker,
    # the page after the piece is cut as a whole, comments and all.)
    last_marker = max((i for i, line in enumerate(lines) if PIECE_LINE_RE.fullmatch(line)), default=-1)
    counted = {i for i, line in enumerate(lines) if POST_COUNTER_RE.fullmatch(line.strip())}
    # (an account's name with no "@", shown over each post's date: "ari.nakamura" / "02/26/26")
    shown = [(i, (found.group(1) if found.groups() else found.group()).casefold()) for i, line in enumerate(lines)
             if (found := HANDLE_RE.fullmatch(line.strip()) or line.strip() in accounts and BARE_HANDLE_RE.fullmatch(line.strip()))]
    # (a piece with no markers, a poem posted a stanza and a note at a time: the poster's handle
    # shown three times or more in a row, before anyone else's; a reply's are the thread under it)
    run = list(itertools.takewhile(lambda shown_at: shown_at[1] == shown[0][1], shown))
    if last_marker < 0 and len(run) >= 3:
        last_marker = run[-1][0]
    handles = [(i, name) for i, name in shown if i < last_marker or counted & set(range(i - 5, i + 6))]
    names = [name for _, name in handles]
    heads: set[int] = set()
    for i, name in handles:
        if names.count(name) < 2:
            continue
        top = i
        if top and looks_like_name(lines[top - 1]) and not PIECE_LINE_RE.fullmatch(lines[top - 1]):
            top -= 1  # the poster's display name over the handle
        while top and lines[top - 1].strip() and is_chrome(lines[top - 1]):
            top -= 1
        bottom = i
        while bottom + 1 < len(lines) and lines[bottom + 1].strip() and is_chrome(lines[bottom + 1]):
            bottom += 1
        heads.update(range(top, bottom + 1))
    # The posts' numbers, "1/7" … "7/7", wherever they stand: two or more out of the same count
    counts = [lines[i].strip().strip("()").split("/")[1] for i in counted]
    return heads | {i for i, count in zip(counted, counts) if counts.count(count) >= 2 and heads}


def _sings_on(lines: Sequence[str], block: range) -> bool:
    """Whether a block that opens like an ad ("You might also like") goes on as verse: three
    lines or more after it that read as verse, none of them chrome or a list's title."""
    rest = [lines[i] for i in block if lines[i].strip() and not is_interruption(lines[i])
            and not PIECE_LINE_RE.fullmatch(lines[i])]
    return len(rest) >= 3 and all(_reads_as_verse(line) and not is_chrome(line) and not (
        looks_like_title(line) and len(line.split()) <= 4) for line in rest)


def _listed_name(line: str) -> bool:
    """An author's or artist's name under a title in a list of other pieces ("Maya Angelou")."""
    text = line.strip()
    return 2 <= len(text.split()) <= 4 and looks_like_name(text) and not re.search(r"[,;:.!?]", text)


def _opens_site_box(line: str) -> bool:
    """A lyrics site's annotation opened inside the lyrics ("Genius Annotation") or its help box
    ("How to Format Lyrics:"): the rest of its block is the site's note, its contributors and
    its buttons."""
    return bool(re.fullmatch(r"(?:\w+ )?annotation|how to [\w ]{1,40}:?", line.strip().casefold()))


_OTHER_PIECES_RE = re.compile(r"(?:related|recommended|similar|more|other)(?: [\w&]+){0,5}|you might also like",
                              re.IGNORECASE)
_POSTER_BADGE_RE = re.compile(r"creator|author|op|original poster|post author|artist", re.IGNORECASE)
_AUTHOR_BOX_RE = re.compile(r"(?:written|posted|published|poem|words) by|about the (?:author|poet|writer|artist)",
                            re.IGNORECASE)


def _opens_author_box(lines: Sequence[str]) -> bool:
    """A block after the piece that opens with a label over the author's name ("Written by" /
    "Juno Tal  (29/F/Porto)" / a line of bio / "Follow"): the page's box about its author."""
    if not lines or not _AUTHOR_BOX_RE.fullmatch(lines[0].strip().rstrip(":")):
        return False
    texts = [line.strip() for line in itertools.takewhile(str.strip, lines)]  # (its block)
    return 2 <= len(texts) <= 6 and looks_like_name(without_parenthesis(texts[1]))


@dataclass
class Chrome:
    lines: list[str]  # the file's lines, page chrome blanked
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    title: str = ""  # the title the page gives the piece, if it gives one
    titled_by_heading: bool = False  # the title is a lyrics heading's ("<Title> Lyrics"): the page's own word
    author: str = ""
    written: str | None = None
    # The page text before and after the piece (its header run, its footer, what
    # ``page_after_piece`` cut): read for fields a page shows about the piece, "Tempo: 96 BPM",
    # "Tags: …", a platform's "synthwave, retro · 2:58".
    around_piece: list[tuple[int, str]] = field(default_factory=list)
    piece_starts: int = 0  # the number of the piece's first line
    around_tags: list[str] = field(default_factory=list)  # a page's tags shown one per line ("# darkwave")


def _blocks(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(start, stop) of each run of non-blank lines. A section marker after other lines starts a
    run of its own: a page copied with no blank line before the lyrics ("Show more" / "Lyrics" /
    "[Verse 1]") still has its header apart from the piece; so does a table row, a heading or a
    front matter's rule right after a line of chrome ("Raw" / "| Lyric | Note |"). (A table
    export's own title, right above its first row, stays with it.)"""
    spans, start = [], None
    for i, line in enumerate(lines):
        if start is not None and i and not PIECE_LINE_RE.fullmatch(lines[i - 1]) and (
                MARKER_LINE_RE.fullmatch(line) or PIECE_LINE_RE.fullmatch(line) and is_chrome(lines[i - 1])):
            spans.append((start, i))
            start = i
        elif line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(lines)))
    return spans


def _mostly_chrome(lines: Sequence[str]) -> bool:
    texts = [line for line in lines if line.strip()]
    if any(PIECE_LINE_RE.fullmatch(line) for line in texts):
        return False
    chrome = sum(is_chrome(line) for line in texts)
    if chrome == 1 and len(texts) == 2 and any(len(line.split()) >= 25 and not is_chrome(line) for line in texts):
        return False  # a paragraph with its count of comments under it (a reader's inline comments)
    return chrome > 0 and (chrome * 2 >= len(texts) or _is_menu(texts))


def _is_header_block(lines: Sequence[str], *, after_header: bool = False) -> bool:
    """A block at the top of a page: mostly chrome, or chrome among short labels (a poster's
    name, their job, "1d • Edited"), with no sentence among them. Below a header run already
    found, a byline counts as chrome ("Poems" / "Regularization" / "By Iona Marsh"); a file's
    own title and byline at its top are the file's."""
    if _mostly_chrome(lines):
        return True
    texts = [line.strip() for line in lines if line.strip()]
    if any(PIECE_LINE_RE.fullmatch(text) for text in texts):
        return False
    # (the verse it may run into, with no blank line, is not counted: the header is what is above it)
    verse = _verse_at_the_end(texts, 0, len(texts))
    head = texts[: len(texts) - verse] if verse >= 2 else texts
    chrome = sum(is_chrome(text) for text in head)
    if chrome >= 3 and chrome * 3 >= len(head) and (is_chrome(head[0]) or not _reads_as_verse(head[0]) or (
            chrome >= 4 and chrome * 2 >= len(head))):  # (under a blog's name in lowercase: "static & syntax")
        return True  # a site's header copied in one run: menus, a banner, the title, counts, buttons
    # (its last two lines may be the piece's title and its author: "overfitting, a love note" / "Noor Halloway")
    # (and the verse it runs into is not counted: "Annealing" / "by Juno Marsh" / "Follow" / the first stanza)
    menu = head[:-2] if len(head) >= 5 and not after_header else head
    return any(is_chrome(text) or (after_header and _is_byline(text)) for text in head) and all(
        is_chrome(text) or (len(text.split()) <= 6 and not re.search(r"[,;.!?]", text)) for text in menu
    ) and all(len(text.split()) <= 8 and not re.search(r"[.!?]$", text) for text in head[len(menu):])


def _is_byline(text: str) -> bool:
    byline = BYLINE_RE.fullmatch(text.strip("*_ "))
    return bool(byline and looks_like_name(byline.group(1).lstrip("@")))


def _verse_at_the_end(lines: Sequence[str], start: int, stop: int) -> int:
    """How many lines of verse end the block lines[start:stop]."""
    tail = stop
    while tail > start and not is_chrome(lines[tail - 1]) and _reads_as_verse(lines[tail - 1]):
        if stop - tail >= 2 and len(lines[tail - 1]) > 64 and len(lines[tail - 1].split()) > 16 and all(
                len(line.split()) <= 12 for line in lines[tail:stop]):
            break  # a post's lead glued over a stanza ("finally finished this one — …, lyrics below. …")
        tail -= 1
    return stop - tail


def _reads_as_verse(line: str) -> bool:
    """A line with lowercase words running (not a title, a name or a label)."""
    words = line.split()
    return len(words) >= 3 and sum(word[:1].islower() for word in words) * 2 >= len(words) - 1


def _verse_run_start(lines: Sequence[str], start: int, stop: int, run: int = 4) -> int | None:
    """The first line of the first ``run`` lines of verse in a row in lines[start:stop]."""
    count = 0
    for i in range(start, stop):
        text = lines[i].strip()
        verse = bool(text) and not is_chrome(text) and _reads_as_verse(text) and len(text.split()) <= 14
        count = count + 1 if verse else 0
        if count == run:
            return i - run + 1
    return None


def _is_masthead(lines: Sequence[str]) -> bool:
    """A site's name and perhaps its tagline: one to three short lines, no sentence among them."""
    texts = [line.strip() for line in lines if line.strip()]
    return 1 <= len(texts) <= 3 and all(
        len(text) <= 60 and not text.endswith((".", "!", "?", ";", ":")) and not PIECE_LINE_RE.fullmatch(text)
        for text in texts)


def _is_menu(texts: Sequence[str]) -> bool:
    """A site's menu: three or more capitalised items of a few words, no sentence among them."""
    # The first item may be the site's name, a word or two longer ("Forum for Neural Writing").
    return len(texts) >= 3 and all(
        len(text.split()) <= (5 if k == 0 else 3) and text.strip()[0].isupper() and not re.search(r"[,;.!?]", text)
        for k, text in enumerate(texts)
    )


# A page heading copied with no line break before the first marker: "Overfit Lyrics[Verse 1]".
_GLUED_MARKER_RE = re.compile(r"(.*\S)\s*(\[[^\[\]]+\])\s*")
_OWN_LABEL_RE = re.compile(r"(?:suno )?(?:prompt|style|lyrics|song ?sheet)", re.IGNORECASE)
_HASHTAG_ROW_RE = re.compile(r"#\s?[^\W\d_][\w&'’ -]{0,30}")


def strip_chrome(lines: Sequence[str]) -> Chrome:
    """Blank the page around the piece and the ads inside it; see the module's docstring."""
    result = Chrome(lines=list(lines))
    for i, line in enumerate(lines):
        # Only a line ending in "]" can be one: the test costs a twentieth of the regex's.
        glued = line.rstrip().endswith("]") and _GLUED_MARKER_RE.fullmatch(line)
        if glued and lyrics_heading(glued.group(1)):
            harvest(result, [glued.group(1)])
            result.dropped.append((i + 1, glued.group(1).strip()))
            result.lines[i] = glued.group(2)
    # Tags a page shows one per line ("# Synthpop" / "# darkwave"): not Markdown headings, which
    # a piece never has two of in a row.
    tagged = [bool(_HASHTAG_ROW_RE.fullmatch(line.strip())) for line in result.lines]
    tagged_run_end = -2
    for k, line in enumerate(list(result.lines)):
        if not tagged[k]:
            continue
        following = [text for text in result.lines[k + 1 : k + 8] if text.strip()][:3]
        if ((k and tagged[k - 1]) or (k + 1 < len(tagged) and tagged[k + 1])
                # or alone over the page's player and buttons ("# Folk & Singer-Songwriter" / "0:00"),
                # not over its count of posts (a sidebar's trending topic: "#ICLR2026" / "8,112 posts")
                or len(following) == 3 and sum(is_chrome(text) for text in following) >= 2
                and not re.fullmatch(rf"{COUNT}\s+posts", following[0].strip(), re.IGNORECASE)):
            result.dropped.append((k + 1, line.strip()))
            # (not a later run under a small post of its own: a blog's next post, "small poem about
            # early stopping" / two lines / "#poetry"; the piece between a genre chip and the tags
            # under it is no small post)
            if tagged_run_end < 0 or tagged_run_end == k - 1 or sum(
                    1 for text in lines[tagged_run_end + 1 : k] if text.strip() and not is_chrome(text)) > 6:
                result.around_tags.append(line.strip().lstrip("# ").strip())
                tagged_run_end = k
            result.lines[k] = ""
    # A piece posted as a thread: the posts' heads between its parts go first, as the tags did,
    # so that the parts are blocks of their own.
    # (or by an account's name shown three times or more: a Threads post's "ari.nakamura")
    # (one never shown as "@name": a page that shows the handle shows each post's head with it)
    shown = collections.Counter(text for line in result.lines if " " not in (text := line.strip()) and text)
    accounts = frozenset(line for line, times in shown.items() if times >= 3 and line and line[0].islower()
                         and BARE_HANDLE_RE.fullmatch(line) and f"@{line}" not in shown)
    heads = _thread_post_heads(result.lines, accounts) if accounts or any(
        line.lstrip().startswith("@") for line in result.lines) else set()
    for i in sorted(heads):
        result.dropped.append((i + 1, result.lines[i].strip()))
        result.lines[i] = ""
    # (the posts' heads date the piece, "22 Jan 2026, 19:05", and name its poster over the handle)
    # ("10:42 AM · Mar 3, 2026" too)
    result.written = result.written or next(
        (written for i in sorted(heads) if DATE_RE.search(lines[i]) and len(lines[i]) <= 40 and (written := parse_date(lines[i]))),
        None)
    result.author = result.author or next((lines[i].strip() for i in sorted(heads) if i + 1 in heads and (
        HANDLE_RE.fullmatch(lines[i + 1].strip())) and looks_like_name(lines[i])), "")
    # (or the account's name that heads each post)
    result.author = result.author or next((lines[i].strip() for i in sorted(heads) if lines[i].strip() in accounts), "")
    # A chat's messages above the one the piece is posted in ("finchwire — 3/14/26, 11:31 PM" / a
    # message / "marrowlight — 3/14/26, 11:48 PM" / the post): the others' are the page's, and the
    # last head names the poster and the day.
    # (with no marker, the message the piece is posted in is the longest)
    chat = [i for i, line in enumerate(result.lines)
            if ":" in line and (" — " in line or " – " in line or " - " in line) and CHAT_HEAD_RE.fullmatch(line.strip())]
    first_marker = next((i for i, line in enumerate(result.lines) if PIECE_LINE_RE.fullmatch(line)), None) if chat else None
    head_of_piece = None
    if chat and first_marker is not None:
        head_of_piece = max((i for i in chat if i < first_marker), default=None)
    elif chat:
        head_of_piece = max(chat, key=lambda at: sum(1 for line in result.lines[at + 1 : next(
            (later for later in chat if later > at), len(lines))] if line.strip()))
    if head_of_piece is not None:
        posted = CHAT_HEAD_RE.fullmatch(result.lines[head_of_piece].strip())
        result.author = result.author or posted.group(1).lstrip("@")
        result.written = result.written or parse_date(posted.group(2))
        for i in range(head_of_piece + 1):
            if result.lines[i].strip():
                result.dropped.append((i + 1, result.lines[i].strip()))
                result.lines[i] = ""
        # (a chat marks a message changed after it was sent at its last line's end: "… we'll see (edited)")
        result.lines = [re.sub(r"\s+\(edited\)\s*$", "", line) for line in result.lines]
    lines = list(result.lines)
    blocks = _blocks(lines)
    # Header run: blocks from the top that are mostly chrome.
    head = 0
    while head < len(blocks):
        block = lines[blocks[head][0] : blocks[head][1]]
        if _is_header_block(block, after_header=head > 0):
            head += 1
            if _verse_at_the_end(lines, *blocks[head - 1]) >= 2:
                break  # the block runs into the piece: the header ends there
        elif head == 0 and len(blocks) > 2 and _is_masthead(block) and _mostly_chrome(
                lines[blocks[1][0] : blocks[1][1]]):
            head += 2  # a site's name and tagline above its menu: "The Training Loop" / "Essays on …"
            if _verse_at_the_end(lines, *blocks[head - 1]) >= 2:
                break
        elif head and head + 2 < len(blocks) and _is_masthead(block) and all(
                _mostly_chrome(lines[start:stop]) for start, stop in blocks[head + 1 : head + 3]):
            # The post's title block between the page's runs ("Member-only story" / "Byte Pair" /
            # "Tomasz Wierzbicki" / "Follow" / "Published in" / …): the header goes on under it.
            head += 2
        else:
            break
    # A page copied in one run down to the lyrics: everything above the first marker or table
    # row is the page's when a third of it or more is chrome (three lines at least), sentences
    # about the song included; a Markdown file's headings, rules and fences are left to it.
    first_piece_line = next((i for i, line in enumerate(lines) if PIECE_LINE_RE.fullmatch(line)), None)
    if first_piece_line is not None:
        above = [i for i in range(first_piece_line) if lines[i].strip()]
        chrome_above = sum(is_chrome(lines[i]) for i in above)
        top = sum(1 for _, stop in blocks if stop <= first_piece_line)  # the blocks wholly above it
        if top > head and chrome_above >= 3 and chrome_above * 3 >= len(above):
            # ... but the blocks right above the piece with no chrome in them are the file's own
            # (its title, its "Tempo:" and "By" lines, a note on the song).
            while top > head and not any(is_chrome(line) for line in lines[blocks[top - 1][0] : blocks[top - 1][1]]):
                top -= 1
            head = top
    # Footer run: the same from the bottom, taking in short-label blocks (tag lists, titles of
    # other pieces) that stand between footer blocks.
    foot = len(blocks)
    while foot > head:
        start, stop = blocks[foot - 1]
        block = lines[start:stop]
        if _mostly_chrome(block) or _opens_author_box(block):
            foot -= 1
        elif foot < len(blocks) and all(is_short_label(line) and not PIECE_LINE_RE.fullmatch(line) for line in block) and (
                foot - 1 > head):  # (a note's "### Patience" is the piece's)
            foot -= 1
        else:
            break
    header_lines = [i for start, stop in blocks[:head] for i in range(start, stop)]
    # When the header run took every block, the page was copied with no blank line between its
    # header and the piece: the header ends where a stanza starts (four lines of verse in a row),
    # under the piece's title.
    if head and head == len(blocks) and (run := _verse_run_start(lines, *blocks[head - 1])) is not None:
        top = run - 1 if run - 1 >= blocks[head - 1][0] and looks_like_title(lines[run - 1]) else run
        header_lines = [i for i in header_lines if i < top]
    # A page copied with no blank line at all down to the first marker or table row: the lines
    # above it in its block are the page's when a third of them or more are chrome.
    if first_piece_line is not None and head < len(blocks) and blocks[head][0] < first_piece_line < blocks[head][1]:
        part = [i for i in range(blocks[head][0], first_piece_line) if lines[i].strip()]
        if (chrome_in := sum(is_chrome(lines[i]) for i in part)) >= 3 and chrome_in * 3 >= len(part):
            header_lines += part
    # A table export's title stands right above its first row: the file's, not the page's.
    if first_piece_line and first_piece_line - 1 in header_lines and lines[first_piece_line].lstrip().startswith("|"):
        above_table = lines[first_piece_line - 1].strip()
        if not is_chrome(above_table) and len(above_table) <= 100 and not above_table.endswith((".", "!", "?", ":")):
            header_lines.remove(first_piece_line - 1)
    # The file's own header may run on from the page's with no blank line: its title, its fields
    # ("Written: …", "Tempo: …") and the labels of a Markdown song copied rendered ("Suno Prompt",
    # "Lyrics"), right above the first marker, are the file's.
    if first_piece_line and {first_piece_line - 1, first_piece_line - 2} & set(header_lines):
        own = first_piece_line
        while own > 0 and (own - 1 in header_lines or not lines[own - 1].strip()) and (
                not lines[own - 1].strip() or known_field(lines[own - 1].strip().strip("*_ "))
                or _OWN_LABEL_RE.fullmatch(lines[own - 1].strip())):
            own -= 1
        while own < first_piece_line and not lines[own].strip():
            own += 1
        above = max((i for i in range(own) if lines[i].strip()), default=-1)
        fields = sum(known_field(lines[i].strip().strip("*_ ")) for i in range(own, first_piece_line))
        if fields >= 2 and above in header_lines and looks_like_title(lines[above]):
            header_lines = [i for i in header_lines if not above <= i < first_piece_line]  # with its title
    # A header block may run straight into the piece with no blank line ("56K views", "Lyrics
    # below!", then the chorus): two lines or more of verse ending it are the piece's, not the page's.
    if head and ((verse := _verse_at_the_end(lines, *blocks[head - 1])) >= 2 or verse == 1 and len(
            lines[blocks[head - 1][1] - 1].split()) >= 25):  # (or a paragraph: prose's first, under the tags)
        header_lines = [i for i in header_lines if i < blocks[head - 1][1] - verse]
    # A dedication under the poem's title and byline, the header's last line right above the
    # first stanza ("for my grandmother, whose name no vocabulary has"): the poet's, a note.
    if header_lines and is_dedication(lines[header_lines[-1]]):
        header_lines = header_lines[:-1]
    # Front matter opens a file: the page's lines above it are the page's, glued to it or not
    # (a notes site's file tree above a note's "---" / "author: …" / "---").
    matter = next((i for i, line in enumerate(lines) if line.strip() == "---"), None)
    if matter and known_fields_within(lines, matter, front_matter_end(lines, matter, strict=True)):
        header_lines = sorted(set(header_lines) | {i for i in range(matter) if lines[i].strip()})
    header_end = header_lines[-1] + 1 if header_lines else 0
    body = "\n".join(line for line in lines[header_end:] if not is_chrome(line))
    owners = " ".join(" ".join(line.casefold().split()) for line in lines if "©" in line or "copyright" in line.casefold())
    harvest(result, lines[blocks[0][0] : header_end] if header_lines else [], body, owners)
    footer_lines = [i for start, stop in blocks[foot:] for i in range(start, stop)]
    # The same at the other end: a stanza's last lines glued to the footer ("… final line",
    # "Share", "Like") are the piece's when two lines or more of verse open the footer's block.
    if foot < len(blocks):
        start, stop = blocks[foot]
        lead = start
        while lead < stop and not is_chrome(lines[lead]) and _reads_as_verse(lines[lead]) and (
                _after_piece_kind(lines[lead], after_markers=False) != "page"):  # not "Produced by …"
            lead += 1
        if lead - start >= 2 or (lead - start == 1 and len(lines[start].split()) >= 8
                                 and not FIELD_LINE_RE.fullmatch(lines[start].strip())):
            # (or a note's one paragraph, its comment thread glued under it)
            footer_lines = [i for i in footer_lines if i >= lead]
    # Footers carry bylines too ("Written by …"); the header's comes first.
    footer = Chrome(lines=[])
    # (not under a list of other pieces: "Related Content" / "Poem" / "Ode to the Spam Filter" / "By …")
    others = next((i for i in footer_lines if _OTHER_PIECES_RE.fullmatch(lines[i].strip())), len(lines))
    harvest(footer, [lines[i] for i in footer_lines if i < others and (BYLINE_RE.fullmatch(lines[i].strip())
                                                                        or DATE_BY_RE.fullmatch(lines[i].strip()))
                      or POST_BY_RE.match(lines[i].strip())  # "Posted by Tomasz Wiernik at 9:42 PM"
                      or POSTED_THIS_RE.fullmatch(lines[i].strip()) or _dates_the_piece(lines[i])])
    # A date alone opening the footer, right under the piece, is the post's ("March 3rd, 2025" / "47 notes")
    opening = next((lines[i].strip() for i in footer_lines if lines[i].strip()), "")
    # (a day, not a comment's time: "March 15, 2026 at 8:03 AM"; but the post's own time and day
    # under it, as X shows them: "7:18 PM · Feb 24, 2026")
    posted_at = re.fullmatch(r"\d{1,2}:\d{2}\s?(?:[AaPp][Mm])?\s*[·•]\s*(.+)", opening)
    footer.written = footer.written or (parse_date(opening) if DATE_RE.fullmatch(opening) and not re.search(
        r"\d:\d\d", opening) or posted_at and DATE_RE.fullmatch(posted_at.group(1)) else None)
    # … and so is one right under the post's count of likes, after its comments ("1,482 likes" /
    # "December 12, 2025"; a comment's likes have "Reply" under them)
    footer.written = footer.written or next(
        (parse_date(lines[j]) for i, j in zip(footer_lines, footer_lines[1:]) if j == i + 1 and DATE_RE.fullmatch(
            lines[j].strip()) and re.fullmatch(rf"{COUNT}\s+(?:likes?|reactions?|hearts?)", lines[i].strip(), re.IGNORECASE)),
        None)
    # A commenter the site marks as the poster ("Oriel Marsh" / "Creator", "… / Author", "… / OP"):
    # whose post it is, when nothing else says.
    footer.author = footer.author or next(
        (lines[i].strip() for i, j in zip(footer_lines, footer_lines[1:])
         if j == i + 1 and _POSTER_BADGE_RE.fullmatch(lines[j].strip()) and looks_like_name(lines[i].strip())), "")
    if footer.author and len(footer.author.split()) >= 2 and re.fullmatch(r"[\w.-]+", result.author or "-"):
        result.author = footer.author  # "By Saoirse Lund" under the piece names whom the header's "@slund" is
    result.author = result.author or footer.author
    result.written = result.written or footer.written

    drop = set(header_lines) | set(footer_lines)
    mostly = functools.cache(lambda b: _mostly_chrome(lines[blocks[b][0] : blocks[b][1]]))
    for b, (start, stop) in enumerate(blocks[head:foot], head):
        block = range(start, stop)
        # (an ad opening the block, perhaps under a short line; glued under a paragraph or a
        # stanza's last line it is taken out below, up to where the piece reads on)
        opens_ad = is_interruption(lines[start]) or len(block) > 1 and is_interruption(lines[start + 1]) and (
            len(lines[start].split()) <= 4)
        if opens_ad and not _sings_on(lines, block) or (
            len(block) > 1 and all(is_chrome(lines[i]) for i in block)
            # a card between page blocks: a related post's title over its date and category
            or len(block) > 1 and 0 < b < len(blocks) - 1 and mostly(b) and mostly(b - 1) and mostly(b + 1)
        ):
            # an ad, a "you might also like" list, a row of buttons (up to a paragraph of the piece
            # glued under the list: "Maren Holt" / "What the curve cannot tell you is why …")
            resumes = next((i for i in block if opens_ad and i > start + 1 and len(lines[i].split()) >= 25), stop)
            drop.update(range(start, resumes))
        # "You might also like" glued to a stanza's last line: it and the titles and artists it
        # lists go, up to the first line that reads as verse again.
        for k in range(start + 1, stop):
            if _opens_site_box(lines[k]) and k not in drop and any(PIECE_LINE_RE.fullmatch(line) for line in lines[stop:]):
                drop.update(range(k, stop))  # (after the last section it is the page after the piece)
                continue
            if is_interruption(lines[k]) and k not in drop and not _sings_on(lines, block):
                drop.add(k)
                lists = bool(re.search(r"like|related", lines[k], re.IGNORECASE))  # other pieces, not an ad
                j = k + 1
                while j < stop and (is_chrome(lines[j]) or is_short_label(lines[j].replace("&", " "))
                                    or looks_like_title(lines[j]) and not _reads_as_verse(lines[j])
                                    # (or in a list of other pieces, a title as its artist wrote it,
                                    # "luther"; a short line of verse has its commas: "Turning, turning")
                                    or lists and len(lines[j].split()) <= 4 and not re.search(r"[,;:.!?]", lines[j])
                                    and not _reads_as_verse(lines[j])):
                    drop.add(j)
                    j += 1
                    # (a title that reads as verse over its author's name: "Do not go gentle into
                    # that good night" / "Dylan Thomas", an item of the list all the same)
                    while lists and j + 1 < stop and len(lines[j].split()) <= 12 and _listed_name(lines[j + 1]):
                        drop.update((j, j + 1))
                        j += 2
    kept = [i for start, stop in blocks[head:foot] for i in range(start, stop) if i not in drop]
    # Before the piece starts (its first marker, table row, heading or two lines of verse
    # running), a line of chrome is chrome even among other lines; so is one at the very end.
    piece_start = len(lines)
    for position, i in enumerate(kept):
        following = kept[position + 1] if position + 1 < len(kept) else None
        if PIECE_LINE_RE.fullmatch(lines[i]) or (
            following == i + 1 and not is_chrome(lines[i]) and not is_chrome(lines[following])
            and not BARE_HANDLE_RE.fullmatch(lines[i].strip())
        ):
            piece_start = i
            break
        if BARE_HANDLE_RE.fullmatch(lines[i].strip()):
            # The poster's account name, over the post and again glued over its caption
            # ("adaeze.writes" / "•" / "Follow" / "adaeze.writes" / "Beam Search at Dusk"): its author.
            drop.add(i)
            result.author = result.author or lines[i].strip()
        elif is_chrome(lines[i]):
            drop.add(i)
            # A lyrics site's heading right above the lyrics ("Attention Is All Lyrics") is the
            # site naming the piece: it beats a title guessed from the header's lines.
            if (heading := lyrics_heading(lines[i].strip())) and looks_like_title(heading):
                result.title, result.titled_by_heading = heading, True
            elif (of_by := LYRICS_OF_BY_RE.fullmatch(lines[i].strip())) and of_by.group(2) and len(of_by.group(1)) <= 80:
                # "Lyrics of Recommended For You by Calla Moreau" right above the lyrics
                result.title, result.titled_by_heading = of_by.group(1), True
                result.author = result.author or (of_by.group(2) or "").strip()
    # What the lines dropped before the piece say of it (an artist under a lyrics heading, a
    # date), when the header run said nothing: a page may have no header run of its own.
    before = Chrome(lines=[])
    harvest(before, lines[blocks[head][0] if head < len(blocks) else 0 : piece_start])
    result.author = result.author or before.author
    result.written = result.written or before.written
    # The line right above the first marker, when it is a lyrics heading ("Vanishing Gradient
    # (lyrics)"), names the piece even when other lines of the page stand above it.
    first_marker = next((i for i in kept if i not in drop and PIECE_LINE_RE.fullmatch(lines[i])), None)
    above = [i for i in kept if i not in drop and first_marker is not None and first_marker - 3 <= i < first_marker]
    if above and (heading := lyrics_heading(lines[above[-1]].strip())) and looks_like_title(heading):
        result.title, result.titled_by_heading = heading, True
        drop.add(above[-1])
    # At the very end, the footer may follow the piece with no blank line: take in chrome, and
    # a short line with chrome just above it (a footer's "Tags", "Credits", "Q&A"), upwards.
    kept_set, footer_run, tail = set(kept), 0, set()
    for position in range(len(kept) - 1, -1, -1):
        i = kept[position]
        if position and PIECE_LINE_RE.fullmatch(lines[kept[position - 1]]) and not is_chrome(lines[i]):
            break  # a section keeps its first line ("[Outro]" / "Squawk")
        if not is_chrome(lines[i]):
            above = [j for j in range(max(0, i - FOOTER_REACH), i) if j in kept_set and j not in drop]
            text = lines[i].strip()
            short = len(text.split()) <= 12 and not text.endswith((",", ";")) and not PIECE_LINE_RE.fullmatch(text)
            # (A one-word last line glued to a footer, "Goodnight" above "Share", "Like", is taken
            # for the footer's label too, and listed: a page's glued footer labels are the commoner.)
            # (But not a word the line above sings: "Hush now (hush now)" / "Hush" is the song fading.)
            sung_above = position > 0 and re.search(rf"\b{re.escape(text.casefold().strip('.,!?…'))}\b",
                                                    lines[kept[position - 1]].casefold())
            label_in_footer = footer_run >= 2 and is_short_label(text.replace("&", " ")) and not sung_above
            # A comment in a thread: its poster's name and "1 week ago" above it, "14" / "Reply" below.
            comment = footer_run >= 2 and 0 < i < len(lines) - 1 and is_chrome(lines[i - 1]) and is_chrome(lines[i + 1])
            if not (short and any(is_chrome(lines[j]) for j in above)) and not label_in_footer and not comment:
                break
        drop.add(i)
        tail.add(i)
        footer_run += 1
    # The page after the piece is judged with the page's lines just taken off below it still in
    # view (the footer run, a comment's time and "Reply"): they show that the lines among them
    # are the page's too ("Produced & mixed by …", a commenter's name); so are a comment's header
    # lines taken off with a block of buttons ("Load earlier comments..." / "tjorvik commented …").
    last_marker = max((i for i in kept if i not in drop and PIECE_LINE_RE.fullmatch(lines[i])), default=-1)
    cut = page_after_piece([
        line if i not in drop or i > last_marker and (i in kept_set or COMMENT_LINE_RE.fullmatch(line.strip()))
        and is_chrome(line) or i in tail and is_chrome(line) else "" for i, line in enumerate(lines)])
    for i in sorted(drop):
        result.dropped.append((i + 1, lines[i].strip()))
        result.lines[i] = ""
    if cut is not None:
        cut_lines = [(i + 1, line.strip()) for i, line in enumerate(result.lines[cut:], cut) if line.strip()]
        for number, _ in cut_lines:
            result.lines[number - 1] = ""
        result.dropped = sorted(result.dropped + cut_lines)
        # The page after the piece may sign it: "Posted by Tomasz Wiernik at 9:42 PM" (who posted
        # the post; not who "submitted" a lyrics site's transcription)
        signed = next((found.group(1) for _, text in cut_lines
                       if (found := POST_BY_RE.match(text)) and text.casefold().startswith("posted")), "")
        result.author = result.author or signed
        late = Chrome(lines=[])  # … or date it: "Poem Submitted: Thursday, March 12, 2026"
        dating = [text for _, text in cut_lines if _dates_the_piece(text)]
        harvest(late, dating)
        result.written = result.written or late.written
        if dating and DATE_BY_RE.fullmatch(dating[0]):
            result.author = result.author or late.author  # "Published March 14, 2026 By Rafael Quintero"
    kept_lines = [i for i, line in enumerate(result.lines) if line.strip()]
    first_kept, last_kept = (kept_lines[0], kept_lines[-1]) if kept_lines else (len(lines), -1)
    result.around_piece = [(number, text) for number, text in result.dropped
                           if number - 1 < first_kept or number - 1 > last_kept]
    result.piece_starts = first_kept + 1
    now_playing(result, last_kept)
    return result


# --- The page again after the piece ---------------------------------------------------------
# A song copied from a page often runs straight on into the page: "Embed", "credits", "Tags",
# "Tempo: 96 BPM", a comment box, other pieces' titles, with no blank line or with blocks that
# are not chrome line by line. What follows the piece's last marker (or heading, or table row)
# is read line by line as page-like, a short label, or verse; the page starts again at the first
# page-like line from which page lines outweigh verse to the end of the file.

# A songwriter's notes after the lyrics, their "##" gone when the page was copied rendered.
NOTES_HEADING_RE = re.compile(
    r"(?:(?:compositional|songwriter'?s?|production|author'?s?|liner|writer'?s?) )?notes|about (?:this|the) song",
    re.IGNORECASE)
# Fields a page cites a piece with: not the piece's metadata, never its verse.
CITATION_FIELDS = frozenset({"source", "via", "credit", "credits", "first published", "originally published",
                             "license", "licence", "image", "photo", "translated by", "copyright"})
_LOWER_LABEL_RE = re.compile(r"[a-z][a-z'’-]*(?: [a-z][a-z'’-]*){0,2}")  # "credits", "machine learning"
# "Mae Lindqvist – harmonica", "Hollis Grey - vocals, resonator guitar", "Juno Ferreira: vocals,
# guitar": who played what.
_ROLE_CREDIT_RE = re.compile(r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}(?:\s+[–—-]|:)\s+[a-z][a-z ,&/-]{1,60}")
_QUOTED_TITLE_IN_LINE_RE = re.compile(r"[\"“][A-Z][\w'’-]*(?: [A-Z&][\w'’-]*)+[\"”]")  # "Every Word Looks Back"
_OF_THIS_PIECE_RE = re.compile(r"[^:]{1,30} of this (?:poem|song|piece|track|story)\s*:.*", re.IGNORECASE)
_SHOW_LESS_RE = re.compile(r"(?:show|see|read) less", re.IGNORECASE)
_MADE_WITH_RE = re.compile(r"(?i:made|created|built|generated) (?i:with|using|by|on) [A-Z][\w.-]*")  # "Made with Suno"


def _cites(line: str) -> bool:
    """A line citing where the piece came from: "Source: Poetry (March 2026)", "Via: …"."""
    found = FIELD_LINE_RE.fullmatch(line.strip().strip("*_").strip())
    return bool(found and found.group(2) and " ".join(found.group(1).split()).casefold() in CITATION_FIELDS)


def _after_piece_kind(line: str, after_markers: bool = True) -> str:
    """How a line after the piece reads: "page" (chrome, a metadata field, an empty label such as
    "Sort by:", a date, a title credited to someone), "label" (a few capitalised words, or a
    lone lowercase word or two: a tag, a store's "credits"; verse has such lines too) or "verse"."""
    text = line.strip().strip("*_").strip()
    field_line = FIELD_LINE_RE.fullmatch(text)
    if (
        is_chrome(text)
        # Any "Label: value" with a short value: "Strings: Danube Fourth Quartet", "favorite track: …"
        or (field_line and (not field_line.group(2) or " ".join(field_line.group(1).split()).casefold() in
                            FIELD_NAMES.keys() | CITATION_FIELDS
                            or len(field_line.group(2).split()) <= 6 and not field_line.group(2)[:1].islower()))
        or BARE_HANDLE_RE.fullmatch(text)  # a commenter's account name
        or (text.endswith(":") and len(text.split()) <= 12)
        or FIELD_NAMES.get(" ".join(text.split()).casefold()) not in (None, "title")  # a label over its value: "Tags"
        or _is_byline(text)  # "By Dara Okonkwo" under the post
        or DATE_RE.search(text)
        or CREDIT_RE.fullmatch(text)
        or _ROLE_CREDIT_RE.fullmatch(text)
        or _MADE_WITH_RE.fullmatch(text)
        or _OF_THIS_PIECE_RE.fullmatch(text)  # "Topic(s) of this poem: language, technology"
    ):
        return "page"
    if after_markers and (len(text.split()) > 24 or len(text.split()) <= 12 and _QUOTED_TITLE_IN_LINE_RE.search(text)):
        return "page"  # a paragraph after a song's lines; a line naming a title in quotes: 'Translations of "…"'
    if is_short_label(text) or _LOWER_LABEL_RE.fullmatch(text) or (
            after_markers and len(text.split()) <= 8 and re.match(r"\d{1,2}\.\s+\S", text)):
        return "label"  # … or an item of a numbered list
    return "verse"


def page_after_piece(lines: Sequence[str]) -> int | None:
    """The index of the line where the page takes over again after the piece, or None.

    Only what follows the piece's last marker, heading or table row is looked at (with none, what
    follows its first block), so a line of verse can never be cut from the middle of a piece. The
    cut is at a page line; from it to the end, page lines and labels must be at least twice the
    verse lines, page lines at least as many, and no stanza may follow (a block of three lines or
    more, two thirds verse: the piece goes on), so a song whose last lines merely look odd keeps
    them.
    """
    texts = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    structural = [k for k, (_, text) in enumerate(texts) if PIECE_LINE_RE.fullmatch(text)]
    if structural:
        start = structural[-1] + 1
    else:  # after the first block
        start = next((k for k in range(1, len(texts)) if texts[k][0] != texts[k - 1][0] + 1), len(texts))
    # A song's markers or a table's rows, not a front matter's rules: after them a long line is no
    # verse, unless the songwriter's notes follow under a "Notes" line.
    song = bool(structural) and bool(re.fullmatch(r"\s*(\[[^\]]+\]|\|.*\|)\s*", texts[structural[-1]][1])) and not any(
        NOTES_HEADING_RE.fullmatch(text.strip("#*_ ")) for _, text in texts[start:])  # (not under a note's heading)
    kinds = [_after_piece_kind(text, song) for _, text in texts[start:]]
    for k, (i, text) in enumerate(texts[start:]):
        opens_block = not k or texts[start + k - 1][0] != i - 1
        if _opens_site_box(text) or opens_block and _opens_author_box(lines[i : i + 7]):
            # its block is the site's, however its lines read (the author's box: their bio)
            kinds[k] = "page"
            following = k + 1
            while following < len(kinds) and texts[start + following][0] == texts[start + following - 1][0] + 1:
                kinds[following] = "page"
                following += 1
    # After a song's lines, a line of its own glued over "Show less" is the last of the
    # description the lyrics were pasted in ("recorded in one take in the kitchen, headphones please").
    for k in range(len(kinds) - 1):
        if song and kinds[k] == "verse" and _SHOW_LESS_RE.fullmatch(texts[start + k + 1][1]) and (
                texts[start + k + 1][0] == texts[start + k][0] + 1) and (k == 0 or texts[start + k][0] > texts[start + k - 1][0] + 1):
            kinds[k] = "page"
    # No section to keep a line for: after a table, or after a marker set apart by a blank line
    # (a bare "[Chorus]" repeat, then the page).
    # A comment in a thread sits between its poster's date and "Reply": page, however it reads.
    for k in range(1, len(kinds) - 1):
        if kinds[k] == "verse" and kinds[k - 1] == kinds[k + 1] == "page" and (
                texts[start + k + 1][0] - texts[start + k - 1][0] == 2) and is_chrome(texts[start + k + 1][1]):
            kinds[k] = "page"
    after_table = bool(structural) and (texts[structural[-1]][1].startswith("|") or (
        start < len(texts) and texts[start][0] > texts[start - 1][0] + 1))
    # A stanza: a block (between blank lines) of three lines of verse or more, and mostly verse.
    # Page text copied in one run may hold a few sentences in a row; it is not a stanza.
    block_of, block = [], 0
    for k in range(len(kinds)):
        if k and texts[start + k][0] != texts[start + k - 1][0] + 1:
            block += 1
        block_of.append(block)
    stanza_blocks = {
        b for b in set(block_of)
        if (verse_lines := sum(kind == "verse" for kind, of in zip(kinds, block_of) if of == b)) >= 3
        and verse_lines * 3 >= 2 * block_of.count(b)
    }
    if not song:
        # Prose: two paragraphs in a row, each in a block with no chrome in it, are the piece going
        # on (a comment stands among its poster's name and buttons).
        in_block = [[(kind, text) for kind, of, (_, text) in zip(kinds, block_of, texts[start:]) if of == b]
                    for b in range(block + 1)]
        paragraphs = {b for b, rows in enumerate(in_block)
                      if any(kind == "verse" and len(text.split()) >= 12 for kind, text in rows)
                      and not _mostly_chrome([text for _, text in rows])
                      and sum(is_chrome(text) for _, text in rows) <= 1 and len(rows) <= 2}  # (its comment count)
        stanza_blocks |= {b for b in paragraphs if b - 1 in paragraphs or b + 1 in paragraphs}
    # A block set apart by a blank line that opens with two page lines ("Written by: …", "Lyrics ©
    # …"), with no stanza after it, is the page from its first line, whatever follows in it.
    # (No block after it may read as verse more than as page: an ad between paragraphs is not the end.)
    verse_blocks = {b for b in set(block_of) if sum(kind == "verse" for kind, of in zip(kinds, block_of) if of == b) * 2
                    > block_of.count(b)}
    last_stanza = max(stanza_blocks | verse_blocks, default=-1)
    early = None
    for k in range(0 if after_table else 1, len(kinds) - 1):
        if (k == 0 or block_of[k] != block_of[k - 1]) and block_of[k] > last_stanza and kinds[k] == kinds[k + 1] == "page" and (
                block_of[k + 1] == block_of[k]):
            early = k
            break
        # A block opening with where the piece was published ("Source: Poetry (March 2026)").
        if (k == 0 or block_of[k] != block_of[k - 1]) and block_of[k] > last_stanza and _cites(texts[start + k][1]):
            early = k
            break
        # Glued to the last lines: two controls in a row ("Embed" / "About"), with the rest of the
        # block and every block after it more page than verse.
        if k and block_of[k] == block_of[k - 1] and block_of[k] >= last_stanza and kinds[k] == kinds[k + 1] == "page" and (
                is_chrome(texts[start + k][1]) and is_chrome(texts[start + k + 1][1])):
            rest = [kind for kind, of in zip(kinds[k:], block_of[k:]) if of == block_of[k]]
            if rest.count("verse") * 2 <= len(rest) and not any(b > block_of[k] for b in stanza_blocks | verse_blocks):
                early = k
                break
    # A comment's header after the piece's last marker ("tbayliss commented Feb 22, 2026"): the
    # thread under the piece starts there, with the poster's handle glued above it.
    commented = next((k for k in range(len(kinds)) if COMMENT_LINE_RE.fullmatch(texts[start + k][1])), None)
    while commented and texts[start + commented - 1][0] == texts[start + commented][0] - 1 and (
            HANDLE_RE.fullmatch(texts[start + commented - 1][1])):
        commented -= 1
    if commented is not None and structural and (early is None or commented < early):
        early = commented
    page = label = verse = 0
    cut = None
    for k in range(len(kinds) - 1, -1, -1):  # from the end upwards, keeping the earliest cut
        if block_of[k] in stanza_blocks:
            break  # the piece goes on to here
        page += kinds[k] == "page"
        label += kinds[k] == "label"
        verse += kinds[k] == "verse"
        # A section keeps its first line: the cut never empties the last marker's section.
        if kinds[k] == "page" and page >= verse and page + label >= 2 * verse and (k or not structural or after_table):
            cut = k
    if structural and texts[structural[-1]][1].startswith("#"):
        # Under a Markdown song's last note, a line of the page ends the note ("Enter fullscreen
        # mode" under a code block on a blog): a note has no buttons in it.
        ended = next((k for k in range(1, len(kinds)) if is_chrome(texts[start + k][1])), None)
        if ended is not None and (early is None or ended < early):
            early = ended
    if early is not None and (cut is None or early < cut):
        return texts[start + early][0]
    if cut is None:
        return None
    # A block that opens with a label or two and runs into the page ("credits" above a store's
    # credits) is the page's from its first line, when a blank line sets it apart from the verse.
    block_start = cut
    while block_start > 0 and texts[start + block_start - 1][0] == texts[start + block_start][0] - 1:
        block_start -= 1
    if block_start > 0 and all(kind == "label" for kind in kinds[block_start:cut]):
        cut = block_start
    else:
        # Labels glued under a paragraph ("… a bright intro." / "Codeberg" / "Documentation"): the
        # footer's first links; a paragraph does not end in a list of single names.
        first_label = cut
        while first_label > 0 and kinds[first_label - 1] == "label" and (
                texts[start + first_label - 1][0] == texts[start + first_label][0] - 1):
            first_label -= 1
        if first_label < cut and first_label > 0 and len(texts[start + first_label - 1][1].split()) >= 12 and (
                texts[start + first_label - 1][0] == texts[start + first_label][0] - 1):
            cut = first_label
    # A label alone between lines of the page blanked around it ("Like" / "Celebrate" / "Support"):
    # one of the page's buttons.
    while cut > 0 and kinds[cut - 1] == "label" and texts[start + cut][0] - texts[start + cut - 1][0] == 2 and (
            cut - 1 == 0 or texts[start + cut - 1][0] - texts[start + cut - 2][0] >= 2) and block_of[cut - 1] not in stanza_blocks:
        cut -= 1
    return texts[start + cut][0]
