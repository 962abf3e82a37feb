"""Write the import corpus: every file in ``files/`` and the expected parse beside it.

    .venv/bin/python tests/importing/corpus/make_corpus.py

The pieces are in ``pieces.py``; this script renders each in one of the importer's five shapes
(table export, Markdown song, song page, glossed poem, prose), with a metadata header in one of
several styles, wraps it in a page frame as a person would copy it from the web (a gist, a music
platform, a lyrics site with an ad inside the lyrics, a blog or newsletter post, or no page at
all), and encodes it (UTF-8, UTF-8 with BOM and CRLF, Windows-1252). The expected parse is
derived from the piece itself, never from the rendered file, so it says what the author meant.

The generated files are committed; run this again after changing a piece or a frame and review
the diff. The output is deterministic.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pieces import (  # noqa: E402
    ATTENTION_HEAD,
    ATTENTION_SPAN,
    BEAM_AT_NIGHT,
    BEAM_SEARCH_BLUES,
    DROPOUT,
    DROPOUT_VIGIL,
    EARLY_STOPPING,
    GRADIENT_LULLABY,
    LOSS_CURVE,
    OVERFIT,
    OVERFITTING_BRIEFLY,
    TOKENIZER_APOLOGY,
    TEMPERATURE,
    TOKENIZER_TOWN,
    VALIDATION_SET,
    VANISHING,
    Poem,
    Prose,
    Song,
)

OUT = HERE / "files"
AD = "\x00AD"  # where a lyrics site may put its ad block: between two sections, stanzas or paragraphs

SONGS = [GRADIENT_LULLABY, BEAM_SEARCH_BLUES, DROPOUT, TOKENIZER_TOWN, ATTENTION_SPAN, OVERFIT, VANISHING]
ALL_TITLES = [p.title for p in SONGS] + [ATTENTION_HEAD.title, EARLY_STOPPING.title, DROPOUT_VIGIL.title,
                                         VALIDATION_SET.title]


# ---------------------------------------------------------------------------------------------
# One file of the corpus


@dataclass
class Spec:
    name: str  # file name without extension
    piece: Song | Poem | Prose
    shape: str  # table | markdown | songpage | poem | prose
    frame: str  # gist | music | lyrics | blog | raw
    meta_style: str = "plain"  # plain | md | yaml | genre
    fields: tuple[str, ...] = ()  # metadata the file's own header gives
    encoding: str = "utf-8"  # utf-8 | utf-8-bom-crlf | cp1252
    v: int = 0  # which wording of the frame
    page_date: str | None = None  # ISO date the page shows (published, created, released), or None
    page_shows_author: bool = True  # the page names the author (a gist always does)
    header_author: str = ""  # an author in the header other than the piece's (a blog reposting it)
    post_title: str = ""  # a blog post's own title, when it is not the piece's
    curly: bool = False  # glosses/notes quote with “curly” marks
    wrap: bool = False  # prose hard-wrapped at 72 columns
    glued: bool = False  # a lyrics page copied so that heading and first marker run together on one line
    tight: bool = False  # poem with no blank lines (stanza, gloss, stanza, gloss…)
    bad_tempo: str = ""  # an unreadable Tempo value the preview must report
    written: str = ""  # ISO date of the header's Written/Date field
    page_author: str = ""  # a blog byline naming someone other than the piece's author
    table_rows: tuple[str, ...] = ()  # fields given as rows after the table's divider
    genre_fields: tuple[str, ...] = ("tags", "duration")

    @property
    def suffix(self) -> str:
        return ".md" if self.shape == "markdown" else ".txt"


# ---------------------------------------------------------------------------------------------
# Small helpers


def date_display(iso: str, style: int) -> str:
    d = datetime.date.fromisoformat(iso)
    return [
        iso,
        f"{d:%B} {d.day}, {d.year}",
        f"{d:%b} {d.day}, {d.year}",
        f"{d.day} {d:%B} {d.year}",
    ][style % 4]


def seed(spec) -> int:
    """A number that differs from file to file, for counts and wording (deterministic)."""
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(spec.name))


def count(spec, salt: int) -> str:
    """A play/like/star count as pages show them: "184", "1.2K", "12K"."""
    n = (seed(spec) * (salt + 7)) % 15000
    if n >= 10000:
        return f"{n // 1000}K"
    if n >= 1000:
        return f"{n / 1000:.1f}K"
    return str(n)


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def split_echo(raw: str) -> tuple[str, str, str]:
    """(text, echo, kind) of a line as its author wrote it."""
    if raw.startswith("(") and raw.endswith(")"):
        return raw, "", "direction"
    m = re.fullmatch(r"(.*\S) \(([^()]+)\)", raw)
    if m:
        return m.group(1), m.group(2), "lyric"
    return raw, "", "lyric"


KINDS = {"intro": "intro", "verse": "verse", "pre-chorus": "pre-chorus", "chorus": "chorus",
         "bridge": "bridge", "outro": "outro", "hook": "hook"}


def section_kind(label: str) -> str:
    words = [w for w in label.lower().split() if not w.isdigit()]
    return KINDS.get(words[-1], "other")


def marker(label: str, direction: str, sep: str = " — ") -> str:
    return f"[{label}{sep}{direction}]" if direction else f"[{label}]"


QUOTE_RE = re.compile(r"\"([^\"\n]+)\"|“([^“”\n]+)”")


def curl(text: str) -> str:
    """Straight double quotes → curly, pairwise."""
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Metadata headers

PLAIN_KEYS = {
    "author": ["Author", "By", "author", "AUTHOR"],
    "written": ["Written", "Date", "DATE", "written"],
    "tempo": ["Tempo", "BPM", "tempo", "TEMPO"],
    "key": ["Key", "KEY", "key", "Key"],
    "tags": ["Tags", "Genre", "tags", "GENRE"],
    "duration": ["Duration", "Length", "length", "DURATION"],
    "style": ["Style", "STYLE", "style", "Style"],
}
ORDER = ["author", "written", "style", "tags", "tempo", "key", "duration"]


def field_values(spec: Spec) -> dict[str, str]:
    p = spec.piece
    values = {}
    for f in spec.fields:
        if f == "author":
            values[f] = spec.header_author or p.author
        elif f == "written":
            values[f] = date_display(spec.written, spec.v + 1)
        elif f == "tempo":
            values[f] = spec.bad_tempo or [f"{p.tempo} BPM", f"{p.tempo}", f"{p.tempo} bpm", f"{p.tempo}bpm"][spec.v % 4]
        elif f == "key":
            values[f] = p.key
        elif f == "tags":
            values[f] = ", ".join(p.tags)
        elif f == "duration":
            values[f] = p.duration
        elif f == "style":
            values[f] = p.style
    return values


def header_lines(spec: Spec, *, with_title: bool) -> list[str]:
    """The file's own metadata header in the spec's style (the title only inside YAML)."""
    values = field_values(spec)
    fields = [f for f in ORDER if f in values]
    v = spec.v
    if spec.meta_style == "yaml":
        lines = ["---"]
        if with_title:
            lines.append(f"title: \"{spec.piece.title}\"" if ":" in spec.piece.title or v % 2 else f"title: {spec.piece.title}")
        for f in fields:
            value = values[f]
            if f == "written":
                lines.append(f"date: {spec.written}")
            elif f == "tags":
                if v % 2:
                    lines.append("tags:")
                    lines.extend(f"  - {t}" for t in spec.piece.tags)
                else:
                    lines.append(f"tags: [{', '.join(spec.piece.tags)}]")
            elif f == "tempo":
                lines.append(f"tempo: {spec.piece.tempo}" if not spec.bad_tempo else f"tempo: {spec.bad_tempo}")
            elif f == "duration":
                lines.append(f"duration: \"{value}\"")
            else:
                lines.append(f"{f}: {value}")
        lines.append("---")
        return lines
    lines = []
    if spec.meta_style == "genre" and "tags" in values:
        sep = [" · ", " • ", " | ", " · "][v % 4]
        lines.append(f"{values['tags']}{sep}{values['duration']}" if "duration" in values else values["tags"])
        fields = [f for f in fields if f not in ("tags", "duration")]
    for f in fields:
        key = PLAIN_KEYS[f][(v + ORDER.index(f)) % 4]
        if spec.meta_style == "md":
            lines.append(f"**{key}:** {values[f]}" if (v + ORDER.index(f)) % 3 else f"**{key}**: {values[f]}")
        else:
            lines.append(f"{key}: {values[f]}")
    return lines


# ---------------------------------------------------------------------------------------------
# Shapes: (title line or None, header lines, body lines with AD marks)


def song_section_lines(song: Song) -> list[list[str]]:
    return [[marker(label, direction, song.marker_sep)] + list(lines or []) for label, direction, lines in song.sections]


def joined(blocks: list[list[str]], *, gap: list[str]) -> list[str]:
    """The blocks one after another, each followed by ``gap``, with an AD mark before the middle one."""
    body: list[str] = []
    for i, block in enumerate(blocks):
        if i and i == len(blocks) // 2:
            body += [AD] + gap
        body += block + gap
    return body


def header(spec: Spec) -> list[str]:
    """The header before the body: with the title when it is YAML front matter."""
    return header_lines(spec, with_title=spec.meta_style == "yaml")


def shape_table(spec: Spec):
    song = spec.piece
    rows = [f"| {cell} | |" for cell in joined(song_section_lines(song), gap=[]) if cell != AD]
    marks = [i for i, row in enumerate(rows) if row.startswith("| [")]
    rows.insert(marks[len(marks) // 2], AD)
    rows.append("| ---- | |")
    # After the divider, rows of fields (the header may give others).
    row_values = {"style": f"Style: {song.style}", "tempo": f"Tempo: {song.tempo} BPM", "key": f"Key: {song.key}"}
    rows += [f"| {row_values[name]} | |" for name in ("style", "tempo", "key") if name in spec.table_rows]
    return song.title, header(spec), rows


def shape_markdown(spec: Spec):
    song = spec.piece
    yaml = spec.meta_style == "yaml"
    body = (header_lines(spec, with_title=True) + [""] if yaml else []) + [f"# {song.title}", ""]
    body += ([] if yaml else header_lines(spec, with_title=False)) + ["", "---", ""]
    prompt_heading = ["## Suno Prompt", "## Style Prompt", "## Style", "## Suno Prompt"][spec.v % 4]
    body += [prompt_heading, "", "```", song.style, "```", "", "---", "", "## Lyrics", ""]
    body += joined(song_section_lines(song), gap=[""])
    body += ["---", "", ["## Compositional Notes", "## Notes", "## Notes on the Song", "## Compositional Notes"][spec.v % 4], ""]
    for heading, note in song.notes:
        body += [f"### {heading}", "", curl(note) if spec.curly else note, ""]
    return None, [], body


def shape_songpage(spec: Spec):
    return spec.piece.title, header(spec), joined(song_section_lines(spec.piece), gap=[""])


def shape_poem(spec: Spec):
    poem = spec.piece
    # A "tight" poem has no blank lines at all: stanza, gloss, stanza, gloss (like a pasted page).
    blocks = [lines + ([] if spec.tight else [""]) + [curl(gloss) if spec.curly else gloss]
              for lines, gloss in poem.stanzas]
    return poem.title, header(spec), joined(blocks, gap=[] if spec.tight else [""])


def shape_prose(spec: Spec):
    prose = spec.piece
    blocks = [textwrap.wrap(paragraph, 72) if spec.wrap else [paragraph] for paragraph in prose.paragraphs]
    return prose.title, header(spec), joined(blocks, gap=[""])


SHAPES = {"table": shape_table, "markdown": shape_markdown, "songpage": shape_songpage, "poem": shape_poem,
          "prose": shape_prose}


# ---------------------------------------------------------------------------------------------
# Page frames. Each is the shape of a kind of page, worded differently per file (spec.v).


def others(spec: Spec, n: int) -> list[str]:
    titles = [t for t in ALL_TITLES if t != spec.piece.title]
    start = (spec.v * 2 + len(spec.name)) % len(titles)
    return (titles[start:] + titles[:start])[:n]


def content(title, header, body, *, title_line=True) -> list[str]:
    out = []
    if title and title_line:
        out += [title, ""]
    if header:
        out += header + [""]
    return out + body


def frame_raw(spec, title, header, body):
    yaml_has_title = spec.meta_style == "yaml"
    return content(title, header, body, title_line=not yaml_has_title)


def pick(spec: Spec, salt: str, options: list):
    """One of ``options`` for this file: each slot of a frame varies on its own, so no two files
    of a frame kind share all their wording."""
    return options[(seed(spec) + sum(map(ord, salt)) * 31) % len(options)]


def middle_of(spec: Spec, header: list[str], body: list[str]) -> list[str]:
    return header + [""] + body if header else body


def frame_gist(spec, title, header, body):
    p = spec.piece
    handle = p.handle
    fname = slug(p.title) + spec.suffix
    gid = "%032x" % ((seed(spec) * 2654435761) ** 4 % (1 << 128))  # looks like a gist id, stable across runs
    top = pick(spec, "nav", [
        ["Skip to content", "Search Gists", "Search Gists", "All gists", "Back to GitHub", "Sign in", "Sign up"],
        ["Skip to content", "All gists", "Back to GitHub", "Search Gists", "Sign in", "Sign up"],
        ["Skip to content", "Search Gists", "All gists", "Back to GitHub", "Sign up", "Sign in"],
        ["Skip to content", "Search Gists", "Search Gists", "All gists", "Back to GitHub", "Sign in", "Sign up",
         "You signed in with another tab or window. Reload to refresh your session.", "Dismiss alert"],
    ])
    top += ["Instantly share code, notes, and snippets.", "", f"@{handle}", f"{handle}/{fname}"]
    if spec.page_date:
        top += [f"Created {date_display(spec.page_date, 2)}" + pick(spec, "time", [" 17:56", "", " 09:03", " 23:41"])]
    else:
        top += [pick(spec, "active", ["Last active 3 weeks ago", "Last active 2 months ago", "Last active yesterday",
                                       "Last active 5 hours ago"])]
    stars, forks, revisions = seed(spec) % 40, seed(spec) % 5, 1 + seed(spec) % 9
    top += [f"Star {stars}", f"Fork {forks}", "Code",
            pick(spec, "revisions", [f"Revisions {revisions}", f"{revisions} revisions", f"Revisions\n{revisions}"]),
            pick(spec, "stars", [f"Stars {stars}", f"Stars\n{stars}"])]
    if forks:
        top += [f"Forks {forks}"]
    top += pick(spec, "clone", [
        ["Embed", f"Clone this repository at <script src=\"https://gist.github.com/{handle}/{gid}.js\"></script>",
         f"Save {handle}/{gid} to your computer and use it in GitHub Desktop.", "Download ZIP"],
        ["Embed", "Embed this gist in your website.", "Share", "Copy sharable link for this gist.", "Clone via HTTPS",
         "Clone using the web URL.", f"Save {handle}/{gid} to your computer and use it in GitHub Desktop.", "Download ZIP"],
    ])
    if spec.shape == "markdown":  # the description is a note about the file; the title is its "# " heading
        description = pick(spec, "description", ["A song I wrote about gradient descent", "draft, feedback welcome",
                                                  "lyrics + prompt", "for the album, v3"])
    else:
        description = p.title
    top += [description, fname, "Raw", ""]
    commenter = pick(spec, "commenter", ["kmeans_kat", "sgd_sam", "tensorfran", "relu_rhea"])
    comments = [
        f"@{commenter}",
        f"{commenter} commented {date_display('2026-03-09', 2)}",
        pick(spec, "comment", ["this one is lovely", "the bridge got me", "Where can I listen to it?",
                               "Typo in the second verse I think?"]),
        "@" + handle,
        "Author",
        f"{handle} commented {date_display('2026-03-10', 2)}",
        pick(spec, "reply", ["thank you!", "thanks, glad it landed", "Soon, still mixing it", "fixed, thanks"]),
        "",
    ]
    bottom = [""] + (comments if seed(spec) % 2 else []) + [
        "Sign up for free",
        "to join this conversation on GitHub.",
        "Already have an account?",
        "Sign in to comment",
        "Footer",
        "© 2026 GitHub, Inc.",
        "Footer navigation",
        "Terms", "Privacy", "Security", "Status",
    ] + pick(spec, "footer", [["Docs", "Contact", "Manage cookies", "Do not share my personal information"],
                              ["Community", "Docs", "Contact"], ["Docs", "Contact GitHub", "Pricing", "API", "Training", "Blog", "About"]])
    return top + middle_of(spec, header, body) + bottom


def music_shows_name(spec: Spec) -> bool:
    """Some platforms show the artist's display name above the @handle; it is then the author."""
    return spec.page_shows_author and pick(spec, "display name", [True, False, False])


def frame_music(spec, title, header, body):
    p = spec.piece
    site = pick(spec, "site", ["Sonara", "Tunecraft", "Wavelet", "Chorusly"])
    top = pick(spec, "nav", [
        [site, "Home", "Create", "Library", "Explore", "Search", "Sign in", "Sign up"],
        [site, "Discover", "Charts", "Upload", "Log in", "Create account"],
        ["Home", "Explore", "Create", "Search", "Notifications", "Sign In"],
        [site, "Feed", "Studio", "Subscribe", "Log in"],
    ])
    top += ["", title]
    if music_shows_name(spec):
        top += [p.author]
    if spec.page_shows_author:
        top += [f"@{p.handle}"]
    top += [pick(spec, "version", ["v4.5", "v5", "", "v4"])]
    top += [count(spec, 1), "Play", count(spec, 2), pick(spec, "share", ["Share", "Share", "Copy link"]),
            pick(spec, "remix", ["Remix", "Download", "Cover", "Extend"]), str(seed(spec) % 90),
            pick(spec, "more", ["More", "…", "More options"]), ""]
    top += pick(spec, "lyrics label", [["Lyrics"], [], ["Lyrics", "Show more"]])
    if spec.page_date:
        published = pick(spec, "published", [f"Published {date_display(spec.page_date, 2)}",
                                              f"Published on {date_display(spec.page_date, 1)}",
                                              f"Released {date_display(spec.page_date, 2)}"])
    else:
        published = pick(spec, "published", ["Published 2 days ago", "3 weeks ago", "Published yesterday"])
    bottom = ["", pick(spec, "less", ["Show less", "Show less", "Less"]), published, "",
              pick(spec, "more from", [f"More from {p.handle}", f"More from @{p.handle}", f"More by {p.author}"])]
    for i, t in enumerate(others(spec, 3)):
        bottom += [t, f"{2 + i}:{(17 * (i + spec.v) + 5) % 60:02d}", count(spec, 10 + i)]
    bottom += ["", pick(spec, "footer", ["About · Privacy · Terms", "About · Help · Privacy · Terms · Careers",
                                         "About  Privacy  Terms  Contact", "Help · About · Terms · Privacy · Cookies"]),
               pick(spec, "copyright", [f"© 2026 {site}", f"© {site} 2026", "© 2026", f"{site} Inc."])]
    return [line for line in top if line != ""] + [""] + middle_of(spec, header, body) + bottom


def ad_block(spec) -> list[str]:
    artists = {s.title: s.author for s in SONGS}
    block = [pick(spec, "ad", ["ADVERTISEMENT", "Advertisement", "— Advertisement —", "Ad", "Sponsored"]),
             pick(spec, "also", ["You might also like", "You May Also Like", "Related songs", "Popular right now"])]
    for t in others(spec, 3):
        block += [t, artists.get(t, "Various")]
    return [""] + block + [""]


def frame_lyrics(spec, title, header, body):
    p = spec.piece
    site = pick(spec, "site", ["LyricVault", "VerseHub", "Songtext Archive", "LyricsDepot"])
    initial = p.author[4].upper() if p.author.lower().startswith("the ") else p.author[0].upper()
    crumbs = pick(spec, "crumbs", [
        f"Home › {initial} › {p.author} › {p.title}",
        f"Home / Artists / {p.author} / {p.title} Lyrics",
        f"{site} > {p.author} > Lyrics > {p.title}",
        f"Lyrics » {initial} » {p.author} » {p.title}",
    ]) if spec.page_shows_author else pick(spec, "crumbs", [f"Home › Lyrics › {p.title}", f"Home / {p.title} Lyrics"])
    top = [site, pick(spec, "search", ["Search lyrics & more", "Search artists, songs, albums", "Search"]),
           pick(spec, "sign", ["Sign In", "Log in", "Sign Up"]), pick(spec, "menu", ["Top Songs", "Charts", "Genres"]),
           crumbs, ""]
    top += pick(spec, "contributors", [[], [f"{2 + seed(spec) % 9} Contributors"], ["Translations"]])
    top += [pick(spec, "heading", [f"{p.title} Lyrics", f"{p.title} lyrics", f"Lyrics: {p.title}"])]
    if spec.page_shows_author:
        top += [p.author]
    if spec.page_date:
        top += [pick(spec, "released", [f"Release Date: {date_display(spec.page_date, 1)}",
                                         f"Released: {date_display(spec.page_date, 2)}",
                                         f"Released on {date_display(spec.page_date, 3)}"])]
    top += [pick(spec, "share", ["Share", "Embed", "Print"]), ""]
    ad = ad_block(spec)
    expanded = []
    for line in middle_of(spec, header, body):
        expanded += ad if line == AD else [line]
    if spec.glued:
        # Copying some lyrics pages loses the breaks between the heading's parts and the first
        # line: "4 ContributorsOverfit Lyrics[Verse 1]".
        top = top[: top.index(crumbs) + 1] + [""]
        first = next(i for i, line in enumerate(expanded) if line.startswith("["))
        expanded[first] = f"{2 + seed(spec) % 9} Contributors{p.title} Lyrics{expanded[first]}"
    nxt, prev = others(spec, 2)
    bottom = ["", pick(spec, "embed", ["Embed", "Submit Corrections", "Report an error"]),
              pick(spec, "howto", ["How to Format Lyrics", f"Writer(s): {p.author}" if spec.page_shows_author else "Writer(s): unknown",
                                   "Thanks to all contributors"])]
    bottom += pick(spec, "prevnext", [
        [f"« Previous: {prev} | Next: {nxt} »"], [f"← {prev}    {nxt} →"], [f"Previous song: {prev}", f"Next song: {nxt}"],
        ["‹ Prev", "Next ›"],
    ])
    bottom += [f"More {p.author} lyrics" if spec.page_shows_author else "More lyrics",
               pick(spec, "footer", ["About   Contact   Privacy Policy   Terms of Use", "About · Contact · Privacy · DMCA",
                                     "Contact Us | Privacy | Terms"]),
               pick(spec, "copyright", [f"© 2026 {site}", f"Copyright © 2026 {site}. All rights reserved.", f"© {site}"])]
    return top + expanded + bottom


def frame_blog(spec, title, header, body):
    p, v = spec.piece, spec.v
    pub = pick(spec, "publication", ["The Latent Review", "Backprop Diaries", "Notes From the Loss Surface", "Weights & Measures"])
    author = spec.page_author or p.author
    date = date_display(spec.page_date, pick(spec, "date", [1, 2])) if spec.page_date else pick(spec, "date", ["2 days ago", "Last week"])
    if v % 3 == 0:  # a newsletter
        top = [pub, "Subscribe", "Sign in", "", spec.post_title or title,
               pick(spec, "subtitle", ["Something I made on a slow week", "A piece for the machines", "From the notebook"])]
        if spec.page_shows_author:
            top += [author]
        top += [date, str(seed(spec) % 50), str(seed(spec) % 9), "Share", ""]
    elif v % 3 == 1:  # a publishing platform
        top = ["Open in app", "Sign up", "Sign in", "Write", "", pick(spec, "member", ["Member-only story", ""]), "",
               spec.post_title or title]
        if spec.page_shows_author:
            top += [author, "Follow"]
        top += [f"{3 + seed(spec) % 6} min read", "·", date, "", count(spec, 3), str(seed(spec) % 40), "Listen", "Share", ""]
    else:  # a personal blog
        top = [pub, "Home", "Archive", "About", "Contact", "", spec.post_title or title,
               f"Posted on {date}" + (f" by {author}" if spec.page_shows_author else ""), ""]
    if spec.post_title:  # the post has its own title; the piece's title stands right before the piece
        lead = [pick(spec, "lead", ["I wrote this on the train home. It is short.",
                                    "This one came out of a week of watching validation curves."]), ""]
        middle = lead + ([title, ""] if spec.meta_style != "yaml" else []) + middle_of(spec, header, body)
    else:
        middle = middle_of(spec, header, body)
    if v % 3 == 0:
        bottom = ["", f"Thanks for reading {pub}! Subscribe for free to receive new posts and support my work.",
                  pick(spec, "email", ["Type your email...", "Your email address"]), "Subscribe", "",
                  f"{seed(spec) % 50} Likes", "∙", f"{seed(spec) % 9} Restacks",
                  "Discussion about this post", "Comments", "Restacks", "Write a comment...",
                  pick(spec, "commenter", ["Priya N.", "Jonah", "@sgd_sam"]), date_display("2026-03-11", 2),
                  pick(spec, "comment", ["Lovely. The second part got me.", "Reading this at 2am after a diverged run. Thank you.",
                                         "More of these please"]),
                  "Reply", "Share", "", f"© 2026 {author}", "Privacy ∙ Terms ∙ Collection notice", "Start writing",
                  "Get the app", "Substack is the home for great culture"]
    elif v % 3 == 1:
        bottom = ["", count(spec, 3), str(seed(spec) % 40), "", "Machine Learning",
                  pick(spec, "tag", ["Poetry", "Songwriting", "Essay"]), "Deep Learning", "", f"Written by {author}",
                  f"{seed(spec) % 900} followers", "·", f"{seed(spec) % 70} following", "Follow", "",
                  f"Responses ({seed(spec) % 20})", "What are your thoughts?", "Respond", "",
                  "Help", "Status", "About", "Careers", "Press", "Blog", "Privacy", "Terms", "Text to speech"]
    else:
        bottom = ["", "Share this:", "Twitter", "Facebook", "Email", "", "Like this:", "Like Loading...", "",
                  "Related", "", f"Categories: {pick(spec, 'category', ['poems', 'songs', 'essays', 'uncategorized'])}",
                  "Leave a comment", "", "Leave a Reply Cancel reply",
                  "Your email address will not be published. Required fields are marked *",
                  "Comment *", "Name *", "Email *", "Website", "Post Comment", "",
                  pick(spec, "older", ["« Previous post", "← Older post", "Previous"]),
                  pick(spec, "newer", ["Next post »", "Newer post →", "Next"]), "",
                  f"© 2026 {pub}", pick(spec, "powered", ["Powered by WordPress | Theme: Lines by Anders", "Blog at WordPress.com.",
                                                          "Proudly powered by WordPress"])]
    return top + middle + bottom


FRAMES = {"raw": frame_raw, "gist": frame_gist, "music": frame_music, "lyrics": frame_lyrics, "blog": frame_blog}


# ---------------------------------------------------------------------------------------------
# The expected parse, from the piece


def expected_song_sections(song: Song) -> list[dict]:
    sections, first_by_lines, first_by_label = [], {}, {}
    for index, (label, direction, raw_lines) in enumerate(song.sections):
        spoken = "spoken" in (label + " " + direction).lower()
        lines = []
        for raw in raw_lines or []:
            text, echo, kind = split_echo(raw)
            if spoken and kind == "lyric":
                kind = "spoken"
            lines.append({"text": text, "echo": echo, "kind": kind})
        repeat_of = None
        if lines:
            key = tuple((l["text"], l["echo"]) for l in lines)
            if key in first_by_lines:
                repeat_of = first_by_lines[key]
            else:
                first_by_lines[key] = index
                first_by_label.setdefault(label.lower(), index)
        else:
            repeat_of = first_by_label[label.lower()]
        sections.append({"label": label, "kind": section_kind(label), "direction": direction,
                         "repeat_of": repeat_of, "lines": lines})
    return sections


def anchors_in(body: str, lines: list[str], first_n: int) -> tuple[list[dict], int]:
    """Anchors of the quotes in ``body`` found in ``lines`` (numbered from first_n); and how many
    quotes were not found."""
    anchors, missing = [], 0
    for m in QUOTE_RE.finditer(body):
        quote = m.group(1) or m.group(2)
        where = next((i for i, line in enumerate(lines) if quote in line), None)
        if where is None:
            missing += 1
            continue
        anchors.append({"quote": quote, "line": first_n + where})
    return anchors, missing


def expected(spec: Spec) -> dict:
    p = spec.piece
    metadata = {"author": "", "written": None, "tempo_bpm": None, "key": "", "tags": [], "duration": "", "style": ""}
    fields = set(spec.fields)
    if spec.shape == "markdown":
        fields.add("style")
    if spec.meta_style == "genre":
        fields |= {"tags", "duration"} & set(spec.genre_fields)
    if "author" in fields:
        metadata["author"] = spec.header_author or p.author
    elif spec.frame == "music" and music_shows_name(spec):
        metadata["author"] = p.author
    elif spec.frame == "gist" or (spec.frame == "music" and spec.page_shows_author):
        metadata["author"] = p.handle
    elif spec.frame == "lyrics" and spec.page_shows_author:
        metadata["author"] = p.author
    elif spec.frame == "blog" and spec.page_shows_author:
        metadata["author"] = spec.page_author or p.author
    if "written" in fields:
        metadata["written"] = spec.written
    elif spec.page_date:
        metadata["written"] = spec.page_date
    if "tempo" in fields and not spec.bad_tempo:
        metadata["tempo_bpm"] = p.tempo
    if "key" in fields:
        metadata["key"] = p.key
    if "tags" in fields:
        metadata["tags"] = list(p.tags)
    if "duration" in fields:
        metadata["duration"] = p.duration
    if "style" in fields:
        metadata["style"] = p.style
    rows = spec.table_rows
    if "style" in rows:
        metadata["style"] = p.style
    if "tempo" in rows:
        metadata["tempo_bpm"] = p.tempo
    if "key" in rows:
        metadata["key"] = p.key

    result = {"title": p.title, "kind": "", "metadata": metadata, "sections": [], "glosses": [], "commentary": []}
    missing = 0
    if isinstance(p, Song):
        result["kind"] = "song"
        result["sections"] = expected_song_sections(p)
        if spec.shape == "markdown":
            texts = [l["text"] for s in result["sections"] for l in s["lines"]]
            for heading, note in p.notes:
                body = curl(note) if spec.curly else note
                anchors, miss = anchors_in(body, texts, 1)
                missing += miss
                result["commentary"].append({"heading": heading, "body": body, "anchors": anchors})
    elif isinstance(p, Poem):
        result["kind"] = "poem"
        n = 1
        for i, (lines, gloss) in enumerate(p.stanzas, start=1):
            result["sections"].append({"label": f"Stanza {i}", "kind": "stanza", "direction": "", "repeat_of": None,
                                       "lines": [{"text": l, "echo": "", "kind": "lyric"} for l in lines]})
            body = curl(gloss) if spec.curly else gloss
            anchors, miss = anchors_in(body, lines, n)
            missing += miss
            result["glosses"].append({"body": body, "anchors": anchors})
            n += len(lines)
    else:
        result["kind"] = "prose"
        result["sections"] = [
            {"label": f"Paragraph {i}", "kind": "paragraph", "direction": "", "repeat_of": None,
             "lines": [{"text": para, "echo": "", "kind": "prose"}]}
            for i, para in enumerate(p.paragraphs, start=1)
        ]
    warnings = missing
    if spec.frame != "raw":
        warnings += 1  # the page's text was dropped: the preview lists it
    if spec.bad_tempo:
        warnings += 1
    if spec.encoding == "cp1252":
        warnings += 1  # "decoded as Windows-1252"
    if warnings:
        result["warnings_min"] = warnings
    return result


# ---------------------------------------------------------------------------------------------
# Writing


def render(spec: Spec) -> str:
    title, header, body = SHAPES[spec.shape](spec)
    title = title or spec.piece.title
    lines = FRAMES[spec.frame](spec, title, header, body)
    if spec.frame != "lyrics":
        lines = [line for line in lines if line != AD]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return text


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "utf-8-bom-crlf":
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    if encoding == "cp1252":
        # Page arrows and dots that Windows-1252 lacks become what such a page would show; anything
        # else (a piece with ♭ or ♯) fails here, strictly, rather than turning into "?".
        for wide, narrow in {"←": "<-", "→": "->", "∙": "·"}.items():
            text = text.replace(wide, narrow)
        data = text.encode("cp1252")
        # Pure ASCII is valid UTF-8 too: such a file is not Windows-1252 in any way the importer
        # could see, and the "decoded as Windows-1252" warning it is expected to give cannot come.
        assert not data.isascii(), "a Windows-1252 file must hold a character only Windows-1252 encodes"
        return data
    raise ValueError(encoding)


def write_all(specs: list[Spec]) -> None:
    OUT.mkdir(exist_ok=True)
    names = set()
    for spec in specs:
        assert spec.name not in names, spec.name
        names.add(spec.name)
        data = encode(render(spec), spec.encoding)
        (OUT / f"{spec.name}{spec.suffix}").write_bytes(data)
        exp = expected(spec)
        exp = {"file": f"{spec.name}{spec.suffix}", "encoding": spec.encoding, "frame": spec.frame,
               "shape": spec.shape, **exp}
        (OUT / f"{spec.name}.expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    stale = {f for f in OUT.iterdir() if f.name.split(".")[0] not in names}
    for f in stale:
        f.unlink()
    print(f"wrote {len(specs)} files to {OUT}")


# ---------------------------------------------------------------------------------------------
# The corpus: 53 files. T = table export, M = Markdown song, S = song page, G = glossed poem,
# P = prose. Every shape is in every frame at least once; the header styles and encodings rotate.

SPECS = [
    # table export
    Spec("t1-gist-gradient-lullaby", GRADIENT_LULLABY, "table", "gist", "plain", ("tempo", "key"),
         table_rows=("style",), page_date="2026-03-03", v=0),
    Spec("t2-gist-beam-search-blues", BEAM_SEARCH_BLUES, "table", "gist", "md", ("author", "written", "tags"),
         written="2026-02-10", table_rows=("style", "tempo", "key"), encoding="utf-8-bom-crlf", v=1),
    Spec("t3-music-dropout", DROPOUT, "table", "music", "genre", ("tags", "duration", "tempo"),
         table_rows=("style",), page_date="2026-01-20", encoding="cp1252", v=2),
    Spec("t4-lyrics-overfit", OVERFIT, "table", "lyrics", "plain", ("written", "tags"), written="2025-11-30",
         table_rows=("style", "tempo"), v=0),
    Spec("t5-blog-attention-span", ATTENTION_SPAN, "table", "blog", "yaml",
         ("author", "written", "tempo", "key", "tags", "duration"), written="2026-04-01",
         table_rows=("style",), encoding="utf-8-bom-crlf", v=1),
    Spec("t6-raw-tokenizer-town", TOKENIZER_TOWN, "table", "raw", "plain", ("author", "tempo", "key", "duration"),
         # Saved from a Windows editor: the en dash is one byte (0x96) only Windows-1252 has.
         header_author="Merge Street Kids – Demo Crew", encoding="cp1252", v=3),
    Spec("t8-lyrics-vanishing", VANISHING, "table", "lyrics", "md", ("author", "tags", "tempo", "key"),
         page_date="2026-05-02", v=2),
    Spec("t7-raw-beam-search-blues", BEAM_SEARCH_BLUES, "table", "raw", "plain", (), table_rows=("tempo", "key"), v=1),
    # Markdown song
    Spec("m1-gist-gradient-lullaby", GRADIENT_LULLABY, "markdown", "gist", "md", ("author", "written", "tempo", "key"),
         written="2026-03-01", v=0),
    Spec("m2-music-beam-search-blues", BEAM_SEARCH_BLUES, "markdown", "music", "plain", ("tempo", "key", "tags"),
         page_date="2026-02-14", encoding="utf-8-bom-crlf", v=1),
    Spec("m3-lyrics-dropout", DROPOUT, "markdown", "lyrics", "md", ("author", "written", "tags", "duration"),
         written="2026-01-18", page_date="2026-01-20", curly=True, encoding="cp1252", v=2),
    Spec("m4-blog-tokenizer-town", TOKENIZER_TOWN, "markdown", "blog", "yaml", ("author", "written", "tempo", "key", "tags"),
         written="2026-02-27", page_date="2026-02-28", v=0),
    Spec("m5-blog-attention-span", ATTENTION_SPAN, "markdown", "blog", "plain", ("tempo", "key", "duration"),
         page_date="2026-04-02", curly=True, encoding="utf-8-bom-crlf", v=2),
    Spec("m6-raw-overfit", OVERFIT, "markdown", "raw", "yaml", ("author", "written", "tempo", "key", "tags", "duration"),
         written="2025-11-28", v=1),
    Spec("m7-gist-attention-span", ATTENTION_SPAN, "markdown", "gist", "plain", ("author", "tempo", "key"),
         bad_tempo="fast, then half-time", encoding="cp1252", v=2),
    Spec("m8-music-overfit", OVERFIT, "markdown", "music", "md", ("written", "key"), written="2025-12-01", v=0),
    Spec("m9-lyrics-gradient-lullaby", GRADIENT_LULLABY, "markdown", "lyrics", "plain", ("tempo", "key", "tags"),
         page_date="2026-03-03", v=1),
    Spec("m10-gist-vanishing", VANISHING, "markdown", "gist", "plain", ("author", "written", "tempo", "key", "duration"),
         written="2026-04-29", encoding="utf-8-bom-crlf", v=1),
    # song page
    Spec("s1-music-tokenizer-town", TOKENIZER_TOWN, "songpage", "music", "genre", ("tags", "duration"),
         page_date="2026-02-28", v=0),
    Spec("s2-music-gradient-lullaby", GRADIENT_LULLABY, "songpage", "music", "genre", ("tags", "duration", "tempo", "key"),
         encoding="utf-8-bom-crlf", v=1),
    Spec("s3-lyrics-beam-search-blues", BEAM_SEARCH_BLUES, "songpage", "lyrics", "genre", ("tags", "duration"),
         page_date="2026-02-14", v=0),
    Spec("s4-lyrics-attention-span", ATTENTION_SPAN, "songpage", "lyrics", "plain",
         ("written", "tempo", "key", "tags", "duration"), written="2026-03-30", encoding="cp1252", v=2),
    Spec("s5-gist-dropout", DROPOUT, "songpage", "gist", "md", ("author", "tempo", "key", "style"),
         page_date="2026-01-20", v=1),
    Spec("s6-blog-overfit", OVERFIT, "songpage", "blog", "genre", ("tags", "duration", "author"),
         post_title="A garage song about memorising", page_author="Kit Morrow", page_date="2025-12-03", v=0),
    Spec("s7-raw-dropout", DROPOUT, "songpage", "raw", "yaml",
         ("author", "written", "tempo", "key", "tags", "duration", "style"), written="2026-01-18",
         encoding="utf-8-bom-crlf", v=0),
    Spec("s8-blog-beam-search-blues", BEAM_SEARCH_BLUES, "songpage", "blog", "md", ("style", "tempo"),
         page_date="2026-02-15", encoding="cp1252", v=1),
    Spec("s9-gist-tokenizer-town", TOKENIZER_TOWN, "songpage", "gist", "plain", ("author", "written", "tags", "duration"),
         written="2026-02-26", v=2),
    Spec("s11-lyrics-overfit", OVERFIT, "songpage", "lyrics", "plain", (), page_shows_author=False, glued=True, v=1),
    Spec("s12-music-vanishing", VANISHING, "songpage", "music", "genre", ("tags", "duration"), page_date="2026-05-02", v=0),
    Spec("s10-raw-attention-span", ATTENTION_SPAN, "songpage", "raw", "genre", ("tags", "duration"), v=1),
    # glossed poem
    Spec("g1-gist-dropout-vigil", DROPOUT_VIGIL, "poem", "gist", "plain", ("author", "written"), written="2026-01-05",
         tight=True, v=0),
    Spec("g2-music-attention-head", ATTENTION_HEAD, "poem", "music", "plain", (), page_date="2026-02-02",
         encoding="utf-8-bom-crlf", v=1),
    Spec("g3-lyrics-early-stopping", EARLY_STOPPING, "poem", "lyrics", "md", ("author", "written", "tags"),
         written="2025-10-12", curly=True, encoding="cp1252", v=2),
    Spec("g4-blog-dropout-vigil", DROPOUT_VIGIL, "poem", "blog", "yaml", ("author", "written", "tags"),
         written="2026-01-05", page_date="2026-01-07", v=0),
    Spec("g5-blog-attention-head", ATTENTION_HEAD, "poem", "blog", "plain", (), page_date="2026-02-02",
         post_title="Three stanzas about a transformer", tight=True, v=1),
    Spec("g6-raw-early-stopping", EARLY_STOPPING, "poem", "raw", "plain", ("author", "written"), written="2025-10-12",
         tight=True, encoding="utf-8-bom-crlf", v=0),
    Spec("g7-gist-attention-head", ATTENTION_HEAD, "poem", "gist", "md", ("written",), written="2026-02-01",
         curly=True, encoding="cp1252", v=1),
    Spec("g8-lyrics-dropout-vigil", DROPOUT_VIGIL, "poem", "lyrics", "plain", (), page_date="2026-01-06",
         page_shows_author=False, v=0),
    Spec("g9-music-early-stopping", EARLY_STOPPING, "poem", "music", "plain", ("tags",), v=2),
    Spec("g10-blog-validation-set", VALIDATION_SET, "poem", "blog", "plain", ("author",), page_date="2026-03-21",
         encoding="cp1252", v=2),
    Spec("g11-lyrics-validation-set", VALIDATION_SET, "poem", "lyrics", "md", ("written", "tags"), written="2026-03-20",
         tight=True, curly=True, v=1),
    # prose
    Spec("p1-blog-loss-curve", LOSS_CURVE, "prose", "blog", "plain", (), page_date="2026-03-15", v=0),
    Spec("p2-blog-tokenizer-apology", TOKENIZER_APOLOGY, "prose", "blog", "plain", ("author", "written"),
         written="2026-02-20", page_date="2026-02-21", wrap=True, encoding="utf-8-bom-crlf", v=1),
    Spec("p3-gist-overfitting-briefly", OVERFITTING_BRIEFLY, "prose", "gist", "md", ("author", "written", "tags"),
         written="2025-12-08", encoding="cp1252", v=0),
    Spec("p4-music-beam-at-night", BEAM_AT_NIGHT, "prose", "music", "plain", ("written",), written="2026-04-10",
         page_date="2026-04-12", v=1),
    Spec("p5-lyrics-loss-curve", LOSS_CURVE, "prose", "lyrics", "yaml", ("author", "written", "tags"),
         written="2026-03-14", v=2),
    Spec("p6-raw-tokenizer-apology", TOKENIZER_APOLOGY, "prose", "raw", "yaml", ("author", "written"),
         written="2026-02-20", wrap=True, encoding="utf-8-bom-crlf", v=0),
    Spec("p7-blog-beam-at-night", BEAM_AT_NIGHT, "prose", "blog", "md", ("author", "written"), written="2026-04-10",
         page_author="Dana Whitlock", page_date="2026-04-18", v=2),
    Spec("p8-lyrics-overfitting-briefly", OVERFITTING_BRIEFLY, "prose", "lyrics", "plain", (), wrap=True,
         encoding="cp1252", v=1),
    Spec("p9-gist-loss-curve", LOSS_CURVE, "prose", "gist", "plain", ("author",), wrap=True, v=2),
    Spec("p11-music-temperature", TEMPERATURE, "prose", "music", "plain", ("tags",), page_date="2026-05-09",
         encoding="utf-8-bom-crlf", v=0),
    Spec("p12-gist-temperature", TEMPERATURE, "prose", "gist", "md", ("author", "written"), written="2026-05-08",
         wrap=True, encoding="cp1252", v=2),
    Spec("p10-raw-beam-at-night", BEAM_AT_NIGHT, "prose", "raw", "plain", (), encoding="utf-8-bom-crlf", v=0),
]

if __name__ == "__main__":
    write_all(SPECS)
