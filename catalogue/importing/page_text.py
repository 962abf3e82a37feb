"""A line of page text: what one line of a saved or copied web page is, recognised by what it
is, never by one site's wording.

Navigation and button words ("Sign in", "Share", "Download ZIP", "Show less"), counts ("1.2K",
"184", "Revisions 3", "12 Likes"), handles ("@name"), file names, timestamps ("3 weeks ago",
"Published May 1, 2026"), copyright lines, rows of footer links ("About · Privacy · Terms"),
breadcrumbs ("Home › Songs › …"), previous/next links, comment boxes ("Write a comment…") and
comment headers ("name commented Mar 9, 2026") are chrome wherever they stand (``is_chrome``).
Beside them, the shapes a page's title and names take (``looks_like_title``,
``looks_like_name``, a lyrics site's "<Title> Lyrics") and what surely belongs to a piece (a
section marker, a table row, a Markdown heading). ``chrome`` reads runs of such lines;
``page_facts`` reads what they say about the piece.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from catalogue.importing.dates import DATE_RE
from catalogue.importing.header import FIELD_NAMES, is_field_label

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
    send friend error rate article below above
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
    shuffle pause mute queue enable feedback service internet warning articles boost boosts boosted
    member members verified upvote upvotes downvote theme themes thread
    emoji keyboard relevant newest oldest answer answers request earlier older load conversation options
    """.split()
)
MAX_UI_WORDS = 4

COUNT = r"\d+(?:[.,]\d+)*\s?[kmb]?"
_COUNTED = (r"(?:revisions?|responses?|comments?|likes?|stars?|forks?|followers?|following|plays?|views?"
            r"|listens?|claps?|restacks?|shares?|repl(?:y|ies)|contributors?|embeds?|translations?|reposts?"
            r"|saves?|downloads?|subscribers?|upvotes?|votes?|reactions?|hearts?|favou?rites?|remixes?)")
# What a forum puts in brackets for a comment that is gone: not a section marker.
# (or a site's note on where the lyrics came from: "[ Lyrics from: https://… ]")
# (and a chat message's time: "[11:56 PM]")
_PAGE_BRACKETS = (r"\[(?:deleted|removed|hidden|collapsed|unavailable|score hidden|[^\]]*(?:https?://|www\.)[^\]]*"
                  r"|\d{1,2}:\d{2}\s?(?:[ap]m)?)\]")
# Who made the recording, not who wrote the piece: "Produced by …", "Mixed and mastered by …"
# (or who runs the site: "Administered by:" / "Margit Sørensen" / "@margit")
_MADE_NOT_WRITTEN = (r"(produced|mixed|mastered|arranged|performed|recorded|engineered|directed|illustrated|narrated"
                     r"|administered|moderated|hosted|maintained)")
MADE_NOT_WRITTEN_RE = re.compile(_MADE_NOT_WRITTEN, re.IGNORECASE)
# A time a page gives relative to now: "3 weeks ago", "an hour ago"; in short, "3 mo. ago", "2h", "5d"
_AGO = r"(?:\d+|a|an) (?:second|minute|hour|day|week|month|year)s? ago"
_SHORT_AGO = r"\d+\s?(?:s|secs?|m|mins?|h|hrs?|d|w|wks?|mo|mos|y|yrs?)\.?(?: ago)?"
RELATIVE_DAY = rf"{_AGO}|yesterday|today"
RELATIVE_TIME_RE = re.compile(rf"{RELATIVE_DAY}|{_SHORT_AGO}", re.IGNORECASE)
# A comment's header: its poster, its time, the thread's links ("zvezda 7 hours ago | prev | next [–]")
# … or a chat's: "marrowlight — 3/14/26, 11:48 PM", "finchwire — Today at 9:02 PM"
_CHAT_TIME = r"(?:(?:today|yesterday) at |\d{1,2}/\d{1,2}/\d{2,4},? )\d{1,2}:\d{2}\s?(?:[ap]m)?"
_COMMENT_HEAD = rf"(@?[\w.-]{{1,40}})(?: {_AGO}\b.{{0,60}}| [—–-] {_CHAT_TIME})"
COMMENT_HEAD_RE = re.compile(_COMMENT_HEAD, re.IGNORECASE)
CHAT_HEAD_RE = re.compile(rf"(@?[\w.-]{{1,40}}) [—–-] ({_CHAT_TIME})", re.IGNORECASE)
# Any comment's header on its own line: "kat commented Mar 9, 2026", "Anonymous said...", the above
_COMMENT_LINE = (r"(?:[\w.-]{1,40} (?:commented|replied)(?: on)? (?:[^\d]{0,20}\d.{0,15}|(?:last|this) \w+|yesterday|today)"
                 rf"|[\w .'’-]{{1,40}} (?:said|says|wrote)(?:\.\.\.|…|:)|{_COMMENT_HEAD})")
COMMENT_LINE_RE = re.compile(_COMMENT_LINE, re.IGNORECASE)
_HANDLE = r"@([\w.-]+)(?:@[\w-]+(?:\.[\w-]+)+)?"  # "@name", "@name@server.town"
HANDLE_RE = re.compile(_HANDLE)
_POST_COUNTER = r"\(?\d{1,2}/\d{1,2}\)?"  # "3/7": a post's place in its thread
POST_COUNTER_RE = re.compile(_POST_COUNTER)
# A date with no year, as a page shows this year's: "Mar 3", "March 3rd"; or with no day, "Feb 2026"
_MONTH_DAY = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? (\d{1,2}(st|nd|rd|th)?|\d{4})"
MONTH_DAY_RE = re.compile(_MONTH_DAY, re.IGNORECASE)
_CHROME_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{COUNT}",  # 184, 1.2K, 8.6K
        r"[$#№]\d{3,}|[a-z]+( [a-z]+)? (id|no\.|#):? ?[\w-]*\d{3}[\w-]*",  # "$4821937", "Snippet ID: 4821937"
        rf"{COUNT}\s*[a-z]+",  # "12 Likes", "312 followers", "5 min" (read), "27Embed"
        # "Revisions 3", "Responses (18)": only a word that counts something on a page, so that
        # "Song Number 3", "Part 2" or "Chapter 1" stay titles and lines.
        rf"(?:[a-z]+ )?{_COUNTED}\s\(?{COUNT}\)?",
        r"\d+\s+min(ute)?s?\s+read",
        r"\d{1,2}:\d{2}(:\d{2})?",  # a duration on its own: another track's, in a list
        r"\d{1,2}:\d{2}(:\d{2})? ?/ ?\d{1,2}:\d{2}(:\d{2})?",  # a player's position and length: "0:00 / 3:52"
        r"\d{1,2}:\d{2}(:\d{2})?\s+[-–—]?\s*\S.{0,50}|chapters:?",  # a video's chapters: "1:08 Second stanza"
        _HANDLE,  # a handle on its own, or a fediverse one: "@name@server.town"
        r"v\d+(\.\d+)*",  # a version badge
        _POST_COUNTER,  # a thread's post counter on its own line: "2/4"
        r"[·•∙|\-–—]{1,3}",  # a separator on its own line: "·", "--"
        r"[-–—]\s*\d{1,3}\s*[-–—]|page \d{1,3}( of \d{1,3})?",  # a page number: "— 2 —", "Page 3 of 9"
        r"[·•∙|]\s*\S.{0,20}",  # a badge after a separator: "∙ Paid"
        r"[\w.-]+/[\w.-]+",  # owner/file.md
        r"[\w-]+\.(md|txt|markdown|text)( \d+(\.\d+)? ?[kmg]i?b)?",  # a file name, perhaps with its size
        r"(©|℗|\(c\)|\(p\) \d{4}|copyright\b).*",  # (℗: the recording's copyright, "℗ 2026 Low Tide")
        r"skip to (main )?content",
        r"(sign|log) (in|up|out) (to|for) [^,;]{1,30}",  # "Sign in to comment", "Sign up for free"
        r"(you must be|please,?|you) (signed|logged|sign|log) (in|up|out)\b.{0,80}|.{0,80}\breload to refresh\b.*",
        r"dismiss( alert)?|copy (sharable |shareable )?link.{0,40}|clone (using|via) .{0,40}|embed this \w+ .{0,40}",
        r"learn more( about [\w ]{1,40})?|(select|choose) an? (option|format|language)",  # a widget's help and picker
        r"(photo|image|illustration|picture|artwork|cover( art)?) (by|via|from|courtesy of) [^.]{1,60}",  # "Photo by X on Unsplash"
        # A lyrics site's calls to contribute and its Q&A prompts: "Sign up and drop some knowledge",
        # "Have the inside scoop on this song?", 'Who produced “Cold Start” by Ines Varga?'
        r"(sign|log) (up|in) (and|to) [^.,;]{1,40}|(have|got) the inside scoop\b.{0,40}|ask us a question\b.{0,40}",
        r"(who|when|what|where|how) \w+( \w+)? [\"“][^\"”]{1,60}[\"”]( by [^?]{1,40})?\s*\?",
        r"[.…]*\s*((show|read|see|view) (more|less)|(see|view) all( \d+)?( \w+)?)",
        r"(show|see|view|read) (the )?(full|all|whole|entire) \w+|signed in as\b.{0,40}",  # "Show full lyrics"
        r"more (from|by) @?\S+( \S+){0,3}|more .{1,40} lyrics",
        # "More Poems by Mara Quill", "See All Poems by this Poet": lists of the author's other pieces
        r"(more|see all|view all) (\w+ ){1,2}(from|by) .{1,40}",
        r"(more (\w+ ){0,2})?you (might|may)( also)? (like|enjoy)|advertisement|sponsored|recommended( for you)?"
        r"|related( posts| songs| poems| stories| articles| tracks)?|up next",
        r".{0,60}\ball rights reserved\b.{0,40}",
        # A credit that names who made the recording, not who wrote the piece ("Produced by …").
        # (and where: "Recorded and mixed by Inês Cardoso at Estúdio Sete Colinas")
        _MADE_NOT_WRITTEN + r"( and \w+)? by (?-i:[A-Z@][\w.'’-]*(?: (?:[A-Z&][\w.'’-]*|and|of|the))*)"  # a name, not "by the wind"
        r"( (at|in) (?-i:[A-Z])[^.!?]{1,60})?",
        r"[«‹←].*|.*[»›→]",  # previous/next navigation
        r"(previous|next)( post| song| story| page| article| track)?(:.*)?",
        r"(write|type|add|leave|enter) (a |your )?(comment|reply|response|email|message)\b[^,;]{0,20}",
        r"a/n:.{0,300}|"  # a web-fiction author's note to readers: "A/N: thank you for 2k reads!!"
        r"what are your thoughts\??|discuss(ion)?( this( post)?)?\s*(\.\.\.|…)",
        _COMMENT_LINE,
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
        r".{1,80}\s[-–—]\s(single|ep)",  # a release in a list: "Beam Me Home - Single", "Tokens in the Rain - EP"
        # A release's size: "1 song, 4 minutes", "12 songs, 48 min", "9 tracks · 41:05"
        rf"\d+ (songs?|tracks?|episodes?|poems?|chapters?|parts?)(\s*[,·•|]\s*({COUNT}\s*(hours?|hr|minutes?|min)\s*)+|\s*[,·•|]\s*\d{{1,2}}:\d{{2}}(:\d{{2}})?)?",
        r"(found|see|spot(ted)?|report) an? (error|mistake|typo)\b.{0,40}",
        r"(posted|filed|categori[sz]ed) (in|under|as) .{1,60}|tagged:? .{1,80}|categor(y|ies):? .{1,60}",  # a post's filing
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
        r"(?:hashtag)?#[^\s#][^#]{0,40}(\s+(?:hashtag)?#[^\s#][^#]{0,40})+",  # a row of hashtags: "#poetry #backprop"
        r".{1,60} and \d[\d,.]*[km]? others?",  # who reacted: "Daniel Ferreira and 186 others"
        r"(this page|it) was last (edited|modified|updated) .*",
        r"ask me (anything|a question)",  # a blog's ask box
        r"\[\d{1,2}:\d{2}\s?(?:[ap]m)?\]",  # a chat message's time alone: "[11:56 PM]"
        r"(?:.{0,80}[.!] )?become an? (?:member|patron|supporter|subscriber)[.!]?",  # a site's banner
        r".{1,80} is a reader-supported publication\..{0,160}",  # a newsletter's subscribe box
        # A page's own navigation headings: "Links to this page", "On this page", "Interactive graph"
        r"(links to|on|in) this (page|note|post|article)|backlinks|interactive graph|table of contents",
        r"from (the )?.{1,40}, the free (online )?encyclopedia",  # a wiki's tagline
        r"see also|references|further reading|external links|notes and references",  # a wiki's last headings
        r"\{[.#:][\w -]+\}",  # a Markdown attribute list on its own line: "{.is-info}"
        r".{0,60}\(opens in (a )?new (window|tab)\)( \w+){0,2}|like loading\.*",  # a blog's share buttons
        r"in [\"“][^\"“”]{1,40}[\"”]",  # a related post's category: 'In "Essays"'
        # A post's notes on a social blog: "ewc-enjoyer reblogged this from lanternfish-ml and added:"
        r"@?[\w.-]{2,40} (liked|reblogged|reposted|posted|shared|boosted|favou?rited) this( from @?[\w.-]+)?( and added:?)?",
        r"(theme|design|template|layout)( designed| made)? by .{1,40}",  # "theme by glenthemes"
        r"follow [\w .'’-]{1,30}:|[\w .'’-]{1,30}:\s*https?://\S+|https?://\S+",  # "Follow Hallie:", "Instagram: https://…"
        r"(?-i:X)",  # the share button of the site once called Twitter
        r">?\s*this (page|article|wiki|site|post) (is|was|has been) (maintained|edited|managed|run|archived|protected|"
        r"reproduced|mirrored|imported)\b.*",  # a wiki's notice
        r".{0,80}\b(available|licensed|published) under (the |a )?.{0,60}licen[cs]e.*",
        # A forum's score and its sorting: "163 points (96% upvoted)", "[–]name 58 points 2 days ago", "sorted by: best"
        r".{0,60}\b\d[\d,.]*\s?k? (points?|upvotes?|votes?|karma)\b.{0,60}|sort(ed)? by:? \w+( \w+)?",
        r"(this|the) (post|thread|story|topic) was (submitted|posted|created|published) (on|at) .{1,40}",
        # A forum post's facts: "418 views 31 likes 2 links 5 users", "read 3 min", "Mar 3" (this year)
        rf"(?:{COUNT}\s?[a-z]+\s*){{2,}}|read \d+ min(ute)?s?|you have selected \d+ \w+\.?",
        _MONTH_DAY,
        rf"{_PAGE_BRACKETS}.{{0,60}}",
        # A consent banner: "By clicking Continue …, you agree to …'s User Agreement, Privacy Policy …"
        r".{0,100}\b(you agree to|we use cookies|accept (all )?cookies|cookie (policy|settings|preferences))\b.*",
        # A sign-in box: "New to LinkedIn? Join now", "Forgot password?", "Email or phone"
        r"(new (here|to [^?]{1,30})|not a member( yet)?|don.?t have an account( yet)?)\?\s*((join|sign|register|create)\b.*)?"
        r"|forgot (your )?password\??|(email|username)( or (phone|email|username))?|password",
    )
]
BREADCRUMB_RE = re.compile(r"[^›>»/]{1,40}(\s[›>»/]\s[^›>»/]{1,40}){2,}")  # "Site › Artist › Song"
_CHROME_RES.append(BREADCRUMB_RE)
# One pattern, one match per line: a page has hundreds of lines and a file thousands.
CHROME_RE = re.compile("|".join(f"(?:{p.pattern})" for p in _CHROME_RES), re.IGNORECASE)
MAX_CHROME_CHARS = 240  # longer than this, a line is a paragraph, whatever words it starts with
LINK_ROW_SPLIT = re.compile(r"\s*[·•∙|]\s*|\s{2,}")
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def ui_only(text: str, max_words: int = MAX_UI_WORDS) -> bool:
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
    if not text or len(text) > MAX_CHROME_CHARS or PIECE_LINE_RE.fullmatch(line):
        return False
    if ui_only(text, 8) or CHROME_RE.fullmatch(text) or not re.search(r"[^\W_]", text):
        return True  # (a line of symbols alone, "⬇️", "★★★", is page furniture too)
    # A row of footer links: "About · Privacy · Terms", "About   Contact   Privacy Policy"
    items = [item for item in LINK_ROW_SPLIT.split(text) if item]
    if len(items) == 2 and all(CHROME_RE.fullmatch(item) or DATE_RE.fullmatch(item) for item in items):
        return True  # "21,604 views  Nov 2, 2025"
    if len(items) >= 3 and sum(bool(CHROME_RE.fullmatch(item) or DATE_RE.fullmatch(item)) for item in items) * 2 > len(items):
        return True  # a row of facts: "2024 · Feature Creep · 3:05 · 1,204,331", "June 30, 2025 · 6 min read · by …"
    if len(items) >= 3 and all(len(item.split()) <= 4 for item in items):
        return sum(ui_only(item, 4) for item in items) * 2 >= len(items)
    if len(items) == 2 and all(ui_only(item, 2) for item in items):  # "Login | Register"
        return True
    if (heading := lyrics_heading(text)) and looks_like_title(heading):
        return True  # a lyrics site's heading: "Early Stopping Lyrics"
    return bool(DATE_RE.fullmatch(text))  # a date on its own line: a post's or a comment's


def is_interruption(line: str) -> bool:
    """A line that opens an ad or a list of other pieces inside the piece ("— Advertisement —")."""
    return bool(_INTERRUPTION_RE.fullmatch(line.strip().strip("—–-*_:· ").casefold()))


_INTERRUPTION_RE = re.compile(r"(you )?(might|may) also like|advertisement|sponsored|related( posts| songs)?")


# A line that is surely part of a piece: a section marker, a table row, a Markdown heading.
PIECE_LINE_RE = re.compile(rf"\s*((?!{_PAGE_BRACKETS})\[[^\]]+\]|\|.*\||#{{1,6}}\s+\S.*|```.*|---)\s*", re.IGNORECASE)
MARKER_LINE_RE = re.compile(r"\s*(\[[^\]]+\]|#{1,2}\s+\S.*)\s*")  # a section marker, a Markdown title


def without_parenthesis(text: str) -> str:
    """A name without what a site adds after it, in brackets or after a wide space: "Juno Tal
    (29/F/Porto)" → "Juno Tal", "Sabine Achterberg  34/F/Rotterdam" → "Sabine Achterberg"."""
    return re.sub(r"\s*\([^()]*\)$|\s{2,}\S.*$", "", text.strip())


def is_short_label(line: str) -> bool:
    """A tag, a name or a title of another piece: at most four words, no sentence punctuation,
    every longer word capitalised ("Deep Learning"). Verse rarely capitalises every word."""
    text = line.strip()
    if not 0 < len(text.split()) <= 4 or re.search(r"[,;:.!?()\[\]\"“”]", text):
        return False
    return all(word[0].isupper() for word in text.split() if len(word) > 3)


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
_TRAILING_SMALL_WORDS = frozenset("in on by of from with for to at and or the a an".split())


# A poem's dedication or epigraph's credit under its title: "for my grandmother, whose name …",
# "for R. O., 1951–2024", "after Rilke", "in memory of …".
DEDICATION_RE = re.compile(r"(?:for|after|in memory of|in memoriam|i\.m\.)\s+\S.{0,120}")


def is_dedication(line: str) -> bool:
    text = line.strip().strip("*_").strip()
    # (not a menu's "For Artists"; a dedication may date whom it remembers, as a poet's lifespan is)
    return bool(DEDICATION_RE.fullmatch(text)) and not text.endswith((":", "?", "!")) and not ui_only(text)


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
    words = line.strip().split()  # a nickname in quotes counts: Sam "Slow Lr" Baker; so does "Quill & Feather"
    return 1 <= len(words) <= 4 and all(w.strip("\"“”'‘’")[:1].isupper() or (w == "&" and 0 < k < len(words) - 1)
                                        for k, w in enumerate(words)) and not re.search(r"[,;:!?]", line)


def known_fields_within(lines: Sequence[str], first: int, close: int | None) -> bool:
    """Whether a front matter's lines (``first`` to ``close``) name one of the piece's fields."""
    return close is not None and any(known_field(line.strip()) or is_field_label(line.strip().rstrip(":"))
                                      for line in lines[first + 1 : close])


def known_field(text: str) -> bool:
    found = FIELD_LINE_RE.fullmatch(text)
    return bool(found and " ".join(found.group(1).split()).casefold() in FIELD_NAMES)


FIELD_LINE_RE = re.compile(r"\*{0,2}([^\W\d_][\w '’]{0,25}?)(?:\(s\))?(?::\*{0,2}|\*{2}:)\s*(.*)")  # "Tempo: 96 BPM", "Writer(s): …"
CREDIT_RE = re.compile(r".{1,80}\bby (?:[A-Z@][\w.'’-]*)(?: [A-Z][\w.'’-]*){0,3}")  # "Gradient Ghosts by Epoch Nine"
