"""What a page tells about the piece it wraps: its title, its author and its date, read from the
page text ``chrome.strip_chrome`` sets aside (a header run, a byline in the footer, a web
player's bar under the lyrics).

A page puts the title in a few places: the heading right before the piece, a lyrics site's
"<Title> Lyrics", the line set above a date, a handle or a byline, the one the song sings, the
one a gist names its file after. Its author is a byline, an artist above or under the title, a
handle, "Created by" and a name; its date, "Published …", a dateline, "Created …". None of it
overrides what the file's own header says: ``page.read_page`` lets the page's facts fill only
what the header left empty.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from catalogue.importing.dates import DATE_RE, date_line, parse_date
from catalogue.importing.header import genre_line, is_field_label
from catalogue.importing.page_text import (
    BREADCRUMB_RE, CHROME_RE, COMMENT_HEAD_RE, COUNT, CREDIT_RE, HANDLE_RE, LINK_ROW_SPLIT, MADE_NOT_WRITTEN_RE, MONTH_DAY_RE,
    PIECE_LINE_RE, RELATIVE_DAY, RELATIVE_TIME_RE, is_chrome, is_interruption, is_short_label, known_field, looks_like_name,
    looks_like_title,
    lyrics_heading, ui_only, without_parenthesis,
)

if TYPE_CHECKING:
    from catalogue.importing.chrome import Chrome

# A poster's name and the month the poem was posted: "Sabine Achterberg Nov 2025", "… · Mar 3, 2026"
NAME_MONTH_RE = re.compile(r"([^\W\d_][\w.'’ -]{1,50}?)\s*[·•|,]?\s+((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
                            r"[a-z]*\.? (?:\d{1,2}(?:st|nd|rd|th)?,? )?\d{4})", re.IGNORECASE)
_QUOTED_RE = re.compile(r"[\"“]([^\"“”]{1,100})[\"”]")
_LYRICS_OF_RE = re.compile(r"(?:the )?lyrics (?:of|to|for)\s*:?", re.IGNORECASE)
LYRICS_OF_BY_RE = re.compile(r"(?:the )?lyrics (?:of|to|for)\s*:?\s*[\"“]?(.+?)[\"”]?(?: by (.{1,60}))?", re.IGNORECASE)
# "Cross-Entropy - Poem by Wren Alder", "The Long Tail Of The Loss Poem by Anneke Vos"
TITLE_BY_RE = re.compile(r"(.+?)(?:\s+[-–—|:])?\s+(?:an? )?(?:poem|song|lyrics|story|essay) by ((?-i:[A-Z])[\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})",
                         re.IGNORECASE)
BYLINE_RE = re.compile(r"(?:written |posted |published |created |shared )?by\s+(?:u/)?(@?[\w][\w .'-]{0,60})", re.IGNORECASE)
_POSTED_BY_RE = re.compile(r"posted on (.+?) by (.+)", re.IGNORECASE)
_POSTED_BY_ON_RE = re.compile(r"(?:posted|written|published) by (.+?) on (.+)", re.IGNORECASE)
# "Published May 1, 2026", "This post was created on …", "Poem Submitted: Thursday, March 12, 2026"
DATED_RE = re.compile(r"(?:(?:this|the) (?:post|thread|story|topic) was |(?:poem|song|story|post|track|lyrics) )?"
                       r"(?:published|released|posted|created|premiered|uploaded|streamed live|submitted|release date):?\s*"
                       r"(?:on\s+)?(.+)",
                       re.IGNORECASE)
_IN_LABEL_RE = re.compile(r"(?:published|posted|appears?|featured|filed|listed|(?:track|song) \d+)\b.{0,20} (?:in|on|from)",
                          re.IGNORECASE)  # "Published in", "Track 3 on": a publication's or an album's name follows
_FROM_BY_RE = re.compile(r"from .{1,60}? by (@?[^\W\d_][\w .'’&-]{0,40})", re.IGNORECASE)  # a track's album and artist
BARE_HANDLE_RE = re.compile(r"[a-z][a-z0-9]*(?:[._][a-z0-9]+)+|[a-z]+\d+")  # an account name: "kernel_trick", "user42"
_AUDIENCE_RE = re.compile(rf"{COUNT}\s*(subscribers?|followers?|members?|listeners?)", re.IGNORECASE)
_READING_TIME_RE = re.compile(r"\d+\s+min(ute)?s?\s+read", re.IGNORECASE)
_NAME_YEARS_RE = re.compile(r"(.{3,60}?)\s*[-–—,(]\s*(?:b\.\s*)?\d{4}\s*[-–—]\s*(?:\d{4})?\)?")
DATE_BY_RE = re.compile(r"(.{6,30}?\d{4})\s*(?:[·•|–—-]\s*)?by\s+(@?[\w][\w .'’-]{0,40})", re.IGNORECASE)
_DATED_BY_RE = re.compile(r"(?:authored|created|posted|published|written|updated|uploaded|submitted)\b.*?\bby (@?[\w][\w .'’-]{0,40})",
                          re.IGNORECASE)
POSTED_THIS_RE = re.compile(r"@?([\w.-]{2,40}) (?:posted|wrote) this", re.IGNORECASE)
POST_BY_RE = re.compile(r"(?:post|posted|submitted|shared) by (@?[\w.-]+(?: (?-i:[A-Z])[\w.'’-]+){0,2})\s*(?:[»|·•–-]|on\b|at\b)",
                         re.IGNORECASE)


_GENRE_YEAR_RE = re.compile(r"([^\W\d_][\w&/'’-]*(?: [\w&/'’-]+){0,2})\s+[·•]\s+(?:19|20)\d\d")
_OTHERS_RE = re.compile(r"more (?:from|by)\b", re.IGNORECASE)  # a list of the artist's other pieces follows
_SINGLE_RE = re.compile(r"(.{1,80}?)\s[-–—]\s[Ss]ingle")
# What a video or a track page adds to the piece's own title: "Overfitting (Official Lyric Video)".
_RELEASE_SUFFIX_RE = re.compile(
    r"\s*[(\[](?:(?:official\s+)?(?:music\s+|lyric\s+)?(?:video|audio|visuali[sz]er|lyrics?)(?:\s+video)?"
    r"|poem|song)[)\]]\s*$",  # and a wiki's "(poem)"
    re.IGNORECASE,
)


def without_release_suffix(title: str) -> str:
    """A title without "(Official Video)", "[Lyric Video]", "(Audio)" and the like, and without a
    thread's counter and the symbols a post sets before it ("🎵 Calibration Curve (1/4)")."""
    bare = _THREAD_COUNTER_RE.sub("", _RELEASE_SUFFIX_RE.sub("", title)).strip()
    while bare and (unicodedata.category(bare[0]) == "So" or bare[0] in "\ufe0f\u200d "):  # "🎵 ", "✨"
        bare = bare[1:]
    return bare or title


_THREAD_COUNTER_RE = re.compile(r"\s*[(\[]?\b\d{1,2}/\d{1,2}[)\]]?\s*$|\s*🧵\s*$")


def harvest(chrome: Chrome, lines: Sequence[str], body: str = "", owners: str = "") -> None:
    """What a header run tells about the piece: its title, author and date. ``body``: the text
    of the piece below, where a song's title is often sung."""
    # Blocks are told apart by the blank lines ``lines`` may hold: a page puts the piece's title
    # first in the block nearest the piece ("Feature Creep" / "The Hyperparameters" / …).
    block_of, block, previous_blank = [], 0, False
    for line in lines:
        if line.strip():
            block += previous_blank and bool(block_of)
            block_of.append(block)
        previous_blank = not line.strip()
    texts = [line.strip() for line in lines if line.strip()]
    titles: list[tuple[int, str]] = []
    positions: list[int] = []
    named_title = ""  # the title a music page puts right above its artist's handle
    for i, text in enumerate(texts):
        following = texts[i + 1] if i + 1 < len(texts) else ""
        if BREADCRUMB_RE.fullmatch(text):
            # "Home › Artists › Null Hypothesis › Overfit Anthem": the last item is the page's subject.
            last = re.split(r"\s[›>»/]\s", text)[-1].strip()
            if looks_like_title(last):
                named_title = named_title or last
            continue
        if (lived := _NAME_YEARS_RE.fullmatch(text)) and looks_like_name(lived.group(1)):
            chrome.author = chrome.author or lived.group(1)  # "Hal Brenner - 1979-"
            continue
        if posted := POSTED_THIS_RE.fullmatch(text):
            chrome.author = chrome.author or posted.group(1)  # a blog's notes end with "lanternfish-ml posted this"
            continue
        if (date_by := DATE_BY_RE.fullmatch(text)) and parse_date(date_by.group(1)):
            # "June 3, 2025 by Avery Quinn"
            chrome.written = chrome.written or parse_date(date_by.group(1))
            chrome.author = chrome.author or date_by.group(2).strip()
            continue
        if (dated_by := _DATED_BY_RE.fullmatch(text)) and looks_like_name(dated_by.group(1).lstrip("@").replace("_", " ").title()):
            # "Authored 1 month ago by Rosa Lind"
            chrome.author = chrome.author or dated_by.group(1).lstrip("@")
            chrome.written = chrome.written or parse_date(text)
            continue
        previous = texts[i - 1] if i else ""
        items = [item.strip() for item in LINK_ROW_SPLIT.split(text) if item.strip()]
        if len(items) >= 2 and is_chrome(text):
            # A row of facts about the post: "June 30, 2025 · 6 min read · by Oren Hale"
            dated = any(date_line(item) for item in items)
            for item in items:
                chrome.written = chrome.written or date_line(item)
                if (by := BYLINE_RE.fullmatch(item)) and looks_like_name(by.group(1).lstrip("@")):
                    chrome.author = chrome.author or by.group(1).lstrip("@")
                elif dated and looks_like_name(item) and not is_chrome(item) and len(item.split()) >= 2:
                    chrome.author = chrome.author or item  # "March 12, 2026 · 2 min · 423 words · Ada Lindqvist"
        if (owned := re.fullmatch(r"([\w.-]+)/[\w.-]+\.(?:md|txt|markdown)", text)) and not chrome.author:
            chrome.author = owned.group(1)  # a gist's "treyes-sings/README.md": its owner
            continue
        if (named := NAME_MONTH_RE.fullmatch(text)) and looks_like_name(named.group(1)) and len(named.group(1).split()) >= 2:
            chrome.author = chrome.author or named.group(1)  # "Sabine Achterberg Nov 2025" over the title
            chrome.written = chrome.written or parse_date(named.group(2))
            continue
        if i and BARE_HANDLE_RE.fullmatch(previous) and DATE_RE.fullmatch(following) and is_short_label(text):
            chrome.around_tags.append(text)  # the post's topic between its poster and its date ("lena.orbit" / "AI Threads")
            continue
        if i and re.fullmatch(r"[a-z][\w.-]{2,30}", text) and not ui_only(text) and looks_like_title(previous) and (
                not is_chrome(previous)) and i + 2 < len(texts) and all(
                re.fullmatch(r"[a-z][a-z -]{1,30}", later) for later in texts[i + 1 : i + 3]) and any(
                later.endswith(" ago") for later in texts[i + 3 : i + 12]):
            # The account under the title, over its tags and the post's time ("Dead ReLU Blues" / "hollowbyte"
            # / "delta blues" / … / "2 months ago")
            chrome.author = chrome.author or text
            continue
        if BARE_HANDLE_RE.fullmatch(text) and (looks_like_title(following) or looks_like_title(previous)):
            chrome.author = chrome.author or text  # "kernel_trick" above "Support Vector Serenade"
            continue
        if (credit := _FROM_BY_RE.fullmatch(text)) and looks_like_name(credit.group(1)):
            chrome.author = chrome.author or credit.group(1)  # "from Small Weights by Ines Varga"
            if i and not is_chrome(texts[i - 1]) and looks_like_title(texts[i - 1]):
                named_title = named_title or texts[i - 1]
            continue
        if posted := POST_BY_RE.match(text):
            chrome.author = chrome.author or posted.group(1).lstrip("@")
            chrome.written = chrome.written or parse_date(text)
            continue
        if (piece_by := TITLE_BY_RE.fullmatch(text)) and looks_like_title(piece_by.group(1)):
            # "The Long Tail Of The Loss Poem by Anneke Vos": the page naming the piece and its poet
            named_title = named_title or piece_by.group(1)
            chrome.author = chrome.author or piece_by.group(2)
            continue
        if (of_by := LYRICS_OF_BY_RE.fullmatch(text)) and len(of_by.group(1)) <= 80 and (of_by.group(2) or looks_like_title(
                of_by.group(1))):
            # "Lyrics of Temperature by Juniper Vale": the song, then its artist (what "Lyrics of … by
            # …" names is a title whatever it says: "Recommended For You")
            if not chrome.title:
                chrome.title, chrome.titled_by_heading = of_by.group(1), True
            chrome.author = chrome.author or (of_by.group(2) or "").strip()
            continue
        if _LYRICS_OF_RE.fullmatch(text) and looks_like_title(following):
            # "Lyrics of" / "Tensor Love": the heading's title on the line below it
            if not chrome.title:
                chrome.title, chrome.titled_by_heading = following, True
            continue
        if (single := _SINGLE_RE.fullmatch(text)) and not chrome.title and looks_like_title(single.group(1)) and not any(
                _OTHERS_RE.match(other) or is_interruption(other) for other in texts[:i]):
            # A single's page heading: the release is named after its one song ("Warmup Steps - Single");
            # not one in a list of the artist's others ("More By Juniper Static" / "Porch Lights - Single").
            chrome.title, chrome.titled_by_heading = single.group(1), True
            continue
        if (heading := lyrics_heading(text)) and (quoted := _QUOTED_RE.fullmatch(heading)) and chrome.titled_by_heading:
            # 'Juno Marsh Lyrics' / '"Nearest Neighbor" lyrics': the artist's heading, then the song's
            chrome.author = chrome.author or chrome.title
            chrome.title = quoted.group(1)
            continue
        if (heading := lyrics_heading(text)) and not ui_only(text) and looks_like_title(heading):
            if quoted := _QUOTED_RE.fullmatch(following):
                # 'THE REGULARIZERS LYRICS' / '"L2 Love Song"': the artist's heading, then the song
                chrome.title, chrome.titled_by_heading = quoted.group(1), True
                chrome.author = chrome.author or heading
                continue
            # The last, nearest the piece (not a menu's "Random Lyrics"), unless a breadcrumb ("Home / X Lyrics")
            if not chrome.title or chrome.titled_by_heading and not re.search(r"\s[/»›>]\s", text):
                chrome.title, chrome.titled_by_heading = heading, True
            if following and following != heading and looks_like_name(following) and not is_chrome(following):
                chrome.author = chrome.author or following
            continue
        if posted := _POSTED_BY_RE.fullmatch(text):
            chrome.written = chrome.written or parse_date(posted.group(1))
            chrome.author = chrome.author or posted.group(2).strip()
            continue
        if posted := _POSTED_BY_ON_RE.fullmatch(text):
            chrome.author = chrome.author or posted.group(1).strip()
            chrome.written = chrome.written or parse_date(posted.group(2))
            continue
        if (dated := DATED_RE.fullmatch(text)) and parse_date(dated.group(1)):
            chrome.written = chrome.written or parse_date(dated.group(1))
            continue
        # "Mar 8th, 2026 (edited)"; "- February 17, 2026" after a byline ("By Odile Marchetti");
        # "February 27, 2026 at 11:42 PM" under the title
        # (or after its time: "7:18 PM · Feb 24, 2026")
        if DATE_RE.fullmatch(re.sub(r"\s*\((?:edited|updated)\)$|^[-–—·•|]\s*|\s+at\s+\d{1,2}:\d{2}(?: ?[ap]m)?$"
                                    r"|^\d{1,2}:\d{2}\s?(?:[ap]m)?\s*[·•|]\s*", "", text, flags=re.IGNORECASE)):
            chrome.written = chrome.written or parse_date(text)
            continue
        if (handle := HANDLE_RE.fullmatch(text)) and i >= 2 and MADE_NOT_WRITTEN_RE.match(texts[i - 2]):
            continue  # a site's staff: "Administered by:" / "Margit Sørensen" / "@margit"
        if handle:
            # "Title / Display Name / @handle" or "Title / @handle": the name beats the handle.
            before = [t if not is_chrome(t) and looks_like_title(t) else "" for t in texts[max(0, i - 2) : i]]
            before = [""] * (2 - len(before)) + before
            by_label = i >= 2 and texts[i - 2].casefold().endswith(" by") and looks_like_name(texts[i - 1])
            if by_label:  # "Authored 2 months ago by" / "Mira Okafor" / "@mokafor"
                chrome.author = chrome.author or texts[i - 1]
                titles = [t for t in titles if t[1] != texts[i - 1]]
            elif i and _spelled_as(texts[i - 1], handle.group(1)):  # (however it reads: "KILN/ECHO" is a path)
                # the display name spelled as the handle is, in any case: "KILN/ECHO" / "@kilnecho",
                # "lowpass marigold" / "@lowpassmarigold" (over the title, if it looks like one)
                chrome.author = chrome.author or texts[i - 1]
                titles = [t for t in titles if t[1] != texts[i - 1]]
                if i >= 2 and not is_chrome(texts[i - 2]) and looks_like_title(texts[i - 2]):
                    named_title = named_title or texts[i - 2]
            elif before[1] and looks_like_name(before[1]) and _names_the_handle(before[1], handle.group(1)):
                # "Saoirse Byrne" / "@saoirse@mastodon.ie": the account's display name, not a title
                chrome.author = chrome.author or before[1]
                titles = [t for t in titles if t[1] != before[1]]
                if before[0]:
                    named_title = named_title or before[0]
            elif before[0] and before[1] and looks_like_name(before[1]):
                named_title = named_title or before[0]
                chrome.author = chrome.author or before[1]
                titles = [t for t in titles if t[1] != before[1]]
            elif before[1]:
                named_title = named_title or before[1]
            chrome.author = chrome.author or handle.group(1)
            continue
        if (byline := BYLINE_RE.fullmatch(text)) and (
            looks_like_name(byline.group(1).lstrip("@")) or HANDLE_RE.fullmatch(byline.group(1).strip())
            or "u/" in text  # a forum's "Posted by u/name"
            or re.fullmatch(r"[\w.-]{3,30}", byline.group(1).strip())  # "by fernhollow": an account name
        ):
            chrome.author = chrome.author or byline.group(1).lstrip("@")
            # "Embedding Space / By Mara Quill": the title stands right above its byline (perhaps
            # with its counts between: "The Sampler Picks a Door" / "2.4K" / "186" / "by lumen_ink").
            above = i - 1
            while above > 0 and re.fullmatch(COUNT, texts[above], re.IGNORECASE):
                above -= 1
            if i and not is_chrome(texts[above]) and looks_like_title(texts[above]) and (
                    not named_title or text in texts[:above]):  # the same byline again: a chapter's under its story's
                named_title = texts[above]
            # … unless a part's own title follows it, over the part's counts and nothing else ("Field
            # Notes from the Training Run" / "by harrow_and_hum" / "Holding Out" / "2.9K" / "187")
            if i + 2 < len(texts) and looks_like_title(following) and not is_chrome(following) and all(
                    re.fullmatch(COUNT, rest, re.IGNORECASE) for rest in texts[i + 2 :]):
                named_title = following
            continue
        if text.casefold().endswith(" by") and looks_like_name(without_parenthesis(following)) and not is_chrome(
                following) and not MADE_NOT_WRITTEN_RE.match(text):
            # "Created by" / "Ines Varga", "Authored 3 weeks ago by" / "Marek Oyelaran" (not "Produced by" / …),
            # "Written by" / "Juno Tal  (29/F/Porto)"
            chrome.author = chrome.author or without_parenthesis(following)
            continue
        if (comment := COMMENT_HEAD_RE.fullmatch(text)) and not chrome.author and "|" in text:
            chrome.author = comment.group(1)  # the thread's comment the piece is posted in
            continue
        if is_chrome(text):
            continue
        if previous and re.fullmatch(r"[a-z][\w.-]{2,30}", text) and not ui_only(text) and not chrome.author and (
                RELATIVE_TIME_RE.fullmatch(previous) or DATE_RE.fullmatch(previous)):
            chrome.author = text  # a poster's account name under the post's time: "2 days ago" / "quietlossfunction"
            continue
        if DATE_RE.fullmatch(previous) and len(text.split()) >= 2 and looks_like_name(text) and not is_chrome(text) and (
                not chrome.author and not looks_like_title(following)):
            chrome.author = text  # a post's date, then its author: "March 9, 2026" / "Annika Holm"
            continue
        if shown_twice(text, following) and not chrome.author:
            chrome.author = text
            continue
        if _IN_LABEL_RE.fullmatch(previous) and looks_like_title(text):
            continue  # the value of "Published in" / "Track 3 on": a publication's or an album's name
        # A name right before a date or a "Follow" button is a byline, not a title (unless a
        # credit's label above names its part: "Produced by" / "Teodor Blum" / "Mar. 3, 2026"); so
        # is an account's name over a relative time ("wrentallis" / "2 months ago").
        if not previous.casefold().endswith(" by") and not re.fullmatch(COUNT, previous, re.IGNORECASE) and (
                looks_like_name(text) or re.fullmatch(r"[a-z][\w.-]{2,30}", text) and not ui_only(text)) and not is_field_label(
                text) and (
                DATE_RE.fullmatch(following) or MONTH_DAY_RE.fullmatch(following) or _READING_TIME_RE.fullmatch(following)
                or date_line(following) or text.islower() and RELATIVE_TIME_RE.fullmatch(following)
                or _AUDIENCE_RE.fullmatch(following) or ui_only(following) and "follow" in following.casefold()
                # (with a separator between: "Marguerite Oyelaran" / "·" / "Follow")
                or not re.search(r"\w", following) and i + 2 < len(texts) and ui_only(texts[i + 2])
                and "follow" in texts[i + 2].casefold() and len(text.split()) >= 2):
            chrome.author = chrome.author or text
            continue
        # … so is one over the group's badge for its poster and the post's date ("Priya Nandakumar"
        # / "Rising contributor" / "·" / "November 18, 2025")
        ahead = [t for t in texts[i + 1 : i + 5] if re.search(r"[^\W_]", t)][:2]
        if len(text.split()) >= 2 and looks_like_name(text) and not is_chrome(text) and len(ahead) == 2 and (
                re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+){0,2}", ahead[0]) and not looks_like_name(ahead[0])
                and not ahead[0].islower() and DATE_RE.fullmatch(ahead[1])):  # (not an account's name: "maraquill")
            chrome.author = chrome.author or text
            continue
        if (described := _TITLE_DESCRIBED_RE.fullmatch(text)) and looks_like_title(described.group(1)):
            titles.append((block_of[i], described.group(1)))  # "Warmup Steps — lyric table for the session"
            positions.append(i)
        elif looks_like_title(without_release_suffix(text)) and not known_field(text.strip("*_ ")):
            titles.append((block_of[i], without_release_suffix(text)))
            positions.append(i)
    nearest = next((text for of, text in titles if of == titles[-1][0]), "") if titles else ""
    if len(titles) > 1:
        # Several title-like lines (a site's name, its menu, the title, the artist): the title is
        # the one a page sets above a date, a handle or a byline, or the one the piece itself
        # sings; the first line of the header is the site's name. Otherwise, as before, the first
        # in the block nearest the piece.
        if nearest == texts[0] and len(texts) > 3 and not (len(nearest.split()) > 1 and _sings(nearest, sung_lines(body))):
            # The first line of a page's header is the site's name, not the piece's.
            nearest = next((text for (of, text), at in zip(titles, positions) if at and of == titles[-1][0]), nearest)
        best = _best_title(texts, list(zip(positions, titles)), chrome.author, body, owners)
        if not best:
            # None stands out: a title over its artist's name (two words or more), under the
            # page's menu or buttons, beats the first of the menu ("Browse" / "The Long Way Down
            # the Loss" / "Halden Reyes" / "Play").
            over_artist = next((at for (of, text), at in zip(titles, positions)
                                if 0 < at < len(texts) - 1 and is_chrome(texts[at - 1]) and not looks_like_name(text)
                                and _names_an_artist(texts[at + 1])), None)
            # … or, nearest the piece, under a section's name that the menu shows too ("Poem-a-Day" /
            # "Reward Model" / "Marisol Teague")
            kicked = max((at for (of, text), at in zip(titles, positions) if 0 < at < len(texts) - 1
                          and texts.count(texts[at - 1]) > 1 and not is_chrome(texts[at - 1])
                          and not (len(texts[at - 1].split()) > 1 and looks_like_name(texts[at - 1]))  # (not a person)
                          and _names_an_artist(texts[at + 1])), default=None)
            over_artist = kicked if kicked is not None and (over_artist is None or kicked > over_artist) else over_artist
            if over_artist is not None:
                nearest = texts[over_artist]
                chrome.author = chrome.author or texts[over_artist + 1]
        nearest = best or nearest
        at = next((i for i, (_, text) in zip(positions, titles) if text == nearest), 0)
        under = texts[at + 1] if best and 0 < at < len(texts) - 1 else ""
        if not chrome.author and under and looks_like_name(under) and not under.isupper() and not is_chrome(under) and not is_field_label(under) and (
                not any(lyrics_heading(text) == under for text in texts)):
            chrome.author = under  # "Dropout (Leave Me Out)" / "Kestrel Vance": the artist under the title
        # … or the artist and the album under it, as a player shows them: "Juniper Static — Small Hours Inference"
        artist_album = re.split(r"\s+[—–•·]\s+", under) if under else []
        if not chrome.author and len(artist_album) == 2 and len(artist_album[0].split()) >= 2 and (
                looks_like_name(artist_album[0]) and not is_chrome(artist_album[0])):
            chrome.author = artist_album[0]
        if not chrome.author and 0 < at < len(texts) - 1 and _beside_the_title(texts[at + 1]) and (
                looks_like_name(texts[at - 1]) and not is_chrome(texts[at - 1])) and texts.count(texts[at - 1]) > 1:
            chrome.author = texts[at - 1]  # "Dana Okafor" / "Cold Start" / "2 months ago": the artist above
    if not titles and not named_title and not chrome.title:
        # No title-like line: the nearest short line that is not the page's ("Let the softmax
        # testify" among a gist's counts and buttons), or a description's first words
        # ("Weight Decay — lyrics as a two-column table …").
        for text in reversed(texts):
            if (described := _TITLE_DESCRIBED_RE.fullmatch(text)) and looks_like_title(described.group(1)):
                named_title = described.group(1)
                break
            if not is_chrome(text) and len(text.split()) <= 8 and not re.search(r"[.!?:;,]$", text) and not (
                    known_field(text) or looks_like_name(text) or BARE_HANDLE_RE.fullmatch(text)):
                nearest = text
                break
    if len(texts) >= 3 and _names_an_artist(texts[-1]) and (
            not is_chrome(texts[-2]) and len(texts[-2].split()) <= 10 and not re.search(r"[.!?:]$", texts[-2])
            and not looks_like_name(texts[-2]) and is_chrome(texts[-3]) and not NAME_MONTH_RE.fullmatch(texts[-2])
            and not BARE_HANDLE_RE.fullmatch(texts[-2])):  # (not the poster's account over the title: "lantern_and_loss")
        # The header's last two lines, under its buttons: the piece's title, as its author wrote it
        # ("overfitting, a love note"), and the author ("Noor Halloway").
        named_title = named_title or texts[-2]
        chrome.author = chrome.author or texts[-1]
    if not chrome.title and named_title:
        # The line above a byline or a handle is the page naming the piece, as a heading does.
        chrome.title, chrome.titled_by_heading = named_title, True
    chrome.title = chrome.title or nearest
    if chrome.author and chrome.author == chrome.title:
        # The name was read under another line taken for the title: the artist is the name above
        # the title that the page shows again ("Oona Vey" / "Nothing Comes Back Through" / … / "Oona Vey").
        chrome.author = next((texts[i - 1] for i in range(1, len(texts)) if texts[i] == chrome.title
                              and _names_an_artist(texts[i - 1]) and texts.count(texts[i - 1]) > 1), chrome.author)
    if chrome.title and not chrome.author:
        # The title's own line elsewhere in the header, its artist under it ("Temperature Zero" /
        # "Mira Oduya" above a glued "6 ContributorsTemperature Zero Lyrics")
        chrome.author = next((texts[i + 1] for i in range(len(texts) - 1) if texts[i] == chrome.title
                              and _names_an_artist(texts[i + 1])), "")
    # A store's release heading: the artist, then "Genre · Year" under it ("Juniper Static" /
    # "Alternative · 2025"): the genre is a tag. (An album's name there, "Low Entropy · 2026",
    # the page names again on a line of its own.)
    for i in range(len(texts) - 1):
        chip = _GENRE_YEAR_RE.fullmatch(texts[i + 1])
        artist = texts[i] == chrome.author or i and chrome.title and texts[i - 1].startswith(chrome.title) and (
            looks_like_name(texts[i]))  # ("Warmup Steps - Single" / "Low Tide Transformer" / "Electronic · 2026")
        if chip and artist and texts.count(chip.group(1)) == 0:
            chrome.around_tags = chrome.around_tags or [chip.group(1)]


def _spelled_as(name: str, handle: str) -> bool:
    """Whether a name is its handle written out: "KILN/ECHO" for "kilnecho", "lowpass marigold"
    for "lowpassmarigold"."""
    return len(handle) >= 3 and re.sub(r"[\W_]", "", name.casefold()) == re.sub(r"[\W_]", "", handle.casefold())


def _names_the_handle(name: str, handle: str) -> bool:
    """Whether a handle is made from a name: "saoirse" from "Saoirse Byrne", "mokafor" from "Mira
    Okafor" (the name's words make most of it; "polka_bot" is not made from "Prompt Injection Polka")."""
    key, words = re.sub(r"[^a-z0-9]", "", handle.casefold()), re.findall(r"[^\W\d_]+", name.casefold())
    if len(key) >= 3 and sum(len(word) for word in words if len(word) >= 3 and word in key) * 4 >= len(key) * 3:
        return True
    # … or the name cut short: "twierz" from "Tomasz Wierzbicki", "ineshal" from "Ines Halvorsen"
    return len(words) >= 2 and len(key) >= 5 and (
        key.startswith(words[0][:1] + words[-1][:4]) or key.startswith(words[0]) and words[-1][:3] in key[len(words[0]):])


def _names_an_artist(text: str) -> bool:
    """A line under a title that names its artist or author: a name of two words or more,
    not a button, not a field's label ("Halden Reyes", "Mira Oduya")."""
    return len(text.split()) >= 2 and looks_like_name(text) and not is_chrome(text) and not is_field_label(text)


def shown_twice(text: str, following: str) -> bool:
    """A name shown twice in a row: a profile picture's label, then the name ("Priya Ramanathan"
    / "Priya Ramanathan"), which names the author."""
    return following == text and looks_like_name(text) and not is_field_label(text)


def dates_a_post(text: str) -> bool:
    """A line that gives a post's time: "Posted on Jan 19", "Mar 3, 2026", "2 days ago"."""
    text = text.strip()
    # (its first item when the row goes on with counts: "Feb 2026 · 412")
    first = LINK_ROW_SPLIT.split(text, maxsplit=1)[0] if len(text) <= 60 else text
    return bool(text and (DATED_RE.fullmatch(text) or DATE_RE.search(text) or MONTH_DAY_RE.fullmatch(first)
                          or re.fullmatch(RELATIVE_DAY, first, re.IGNORECASE)))


def _beside_the_title(text: str) -> bool:
    """A line a page sets next to a piece's title: its date, its author's handle or byline."""
    return bool(dates_a_post(text) or HANDLE_RE.fullmatch(text) or _READING_TIME_RE.fullmatch(text) or BYLINE_RE.fullmatch(text) or CREDIT_RE.fullmatch(text)
                or genre_line(text))  # a platform's "glitch-pop, shoegaze · 2:58" under the title


def sung_lines(body: str) -> list[str]:
    # (not a byline or a credit below the piece: "Written by Theo Marsh" does not sing "Theo Marsh")
    return [" ".join(folded.replace("-", " ").split()) for line in body.split("\n")
            if (folded := line.casefold()).strip() and not ("by " in folded and (
                BYLINE_RE.fullmatch(line.strip()) or CREDIT_RE.fullmatch(line.strip())))]


def _sings(title: str, sung: Sequence[str]) -> bool:
    """Whether a line of verse (not a paragraph: ``sung`` holds the piece's lines, casefolded,
    spaces collapsed) holds the title, or either part of "Dropout (Leave Me Out)"."""
    key = " ".join(title.casefold().replace("-", " ").split())  # "Held-Out" is sung "held out"
    keys = {key, *(part.strip() for part in re.split(r"[()]", key) if len(part.strip()) >= 4)}
    return any(len(part) >= 4 and part in line and len(line) > len(part) + 3 and len(line.split()) <= 12
               for part in keys for line in sung)


def _best_title(texts: Sequence[str], candidates: Sequence[tuple[int, tuple[int, str]]], author: str,
                body: str, owners: str = "") -> str:
    """The likeliest title among (position, (block, text)) candidates, or "" when none stands out."""
    sung = sung_lines(body)
    headings = {line.strip("#*_ ") for line in sung[:3] if len(line.split()) <= 10}  # at the piece's top
    last_block = candidates[-1][1][0]

    def score(candidate: tuple[int, tuple[int, str]]) -> tuple[int, int, int]:
        position, (block, text) = candidate
        key = " ".join(text.casefold().split())
        # A page sets the date, the handle or the byline under the title, not above it, perhaps
        # with a subtitle and the author's name between ("A poem, with notes, …" / "Odile Perrin").
        # (The player's buttons may stand between too: "Ruth Amadi-Lowell" / "Listen" / "Play" /
        # "Recorded for Poem-a-Day, April 14, 2026.")
        points, subtitled, named, seen, skipped = 0, False, False, 0, 0
        for k in range(position + 1, min(position + 7, len(texts))):
            if _beside_the_title(texts[k]):
                points = 2
                break
            if named and ui_only(texts[k], 2):
                continue
            if not seen and not skipped and ui_only(texts[k], 3) and k + 1 < len(texts) and len(
                    texts[k + 1].split()) >= 2 and looks_like_name(texts[k + 1]) and not is_chrome(texts[k + 1]):
                skipped = 1  # a button between: "Patience Is a Hyperparameter" / "Report this article" / the name
                continue
            seen += 1
            if seen > 3:
                break
            if len(texts[k].split()) >= 5 and not is_chrome(texts[k]) and not subtitled:
                subtitled = True  # a subtitle under the title
            elif looks_like_name(texts[k]) and (subtitled or k == position + 1 + skipped) and not is_chrome(texts[k]):
                named = True  # then perhaps the author's name over the date
            elif named and texts[k] == texts[k - 1]:
                continue  # (the name shown twice: a profile picture's label, then the name)
            else:
                break
        # (the title over its author's name over the date: "What the Embedding Keeps" / "Juno Tal" /
        # "Feb 2026 · 412" — the shape of a title, even as the page's first line)
        # (not "Theo Lindqvist" / "Augment Me" / "5 days ago": which is the name, either could be)
        bylined = named and points == 2 and not looks_like_name(text)
        # … so the name there is the byline, not the title
        above = texts[position - 1] if position else ""
        points -= 3 * (0 < position < len(texts) - 1 and len(text.split()) > 1 and looks_like_name(text)
                       and _beside_the_title(texts[position + 1]) and looks_like_title(above)
                       and not looks_like_name(above) and not is_chrome(above))
        sings_it = _sings(text, sung)
        points += 2 * sings_it
        # The piece's own heading repeats it, or the page quotes it ('"Byte Pair Lullaby" is the …')
        points += 2 * (" ".join(text.casefold().replace("-", " ").split()) in headings or any(
            f"\"{text}\"" in other or f"“{text}”" in other for other in texts))
        points += block == last_block
        # The header's last line, right above the piece, under a line of the page: its heading (the
        # more so right under the post's time: "Ruth Agbaje" / … / "3mo" / "What the Fine-Tune Took").
        if position == len(texts) - 1 and position > 0:
            # (or under its poster's name and month, "Sabine Achterberg Nov 2025", the poster's account,
            # "lantern_and_loss", or the month alone, "Nov 2025": then even if it looks like a name)
            signed_above = bool(NAME_MONTH_RE.fullmatch(above) or BARE_HANDLE_RE.fullmatch(above)
                                or len(above) <= 30 and dates_a_post(above))
            if (is_chrome(above) or signed_above) and not (
                    len(text.split()) > 1 and looks_like_name(text) and not signed_above):  # (not its artist's name)
                points += 2 + bool(signed_above or RELATIVE_TIME_RE.fullmatch(above) or dates_a_post(above))
        # A gist names its file after the piece: "warmup-steps.txt" under "Warmup Steps — …"
        slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")
        points += 2 * (len(slug) >= 4 and any(slug in t.casefold() and re.search(r"\.(txt|md|markdown)\b", t) for t in texts))
        # A site's name is not sung (its one word may be, in the footer's "Published on HackMD")
        points -= 3 * (position == 0 and not bylined and not (sings_it and len(text.split()) > 1)) + 2 * (text == author)
        # A name in the page's copyright line is the site's or the artist's: "© 2026 Audiomack"
        points -= 3 * (len(key) >= 4 and key in owners)
        points -= 2 * is_field_label(text)  # "Genre", "Released": a label
        # One of the credits, between two others ("Written by Maren Holt" / "Fiddle – Sully Okafor" /
        # "Recorded & mixed by Joel Baptiste"), whatever it looks like
        points -= 3 * (0 < position < len(texts) - 1 and all(
            CREDIT_RE.fullmatch(texts[k]) or BYLINE_RE.fullmatch(texts[k]) for k in (position - 1, position + 1)))
        # The account's name, shown again over its counts or its follow button ("Oona Vey" /
        # "1,206" / "Follow"): the uploader's, above the track's title.
        points -= 2 * any(other == text and j != position and j + 1 < len(texts) and (
            re.fullmatch(COUNT, texts[j + 1], re.IGNORECASE) or ui_only(texts[j + 1]) and "follow" in texts[j + 1].casefold())
            for j, other in enumerate(texts))
        points -= 3 * bool(re.fullmatch(r"untitled(?: \w+)?", key))  # a site's word for no title: "Untitled"
        # … or a count's, under it: "341" / "Favorites", "9" / "Playlists"
        points -= 3 * bool(position and re.fullmatch(COUNT, texts[position - 1], re.IGNORECASE))
        return points, block, -position  # then the block nearest the piece, and the first in it

    best = max(candidates, key=score)
    return best[1][1] if score(best)[0] > 1 else ""


_TITLE_DESCRIBED_RE = re.compile(r"(.{2,60}?)\s+[—–-]\s+(?:lyrics?|an? |the |my |song|poem|text)\b.{0,200}", re.IGNORECASE)
def now_playing(result: Chrome, last_kept: int) -> None:
    """A web player names the song only in its bar under the lyrics ("Next Token" / "Marrow &
    Mesh • Sampling Season • 2026" / "0:00 / 3:41"): a title there that the song sings, over
    its artist's row or the player, beats a header's title that it does not sing."""
    sung = sung_lines("\n".join(line for line in result.lines if not PIECE_LINE_RE.fullmatch(line)))
    if result.titled_by_heading or result.title and _sings(result.title, sung):
        return
    below = [text for number, text in result.around_piece if number - 1 > last_kept]
    for k, text in enumerate(below[:-1]):
        following = below[k + 1]
        items = [item.strip() for item in LINK_ROW_SPLIT.split(following) if item.strip()]
        facts = len(items) >= 2 and bool(re.fullmatch(r"\d{4}", items[-1]) or DATE_RE.search(following))
        if looks_like_title(text) and _sings(text, sung) and (facts or CHROME_RE.fullmatch(following)):
            result.title, result.titled_by_heading = text, False
            if facts and len(items[0].split()) <= 4 and not result.author:
                result.author = items[0]  # the artist, first in the row
            return
