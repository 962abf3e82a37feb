"""Metadata headers before a piece, in whatever shape the author wrote them.

    ---                        YAML front matter (flat keys; lists as [a, b] or "- a" lines)
    title: Overfit
    tags: [garage rock, fuzz]
    ---
    Tempo: 128 BPM             "Key: value" lines, the key in any case
    **Key:** B♭ major          Markdown bold, "**Key:**" or "**Key**:"
    By Ada Rusk                a byline
    synth-pop, dance · 3:41    a genre line ending in the duration

They are read once, before the shape is chosen, and blanked so they never become verse. A field
whose value cannot be read (``Tempo: fast``) fills nothing and is reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from catalogue.importing.dates import DATE_RE, date_line, parse_date
from catalogue.importing.parsed import ParsedMetadata

FIELD_NAMES = {
    "title": "title",
    "written": "written",
    "date": "written",
    "release date": "written",
    "released": "written",
    "published": "written",
    "author": "author",
    "by": "author",
    "written by": "author",
    "artist": "author",
    "writer": "author",
    "writers": "author",
    "lyricist": "author",
    "songwriter": "author",
    "songwriters": "author",
    "lyrics by": "author",
    "words by": "author",
    "poet": "author",
    "posted by": "author",
    "submitted by": "author",
    "uploaded by": "author",
    "composer": "author",
    "composed by": "author",
    "status": "status",
    "tempo": "tempo_bpm",
    "bpm": "tempo_bpm",
    "key": "key",
    "tags": "tags",
    "genre": "tags",
    "genres": "tags",
    "labels": "tags",  # a blog's word for them
    "subjects": "tags",  # a poetry site's ("Subjects" / "Arts & Sciences, Sciences, Living")
    "duration": "duration",
    "length": "duration",
    "style": "style",
    "style of music": "style",
    "music style": "style",
}

METADATA_FIELDS = tuple(each.name for each in fields(ParsedMetadata))
# Values that say a field is not known, which fill nothing.
_NO_VALUE = frozenset({"", "unknown", "n/a", "na", "none", "-", "–", "—", "?", "tbd", "tba"})
# "Key: value", "**Key:** value", "**Key**: value"; the name is one to three words.
_FIELD_RE = re.compile(r"\*{0,2}([^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,2})(?:\(s\))?(?::\*{2}|\*{2}:|:)\s*(.*?)\s*")
# "By Ada Rusk", "Lyrics by Tove Lind", "Words by …"; with a date or a year after a separator.
_BYLINE_RE = re.compile(r"(?:(?:lyrics|words|poem|song|music|written)\s+)?by\s+@?([^\W\d_][\w .'’-]{0,60})", re.IGNORECASE)
_DATED_BYLINE_RE = re.compile(
    r"(?:(?:lyrics|words|poem|song|music|written)\s+)?by\s+([^\W\d_][\w .'’-]{0,60}?)\s*(?:[—–|·,]|\s-)\s*(.+)",
    re.IGNORECASE)
_FIELD_SEPARATOR_RE = re.compile(r"\s+[·•|∙]\s+")
SIGNATURE_RE = re.compile(r"[—–-]{1,2}\s*[A-Z][\w’'.]{0,20}(?: [A-Z][\w’'.]{0,20})?")  # a post signed "— M.", "– Lena"
_PERSON_NAME_RE = re.compile(r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}")  # "Ines Carvalho"


def read_dateline(text: str) -> tuple[str | None, str]:
    """A post's dateline, "Jan 18, 2026 • Ines Carvalho": its ISO date, and the name set beside it ('' if none)."""
    dated = DATE_RE.search(text)
    if not dated:
        return None, ""
    beside = (part.strip(" ,;–—-") for part in re.split(r"[·•|∙]", text.replace(dated.group(), "|")))
    return parse_date(dated.group()), next((part for part in beside if _PERSON_NAME_RE.fullmatch(part)), "")


def _known_field(text: str) -> bool:
    found = _FIELD_RE.fullmatch(text)
    return bool(found and FIELD_NAMES.get(" ".join(found.group(1).split()).casefold()) not in (None, "title"))
_DURATION = r"\d{1,2}:\d{2}(?::\d{2})?"
# "synth-pop, dance, 80s · 3:41" (also with "•" or "|"), or the duration alone after a separator.
_GENRE_LINE_RE = re.compile(rf"(?:(.*?)\s*[·•|∙]\s*)({_DURATION})")
_TAG_RE = re.compile(r"[^.!?;:()\[\]]{1,40}")
_RULE_RE = re.compile(r"(-{3,}|\*{3,}|_{3,})")
_HEADING_RE = re.compile(r"#\s+\S.*")
# "128", "128 BPM", "128bpm", "128 BPM (half-time feel)"; not "fast" nor "fast, then 90".
_TEMPO_RE = re.compile(r"(\d{2,3})\s*(?:bpm)?(?:\s*\(.*\))?", re.IGNORECASE)
_KEY_RE = re.compile(r"([A-G])\s*([#♯b♭])?\s*(major|minor|maj|min|m)?\b.*", re.IGNORECASE)


@dataclass
class Header:
    lines: list[str]  # the lines with the header blanked
    metadata: ParsedMetadata = field(default_factory=ParsedMetadata)
    title: str = ""  # a YAML title
    page_dated: bool = False  # the date came from front matter's "date:" (a wiki's or a blog's), not "written:"
    warnings: list[str] = field(default_factory=list)


def split_tags(value: str) -> list[str]:
    """"a, b" → ["a", "b"]; a tag written as a hashtag is the tag ("#original song" → "original song")."""
    tags = (tag.strip().strip("'\"").lstrip("#").strip() for tag in value.strip().strip("[]").split(","))
    return [tag for tag in tags if tag]


def apply_field(metadata: ParsedMetadata, name: str, value: str, warnings: list[str], where: str = "") -> bool:
    """Store a "Name: value" field; False when the name is not one a piece has.

    ``where`` ("line 4: ") starts any warning, so it names its line.
    """
    key = FIELD_NAMES.get(" ".join(name.split()).casefold().strip("* "))
    value = value.strip().strip("*").strip()
    if key is None:
        return False
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    if key == "title":
        return True  # the caller takes the title
    if value.casefold().strip(".") in _NO_VALUE:
        return True  # "Writer(s): unknown" says nothing
    if key == "written":
        metadata.written = parse_date(value)
        if metadata.written is None:
            warnings.append(f"{where}could not read the date {value!r}")
    elif key == "tempo_bpm":
        tempo = _TEMPO_RE.fullmatch(value)
        metadata.tempo_bpm = int(tempo.group(1)) if tempo else None
        if tempo is None:
            warnings.append(f"{where}could not read the tempo {value!r}: a tempo is a number of beats per minute")
    elif key == "tags":
        metadata.tags = split_tags(value)
    elif key == "key":
        if not _KEY_RE.fullmatch(value):
            warnings.append(f"{where}could not read the key {value!r}")
        else:
            metadata.key = value  # as written: "B♭ major" stays "B♭ major"
    elif key == "style":
        metadata.style = f"{metadata.style}\n{value}" if metadata.style else value
    elif key == "author":
        # "Noor Halloway  (F/Lisbon)", "Ana Reyes (she/her)": a profile's note on the person, not the name
        metadata.author = re.sub(r"\s*\([^()/]{1,24}/[^()/]{1,24}\)$", "", value)
    elif key == "duration":
        if re.fullmatch(_DURATION, value):
            metadata.duration = _plain_duration(value)  # "03:12" is 3:12
        else:
            warnings.append(f"{where}could not read the duration {value!r}")
    else:
        setattr(metadata, key, value)
    return True


def _player_length(played: str, to_go: str) -> str:
    """The length a player shows as time played and time to go: "1:42", "-2:24" → "4:06"."""
    seconds = sum(int(part) * 60 ** power for value in (played, to_go.lstrip("-−–"))
                  for power, part in enumerate(reversed(value.split(":"))))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _plain_duration(duration: str) -> str:
    """A length as a person writes it: "03:12" is 3:12."""
    return re.sub(r"^0(?=\d:)", "", duration)


def apply_prompt(metadata: ParsedMetadata, prompt: str, warnings: list[str]) -> None:
    """A Suno prompt is the piece's style; a "Tempo: 72 BPM" or "Key: F♯ minor" line in it fills
    its own field instead, and a "Style:" label is not part of the style."""
    kept = []
    for line in prompt.split("\n"):
        found = _FIELD_RE.fullmatch(line.strip())
        name = FIELD_NAMES.get(" ".join(found.group(1).split()).casefold()) if found else None
        if name == "style":
            kept.append(found.group(2))
        elif name in {"tempo_bpm", "key", "duration", "tags"} and found.group(2):
            apply_field(metadata, found.group(1), found.group(2), warnings)
        else:
            kept.append(line)
    apply_field(metadata, "style", "\n".join(kept).strip(), warnings)


def genre_line(text: str) -> tuple[list[str], str] | None:
    """(tags, duration) of a "genre, genre · m:ss" line, or None."""
    found = _GENRE_LINE_RE.fullmatch(text.strip())
    if not found:
        return None
    tags = split_tags(found.group(1) or "")
    # (a Suno style is long: "full band by the second chorus"; the "· m:ss" after them says what they are)
    if not all(_TAG_RE.fullmatch(tag) and len(tag.split()) <= 8 for tag in tags):
        return None
    return tags, found.group(2)


# ("Created …" under the piece is a community's or an account's: "Created Dec 19, 2023" in a forum's sidebar.)
_RELEASED_RE = re.compile(r"\b(?:released|published|uploaded|posted|written)\b", re.IGNORECASE)
# "… | Tagged a, b | 2 Comments", and a theme's "Posted in Poems" glued to it: "PoemsTagged a, b"
# (and a theme's "Categorized as Poems Tagged a, b" with a space between)
_TAGGED_RE = re.compile(r"(?:^|[|·•]\s*|(?<=[a-z])(?=Tagged)|(?<=\s)(?=(?-i:Tagged)\s))tagged:?\s+([^|·•]{2,200}?)\s*(?:[|·•]|$)",
                        re.IGNORECASE)
# A blog theme's facts under a post, each after a label meant for screen readers and copied with
# it: "Author Owen Achterberg", "Tags checkpoints, night shift, training"
_SPOKEN_LABEL_AUTHOR_RE = re.compile(rf"Author\s+({_PERSON_NAME_RE.pattern})")
_SPOKEN_LABEL_TAGS_RE = re.compile(r"Tags\s+([^:,]{1,40}(?:,[^:,]{1,40})+)")
# (LinkedIn's copied "hashtag#MachineLearning hashtag#Regularization" too)
_HASHTAG_ROW_RE = re.compile(r"(?:(?<=\s)|^)(?:hashtag)?#[^\W\d_][\w-]{0,40}(?:\s+(?:hashtag)?#[^\W\d_][\w-]{0,40})+")
_CATEGORIES_RE = re.compile(r"categor(?:y|ies):\s*([^:]{2,200}?,.*)", re.IGNORECASE)
_LABEL_TAG_RE = re.compile(r"[^\W\d_A-Z][^\W\dA-Z]*(?:[ -][^\W\d_A-Z][^\W\dA-Z]*){0,2}")  # "dream pop", "lo-fi"
_LABELLED_TAG_RE = re.compile(r"(?!.* by$)[^\W\d_][\w&'’-]*(?: [\w&'’-]+){0,2}")  # under "tags:", "Budapest" too
_TOPICS_OF_RE = re.compile(r"topics?(?:\(s\))? of this (?:poem|song|piece|story)\s*:\s*(.+)", re.IGNORECASE)
_GENRE_CHIP_RE = re.compile(r"[A-Z][\w'’-]*(?: (?:&|[A-Z][\w'’-]*|and))*(?:[ -][A-Z][\w'’-]*)*")  # "Folk & Singer-Songwriter"
_SHELVES_LABEL_RE = re.compile(r"(?:categories|subjects)\s*:?", re.IGNORECASE)  # a poetry site's, when it has no tags
_TAGS_LABEL_RE = re.compile(r"(?:(?:related|top|popular|track|song) )?(?:tags|genres?|labels)\s*:?", re.IGNORECASE)


def is_field_label(text: str) -> bool:
    """A page's label for a field ("Written" above its date, "Released", "Genre"): not a name,
    not a tag, not a title."""
    return " ".join(text.split()).casefold().rstrip(":") in FIELD_NAMES


def is_field_line(text: str) -> bool:
    """A "Name: value" line of one of the piece's fields ("Tempo: 86", "**Key:** C minor")."""
    found = _FIELD_RE.fullmatch(text.strip())
    return bool(found and found.group(2) and " ".join(found.group(1).split()).casefold() in FIELD_NAMES)


def hashtags_ending(text: str) -> list[str]:
    """The hashtags a line ends with, in a row ("… lyrics in the thread 🧵 #aimusic #udio"), without "#"."""
    row = _HASHTAG_ROW_RE.search(text)
    return [tag.split("#", 1)[1] for tag in row.group(0).split()] if row and row.end() == len(text.rstrip()) else []


def _a_comments(lines: Sequence[tuple[int, str]], k: int) -> bool:
    """Whether the time on line ``k`` is a comment's: "Reply" within the three lines below it, or
    "X said..." within three lines around it (a blog's comments: "Anonymous said..." / the comment / the time)."""
    return any(re.fullmatch(r"reply|replies|respond|answer|delete", text.strip(), re.IGNORECASE)
               for _, text in lines[k + 1 : k + 4]) or any(
        re.fullmatch(r".{1,40} (?:said|says|wrote)(?:\.\.\.|…|:)?", text.strip(), re.IGNORECASE)
        for _, text in lines[max(0, k - 3) : k + 3])


def _tag_run(lines: Sequence[tuple[int, str]], piece_starts: int, is_chrome, shelves: bool = False) -> list[str]:
    """A platform's tags one per line above the piece: two or more short lowercase labels in a
    row right under a "tags:" label or between the date and the track length ("2 weeks ago" /
    "ambient pop" / "dream pop" / "2:58"). A menu is capitalised; a lone label is not a run."""
    found: list[str] = []
    # The first of the page's lines under the piece that is not a control or a sign-off
    # (nor an aside in brackets: "(The audio reading … is in the next post.)")
    first_after = next((k for k, (number, text) in enumerate(lines) if number >= piece_starts and not is_chrome(text)
                        and not SIGNATURE_RE.fullmatch(text) and not re.fullmatch(r"\(.*\)", text)), None) if piece_starts else None
    # (nor the poster's first name signing the post, over the tags: "Oriel" / "suno" / "lyrics"; nor
    # the post's last words glued over its topics: "… Tell me in the responses." / "Machine Learning")
    if first_after is not None and first_after + 1 < len(lines) and lines[first_after + 1][0] == lines[first_after][0] + 1 and (
            re.fullmatch(r"[A-Z][\w'’-]+", lines[first_after][1]) and _LABEL_TAG_RE.fullmatch(lines[first_after + 1][1])
            or len(lines[first_after][1].split()) >= 12 and lines[first_after][1].endswith((".", "!", "?"))
            and (first_after == 0 or lines[first_after - 1][0] < piece_starts)):  # (the page's first line after the piece)
        first_after += 1
    used_labels: set[str] = set()
    # ``shelves``: under a poetry site's "Categories" or "Subjects" instead, capitalised and after its
    # buttons ("Print" / "Categories" / "Arts & Sciences" / …), when the page has no tags
    label_re = _SHELVES_LABEL_RE if shelves else _TAGS_LABEL_RE

    def menu_word(j: int) -> bool:
        return j >= 0 and bool(re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)?", lines[j][1])) and is_chrome(lines[j][1])

    for k, (number, text) in enumerate(lines):
        # Under a "tags:" label, below the piece too; not a menu's "Songs" / "Genres" / "Random",
        # nor a sidebar's list under the same label again (a blog's every "Labels").
        # (a "Tags" under one button, "Expand" / "Tags" / "Alternative", is a tag list; under a menu's
        # items, "Podcasts" / "Videos" / "Tags" / "DEV Challenges", a menu)
        labelled = k and label_re.fullmatch(lines[k - 1][1]) and lines[k - 1][1].casefold() not in used_labels and not (
            menu_word(k - 2) and not shelves and (not lines[k - 1][1].casefold().startswith("tags") or menu_word(k - 3)))
        if piece_starts and number >= piece_starts and not labelled and k != first_after:
            continue  # below the piece, only under a label or right under its last line ("machine-learning")
        run = k
        while run < len(lines) and lines[run][1] and (run == k or lines[run][0] == lines[run - 1][0] + 1) and not (
                lines[run][1].endswith(" by") or is_field_label(lines[run][1]) or _BYLINE_RE.fullmatch(lines[run][1])
                # (under a label, a lowercase word that is also a site's link is a tag: "songs")
                or is_chrome(lines[run][1]) and not ((labelled or k == first_after and run + 1 < len(lines)
                                                      and _LABEL_TAG_RE.fullmatch(lines[run + 1][1])
                                                      and not is_chrome(lines[run + 1][1]))
                                                     and _LABEL_TAG_RE.fullmatch(lines[run][1]))
                or run > k and label_re.fullmatch(lines[run][1])) and (
                _LABEL_TAG_RE.fullmatch(lines[run][1])
                or (labelled or k == first_after) and _LABELLED_TAG_RE.fullmatch(lines[run][1])):
            run += 1
        before = lines[k - 1][1] if k else ""
        after = lines[run][1] if run < len(lines) else ""
        # Right under the piece: lowercase tags ("machine-learning"), or three capitalised topics
        # or more with the post's counts after them ("Poetry" / "Machine Learning" / … / "1.4K").
        lowercase = all(_LABEL_TAG_RE.fullmatch(text) for _, text in lines[k:run])
        topics = k == first_after and (lowercase or run - k >= 3 and bool(after) and is_chrome(after))
        if labelled and run > k or run - k >= 2 and (topics or
                (DATE_RE.search(before) or before.endswith(" ago")) or re.fullmatch(_DURATION, after)
                # (or between the account under the title and the post's time: "hollowbyte" / "delta blues"
                # / … / "2 months ago")
                or number < piece_starts and after.endswith(" ago") and re.fullmatch(r"[a-z][\w.-]{2,30}", before)):
            # "Genre" / "Electronic" then "Tags" / "deep house" / "vocal house": both, in order
            found += [text for _, text in lines[k:run] if text not in found]
            if labelled:
                used_labels.add(lines[k - 1][1].casefold())
    return found


def _genre_list(text: str) -> list[str]:
    """A platform's genres without a duration: three or more short lowercase items between
    commas ("delta blues, slide guitar, 84 bpm"); a line of verse has longer runs of words."""
    tags = split_tags(text)
    if len(tags) < 3 or not all(_TAG_RE.fullmatch(tag) and len(tag.split()) <= 3 for tag in tags):
        return []
    words = text.replace(",", " ").split()
    return tags if sum(word[:1].islower() or word[:1].isdigit() for word in words) == len(words) else []


_PROMPT_LABEL_RE = re.compile(r"(?:suno )?prompt", re.IGNORECASE)
_PAGE_DATE_KEYS = frozenset({"date", "published", "updated", "datecreated", "lastmod", "created"})
# Front matter's own names for the piece's fields (a notes app's "created:"), read only there.
_FRONT_MATTER_NAMES = {"created": "date", "datecreated": "date"}


def front_matter_end(lines: Sequence[str], first: int, *, strict: bool = False) -> int | None:
    """The index of the "---" closing a front matter that opens at ``first``, or None.
    ``strict``: every line between is a "key: value" or a list item (not a Markdown song's part
    between two rules, "## Suno Prompt" and its "Style: …")."""
    if lines[first].strip() != "---":
        return None
    close = next((i for i in range(first + 1, min(len(lines), first + 60)) if lines[i].strip() == "---"), None)
    if close is None or not any(re.match(r"[\w ]+:", line) for line in lines[first + 1 : close]):
        return None
    if strict and not all(re.fullmatch(r"\s*([\w -]+:.*|-\s+\S.*)?", line) for line in lines[first + 1 : close]):
        return None
    return close


def _front_matter(lines: list[str], first: int, header: Header) -> int:
    """Read a "---" … "---" block starting at ``first``; returns the index after it (or ``first``)."""
    close = front_matter_end(lines, first)
    if close is None:
        return first
    body = lines[first + 1 : close]
    name = None
    for offset, line in enumerate(body, start=first + 2):
        item = re.fullmatch(r"\s*-\s+(.*)", line)
        if item and name is not None:
            if FIELD_NAMES.get(name.casefold()) == "tags":
                header.metadata.tags.append(item.group(1).strip().strip("'\""))
            continue
        found = re.fullmatch(r"([\w ]+):\s*(.*?)\s*", line)
        if not found:
            continue
        name, value = found.group(1).strip(), found.group(2)
        name = _FRONT_MATTER_NAMES.get(name.casefold(), name)
        if not value:
            continue  # a list follows
        if name.casefold() in _PAGE_DATE_KEYS:
            header.page_dated = True  # a site's date for its page; a "Written:" line below wins
        if FIELD_NAMES.get(name.casefold()) == "title":
            header.title = value.strip("'\"")
        elif name.casefold() in _PAGE_DATE_KEYS and header.metadata.written:
            continue  # the piece's own date came first
        elif not apply_field(header.metadata, name, value, header.warnings, f"line {offset}: "):
            header.warnings.append(f"line {offset}: ignored the front-matter field {name!r}")
    for i in range(first, close + 1):
        header.lines[i] = ""
    return close + 1


def read_header(lines: Sequence[str], *, before_title: bool = True) -> Header:
    """Read the metadata at the head of the piece (chrome already blanked).

    ``before_title``: the title is still among the lines, so the first line that is not a field
    may be it and is stepped over.
    """
    header = Header(lines=list(lines))
    i = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if i == len(lines):
        return header
    if before_title:  # front matter opens the file; a "---" later is a Markdown rule
        i = _front_matter(header.lines, i, header)
    titled = bool(header.title) or not before_title
    taken = -1  # a label's value, read with the label above it
    prompted: set[int] = set()  # a rendered prompt's lines, read with its label
    for i in range(i, len(lines)):
        text = lines[i].strip()
        where = f"line {i + 1}: "
        if not text or _RULE_RE.fullmatch(text) or i == taken or i in prompted:
            continue
        label = FIELD_NAMES.get(" ".join(text.split()).casefold())
        value = lines[i + 1].strip() if i + 1 < len(lines) else ""
        after = lines[i + 2].strip() if i + 2 < len(lines) else ""
        # (a block of its own, the label and the value: a title line above the verse is no label)
        if (label and value and not after and not value.startswith(("[", "|")) and not _FIELD_RE.fullmatch(value)
                and not FIELD_NAMES.get(value.casefold())):
            # A form's label above its value: "Title" / "Weights and Biases", "Style of Music" / "dream pop, …"
            if label == "title":
                header.title = value
            else:
                apply_field(header.metadata, text, value, header.warnings, f"line {i + 2}: ")
            header.lines[i] = header.lines[i + 1] = ""
            taken = i + 1
            titled = titled or label == "title"
            continue
        if _HEADING_RE.fullmatch(text) and not titled:
            titled = True
            continue
        parts = [part for part in _FIELD_SEPARATOR_RE.split(text) if part]
        if len(parts) > 1 and all(_known_field(part) for part in parts):
            # "**Tempo:** 100 BPM · **Key:** G major": several fields on one line
            for part in parts:
                apply_field(header.metadata, *_FIELD_RE.fullmatch(part).groups(), header.warnings, where)
            header.lines[i] = ""
            continue
        if _PROMPT_LABEL_RE.fullmatch(text.strip("*_: ")):  # (not a Markdown "## Suno Prompt": the song's part)
            # "Suno Prompt" over the prompt and its fields, when a Markdown song was copied
            # rendered: to the "Lyrics" label or the first marker, the style, its tempo and key
            header.lines[i] = ""
            prompt: list[str] = []
            j = i + 1
            while j < len(lines) and lines[j].strip() and not lines[j].lstrip().startswith(("[", "|", "#")):
                prompted.add(j)
                if re.fullmatch(r"lyrics:?", lines[j].strip(), re.IGNORECASE):
                    break
                prompt.append(lines[j].strip())
                j += 1
            if prompt and not header.metadata.style:
                apply_prompt(header.metadata, "\n".join(prompt), header.warnings)
            for k in prompted:
                header.lines[k] = ""
            continue
        if (dated := _DATED_BYLINE_RE.fullmatch(text.strip("*_ "))) and not header.metadata.author:
            # "*By L. Morris — 2025-06-02*"
            header.metadata.author = dated.group(1).strip()
            header.metadata.written = header.metadata.written or parse_date(dated.group(2))
            header.lines[i] = ""
            continue
        field_match = _FIELD_RE.fullmatch(text)
        if field_match and FIELD_NAMES.get(" ".join(field_match.group(1).split()).casefold()):
            name, value = field_match.groups()
            if FIELD_NAMES[" ".join(name.split()).casefold()] == "title":
                header.title = value.strip("*\"' ")
            else:
                apply_field(header.metadata, name, value, header.warnings, where)
            header.lines[i] = ""
            continue
        if field_match and text.startswith("**"):
            header.warnings.append(f"{where}ignored the header field {field_match.group(1)!r}")
            header.lines[i] = ""
            continue
        if genre := genre_line(text):
            header.metadata.tags, header.metadata.duration = genre
            header.lines[i] = ""
            continue
        if (dated := date_line(text)) and titled:  # "Posted on February 2, 2025" under the title
            header.metadata.written = header.metadata.written or dated
            header.metadata.author = header.metadata.author or read_dateline(text)[1]
            header.lines[i] = ""
            continue
        if (byline := _BYLINE_RE.fullmatch(text.strip("*_ "))) and not header.metadata.author:  # "*by Ada L. Bot*"
            header.metadata.author = byline.group(1).strip()
            header.lines[i] = ""
            continue
        if not titled and len(text) <= 100 and not text.startswith(("[", "|")):
            titled = True  # the title line, read by the shape
            continue
        break
    return header


def _apply_first(found: ParsedMetadata, name: str, value: str, warnings: list[str], where: str) -> None:
    """A field read from the page fills only what an earlier one on the page left empty: the page
    names the piece before its lists of other pieces ("by" / "Hana Sato" under a related post)."""
    field_value = ParsedMetadata()
    apply_field(field_value, name, value, warnings, where)
    for key in METADATA_FIELDS:
        if getattr(field_value, key) not in (None, "", []) and getattr(found, key) in (None, "", []):
            setattr(found, key, getattr(field_value, key))


# A writer's credit in a page's credits, with no colon: "Words and music by Ines Calloway", an
# author's card under a post: "Written by Priya Ramanathan"
_WRITER_CREDIT_RE = re.compile(r"(?:written|words|lyrics|music|song)(?:\s*(?:and|&)\s*(?:words|lyrics|music))? (?:written )?by "
                               r"([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})", re.IGNORECASE)

# Fields whose value is any text (the others must read as a tempo, key, date or duration).
FREE_TEXT_FIELDS = frozenset({"style", "tags", "author"})


def read_page_fields(lines: Sequence[tuple[int, str]], header: Header, *, piece_starts: int = 0) -> None:
    """Fields among the page text around the piece ("Tempo: 96 BPM" below the lyrics, a
    platform's "synthwave, retro · 2:58" above them), for what the file's own header left
    empty; the file's own value wins."""
    from catalogue.importing.page_text import RELATIVE_TIME_RE, is_chrome, without_parenthesis  # (it reads FIELD_NAMES)

    found = ParsedMetadata()
    # Separators on lines of their own ("·" between the genres and the duration) stand for nothing.
    lines = [(number, text) for number, text in lines if re.search(r"\w", text)]
    found.tags = _tag_run(lines, piece_starts, is_chrome)
    # A platform's genre chip between the post's time and its player ("3 weeks ago" / "Spoken Word"
    # / "0:00"): the first of the tags.
    chip = next((text for (_, before), (_, text), (_, after) in zip(lines, lines[1:], lines[2:])
                 if re.fullmatch(r"0?0:00", after) and _GENRE_CHIP_RE.fullmatch(text) and (
                     RELATIVE_TIME_RE.fullmatch(before) or DATE_RE.fullmatch(before))), "")

    def menu_item(k: int) -> bool:  # "Songs" / "Genres" / "Random" / "Login": a menu, not a label and its value
        # (or "Videos" / "Tags" / "DEV Education Tracks" / "DEV Challenges")
        return 0 <= k < len(lines) and len(lines[k][1].split()) <= 3 and not re.search(r"[\d,]", lines[k][1])

    dated_fields = sum(1 for number, text in lines if number > piece_starts and ":" in text and (found_field := _FIELD_RE.fullmatch(text))
                       and FIELD_NAMES.get(" ".join(found_field.group(1).split()).casefold()) == "written")
    for k, ((number, text), (next_number, next_text)) in enumerate(zip(lines, [*lines[1:], (0, "")])):
        # A platform's genre line and its duration on the next line: "indie folk, haunting" / "2:43"
        # above the piece (below it, a title above a duration is another track in a "More from" list)
        if number < piece_starts and 0 < next_number - number <= 2 and re.fullmatch(_DURATION, next_text) and (
            next_text.strip("0:") and not is_chrome(text) and (tags := genre_line(f"{text} · {next_text}"))
            and (len(tags[0]) > 1 or text.islower())  # "indie folk, haunting", "synthwave"; not an album's "Local Minimum"
        ):
            found.tags, found.duration = found.tags or tags[0], found.duration or _plain_duration(tags[1])
        if (credit := _WRITER_CREDIT_RE.fullmatch(text.strip())) and not found.author:
            # "Words and music by Ines Calloway": the writer, not the band (and not the sentence's
            # full stop: "Written by Noor Castellanos."; "… by Ada L." keeps its initial's)
            found.author = re.sub(r"(?<=\w\w)\.$", "", credit.group(1))
            continue
        field_match = _FIELD_RE.fullmatch(text)
        field = field_match and FIELD_NAMES.get(" ".join(field_match.group(1).split()).casefold())
        if field in FREE_TEXT_FIELDS and re.match(r"[^:]*:\S", text):
            # On the page, a label glued to what follows it is a widget copied with its options (a
            # citation box's "Style:MLA Chicago APA") or a search box's syntax ("author:username"):
            # a free-text field would take anything.
            continue
        label = " ".join(text.rstrip(":").split()).casefold()  # (a label alone may keep its colon: "Release date:")
        if field_match and field == "written" and number > piece_starts and dated_fields > 1:
            continue  # each comment's "Date: 3/22/2026 6:14:00 AM" under the piece: not the piece's
        if field_match and field not in (None, "title") and field_match.group(2):
            name, value = field_match.groups()
            if name == "tags" and not re.search(r"[,;#|·•]", value):
                value = ", ".join(value.split())  # a page's "tags: folk indie Lisbon": its tag links, copied in a row
            _apply_first(found, name, value, header.warnings, f"line {number}: ")
        elif (FIELD_NAMES.get(label) not in (None, "title") and next_number == number + 1
              # (a label with its colon over a free-text value is a widget's: "Style:" / "MLA" / "Chicago")
              and not (text.endswith(":") and FIELD_NAMES.get(label) in FREE_TEXT_FIELDS)
              and not (menu_item(k - 1) and menu_item(k + 2) and menu_item(k + 1)
                       # (labels every other line are a list of facts: "Written By" / "Tamsin Achebe" / "Release Date")
                       # (or "Produced By" / "Ruth Abernathy" / "Written By" / "Ines Kalberg": the credits)
                       and not any(0 <= j < len(lines) and (is_field_label(lines[j][1]) or lines[j][1].casefold().endswith(
                           " by")) for j in (k - 2, k + 2)))
              and next_text and not FIELD_NAMES.get(" ".join(next_text.split()).casefold())
              and len(next_text.split()) <= 8 and not re.search(r"[.!?]$", next_text)  # a value, not a comment
              and (DATE_RE.fullmatch(next_text) or not is_chrome(next_text))):
            # A page's label above its value: "Artist" / "The Hyperparameters", "Release Date" / "June 12, 2024"
            if not (found.tags and FIELD_NAMES[label] == "tags"):  # read as a run above
                # (an author's name with what the site adds: "Juno Tal  (29/F/Porto)")
                value = without_parenthesis(next_text) if FIELD_NAMES[label] == "author" else next_text
                # (not a badge over a comment's date: "lena.orbit" / "Author" / "02/17/26")
                if not (FIELD_NAMES[label] == "author" and DATE_RE.search(value)):
                    _apply_first(found, text.rstrip(":"), value, header.warnings, f"line {next_number}: ")
        elif (dated := date_line(text)) and not found.written and (
                number < piece_starts or _RELEASED_RE.search(text) or re.search(r"\d:\d\d", text) and not _a_comments(lines, k)):
            # "Published November 2, 2025" under the piece, or a post's timestamp "Mar 14, 2026, 21:07"
            # (a bare date there is a related post's)
            found.written = dated
        elif not found.tags and (tagged := _TAGGED_RE.search(text) or _SPOKEN_LABEL_TAGS_RE.fullmatch(text)):
            found.tags = split_tags(tagged.group(1))  # "Posted in Poems | Tagged language models, poetry | 2 Comments"
        elif not found.author and (named := _SPOKEN_LABEL_AUTHOR_RE.fullmatch(text)):
            found.author = named.group(1)
        elif not found.written and _RELEASED_RE.search(text) and (dated := parse_date(text)):
            found.written = dated  # "from Small Weights, released March 6, 2026"
        elif (genre := genre_line(text)) and not found.duration:
            found.tags, found.duration = genre
        elif number < piece_starts and (player := re.fullmatch(r"0?0:00 ?/ ?0?(\d{1,2}:\d{2})", text)) and not found.duration:
            found.duration = player.group(1)  # a player's "0:00 / 3:52" or "00:00 / 03:48"
        elif re.fullmatch(r"0?0:00", text) and next_number == number + 1 and re.fullmatch(_DURATION, next_text) and (
                not found.duration):
            found.duration = _plain_duration(next_text)  # the player's bar under the page: "0:00" / "3:22"
        elif number < piece_starts and re.fullmatch(_DURATION, text) and re.fullmatch(rf"[-−–]{_DURATION}", next_text) and (
                not found.duration):
            found.duration = _player_length(text, next_text)  # a player's "1:42" played and "-2:24" to go
        elif number < piece_starts and re.fullmatch(_DURATION, text) and text.strip("0:") and not found.duration:
            found.duration = _plain_duration(text)  # a platform's track length above the lyrics ("3:47"; not the player's "0:00")
        elif number < piece_starts and not found.tags and (tags := _genre_list(text)):
            found.tags = tags  # "delta blues, slide guitar, gravelly male vocals" under the title
    if not found.tags:
        # The post's hashtags in a row ("#aimusic #machinelearning #synthpop"), right under the
        # piece or ending the description's first line above it ("5,032 views  Feb 17, 2026  #aimusic …"):
        # its tags, as when shown one per line. (Not a commenter's "#reblogging for the bridge alone".)
        under = [text for number, text in lines if number >= piece_starts][:3] if piece_starts else []
        above = [text for number, text in lines if number < piece_starts]
        found.tags = next((tags for text in [*under, *above] if (tags := hashtags_ending(text))), [])
    if not found.tags:
        # A poetry site's "Topic(s) of this poem: language, technology"
        found.tags = next((split_tags(topics.group(1)) for _, text in lines if (topics := _TOPICS_OF_RE.fullmatch(text))), [])
    if not found.tags:
        # … or under "Categories" or "Subjects", one per line ("Arts & Sciences" / "Sciences" / …)
        if any(_SHELVES_LABEL_RE.fullmatch(text) for _, text in lines):
            found.tags = _tag_run(lines, piece_starts, is_chrome, shelves=True)
    if not found.tags:
        # A poetry site files a poem under its topics: "Categories: ai, letter, technology," (a
        # blog's categories beside its tags are its shelves, so only when the page has no tags).
        found.tags = next((split_tags(filed.group(1).strip(" ,")) for _, text in lines
                           if (filed := _CATEGORIES_RE.fullmatch(text.strip()))), [])
    if chip and chip not in found.tags:
        found.tags = [chip, *found.tags]
    for name in METADATA_FIELDS:
        if getattr(found, name) and not getattr(header.metadata, name):
            setattr(header.metadata, name, getattr(found, name))
