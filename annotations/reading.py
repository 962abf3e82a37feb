"""The piece page's reading: verse with its glosses beside it, built from plain values.

A gloss may stand on several places (anchors). Each place is marked in the verse; the gloss
itself is shown once, beside its first place, and once more beside each repeat of a chorus
it stands on. The HTML is rendered once per content version of the piece (lines, glosses,
metadata) and audience, and cached; a page view then costs one query for the piece and a
cache lookup. Building it costs the same few queries however many glosses and anchors.

The reading is also cached in parts: each section is rendered on its own and kept under a
digest of everything it shows (its lines, the glosses on them and their versions, authors and
concepts, the audience), so that after a write to one gloss the next reader's page renders
only the sections that gloss stands on and takes the others from the cache.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections import defaultdict
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import NamedTuple

from django.core.cache import cache
from django.conf import settings
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone, is_aware
from django.utils.translation import get_language

from catalogue.models import Line, Piece, PieceVersions, known_line_kind, piece_reading, piece_tag_names

from .editors import display_name, name_shown
from .marking import phrase_spans, segments
from .models import Anchor, Gloss, Origin, orphaned_anchors, piece_glosses, where_label

READING_TEMPLATE = "annotations/piece_detail.html#reading"
# The sections and THE gloss: Jinja2 macros, a tenth of the Django template engine's cost for
# the rows and notes a reading renders by the hundred (see the template's head).
NOTES_TEMPLATE = "annotations/notes.jinja"
CACHE_SECONDS = 24 * 3600
# Part of every section's key: a deploy that changes the page's markup renders the sections
# anew, even from a cache shared with servers of the old version.
MARKUP_DIGEST = hashlib.sha256(b"".join(
    (settings.BASE_DIR / "templates" / "annotations" / name).read_bytes()
    for name in ("piece_detail.html", "notes.jinja"))).hexdigest()[:16]


def notes_macros():
    """The macros of notes.jinja (``section``, ``gloss_note``, ``concept_chips``): compiled once
    a process, called as functions with plain values; each returns escaped HTML (Markup)."""
    return engines["jinja2"].get_template(NOTES_TEMPLATE).template.module


def reading_version(piece: Piece | PieceVersions, audience: str) -> str:
    return f"{piece.pk}.{piece.content_version}.{piece.gloss_version}.{piece.updated_at.timestamp()}.{audience}"


def reading_etag(piece: Piece | PieceVersions, audience: str, request) -> str:
    """Changes whenever the page would: content, audience, who is signed in, their CSRF token."""
    user_part = f"{request.user.pk}:{request.COOKIES.get('csrftoken', '')}" if request.user.is_authenticated else "-"
    digest = hashlib.sha256(f"{reading_version(piece, audience)}|{user_part}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def reading_html(piece: Piece, *, audience: str) -> str:
    key = f"reading:{reading_version(piece, audience)}"
    html = cache.get(key)
    if html is None:
        html = render_reading(piece, include_drafts=audience == "editor")
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # rendered by our own template, every value escaped there


def render_reading(piece: Piece, *, include_drafts: bool) -> str:
    """The reading, assembled from its sections; a section is rendered only when what it shows
    is not in the cache already (see ``section_key``)."""
    reading = build_reading(piece, include_drafts=include_drafts)
    shared = {"piece_url": reverse("piece_detail", args=[piece.slug]), "include_drafts": include_drafts}
    keys = [section_key(section, shared) for section in reading["sections"]]
    found = cache.get_many(keys)
    rendered, parts = {}, []
    macros = notes_macros()
    for key, section in zip(keys, reading["sections"]):
        html = found.get(key)
        if html is None:
            html = rendered[key] = render_section(section, shared, macros)
        parts.append(html)
    if rendered:
        cache.set_many(rendered, CACHE_SECONDS)
    # Joined here rather than by a loop in the template: a thousand-line piece has a hundred sections.
    sections_html = mark_safe("".join(parts))  # our own macros' output, escaped there
    return render_to_string(READING_TEMPLATE, {**reading, **shared, "sections_html": sections_html})


def render_section(section: dict, shared: dict, macros=None) -> str:
    macros = macros or notes_macros()
    return str(macros.section(section, shared["piece_url"], shared["include_drafts"]))


def section_key(section: dict, shared: dict) -> str:
    """The section's cache key: a digest of every value it is rendered from.

    Its lines' text, the glosses marked on them and shown beside them (each with its version,
    places, author and concepts), the repeat it echoes, the audience and the piece's address:
    whatever changes what the section shows changes the key, and nothing else does.
    """
    # Pickled rather than repr()'d: the same values, in half the time. Equal values built the
    # same way pickle alike; were they ever to differ, the cost is a render, never a wrong page.
    values = pickle.dumps((MARKUP_DIGEST, shared["piece_url"], shared["include_drafts"], section), protocol=5)
    return "section:" + hashlib.sha256(values).hexdigest()


_NOT_ECHOED = ((), None)  # a line of no repeat: no glosses echoed, no line it repeats


def numbered_lines(piece: Piece) -> list[tuple[int, str]]:
    return list(piece.lines.order_by("n").values_list("n", "text"))


def build_reading(piece: Piece, *, include_drafts: bool) -> dict:
    """Everything the reading partial shows, in a fixed number of queries (lines, glosses,
    anchors, concepts, tags, orphans) whatever the number of lines, glosses and anchors."""
    sections, lines = piece_reading(piece.pk)
    clock = Clock.now()
    glosses = [gloss_card(gloss, clock=clock) for gloss in piece_glosses(piece.pk, include_drafts=include_drafts)]

    beside = defaultdict(list)  # line → the glosses shown beside it (each beside its first place)
    starting = defaultdict(list)  # line → glosses with a place starting there (for chorus repeats)
    covering = defaultdict(dict)  # line → {gloss id: its first anchor on the line}, in order
    phrases = defaultdict(list)  # line → (start, end, (gloss id, anchor id)) to mark
    for gloss in glosses:
        if gloss["current"]:
            beside[gloss["current"]["first_line"]].append(gloss)
        for anchor in gloss["places"]:
            if gloss not in starting[anchor["first_line"]]:
                starting[anchor["first_line"]].append(gloss)
            for n in range(anchor["first_line"], anchor["last_line"] + 1):
                covering[n].setdefault(gloss["id"], anchor["id"])
            if anchor["exact"] and anchor["start"] is not None:
                for n, start, end in phrase_spans(anchor):
                    phrases[n].append((start, end, (gloss["id"], anchor["id"])))

    label_of = {section["id"]: section["label"] for section in sections}
    position_of = {section["id"]: section["position"] for section in sections}
    lines_of = defaultdict(list)
    for n, text, echo, kind, section_id, break_before in lines:
        lines_of[section_id].append((n, text, echo, kind, break_before))

    piece_url = reverse("piece_detail", args=[piece.slug])
    rows_by_section = []
    for section in sections:
        section_lines = lines_of[section["id"]]
        echoed = _echoed_glosses(section_lines, lines_of.get(section["repeat_of_id"], []), beside, starting) \
            if section["repeat_of_id"] else {}
        rows, notes = [], []  # the lines come in order, so the notes do too
        for n, text, echo, kind, break_before in section_lines:
            repeated, repeats_line = echoed.get(n, _NOT_ECHOED) if echoed else _NOT_ECHOED
            on_line = covering.get(n)
            annotated = bool(on_line or repeated)
            # The gloss a line's end mark opens on narrow screens (its first), from this line.
            first = next(iter(on_line.items())) if on_line else None
            mark_url = ""
            if annotated:
                mark_url = f"{piece_url}?gloss={first[0]}&anchor={first[1]}" if first else f"{piece_url}?line={n}"
            # A line with glosses (or, for editors, any line) opens its glosses in the pane.
            line_url = f"{piece_url}?line={n}" if annotated or include_drafts else ""
            marks = phrases.get(n)
            rows.append(
                {
                    "n": n,
                    "row_class": "row has-break" if break_before else "row",
                    # Printed unescaped (notes.jinja): a kind of Line.Kind's, whatever the row holds.
                    "line_class": f"line line--{known_line_kind(kind)}{' is-annotated' if annotated else ''}",
                    "gloss_ids": " ".join(map(str, on_line)) if on_line else "",
                    "line_url": line_url,
                    # The links without JavaScript: the URL and the line's place on the page.
                    "line_href": f"{line_url}#L{n}",
                    "mark_href": f"{mark_url}#L{n}",
                    "text": text,
                    "segments": _marked_segments(text, marks) if marks else (),
                    "echo": echo,
                    "mark_url": mark_url,
                    "mark_label": "Note" if first else "Notes",
                }
            )
            if n in beside:
                notes += [{"gloss": gloss, "at": n, "echo_of": None} for gloss in beside[n]]
            if repeated:
                notes += [{"gloss": gloss, "at": n, "echo_of": repeats_line} for gloss in repeated]
        # The section's notes follow its verse, in the order of their lines (reading order
        # without JavaScript, footnotes in print); static/js places each level with its line (``at``).
        rows_by_section.append(
            {**section, "repeat_label": label_of.get(section["repeat_of_id"], ""),
             "repeat_position": position_of.get(section["repeat_of_id"]), "rows": rows, "notes": notes}
        )
    return {
        "piece": piece,
        "tags": piece_tag_names(piece.pk),
        "sections": rows_by_section,
        "commentary": [gloss for gloss in glosses if not gloss["places"]],
        "include_drafts": include_drafts,
        # Editors are shown what a re-import could not place, so that it gets re-attached.
        "orphans": orphaned_anchors(piece.pk) if include_drafts else [],
    }


def _echoed_glosses(section_lines, original_lines, beside, starting) -> dict[int, tuple[list, int]]:
    """Line of a repeat → (glosses of the lines it repeats, the line it repeats).

    A chorus is explained once: each repeat shows every gloss that stands on the chorus, once,
    beside the repeat of the gloss's first place in it. A gloss already shown beside a line of
    this very repeat (its first place is here) is not shown again.
    """
    here = {n for n, *_ in section_lines}
    shown_here = {gloss["id"] for n in here for gloss in beside.get(n, [])}
    echoed: dict[int, tuple[list, int]] = {}
    seen = set(shown_here)
    for (original_n, *_), (n, *_) in zip(original_lines, section_lines):
        glosses = [gloss for gloss in starting.get(original_n, []) if gloss["id"] not in seen]
        seen.update(gloss["id"] for gloss in glosses)
        if glosses:
            echoed[n] = (glosses, original_n)
    return echoed


def _marked_segments(text: str, marks) -> list[tuple[str, int | None, int | None, str, bool]]:
    """The line cut at its phrases: (text, gloss id, anchor id, ids of every gloss on it, whether
    phrases of several glosses overlap there)."""
    result = []
    for run, key, keys in segments(text, marks):
        gloss_ids = tuple(dict.fromkeys(gloss_id for gloss_id, _ in keys))
        result.append((run, key[0] if key else None, key[1] if key else None, " ".join(map(str, gloss_ids)),
                       len(gloss_ids) > 1))
    return result


# --- One gloss as every page part shows it (margin, pane, lists) ---------------------------


def gloss_card(gloss: Gloss | dict, *, include_orphaned: bool = False, opened_from: int | None = None,
               clock: Clock | None = None) -> dict:
    """A gloss as plain values: its words, its places, which place it was opened from.

    Takes a row of ``models.piece_glosses`` or a Gloss (with anchors and concepts prefetched).
    ``places`` are the placed anchors in order; ``current`` the one it was opened from (its
    first place otherwise); ``others`` the rest, listed as "also on lines 7, 12". ``clock``:
    the reader's time zone and language, looked up once for many cards (see ``Clock``).
    """
    if isinstance(gloss, Gloss):
        anchors = [_anchor_values(anchor) for anchor in gloss.anchor_list
                   if include_orphaned or not anchor.is_orphan]
        card = {"id": gloss.pk, "heading": gloss.heading, "body_html": gloss.body_html, "status": gloss.status,
                "version": gloss.version, "anchors": anchors, "is_deleted": gloss.is_deleted,
                "concepts": [{"name": c.name, "slug": c.slug} for c in gloss.concepts.all()]}
        author = gloss.created_by if gloss.created_by_id else None
        card.update(author=display_name(author) if author else "", author_username=author.get_username() if author else "",
                    imported=gloss.origin == Origin.IMPORT, updated_at=gloss.updated_at)
    else:
        card = dict(gloss)
        card.setdefault("is_deleted", False)  # the rows are of shown glosses
        card.setdefault("concepts", [])  # the concept page's rows come without them: no chips there
        anchors = card["anchors"]
        # The values of models.piece_glosses: the joined user's columns.
        first, last = card.pop("created_by__first_name", ""), card.pop("created_by__last_name", "")
        username = card.pop("created_by__username", "") or ""
        card.update(author=name_shown(first, last, username), author_username=username,
                    imported=card.get("origin") == Origin.IMPORT)
    places = [anchor for anchor in anchors if not anchor.get("is_orphan")]
    current = places[0] if places else None
    if opened_from is not None:
        current = next((anchor for anchor in places if anchor["id"] == opened_from), current)
    for anchor in anchors:
        anchor["label"] = _lines_label(anchor)
    where = where_label(places)
    changed_iso, changed_on = (clock or Clock.now()).dates(card.get("updated_at"))
    card.update(
        changed_iso=changed_iso,
        changed_on=changed_on,
        places=places,
        current=current,
        others=_distinct_lines([anchor for anchor in places if anchor is not current], current)
        if len(places) > 1 else [],
        orphaned=[anchor for anchor in anchors if anchor.get("is_orphan")],
        where=where,
        # What the one gloss macro shows, worked out once here rather than by its template
        # on every page part that shows the gloss (its link, its label, its quote).
        is_draft=card["status"] == "draft",
        query=f"?gloss={card['id']}&anchor={current['id']}" if current else f"?gloss={card['id']}",
        fragment=f"#L{current['first_line']}" if current else "",
        link_label=_link_label(card["heading"], current),
        list_label=card["heading"] or f"Gloss on {where}",
        aria_label=f"Gloss on {where}" if current else "Note on the piece",
        quote=current["exact"] if current and current["exact"] and len(places) == 1 else "",
    )
    return card


class Clock(NamedTuple):
    """The reader's time zone and language, for the dates of many glosses.

    A gloss says when it changed, as ``{{ value|date:"c" }}`` and ``|date:"j M Y"`` would: in
    the current time zone, the month in the current language. Django's filters look both up
    and build a formatter for every date, which cost as much as the rest of a margin note.
    """

    zone: tzinfo
    language: str

    @classmethod
    def now(cls) -> Clock:
        return cls(get_current_timezone(), get_language())

    def dates(self, value: datetime | None) -> tuple[str, str]:
        """(ISO 8601, "7 Dec 2026") of an aware datetime in this time zone; ("", "") for none."""
        if not value:
            return "", ""
        local = value.astimezone(self.zone) if is_aware(value) else value
        return local.isoformat(), _day_label(local.date(), self.language)


@lru_cache(maxsize=1024)
def _day_label(day: date, language: str) -> str:
    return dateformat.format(day, "j M Y")  # the month's name in ``language``: active when it was asked for


def _link_label(heading: str, current: dict | None) -> str:
    if current is None:
        return heading or "Note"
    if current["first_line"] != current["last_line"]:
        return f"Lines {current['first_line']}–{current['last_line']}"
    return f"Line {current['first_line']}"


def _anchor_values(anchor: Anchor) -> dict:
    return {"id": anchor.pk, "position": anchor.position, "first_line": anchor.first_line,
            "last_line": anchor.last_line, "exact": anchor.exact, "start": anchor.start, "end": anchor.end,
            "anchor_text": anchor.anchor_text, "is_orphan": anchor.is_orphan}


def _lines_label(anchor: dict) -> str:
    first, last = anchor["first_line"], anchor["last_line"]
    return str(first) if first == last else f"{first}–{last}"


def _distinct_lines(anchors: list[dict], current: dict | None) -> list[dict]:
    """One link a line: two phrases of line 7 are "also on line 7" once."""
    seen = {current["label"]} if current else set()
    result = []
    for anchor in anchors:
        if anchor["label"] not in seen:
            seen.add(anchor["label"])
            result.append(anchor)
    return result


_TAG = re.compile(r"(<[^>]*>)")


def mark_quote(body_html: str, quote: str) -> str:
    """The body with the first place it quotes ``quote`` marked, if it does (words in order,
    any white space or " / " between them, any case); the body unchanged otherwise.

    Only text between tags is searched, so no attribute or tag is ever changed; the quote is
    escaped the way the Markdown renderer escapes text before it is looked for.
    """
    words = quote.split()
    if not words or not body_html:
        return body_html
    escaped = [re.escape(word.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))
               for word in words]
    pattern = re.compile(r"(?:\s+|\s*/\s*)".join(escaped), re.IGNORECASE)
    parts = _TAG.split(body_html)
    for index, part in enumerate(parts):
        if part.startswith("<"):
            continue
        match = pattern.search(part)
        if match:
            parts[index] = f'{part[:match.start()]}<mark class="quoted">{match.group(0)}</mark>{part[match.end():]}'
            return "".join(parts)
    return body_html


def opened_body(card: dict) -> str:
    """The gloss's body for the pane: the words of the place it was opened from marked in it."""
    current = card["current"]
    if not current:
        return card["body_html"]
    # A place on whole lines is quoted by the text of its line (a note quoting a lyric line).
    text = current.get("anchor_text", "")
    quote = current["exact"] or ("" if "\n" in text else text)
    return mark_quote(card["body_html"], quote) if quote else card["body_html"]


def glosses_on_line(piece: Piece, n: int, *, include_drafts: bool) -> dict | None:
    """What the pane shows for one line: its text, the glosses with a place on it, and, on a
    repeated chorus, the glosses of the line it repeats. None when the piece has no such line."""
    line = (
        Line.objects.filter(piece_id=piece.pk, n=n)
        .values("n", "text", "section_id", "section__repeat_of_id")
        .first()
    )
    if line is None:
        return None
    echoed = None
    if line["section__repeat_of_id"]:
        index = Line.objects.filter(section_id=line["section_id"], n__lt=n).count()
        echoed = (
            Line.objects.filter(section_id=line["section__repeat_of_id"])
            .order_by("n")
            .values_list("n", flat=True)[index : index + 1]
            .first()
        )
    wanted = [n, echoed] if echoed else [n]
    places = (Anchor.objects.shown(include_drafts).filter(piece_id=piece.pk)
              .filter(first_line__lte=max(wanted), last_line__gte=min(wanted))
              .values_list("gloss_id", "id", "first_line", "last_line"))
    on: dict[int, dict[int, int]] = {line_n: {} for line_n in wanted}  # line → gloss id → anchor id
    for gloss_id, anchor_id, first, last in places:
        for line_n in wanted:
            if first <= line_n <= last:
                on[line_n].setdefault(gloss_id, anchor_id)
    ids = set().union(*(set(found) for found in on.values()))
    glosses = {gloss.pk: gloss for gloss in Gloss.objects.shown(include_drafts).filter(pk__in=ids)
               .select_related("created_by").prefetch_related("anchors", "concepts")}

    def cards(line_n):
        found = [gloss_card(glosses[gloss_id], opened_from=anchor_id)
                 for gloss_id, anchor_id in on.get(line_n, {}).items() if gloss_id in glosses]
        return sorted(found, key=lambda card: (card["current"]["first_line"], card["current"]["start"] or 0, card["id"]))

    return {"n": n, "text": line["text"], "glosses": cards(n), "echoed_line": echoed,
            "echoed_glosses": cards(echoed) if echoed else []}
