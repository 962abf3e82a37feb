"""Page chrome: the text a web page wraps around a piece when someone saves or copies the page.

Recognised by what it is, never by one site's wording:

- the *line*: navigation and button words ("Sign in", "Share", "Download ZIP", "Show less"),
  counts ("1.2K", "184", "Revisions 3", "12 Likes"), handles ("@name"), file names, timestamps
  ("3 weeks ago", "Published May 1, 2026"), copyright lines, rows of footer links
  ("About · Privacy · Terms"), breadcrumbs ("Home › Songs › …"), previous/next links, comment
  boxes ("Write a comment…") and comment headers ("name commented Mar 9, 2026");
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
published date) is kept for the metadata.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from catalogue.importing.dates import DATE_RE, date_line, parse_date
from catalogue.importing.header import FIELD_NAMES, front_matter_end, genre_line, is_field_label

# Words that make up navigation, buttons and footer links on any site. A line made only of
# these (and at most four of them) is a control, not a line of a piece.
UI_WORDS = frozenset(
    """
    a about account actions add albums all already an and app apps are artists author back blog bookmark
    lyrics cover events featured forum music news podcasts shop store translations videos
    browse by careers charts clap claps clone code collection comment comments community
    contact content cookie cookies copy create creators discover discussion docs download genres
    edit email embed explore facebook feed follow followers following for fork forks free
    get gists github have help home how in jobs less library like likes link listen log
    loading login logout main manage menu more navigation new next notice notifications now of on
    open or our out play playlist policy post posts press previous pricing print privacy us
    profile publish quote raw read register related remix report reply respond responses
    restack restacks revisions save search security settings share show sign skip songs
    speech star stars start status story subscribe support terms text the this to top trending
    tweet twitter up upload use version view views with write writing your zip
    display jump sort submit correction corrections via https http ssh learn abuse
    redeem streaming album gift merch cart checkout wishlist purchase buy highlight highlights
    send friend error rate essay article below above
    api faq tools paste pastes trial sales snippet snippets public private upgrade premium pro
    dashboard inbox messages cancel close accept reject manage preferences bookmarks
    credits license licence track tracks expand collapse reblog reblogs reblogged repost reposts
    delete unsubscribe favorite favourite favorites favourites ad ads description secret
    gist starred user extend archive archives ask submit agree join hide
    enter exit fullscreen mode select selected selecting selection prev parent context featuring feat ft
    poems poets quotes
    linkedin reddit whatsapp telegram pinterest tumblr mastodon bluesky threads instagram youtube tiktok
    spotify deezer tidal pandora soundcloud bandcamp audiomack anghami boomplay iheartradio napster qobuz
    shazam amazon apple
    """.split()
)
MAX_UI_WORDS = 4
FOOTER_REACH = 4  # lines above a footer line within which more chrome makes it footer too

_COUNT = r"\d+(?:[.,]\d+)*\s?[kmb]?"
_COUNTED = (r"(?:revisions?|responses?|comments?|likes?|stars?|forks?|followers?|following|plays?|views?"
            r"|listens?|claps?|restacks?|shares?|repl(?:y|ies)|contributors?|embeds?|translations?|reposts?"
            r"|saves?|downloads?|subscribers?|upvotes?|votes?|reactions?|hearts?|favou?rites?|remixes?)")
# What a forum puts in brackets for a comment that is gone: not a section marker.
# (or a site's note on where the lyrics came from: "[ Lyrics from: https://… ]")
_PAGE_BRACKETS = r"\[(?:deleted|removed|hidden|collapsed|unavailable|score hidden|[^\]]*(?:https?://|www\.)[^\]]*)\]"
# Who made the recording, not who wrote the piece: "Produced by …", "Mixed and mastered by …"
_MADE_NOT_WRITTEN = r"(produced|mixed|mastered|arranged|performed|recorded|engineered|directed|illustrated|narrated)"
_MADE_NOT_WRITTEN_RE = re.compile(_MADE_NOT_WRITTEN, re.IGNORECASE)
# A time a page gives relative to now: "3 weeks ago", "an hour ago"; in short, "3 mo. ago", "2h", "5d"
_AGO = r"(?:\d+|a|an) (?:second|minute|hour|day|week|month|year)s? ago"
_SHORT_AGO = r"\d+\s?(?:s|secs?|m|mins?|h|hrs?|d|w|wks?|mo|mos|y|yrs?)\.?(?: ago)?"
_RELATIVE_DAY = rf"{_AGO}|yesterday|today"
_RELATIVE_TIME_RE = re.compile(rf"{_RELATIVE_DAY}|{_SHORT_AGO}", re.IGNORECASE)
# A comment's header: its poster, its time, the thread's links ("zvezda 7 hours ago | prev | next [–]")
_COMMENT_HEAD = rf"(@?[\w.-]{{1,40}}) {_AGO}\b.{{0,60}}"
_COMMENT_HEAD_RE = re.compile(_COMMENT_HEAD, re.IGNORECASE)
# A date with no year, as a page shows this year's: "Mar 3", "March 3rd"
_MONTH_DAY = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?"
_MONTH_DAY_RE = re.compile(_MONTH_DAY, re.IGNORECASE)
_CHROME_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{_COUNT}",  # 184, 1.2K, 8.6K
        r"[$#№]\d{3,}|[a-z]+( [a-z]+)? (id|no\.|#):? ?[\w-]*\d{3}[\w-]*",  # "$4821937", "Snippet ID: 4821937"
        rf"{_COUNT}\s*[a-z]+",  # "12 Likes", "312 followers", "5 min" (read), "27Embed"
        # "Revisions 3", "Responses (18)": only a word that counts something on a page, so that
        # "Song Number 3", "Part 2" or "Chapter 1" stay titles and lines.
        rf"(?:[a-z]+ )?{_COUNTED}\s\(?{_COUNT}\)?",
        r"\d+\s+min(ute)?s?\s+read",
        r"\d{1,2}:\d{2}(:\d{2})?",  # a duration on its own: another track's, in a list
        r"\d{1,2}:\d{2}(:\d{2})? ?/ ?\d{1,2}:\d{2}(:\d{2})?",  # a player's position and length: "0:00 / 3:52"
        r"\d{1,2}:\d{2}(:\d{2})?\s+[-–—]?\s*\S.{0,50}|chapters:?",  # a video's chapters: "1:08 Second stanza"
        r"@[\w.-]+(@[\w-]+(\.[\w-]+)+)?",  # a handle on its own, or a fediverse one: "@name@server.town"
        r"v\d+(\.\d+)*",  # a version badge
        r"[·•∙|\-–—]{1,3}",  # a separator on its own line: "·", "--"
        r"[-–—]\s*\d{1,3}\s*[-–—]|page \d{1,3}( of \d{1,3})?",  # a page number: "— 2 —", "Page 3 of 9"
        r"[·•∙|]\s*\S.{0,20}",  # a badge after a separator: "∙ Paid"
        r"[\w.-]+/[\w.-]+",  # owner/file.md
        r"[\w-]+\.(md|txt|markdown|text)( \d+(\.\d+)? ?[kmg]i?b)?",  # a file name, perhaps with its size
        r"(©|\(c\)|copyright\b).*",
        r"skip to (main )?content",
        r"(sign|log) (in|up|out) (to|for) [^,;]{1,30}",  # "Sign in to comment", "Sign up for free"
        r"(you must be|please,?|you) (signed|logged|sign|log) (in|up|out)\b.{0,80}|.{0,80}\breload to refresh\b.*",
        r"dismiss( alert)?|copy (sharable |shareable )?link.{0,40}|clone (using|via) .{0,40}|embed this \w+ .{0,40}",
        r"[.…]*\s*((show|read|see|view) (more|less)|(see|view) all( \d+)?( \w+)?)",
        r"(show|see|view|read) (the )?(full|all|whole|entire) \w+|signed in as\b.{0,40}",  # "Show full lyrics"
        r"more (from|by) @?\S+( \S+){0,3}|more .{1,40} lyrics",
        # "More Poems by Mara Quill", "See All Poems by this Poet": lists of the author's other pieces
        r"(more|see all|view all) (\w+ ){1,2}(from|by) .{1,40}",
        r"(more (\w+ ){0,2})?you (might|may)( also)? (like|enjoy)|advertisement|sponsored|recommended( for you)?"
        r"|related( posts| songs| poems| stories| articles| tracks)?|up next",
        r".{0,60}\ball rights reserved\b.{0,40}",
        # A credit that names who made the recording, not who wrote the piece ("Produced by …").
        _MADE_NOT_WRITTEN + r"( and \w+)? by (?-i:[A-Z@][\w.'’-]*(?: (?:[A-Z&][\w.'’-]*|and|of|the))*)",  # a name, not "by the wind"
        r"[«‹←].*|.*[»›→]",  # previous/next navigation
        r"(previous|next)( post| song| story| page| article| track)?(:.*)?",
        r"(write|type|add|leave|enter) (a |your )?(comment|reply|response|email|message)\b[^,;]{0,20}",
        r"a/n:.{0,300}|"  # a web-fiction author's note to readers: "A/N: thank you for 2k reads!!"
        r"what are your thoughts\??|discuss(ion)?( this( post)?)?\s*(\.\.\.|…)",
        r"[\w.-]{1,40} (commented|replied)( on)? [^\d]{0,20}\d.{0,15}",  # "kat commented Mar 9, 2026"
        r"[\w .'’-]{1,40} (said|says|wrote)(\.\.\.|…|:)",  # a comment's header: "Anonymous said..."
        _COMMENT_HEAD,
        # "Published on May 1, 2026", "Last active 3 weeks ago"; "Created" alone, its date below
        r"(created|updated|last active|published|released|posted|edited|authored|premiered|uploaded|streamed live|submitted)"
        r"( on| at|:)? "
        r".{0,25}(\d|ago|yesterday|today)[^.!?;]{0,40}",
        r"created|updated|edited|release date:?.*",
        r"(track|song|side|disc|chapter|episode) \d+ (on|of|from) .{1,60}",  # "Track 1 on <album>"
        r"[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}\s*[-–—,(]\s*(b\.\s*)?\d{4}\s*[-–—]\s*(\d{4})?\)?",  # "Hal Brenner - 1979-"
        _AGO,
        _SHORT_AGO,
        r"(this file contains|learn more about) .*unicode.*|show hidden characters",
        r"clone this \w+ at .*|save .{1,80} to your computer.*",
        r"instantly share code.*",
        r"(already have an account|to join this conversation).*",
        r"thanks for (reading|listening|watching)\b.*",
        r"member-only story|footer( navigation)?|(\w+ )?powered by .*|how to format lyrics:?",
        r"(subscribe|sign up) .*(free|newsletter|posts).*|subscribe to [^,;.!?]{1,60}",
        r"do not (sell|share) my personal information",
        r"search (lyrics|songs|artists|albums|poems|poets|posts|music|gists|stories|the site)\b.{0,60}",  # a search box
        r"(?-i:Search(?: [A-Z][\w.]*){1,2})|search for [\w ]+(, [\w ]+)+.*",  # "Search Tumblr", "Search for artists, …"
        r"re: .{1,80}",  # a reply's subject line on a forum
        r"(lyrics|poem|song|text) (submitted|added|transcribed|contributed|corrected) by .{1,60}",
        r"rate (this|these|the) \w+:?.{0,20}",
        r"\W?\s?(played|viewed|streamed|listened|liked|shared|downloaded|thanked) [\d,.]+\s?[kmb]? times",  # "Played 9,118 times"
        r"[^©]{0,80}©[^©]{0,80}",  # a copyright notice, wherever its sign stands
        r"(found|see|spot(ted)?|report) an? (error|mistake|typo)\b.{0,40}",
        r"(posted|filed) (in|under) .{1,60}|tagged:? .{1,80}|categor(y|ies):? .{1,60}",  # a post's filing
        r"(published|created) using .{1,40}",  # "Published using Google Docs" (not "Made with Love")
        r"(listen|watch) to .{1,80} on \w+( \w+)?|(listen|watch|read) on \w+( \w+)?",  # 'Listen to "X" on Suno'
        r"updated automatically .{0,40}",
        r"(www\.)?[\w-]+(\.[\w-]+)*\.(com|org|net|io|co|app|fm|me|ai|[a-z]{2})(/\S*)?",  # a site's address
        r"comments? (about|on|for) .{1,80}|there (is|are) no (comments?|responses?|replies)\b.*",
        r"(lyrics|music|content|data) (provided|licensed|powered|supplied) by .*",
        rf"(?:{DATE_RE.pattern})\s*(?:[·•|–—-]\s*)?by\s+@?[\w][\w .'’-]{{0,40}}",  # "June 3, 2025 by Avery Quinn"
        r"thanks to \S+( \S+)? for (correcting|adding|submitting|transcribing) .*",
        r".{0,80}\b(property and copyright of|for educational purposes)\b.*",
        r"(?:[A-Z#] ){5,}[A-Z#]",  # an A–Z index of artists
        r"\d+\s?[smhdwy]\s*[•·∙]\s*\w+",  # "1d • Edited"
        # "Post by wordsmith_ai » Tue Mar 04, 2025 9:12 pm": a forum post's byline and time
        r"(post|posted|submitted|shared) by @?[\w.-]+( [A-Z][\w.'’-]+){0,2}\s*([»|·•–-]\s*.{0,60}|(on|at) [^\d]{0,20}\d.{0,40})",
        # A blog's archive and labels with their counts: "▼ 2026 (5)", "essays (9)"
        r"(?:[?▼▶►▸•·-]\s*)?[^\W_][\w .'’&-]{0,30} \(\d{1,5}\)",
        r"#[^\s#][^#]{0,40}(\s+#[^\s#][^#]{0,40})+",  # a row of hashtags: "#poetry #backprop"
        r"(this page|it) was last (edited|modified|updated) .*",
        # A page's own navigation headings: "Links to this page", "On this page", "Interactive graph"
        r"(links to|on|in) this (page|note|post|article)|backlinks|interactive graph|table of contents",
        r"from (the )?.{1,40}, the free (online )?encyclopedia",  # a wiki's tagline
        r"see also|references|further reading|external links|notes and references",  # a wiki's last headings
        r"\{[.#:][\w -]+\}",  # a Markdown attribute list on its own line: "{.is-info}"
        r".{0,60}\(opens in (a )?new (window|tab)\)|like loading\.*",  # a blog's share buttons
        r"follow [\w .'’-]{1,30}:|[\w .'’-]{1,30}:\s*https?://\S+|https?://\S+",  # "Follow Hallie:", "Instagram: https://…"
        r"(?-i:X)",  # the share button of the site once called Twitter
        r">?\s*this (page|article|wiki|site|post) (is|was|has been) (maintained|edited|managed|run|archived|protected|"
        r"reproduced|mirrored|imported)\b.*",  # a wiki's notice
        r".{0,80}\b(available|licensed|published) under (the |a )?.{0,60}licen[cs]e.*",
        # A forum's score and its sorting: "163 points (96% upvoted)", "[–]name 58 points 2 days ago", "sorted by: best"
        r".{0,60}\b\d[\d,.]*\s?k? (points?|upvotes?|votes?|karma)\b.{0,60}|sort(ed)? by:? \w+( \w+)?",
        r"(this|the) (post|thread|story|topic) was (submitted|posted|created|published) (on|at) .{1,40}",
        # A forum post's facts: "418 views 31 likes 2 links 5 users", "read 3 min", "Mar 3" (this year)
        rf"(?:{_COUNT}\s?[a-z]+\s*){{2,}}|read \d+ min(ute)?s?|you have selected \d+ \w+\.?",
        _MONTH_DAY,
        rf"{_PAGE_BRACKETS}.{{0,60}}",
        # A consent banner: "By clicking Continue …, you agree to …'s User Agreement, Privacy Policy …"
        r".{0,100}\b(you agree to|we use cookies|accept (all )?cookies|cookie (policy|settings|preferences))\b.*",
        # A sign-in box: "New to LinkedIn? Join now", "Forgot password?", "Email or phone"
        r"(new (here|to [^?]{1,30})|not a member( yet)?|don.?t have an account( yet)?)\?\s*((join|sign|register|create)\b.*)?"
        r"|forgot (your )?password\??|(email|username)( or (phone|email|username))?|password",
    )
]
_BREADCRUMB_RE = re.compile(r"[^›>»/]{1,40}(\s[›>»/]\s[^›>»/]{1,40}){2,}")  # "Site › Artist › Song"
_CHROME_RES.append(_BREADCRUMB_RE)
# One pattern, one match per line: a page has hundreds of lines and a file thousands.
_CHROME_RE = re.compile("|".join(f"(?:{p.pattern})" for p in _CHROME_RES), re.IGNORECASE)
MAX_CHROME_CHARS = 240  # longer than this, a line is a paragraph, whatever words it starts with
_LINK_ROW_SPLIT = re.compile(r"\s*[·•∙|]\s*|\s{2,}")
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def _ui_only(text: str, max_words: int = MAX_UI_WORDS) -> bool:
    if len(text) > 12 * max_words:
        return False
    words = _WORD_RE.findall(text.casefold())
    if not words or len(words) > max_words:
        return False
    if re.search(r"[,;!?]|\.\s|\.$", text.strip().rstrip(".…")):  # sentence punctuation: words of a piece
        return False
    return all(word in UI_WORDS for word in words)


@functools.lru_cache(maxsize=4096)
def is_chrome(line: str) -> bool:
    """A line that is page furniture wherever it stands."""
    text = line.strip().strip("*_").strip()
    if not text or len(text) > MAX_CHROME_CHARS or _PIECE_LINE_RE.fullmatch(line):
        return False
    if _ui_only(text, 8) or _CHROME_RE.fullmatch(text) or not re.search(r"[^\W_]", text):
        return True  # (a line of symbols alone, "⬇️", "★★★", is page furniture too)
    # A row of footer links: "About · Privacy · Terms", "About   Contact   Privacy Policy"
    items = [item for item in _LINK_ROW_SPLIT.split(text) if item]
    if len(items) == 2 and all(_CHROME_RE.fullmatch(item) or DATE_RE.fullmatch(item) for item in items):
        return True  # "21,604 views  Nov 2, 2025"
    if len(items) >= 3 and sum(bool(_CHROME_RE.fullmatch(item) or DATE_RE.fullmatch(item)) for item in items) * 2 > len(items):
        return True  # a row of facts: "2024 · Feature Creep · 3:05 · 1,204,331", "June 30, 2025 · 6 min read · by …"
    if len(items) >= 3 and all(len(item.split()) <= 4 for item in items):
        return sum(_ui_only(item, 4) for item in items) * 2 >= len(items)
    if len(items) == 2 and all(_ui_only(item, 2) for item in items):  # "Login | Register"
        return True
    if (heading := lyrics_heading(text)) and looks_like_title(heading):
        return True  # a lyrics site's heading: "Early Stopping Lyrics"
    return bool(DATE_RE.fullmatch(text))  # a date on its own line: a post's or a comment's


def is_interruption(line: str) -> bool:
    """A line that opens an ad or a list of other pieces inside the piece ("— Advertisement —")."""
    text = line.strip().strip("—–-*_:· ").casefold()
    return bool(re.fullmatch(r"(you )?(might|may) also like|advertisement|sponsored|related( posts| songs)?", text))


def _sings_on(lines: Sequence[str], block: range) -> bool:
    """Whether a block that opens like an ad ("You might also like") goes on as verse: three
    lines or more after it that read as verse, none of them chrome or a list's title."""
    rest = [lines[i] for i in block if lines[i].strip() and not is_interruption(lines[i])
            and not _PIECE_LINE_RE.fullmatch(lines[i])]
    return len(rest) >= 3 and all(_reads_as_verse(line) and not is_chrome(line) and not (
        looks_like_title(line) and len(line.split()) <= 4) for line in rest)


def _opens_annotation(line: str) -> bool:
    """A lyrics site's annotation opened inside the lyrics ("Genius Annotation"): the rest of its
    block is the site's note, its contributors and its buttons."""
    return bool(re.fullmatch(r"(?:\w+ )?annotation", line.strip().casefold()))


# A line that is surely part of a piece: a section marker, a table row, a Markdown heading.
_PIECE_LINE_RE = re.compile(rf"\s*((?!{_PAGE_BRACKETS})\[[^\]]+\]|\|.*\||#{{1,6}}\s+\S.*|```.*|---)\s*", re.IGNORECASE)
_MARKER_LINE_RE = re.compile(r"\s*(\[[^\]]+\]|#{1,2}\s+\S.*)\s*")  # a section marker, a Markdown title


def _is_short_label(line: str) -> bool:
    """A tag, a name or a title of another piece: at most four words, no sentence punctuation,
    every longer word capitalised ("Deep Learning"). Verse rarely capitalises every word."""
    text = line.strip()
    if not 0 < len(text.split()) <= 4 or re.search(r"[,;:.!?()\[\]\"“”]", text):
        return False
    return all(word[0].isupper() for word in text.split() if len(word) > 3)


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
        if start is not None and i and not _PIECE_LINE_RE.fullmatch(lines[i - 1]) and (
                _MARKER_LINE_RE.fullmatch(line) or _PIECE_LINE_RE.fullmatch(line) and is_chrome(lines[i - 1])):
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
    if any(_PIECE_LINE_RE.fullmatch(line) for line in texts):
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
    if any(_PIECE_LINE_RE.fullmatch(text) for text in texts):
        return False
    # (the verse it may run into, with no blank line, is not counted: the header is what is above it)
    verse = _verse_at_the_end(texts, 0, len(texts))
    head = texts[: len(texts) - verse] if verse >= 2 else texts
    chrome = sum(is_chrome(text) for text in head)
    if chrome >= 3 and chrome * 3 >= len(head) and (is_chrome(head[0]) or not _reads_as_verse(head[0])):
        return True  # a site's header copied in one run: menus, a banner, the title, counts, buttons
    # (its last two lines may be the piece's title and its author: "overfitting, a love note" / "Noor Halloway")
    menu = texts[:-2] if len(texts) >= 5 and not after_header else texts
    return any(is_chrome(text) or (after_header and _is_byline(text)) for text in texts) and all(
        is_chrome(text) or (len(text.split()) <= 6 and not re.search(r"[,;.!?]", text)) for text in menu
    ) and all(len(text.split()) <= 8 and not re.search(r"[.!?]$", text) for text in texts[len(menu):])


def _is_byline(text: str) -> bool:
    byline = _BYLINE_RE.fullmatch(text.strip("*_ "))
    return bool(byline and _is_name(byline.group(1).lstrip("@")))


def _verse_at_the_end(lines: Sequence[str], start: int, stop: int) -> int:
    """How many lines of verse end the block lines[start:stop]."""
    tail = stop
    while tail > start and not is_chrome(lines[tail - 1]) and _reads_as_verse(lines[tail - 1]):
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
        len(text) <= 60 and not text.endswith((".", "!", "?", ";", ":")) and not _PIECE_LINE_RE.fullmatch(text)
        for text in texts)


def _is_menu(texts: Sequence[str]) -> bool:
    """A site's menu: three or more capitalised items of a few words, no sentence among them."""
    # The first item may be the site's name, a word or two longer ("Forum for Neural Writing").
    return len(texts) >= 3 and all(
        len(text.split()) <= (5 if k == 0 else 3) and text.strip()[0].isupper() and not re.search(r"[,;.!?]", text)
        for k, text in enumerate(texts)
    )


_QUOTED_RE = re.compile(r"[\"“]([^\"“”]{1,100})[\"”]")
_LYRICS_OF_RE = re.compile(r"(?:the )?lyrics (?:of|to|for)\s*:?", re.IGNORECASE)
_LYRICS_OF_BY_RE = re.compile(r"(?:the )?lyrics (?:of|to|for)\s*:?\s*[\"“]?(.+?)[\"”]?(?: by (.{1,60}))?", re.IGNORECASE)
# "Lyrics: X", "X Lyrics", "X (lyrics)", and "X Lyrics - Artist" / "X Lyrics by Artist" (the artist after)
_LYRICS_HEADING_RE = re.compile(
    r"lyrics:\s*(.+)|([^|›»]+?)\s+(?:lyrics|\(lyrics\)|- lyrics)(?:\s*(?:[-–—|]|by)\s+[^|›»]{1,60})?", re.IGNORECASE)


def lyrics_heading(text: str) -> str:
    """The title in a lyrics site's heading ("Early Stopping Lyrics", "Lyrics: Dropout"), or ""."""
    found = _LYRICS_HEADING_RE.fullmatch(text)
    if not found:
        return ""
    # A count copied glued to its label and the title: "8 ContributorsOverfit" → "Overfit"; and
    # the labels after it on a phone, "9 ContributorsTranslationsEspañolWarmup Steps" → "Warmup Steps".
    title = (found.group(1) or found.group(2)).strip()
    if _GLUED_COUNT_RE.match(title):
        title = _GLUED_COUNT_RE.sub("", title)
        while glued := _GLUED_WORD_RE.match(title):
            title = title[glued.end():]
    return title


_GLUED_COUNT_RE = re.compile(r"^\d[\d.,]*\s?[A-Za-z][a-z]+(?=[A-Z])")
_GLUED_WORD_RE = re.compile(r"^[A-Z][^\W\d_A-Z]+(?=[A-Z])")  # "Translations" glued to "Español"
# A page heading copied with no line break before the first marker: "Overfit Lyrics[Verse 1]".
_GLUED_MARKER_RE = re.compile(r"(.*\S)\s*(\[[^\[\]]+\])\s*")
# "Cross-Entropy - Poem by Wren Alder", "The Long Tail Of The Loss Poem by Anneke Vos"
TITLE_BY_RE = re.compile(r"(.+?)(?:\s+[-–—|:])?\s+(?:an? )?(?:poem|song|lyrics|story|essay) by ((?-i:[A-Z])[\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})",
                         re.IGNORECASE)
_BYLINE_RE = re.compile(r"(?:written |posted |published |created |shared )?by\s+(?:u/)?(@?[\w][\w .'-]{0,60})", re.IGNORECASE)
_POSTED_BY_RE = re.compile(r"posted on (.+?) by (.+)", re.IGNORECASE)
_POSTED_BY_ON_RE = re.compile(r"(?:posted|written|published) by (.+?) on (.+)", re.IGNORECASE)
_DATED_RE = re.compile(r"(?:(?:this|the) (?:post|thread|story|topic) was )?"
                       r"(?:published|released|posted|created|premiered|uploaded|streamed live|submitted|release date:?)\s*(?:on\s+)?(.+)",
                       re.IGNORECASE)
_IN_LABEL_RE = re.compile(r"(?:published|posted|appears?|featured|filed|listed|(?:track|song) \d+)\b.{0,20} (?:in|on|from)",
                          re.IGNORECASE)  # "Published in", "Track 3 on": a publication's or an album's name follows
_HANDLE_RE = re.compile(r"@([\w.-]+)(?:@[\w-]+(?:\.[\w-]+)+)?")  # "@name", "@name@server.town"
_FROM_BY_RE = re.compile(r"from .{1,60}? by (@?[^\W\d_][\w .'’&-]{0,40})", re.IGNORECASE)  # a track's album and artist
_BARE_HANDLE_RE = re.compile(r"[a-z][a-z0-9]*(?:[._][a-z0-9]+)+|[a-z]+\d+")  # an account name: "kernel_trick", "user42"
_AUDIENCE_RE = re.compile(rf"{_COUNT}\s*(subscribers?|followers?|members?|listeners?)", re.IGNORECASE)
_READING_TIME_RE = re.compile(r"\d+\s+min(ute)?s?\s+read", re.IGNORECASE)
_NAME_YEARS_RE = re.compile(r"(.{3,60}?)\s*[-–—,(]\s*(?:b\.\s*)?\d{4}\s*[-–—]\s*(?:\d{4})?\)?")
_DATE_BY_RE = re.compile(r"(.{6,30}?\d{4})\s*(?:[·•|–—-]\s*)?by\s+(@?[\w][\w .'’-]{0,40})", re.IGNORECASE)
_DATED_BY_RE = re.compile(r"(?:authored|created|posted|published|written|updated|uploaded|submitted)\b.*?\bby (@?[\w][\w .'’-]{0,40})",
                          re.IGNORECASE)
_POST_BY_RE = re.compile(r"(?:post|posted|submitted|shared) by (@?[\w.-]+(?: (?-i:[A-Z])[\w.'’-]+){0,2})\s*(?:[»|·•–-]|on\b|at\b)",
                         re.IGNORECASE)


# What a video or a track page adds to the piece's own title: "Overfitting (Official Lyric Video)".
_RELEASE_SUFFIX_RE = re.compile(
    r"\s*[(\[](?:(?:official\s+)?(?:music\s+|lyric\s+)?(?:video|audio|visuali[sz]er|lyrics?)(?:\s+video)?"
    r"|poem|song)[)\]]\s*$",  # and a wiki's "(poem)"
    re.IGNORECASE,
)


def without_release_suffix(title: str) -> str:
    """A title without "(Official Video)", "[Lyric Video]", "(Audio)" and the like."""
    return _RELEASE_SUFFIX_RE.sub("", title).strip() or title


_TRAILING_SMALL_WORDS = frozenset("in on by of from with for to at and or the a an".split())


def looks_like_title(line: str) -> bool:
    """Short, no sentence end, and its longer words capitalised ("Notes on a Loss Curve")."""
    text = line.strip()
    if not text or len(text) > 80 or text.endswith((":", ";", ",", "!", "?")) or is_chrome(text):
        return False
    if text.endswith(".") and not re.search(r"\b(?:[A-Z]\.){1,3}$|\b(?:Jr|Sr|St|No|Vol|Pt)\.$", text):
        return False  # a sentence; "… at 4 A.M." and "Vol." end a title
    if text.rsplit(None, 1)[-1] in _TRAILING_SMALL_WORDS:
        return False  # a label waiting for what follows it: "Published in", "Track 2 on", "Written by"
    long_words = [word for word in re.findall(r"[^\W\d_][\w'’-]*", text) if len(word) > 3]
    return bool(long_words) and sum(word[0].isupper() for word in long_words) * 3 >= len(long_words) * 2


def looks_like_name(line: str) -> bool:
    """A person's or a band's name: one to four capitalised words, no punctuation but a dot."""
    return _is_name(line)


def _is_name(line: str) -> bool:
    words = line.strip().split()  # a nickname in quotes counts: Sam "Slow Lr" Baker; so does "Quill & Feather"
    return 1 <= len(words) <= 4 and all(w.strip("\"“”'‘’")[:1].isupper() or (w == "&" and 0 < k < len(words) - 1)
                                        for k, w in enumerate(words)) and not re.search(r"[,;:!?]", line)


def _harvest(chrome: Chrome, lines: Sequence[str], body: str = "", owners: str = "") -> None:
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
        if _BREADCRUMB_RE.fullmatch(text):
            # "Home › Artists › Null Hypothesis › Overfit Anthem": the last item is the page's subject.
            last = re.split(r"\s[›>»/]\s", text)[-1].strip()
            if looks_like_title(last):
                named_title = named_title or last
            continue
        if (lived := _NAME_YEARS_RE.fullmatch(text)) and _is_name(lived.group(1)):
            chrome.author = chrome.author or lived.group(1)  # "Hal Brenner - 1979-"
            continue
        if (date_by := _DATE_BY_RE.fullmatch(text)) and parse_date(date_by.group(1)):
            # "June 3, 2025 by Avery Quinn"
            chrome.written = chrome.written or parse_date(date_by.group(1))
            chrome.author = chrome.author or date_by.group(2).strip()
            continue
        if (dated_by := _DATED_BY_RE.fullmatch(text)) and _is_name(dated_by.group(1).lstrip("@").replace("_", " ").title()):
            # "Authored 1 month ago by Rosa Lind"
            chrome.author = chrome.author or dated_by.group(1).lstrip("@")
            chrome.written = chrome.written or parse_date(text)
            continue
        previous = texts[i - 1] if i else ""
        items = [item.strip() for item in _LINK_ROW_SPLIT.split(text) if item.strip()]
        if len(items) >= 2 and is_chrome(text):
            # A row of facts about the post: "June 30, 2025 · 6 min read · by Oren Hale"
            dated = any(date_line(item) for item in items)
            for item in items:
                chrome.written = chrome.written or date_line(item)
                if (by := _BYLINE_RE.fullmatch(item)) and _is_name(by.group(1).lstrip("@")):
                    chrome.author = chrome.author or by.group(1).lstrip("@")
                elif dated and _is_name(item) and not is_chrome(item) and len(item.split()) >= 2:
                    chrome.author = chrome.author or item  # "March 12, 2026 · 2 min · 423 words · Ada Lindqvist"
        if (owned := re.fullmatch(r"([\w.-]+)/[\w.-]+\.(?:md|txt|markdown)", text)) and not chrome.author:
            chrome.author = owned.group(1)  # a gist's "treyes-sings/README.md": its owner
            continue
        if _BARE_HANDLE_RE.fullmatch(text) and (looks_like_title(following) or looks_like_title(previous)):
            chrome.author = chrome.author or text  # "kernel_trick" above "Support Vector Serenade"
            continue
        if (credit := _FROM_BY_RE.fullmatch(text)) and _is_name(credit.group(1)):
            chrome.author = chrome.author or credit.group(1)  # "from Small Weights by Ines Varga"
            if i and not is_chrome(texts[i - 1]) and looks_like_title(texts[i - 1]):
                named_title = named_title or texts[i - 1]
            continue
        if posted := _POST_BY_RE.match(text):
            chrome.author = chrome.author or posted.group(1).lstrip("@")
            chrome.written = chrome.written or parse_date(text)
            continue
        if (piece_by := TITLE_BY_RE.fullmatch(text)) and looks_like_title(piece_by.group(1)):
            # "The Long Tail Of The Loss Poem by Anneke Vos": the page naming the piece and its poet
            named_title = named_title or piece_by.group(1)
            chrome.author = chrome.author or piece_by.group(2)
            continue
        if (of_by := _LYRICS_OF_BY_RE.fullmatch(text)) and len(of_by.group(1)) <= 80 and (of_by.group(2) or looks_like_title(
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
        if (heading := lyrics_heading(text)) and not _ui_only(text) and looks_like_title(heading):
            if quoted := _QUOTED_RE.fullmatch(following):
                # 'THE REGULARIZERS LYRICS' / '"L2 Love Song"': the artist's heading, then the song
                chrome.title, chrome.titled_by_heading = quoted.group(1), True
                chrome.author = chrome.author or heading
                continue
            # The last, nearest the piece (not a menu's "Random Lyrics"), unless a breadcrumb ("Home / X Lyrics")
            if not chrome.title or chrome.titled_by_heading and not re.search(r"\s[/»›>]\s", text):
                chrome.title, chrome.titled_by_heading = heading, True
            if following and following != heading and _is_name(following) and not is_chrome(following):
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
        if (dated := _DATED_RE.fullmatch(text)) and parse_date(dated.group(1)):
            chrome.written = chrome.written or parse_date(dated.group(1))
            continue
        if DATE_RE.fullmatch(re.sub(r"\s*\((?:edited|updated)\)$", "", text)):  # "Mar 8th, 2026 (edited)"
            chrome.written = chrome.written or parse_date(text)
            continue
        if handle := _HANDLE_RE.fullmatch(text):
            # "Title / Display Name / @handle" or "Title / @handle": the name beats the handle.
            before = [t if not is_chrome(t) and looks_like_title(t) else "" for t in texts[max(0, i - 2) : i]]
            before = [""] * (2 - len(before)) + before
            by_label = i >= 2 and texts[i - 2].casefold().endswith(" by") and _is_name(texts[i - 1])
            if by_label:  # "Authored 2 months ago by" / "Mira Okafor" / "@mokafor"
                chrome.author = chrome.author or texts[i - 1]
                titles = [t for t in titles if t[1] != texts[i - 1]]
            elif before[0] and before[1] and _is_name(before[1]):
                named_title = named_title or before[0]
                chrome.author = chrome.author or before[1]
                titles = [t for t in titles if t[1] != before[1]]
            elif before[1]:
                named_title = named_title or before[1]
            chrome.author = chrome.author or handle.group(1)
            continue
        if (byline := _BYLINE_RE.fullmatch(text)) and (
            _is_name(byline.group(1).lstrip("@")) or _HANDLE_RE.fullmatch(byline.group(1).strip())
            or "u/" in text  # a forum's "Posted by u/name"
            or re.fullmatch(r"[\w.-]{3,30}", byline.group(1).strip())  # "by fernhollow": an account name
        ):
            chrome.author = chrome.author or byline.group(1).lstrip("@")
            # "Embedding Space / By Mara Quill": the title stands right above its byline.
            if i and not is_chrome(texts[i - 1]) and looks_like_title(texts[i - 1]):
                named_title = named_title or texts[i - 1]
            continue
        if text.casefold().endswith(" by") and _is_name(following) and not is_chrome(following) and not (
                _MADE_NOT_WRITTEN_RE.match(text)):
            # "Created by" / "Ines Varga", "Authored 3 weeks ago by" / "Marek Oyelaran" (not "Produced by" / …)
            chrome.author = chrome.author or following
            continue
        if (comment := _COMMENT_HEAD_RE.fullmatch(text)) and not chrome.author and "|" in text:
            chrome.author = comment.group(1)  # the thread's comment the piece is posted in
            continue
        if is_chrome(text):
            continue
        if previous and re.fullmatch(r"[a-z][\w.-]{2,30}", text) and not _ui_only(text) and not chrome.author and (
                _RELATIVE_TIME_RE.fullmatch(previous) or DATE_RE.fullmatch(previous)):
            chrome.author = text  # a poster's account name under the post's time: "2 days ago" / "quietlossfunction"
            continue
        if DATE_RE.fullmatch(previous) and len(text.split()) >= 2 and _is_name(text) and not is_chrome(text) and (
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
        if not previous.casefold().endswith(" by") and not re.fullmatch(_COUNT, previous, re.IGNORECASE) and (
                _is_name(text) or re.fullmatch(r"[a-z][\w.-]{2,30}", text) and not _ui_only(text)) and not is_field_label(
                text) and (
                DATE_RE.fullmatch(following) or _MONTH_DAY_RE.fullmatch(following) or _READING_TIME_RE.fullmatch(following)
                or date_line(following) or text.islower() and _RELATIVE_TIME_RE.fullmatch(following)
                or _AUDIENCE_RE.fullmatch(following) or _ui_only(following) and "follow" in following.casefold()):
            chrome.author = chrome.author or text
            continue
        if (described := _TITLE_DESCRIBED_RE.fullmatch(text)) and looks_like_title(described.group(1)):
            titles.append((block_of[i], described.group(1)))  # "Warmup Steps — lyric table for the session"
            positions.append(i)
        elif looks_like_title(without_release_suffix(text)) and not _known_field(text.strip("*_ ")):
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
                                if 0 < at < len(texts) - 1 and is_chrome(texts[at - 1]) and not _is_name(text)
                                and _names_an_artist(texts[at + 1])), None)
            if over_artist is not None:
                nearest = texts[over_artist]
                chrome.author = chrome.author or texts[over_artist + 1]
        nearest = best or nearest
        at = next((i for i, (_, text) in zip(positions, titles) if text == nearest), 0)
        under = texts[at + 1] if best and 0 < at < len(texts) - 1 else ""
        if not chrome.author and under and _is_name(under) and not under.isupper() and not is_chrome(under) and not is_field_label(under) and (
                not any(lyrics_heading(text) == under for text in texts)):
            chrome.author = under  # "Dropout (Leave Me Out)" / "Kestrel Vance": the artist under the title
        if not chrome.author and 0 < at < len(texts) - 1 and _beside_the_title(texts[at + 1]) and (
                _is_name(texts[at - 1]) and not is_chrome(texts[at - 1])) and texts.count(texts[at - 1]) > 1:
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
                    _known_field(text) or _is_name(text) or _BARE_HANDLE_RE.fullmatch(text)):
                nearest = text
                break
    if len(texts) >= 3 and _names_an_artist(texts[-1]) and (
            not is_chrome(texts[-2]) and len(texts[-2].split()) <= 10 and not re.search(r"[.!?:]$", texts[-2])
            and not _is_name(texts[-2]) and is_chrome(texts[-3])):
        # The header's last two lines, under its buttons: the piece's title, as its author wrote it
        # ("overfitting, a love note"), and the author ("Noor Halloway").
        named_title = named_title or texts[-2]
        chrome.author = chrome.author or texts[-1]
    if not chrome.title and named_title:
        # The line above a byline or a handle is the page naming the piece, as a heading does.
        chrome.title, chrome.titled_by_heading = named_title, True
    chrome.title = chrome.title or nearest
    if chrome.title and not chrome.author:
        # The title's own line elsewhere in the header, its artist under it ("Temperature Zero" /
        # "Mira Oduya" above a glued "6 ContributorsTemperature Zero Lyrics")
        chrome.author = next((texts[i + 1] for i in range(len(texts) - 1) if texts[i] == chrome.title
                              and _names_an_artist(texts[i + 1])), "")


def _names_an_artist(text: str) -> bool:
    """A line under a title that names its artist or author: a name of two words or more,
    not a button, not a field's label ("Halden Reyes", "Mira Oduya")."""
    return len(text.split()) >= 2 and _is_name(text) and not is_chrome(text) and not is_field_label(text)


def shown_twice(text: str, following: str) -> bool:
    """A name shown twice in a row: a profile picture's label, then the name ("Priya Ramanathan"
    / "Priya Ramanathan"), which names the author."""
    return following == text and _is_name(text) and not is_field_label(text)


def _known_fields_within(lines: Sequence[str], first: int, close: int | None) -> bool:
    """Whether a front matter's lines (``first`` to ``close``) name one of the piece's fields."""
    return close is not None and any(_known_field(line.strip()) or is_field_label(line.strip().rstrip(":"))
                                      for line in lines[first + 1 : close])


def _known_field(text: str) -> bool:
    found = _FIELD_LINE_RE.fullmatch(text)
    return bool(found and " ".join(found.group(1).split()).casefold() in FIELD_NAMES)


def _beside_the_title(text: str) -> bool:
    """A line a page sets next to a piece's title: its date, its author's handle or byline."""
    return bool(DATE_RE.search(text) or _HANDLE_RE.fullmatch(text) or _BYLINE_RE.fullmatch(text) or _CREDIT_RE.fullmatch(text)
                or genre_line(text)  # a platform's "glitch-pop, shoegaze · 2:58" under the title
                or re.fullmatch(_RELATIVE_DAY, text, re.IGNORECASE))


def sung_lines(body: str) -> list[str]:
    return [" ".join(line.casefold().replace("-", " ").split()) for line in body.split("\n") if line.strip()]


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
        points, subtitled = 0, False
        for k in range(position + 1, min(position + 4, len(texts))):
            if _beside_the_title(texts[k]):
                points = 2
                break
            if len(texts[k].split()) >= 5 and not is_chrome(texts[k]) and not subtitled:
                subtitled = True  # a subtitle under the title
            elif not (subtitled and _is_name(texts[k])):  # then perhaps the author's name over the date
                break
        sings_it = _sings(text, sung)
        points += 2 * sings_it
        # The piece's own heading repeats it, or the page quotes it ('"Byte Pair Lullaby" is the …')
        points += 2 * (" ".join(text.casefold().replace("-", " ").split()) in headings or any(
            f"\"{text}\"" in other or f"“{text}”" in other for other in texts))
        points += block == last_block
        # The header's last line, right above the piece, under a line of the page: its heading.
        points += 2 * (position == len(texts) - 1 and position > 0 and is_chrome(texts[position - 1])
                       and not (len(text.split()) > 1 and _is_name(text)))  # (not its artist's name)
        # A gist names its file after the piece: "warmup-steps.txt" under "Warmup Steps — …"
        slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")
        points += 2 * (len(slug) >= 4 and any(slug in t.casefold() and re.search(r"\.(txt|md|markdown)\b", t) for t in texts))
        # A site's name is not sung (its one word may be, in the footer's "Published on HackMD")
        points -= 3 * (position == 0 and not (sings_it and len(text.split()) > 1)) + 2 * (text == author)
        # A name in the page's copyright line is the site's or the artist's: "© 2026 Audiomack"
        points -= 3 * (len(key) >= 4 and key in owners)
        points -= 2 * is_field_label(text)  # "Genre", "Released": a label
        # … or a count's, under it: "341" / "Favorites", "9" / "Playlists"
        points -= 3 * bool(position and re.fullmatch(_COUNT, texts[position - 1], re.IGNORECASE))
        return points, block, -position  # then the block nearest the piece, and the first in it

    best = max(candidates, key=score)
    return best[1][1] if score(best)[0] > 1 else ""


_TITLE_DESCRIBED_RE = re.compile(r"(.{2,60}?)\s+[—–-]\s+(?:lyrics?|an? |the |my |song|poem|text)\b.{0,200}", re.IGNORECASE)
_OWN_LABEL_RE = re.compile(r"(?:suno )?(?:prompt|style|lyrics|song ?sheet)", re.IGNORECASE)
_HASHTAG_ROW_RE = re.compile(r"#\s?[^\W\d_][\w&'’ -]{0,30}")


def strip_chrome(lines: Sequence[str]) -> Chrome:
    """Blank the page around the piece and the ads inside it; see the module's docstring."""
    result = Chrome(lines=list(lines))
    for i, line in enumerate(lines):
        # Only a line ending in "]" can be one: the test costs a twentieth of the regex's.
        glued = line.rstrip().endswith("]") and _GLUED_MARKER_RE.fullmatch(line)
        if glued and lyrics_heading(glued.group(1)):
            _harvest(result, [glued.group(1)])
            result.dropped.append((i + 1, glued.group(1).strip()))
            result.lines[i] = glued.group(2)
    # Tags a page shows one per line ("# Synthpop" / "# darkwave"): not Markdown headings, which
    # a piece never has two of in a row.
    tagged = [bool(_HASHTAG_ROW_RE.fullmatch(line.strip())) for line in result.lines]
    for k, line in enumerate(list(result.lines)):
        if not tagged[k]:
            continue
        following = [text for text in result.lines[k + 1 : k + 8] if text.strip()][:3]
        if ((k and tagged[k - 1]) or (k + 1 < len(tagged) and tagged[k + 1])
                # or alone over the page's player and buttons ("# Folk & Singer-Songwriter" / "0:00")
                or len(following) == 3 and sum(is_chrome(text) for text in following) >= 2):
            result.dropped.append((k + 1, line.strip()))
            result.around_tags.append(line.strip().lstrip("# ").strip())
            result.lines[k] = ""
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
        else:
            break
    # A page copied in one run down to the lyrics: everything above the first marker or table
    # row is the page's when a third of it or more is chrome (three lines at least), sentences
    # about the song included; a Markdown file's headings, rules and fences are left to it.
    first_piece_line = next((i for i, line in enumerate(lines) if _PIECE_LINE_RE.fullmatch(line)), None)
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
        if _mostly_chrome(block):
            foot -= 1
        elif foot < len(blocks) and all(_is_short_label(line) and not _PIECE_LINE_RE.fullmatch(line) for line in block) and (
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
                not lines[own - 1].strip() or _known_field(lines[own - 1].strip().strip("*_ "))
                or _OWN_LABEL_RE.fullmatch(lines[own - 1].strip())):
            own -= 1
        while own < first_piece_line and not lines[own].strip():
            own += 1
        above = max((i for i in range(own) if lines[i].strip()), default=-1)
        fields = sum(_known_field(lines[i].strip().strip("*_ ")) for i in range(own, first_piece_line))
        if fields >= 2 and above in header_lines and looks_like_title(lines[above]):
            header_lines = [i for i in header_lines if not above <= i < first_piece_line]  # with its title
    # A header block may run straight into the piece with no blank line ("56K views", "Lyrics
    # below!", then the chorus): two lines or more of verse ending it are the piece's, not the page's.
    if head and ((verse := _verse_at_the_end(lines, *blocks[head - 1])) >= 2 or verse == 1 and len(
            lines[blocks[head - 1][1] - 1].split()) >= 25):  # (or a paragraph: prose's first, under the tags)
        header_lines = [i for i in header_lines if i < blocks[head - 1][1] - verse]
    # Front matter opens a file: the page's lines above it are the page's, glued to it or not
    # (a notes site's file tree above a note's "---" / "author: …" / "---").
    matter = next((i for i, line in enumerate(lines) if line.strip() == "---"), None)
    if matter and _known_fields_within(lines, matter, front_matter_end(lines, matter, strict=True)):
        header_lines = sorted(set(header_lines) | {i for i in range(matter) if lines[i].strip()})
    header_end = header_lines[-1] + 1 if header_lines else 0
    body = "\n".join(line for line in lines[header_end:] if not is_chrome(line))
    owners = " ".join(" ".join(line.casefold().split()) for line in lines if "©" in line or "copyright" in line.casefold())
    _harvest(result, lines[blocks[0][0] : header_end] if header_lines else [], body, owners)
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
                                 and not _FIELD_LINE_RE.fullmatch(lines[start].strip())):
            # (or a note's one paragraph, its comment thread glued under it)
            footer_lines = [i for i in footer_lines if i >= lead]
    # Footers carry bylines too ("Written by …"); the header's comes first.
    footer = Chrome(lines=[])
    # ("Created Dec 19, 2023" in a footer's sidebar is a community's or an account's, not the piece's.)
    _harvest(footer, [lines[i] for i in footer_lines if _BYLINE_RE.fullmatch(lines[i].strip())
                      or _POST_BY_RE.match(lines[i].strip())  # "Posted by Tomasz Wiernik at 9:42 PM"
                      or _DATED_RE.fullmatch(lines[i].strip()) and not lines[i].strip().casefold().startswith("created")])
    if footer.author and len(footer.author.split()) >= 2 and re.fullmatch(r"[\w.-]+", result.author or "-"):
        result.author = footer.author  # "By Saoirse Lund" under the piece names whom the header's "@slund" is
    result.author = result.author or footer.author
    result.written = result.written or footer.written

    drop = set(header_lines) | set(footer_lines)
    for start, stop in blocks[head:foot]:
        block = range(start, stop)
        if any(is_interruption(lines[i]) for i in list(block)[:2]) and not _sings_on(lines, block) or (
            len(block) > 1 and all(is_chrome(lines[i]) for i in block)
        ):
            drop.update(block)  # an ad, a "you might also like" list, a row of buttons
        # "You might also like" glued to a stanza's last line: it and the titles and artists it
        # lists go, up to the first line that reads as verse again.
        for k in range(start + 1, stop):
            if _opens_annotation(lines[k]) and k not in drop and any(_PIECE_LINE_RE.fullmatch(line) for line in lines[stop:]):
                drop.update(range(k, stop))  # (after the last section it is the page after the piece)
                continue
            if is_interruption(lines[k]) and k not in drop and not _sings_on(lines, block):
                drop.add(k)
                j = k + 1
                while j < stop and (is_chrome(lines[j]) or _is_short_label(lines[j].replace("&", " "))
                                    or looks_like_title(lines[j]) and not _reads_as_verse(lines[j])):
                    drop.add(j)
                    j += 1
    kept = [i for start, stop in blocks[head:foot] for i in range(start, stop) if i not in drop]
    # Before the piece starts (its first marker, table row, heading or two lines of verse
    # running), a line of chrome is chrome even among other lines; so is one at the very end.
    piece_start = len(lines)
    for position, i in enumerate(kept):
        following = kept[position + 1] if position + 1 < len(kept) else None
        if _PIECE_LINE_RE.fullmatch(lines[i]) or (
            following == i + 1 and not is_chrome(lines[i]) and not is_chrome(lines[following])
        ):
            piece_start = i
            break
        if is_chrome(lines[i]):
            drop.add(i)
            # A lyrics site's heading right above the lyrics ("Attention Is All Lyrics") is the
            # site naming the piece: it beats a title guessed from the header's lines.
            if (heading := lyrics_heading(lines[i].strip())) and looks_like_title(heading):
                result.title, result.titled_by_heading = heading, True
            elif (of_by := _LYRICS_OF_BY_RE.fullmatch(lines[i].strip())) and of_by.group(2) and len(of_by.group(1)) <= 80:
                # "Lyrics of Recommended For You by Calla Moreau" right above the lyrics
                result.title, result.titled_by_heading = of_by.group(1), True
                result.author = result.author or (of_by.group(2) or "").strip()
    # What the lines dropped before the piece say of it (an artist under a lyrics heading, a
    # date), when the header run said nothing: a page may have no header run of its own.
    before = Chrome(lines=[])
    _harvest(before, lines[blocks[head][0] if head < len(blocks) else 0 : piece_start])
    result.author = result.author or before.author
    result.written = result.written or before.written
    # The line right above the first marker, when it is a lyrics heading ("Vanishing Gradient
    # (lyrics)"), names the piece even when other lines of the page stand above it.
    first_marker = next((i for i in kept if i not in drop and _PIECE_LINE_RE.fullmatch(lines[i])), None)
    above = [i for i in kept if i not in drop and first_marker is not None and first_marker - 3 <= i < first_marker]
    if above and (heading := lyrics_heading(lines[above[-1]].strip())) and looks_like_title(heading):
        result.title, result.titled_by_heading = heading, True
        drop.add(above[-1])
    # At the very end, the footer may follow the piece with no blank line: take in chrome, and
    # a short line with chrome just above it (a footer's "Tags", "Credits", "Q&A"), upwards.
    kept_set, footer_run, tail = set(kept), 0, set()
    for position in range(len(kept) - 1, -1, -1):
        i = kept[position]
        if position and _PIECE_LINE_RE.fullmatch(lines[kept[position - 1]]) and not is_chrome(lines[i]):
            break  # a section keeps its first line ("[Outro]" / "Squawk")
        if not is_chrome(lines[i]):
            above = [j for j in range(max(0, i - FOOTER_REACH), i) if j in kept_set and j not in drop]
            text = lines[i].strip()
            short = len(text.split()) <= 12 and not text.endswith((",", ";")) and not _PIECE_LINE_RE.fullmatch(text)
            # (A one-word last line glued to a footer, "Goodnight" above "Share", "Like", is taken
            # for the footer's label too, and listed: a page's glued footer labels are the commoner.)
            label_in_footer = footer_run >= 2 and _is_short_label(text.replace("&", " "))
            # A comment in a thread: its poster's name and "1 week ago" above it, "14" / "Reply" below.
            comment = footer_run >= 2 and 0 < i < len(lines) - 1 and is_chrome(lines[i - 1]) and is_chrome(lines[i + 1])
            if not (short and any(is_chrome(lines[j]) for j in above)) and not label_in_footer and not comment:
                break
        drop.add(i)
        tail.add(i)
        footer_run += 1
    # The page after the piece is judged with the page's lines just taken off below it still in
    # view (the footer run, a comment's time and "Reply"): they show that the lines among them
    # are the page's too ("Produced & mixed by …", a commenter's name).
    last_marker = max((i for i in kept if i not in drop and _PIECE_LINE_RE.fullmatch(lines[i])), default=-1)
    cut = page_after_piece([line if i not in drop or i > last_marker and i in kept_set and is_chrome(line) or i in tail
                            and is_chrome(line) else "" for i, line in enumerate(lines)])
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
                       if (found := _POST_BY_RE.match(text)) and text.casefold().startswith("posted")), "")
        result.author = result.author or signed
    kept_lines = [i for i, line in enumerate(result.lines) if line.strip()]
    first_kept, last_kept = (kept_lines[0], kept_lines[-1]) if kept_lines else (len(lines), -1)
    result.around_piece = [(number, text) for number, text in result.dropped
                           if number - 1 < first_kept or number - 1 > last_kept]
    result.piece_starts = first_kept + 1
    _now_playing(result, last_kept)
    return result


def _now_playing(result: Chrome, last_kept: int) -> None:
    """A web player names the song only in its bar under the lyrics ("Next Token" / "Marrow &
    Mesh • Sampling Season • 2026" / "0:00 / 3:41"): a title there that the song sings, over
    its artist's row or the player, beats a header's title that it does not sing."""
    sung = sung_lines("\n".join(line for line in result.lines if not _PIECE_LINE_RE.fullmatch(line)))
    if result.titled_by_heading or result.title and _sings(result.title, sung):
        return
    below = [text for number, text in result.around_piece if number - 1 > last_kept]
    for k, text in enumerate(below[:-1]):
        following = below[k + 1]
        items = [item.strip() for item in _LINK_ROW_SPLIT.split(following) if item.strip()]
        facts = len(items) >= 2 and bool(re.fullmatch(r"\d{4}", items[-1]) or DATE_RE.search(following))
        if looks_like_title(text) and _sings(text, sung) and (facts or _CHROME_RE.fullmatch(following)):
            result.title, result.titled_by_heading = text, False
            if facts and len(items[0].split()) <= 4 and not result.author:
                result.author = items[0]  # the artist, first in the row
            return


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
_FIELD_LINE_RE = re.compile(r"\*{0,2}([^\W\d_][\w '’]{0,25}?)(?:\(s\))?(?::\*{0,2}|\*{2}:)\s*(.*)")  # "Tempo: 96 BPM", "Writer(s): …"
# Fields a page cites a piece with: not the piece's metadata, never its verse.
CITATION_FIELDS = frozenset({"source", "via", "credit", "credits", "first published", "originally published",
                             "license", "licence", "image", "photo", "translated by", "copyright"})
_LOWER_LABEL_RE = re.compile(r"[a-z][a-z'’-]*(?: [a-z][a-z'’-]*){0,2}")  # "credits", "machine learning"
# "Mae Lindqvist – harmonica", "Hollis Grey - vocals, resonator guitar": who played what.
_ROLE_CREDIT_RE = re.compile(r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}\s+[–—-]\s+[a-z][a-z ,&/-]{1,60}")
_QUOTED_TITLE_IN_LINE_RE = re.compile(r"[\"“][A-Z][\w'’-]*(?: [A-Z&][\w'’-]*)+[\"”]")  # "Every Word Looks Back"
_MADE_WITH_RE = re.compile(r"(?i:made|created|built|generated) (?i:with|using|by|on) [A-Z][\w.-]*")  # "Made with Suno"
_CREDIT_RE = re.compile(r".{1,80}\bby (?:[A-Z@][\w.'’-]*)(?: [A-Z][\w.'’-]*){0,3}")  # "Gradient Ghosts by Epoch Nine"


def _cites(line: str) -> bool:
    """A line citing where the piece came from: "Source: Poetry (March 2026)", "Via: …"."""
    found = _FIELD_LINE_RE.fullmatch(line.strip().strip("*_").strip())
    return bool(found and found.group(2) and " ".join(found.group(1).split()).casefold() in CITATION_FIELDS)


def _after_piece_kind(line: str, after_markers: bool = True) -> str:
    """How a line after the piece reads: "page" (chrome, a metadata field, an empty label such as
    "Sort by:", a date, a title credited to someone), "label" (a few capitalised words, or a
    lone lowercase word or two: a tag, a store's "credits"; verse has such lines too) or "verse"."""
    text = line.strip().strip("*_").strip()
    field_line = _FIELD_LINE_RE.fullmatch(text)
    if (
        is_chrome(text)
        # Any "Label: value" with a short value: "Strings: Danube Fourth Quartet", "favorite track: …"
        or (field_line and (not field_line.group(2) or " ".join(field_line.group(1).split()).casefold() in
                            FIELD_NAMES.keys() | CITATION_FIELDS
                            or len(field_line.group(2).split()) <= 6 and not field_line.group(2)[:1].islower()))
        or _BARE_HANDLE_RE.fullmatch(text)  # a commenter's account name
        or (text.endswith(":") and len(text.split()) <= 12)
        or DATE_RE.search(text)
        or _CREDIT_RE.fullmatch(text)
        or _ROLE_CREDIT_RE.fullmatch(text)
        or _MADE_WITH_RE.fullmatch(text)
    ):
        return "page"
    if after_markers and (len(text.split()) > 24 or len(text.split()) <= 12 and _QUOTED_TITLE_IN_LINE_RE.search(text)):
        return "page"  # a paragraph after a song's lines; a line naming a title in quotes: 'Translations of "…"'
    if _is_short_label(text) or _LOWER_LABEL_RE.fullmatch(text) or (
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
    structural = [k for k, (_, text) in enumerate(texts) if _PIECE_LINE_RE.fullmatch(text)]
    if structural:
        start = structural[-1] + 1
    else:  # after the first block
        start = next((k for k in range(1, len(texts)) if texts[k][0] != texts[k - 1][0] + 1), len(texts))
    # A song's markers or a table's rows, not a front matter's rules: after them a long line is no
    # verse, unless the songwriter's notes follow under a "Notes" line.
    song = bool(structural) and bool(re.fullmatch(r"\s*(\[[^\]]+\]|\|.*\|)\s*", texts[structural[-1]][1])) and not any(
        NOTES_HEADING_RE.fullmatch(text.strip("#*_ ")) for _, text in texts[start:])  # (not under a note's heading)
    kinds = [_after_piece_kind(text, song) for _, text in texts[start:]]
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
