"""Commentary that arrives with a source file, and what happens to all commentary on re-import.

A parsed gloss (a paragraph quoting one or more places) becomes one Gloss with an Anchor per
place; a parsed commentary entry becomes one Gloss with its heading and its anchors (none: on
the piece as a whole). A re-import moves every anchor on its own with the ladder of
anchoring.reanchor; an anchor whose text is gone is orphaned, and a gloss whose anchors are all
gone is an orphan. Nothing an editor wrote or changed is ever deleted by an import.

Imported glosses are recognised again by ``import_key`` (what the file said), so an import that
brings back text an earlier import removed — an undo — brings back the same rows with their
history, even when an editor changed their words since.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, transaction
from django.utils import timezone

from catalogue.importing.store import insert_rows
from catalogue.models import Line, Piece
from config.compiled import CompiledQuery

from .anchoring import (CONTEXT_CHARS, NumberedLines, Place, anchor_lines, anchor_phrase, anchor_quote, line_moves,
                        reanchor)
from .concepts import SEED_VOCABULARY, concepts_found
from .markdown import render_markdown
from .models import (Anchor, Concept, Gloss, Origin, StaleEdit, get_or_create_concepts, gloss_history,
                     piece_commentary_changed, publication_time)
from .names import clean_name, concept_key

__all__ = ["store_imported_commentary", "reanchor_piece", "reattach_anchor", "reattach_gloss", "retry_orphans",
           "import_key", "StaleEdit"]


def import_key(heading: str, body: str) -> str:
    """What identifies an imported gloss across imports: the words the file gives it.

    (Frozen copy in migrations/0004: change both or neither.)
    """
    return hashlib.sha256(f"{heading.strip()}\n\x00{body.strip()}".encode()).hexdigest()


def prepare_imported_commentary(sender, parsed, **kwargs) -> dict:
    """Receiver of ``piece_parsed``, in a parsing process of the import's pool: what storing the
    file's commentary needs and the database does not, worked out there so that storing need
    not: the HTML of its glosses and commentary, and where each stands and which seed concepts
    it names (``_wanted``). The same functions as the store's, on the same lines, so the same
    result; without it the store does this itself."""
    return {"body_html": {item.body: render_markdown(item.body) for item in (*parsed.glosses, *parsed.commentary)},
            "commentary": _wanted(parsed, sorted((line.n, line.text) for line in parsed.lines))}


def store_imported_commentary(sender, piece: Piece, parsed, previous_lines: NumberedLines, *,
                              lines: NumberedLines | None = None, created: bool = False,
                              prepared: dict | None = None, **kwargs) -> None:
    """Receiver of ``piece_text_imported``: runs inside the import's transaction.

    ``lines`` are the (n, text) rows just stored, so they are not read back; ``created`` says the
    piece is new, so it has no glosses to re-anchor or match. Either way the number of queries
    does not grow with the number of lines or glosses (see tests/importing/test_store_speed.py).
    """
    if lines is None:
        lines = list(piece.lines.order_by("n").values_list("n", "text"))
    if previous_lines:
        reanchor_piece(piece, lines, previous_lines)
    prepared = prepared or {}
    shown = _sync_imported(piece, parsed, lines, created=created, rendered=prepared.get("body_html", {}),
                           wanted=prepared.get("commentary"))
    if created:
        # A piece this transaction made is seen by nobody else and has only the glosses just
        # written, all published and placed: no lock and no count query are needed (and no page
        # of it is cached). What piece_commentary_changed counts, known here; in plain SQL, what
        # Piece.objects.filter(pk=…).mark_glosses_changed(gloss_count=…) runs (building that
        # update cost more than running it).
        if shown:
            with connection.cursor() as cursor:
                cursor.execute(_MARK_GLOSSES_CHANGED, [shown, piece.pk])
    else:
        piece_commentary_changed(piece.pk)


# --- Re-anchoring ---------------------------------------------------------------------------


def reanchor_piece(piece: Piece, lines: NumberedLines, previous_lines: NumberedLines = ()) -> list[Gloss]:
    """Move every anchor of the piece's live glosses to where its text now stands; returns the
    glosses that became orphans (every anchor lost).

    Orphaned anchors are tried again too, from the text they last stood on: a line deleted by
    one import and brought back by the next (an undo) takes its anchors back with it.
    """
    moves = line_moves(list(previous_lines), lines) if previous_lines else None
    changed: dict[int, list[str]] = defaultdict(list)
    updated = []
    anchors = Anchor.objects.filter(piece=piece, gloss__deleted_at__isnull=True).order_by("gloss_id", "position")
    for anchor in anchors:
        old = anchor.place()
        new = reanchor(old, lines, None if anchor.is_orphan else moves)
        if new is None:
            if anchor.is_orphan:
                continue
            # The place is left as it was: the orphan shows the text it was written on.
            anchor.is_orphan = True
            changed[anchor.gloss_id].append(("orphaned", anchor.line_label))
        elif anchor.is_orphan:
            _place(anchor, new)
            changed[anchor.gloss_id].append(("back", anchor.line_label))
        elif new != old:
            _place(anchor, new)
            changed[anchor.gloss_id].append(("moved", anchor.line_label))
        else:
            continue
        updated.append(anchor)
    Anchor.objects.bulk_update(updated, ["is_orphan", *Place.__dataclass_fields__], batch_size=500)
    orphans = []
    for gloss in Gloss.objects.filter(pk__in=changed).prefetch_related("anchors"):
        was_orphan = gloss.is_orphan
        gloss._refresh_anchor_state()
        gloss.record_anchor_change(_reanchor_reason(changed[gloss.pk], whole=gloss.is_orphan))
        if gloss.is_orphan and not was_orphan:
            orphans.append(gloss)
    return orphans


def _reanchor_reason(what: list[tuple[str, str]], *, whole: bool) -> str:
    """Why the history has a new record: the whole gloss orphaned, or which place changed."""
    kinds = {kind for kind, _ in what}
    if whole:
        return "Orphaned by re-import: its text is gone"
    if "orphaned" in kinds:
        lost = ", ".join(label for kind, label in what if kind == "orphaned")
        return f"Orphaned by re-import: the text of {lost} is gone"
    if "back" in kinds:
        return "Re-attached by re-import: its text is back"
    return "Re-anchored by re-import"


def _place(anchor: Anchor, place: Place) -> None:
    for field, value in place.as_fields().items():
        setattr(anchor, field, value)
    anchor.is_orphan = False


def reattach_anchor(anchor: Anchor, first_line: int, last_line: int | None = None, exact: str = "",
                    *, start: int | None = None, user=None, based_on: int | None = None) -> Gloss:
    """Anchor one anchor by hand on lines ``first_line``..``last_line`` of its piece's current
    text, or on the phrase ``exact`` within them; an orphaned anchor stops being one.

    For the admin and the editors' orphan page alike. Raises AnchorError, with a message for
    the person choosing, when the lines or the phrase are not in the piece, and StaleEdit when
    ``based_on`` (the version of the gloss the person saw) is no longer its version. The change
    is a new version of the gloss, in its history with ``user``.
    """
    last_line = first_line if last_line is None else last_line
    gloss = anchor.gloss
    # One transaction with the save, so an import cannot change the lines in between.
    with transaction.atomic():
        lines = list(Line.objects.filter(piece_id=anchor.piece_id).order_by("n").values_list("n", "text"))
        if exact.strip():
            # Offsets from a browser are checked against the phrase; -1 means "look for it".
            place = anchor_phrase(lines, first_line, -1 if start is None else start, last_line, 0, exact)
        else:
            place = anchor_lines(lines, first_line, last_line)
        where = f"line {place.first_line}" if place.first_line == place.last_line else \
            f"lines {place.first_line}–{place.last_line}"
        return gloss.move_anchor(anchor.pk, place, user=user,
                                 based_on=gloss.version if based_on is None else based_on,
                                 reason=f"Re-attached by hand to {where}")


def reattach_gloss(gloss: Gloss, first_line: int, last_line: int | None = None, exact: str = "",
                   *, start: int | None = None, user=None, based_on: int | None = None) -> Gloss:
    """``reattach_anchor`` on the gloss's first orphaned anchor (else its first anchor)."""
    anchors = list(gloss.anchors.order_by("-is_orphan", "position").select_related("gloss"))
    if not anchors:
        raise Anchor.DoesNotExist("This gloss is on the whole piece; it has no anchor to re-attach.")
    return reattach_anchor(anchors[0], first_line, last_line, exact, start=start, user=user, based_on=based_on)


def retry_orphans(anchors) -> int:
    """Try to place these orphaned anchors (a queryset of Anchor, or of Gloss: all their orphaned
    anchors) on their piece's current text again; returns how many found a place. (The text
    may have been fixed by hand since the import that orphaned them.)"""
    if anchors.model is Gloss:
        anchors = Anchor.objects.filter(gloss__in=anchors)
    placed, pieces, changed = 0, {}, set()
    with transaction.atomic():
        for anchor in (anchors.select_for_update().filter(is_orphan=True, gloss__deleted_at__isnull=True)
                       .order_by("pk")):
            if anchor.piece_id not in pieces:
                pieces[anchor.piece_id] = list(
                    Line.objects.filter(piece_id=anchor.piece_id).order_by("n").values_list("n", "text")
                )
            new = reanchor(anchor.place(), pieces[anchor.piece_id])
            if new is None:
                continue
            _place(anchor, new)
            anchor.save()
            changed.add(anchor.gloss_id)
            placed += 1
        for gloss in Gloss.objects.filter(pk__in=changed).prefetch_related("anchors"):
            gloss.record_anchor_change("Re-attached: its text was found again")
        for piece_id in pieces:
            piece_commentary_changed(piece_id)
    return placed


# --- What the file brings -------------------------------------------------------------------


@dataclass
class _Wanted:
    heading: str
    body: str
    places: list[Place]
    position: int
    key: str
    # The seed concepts it names: key -> (where first named, name), as ``concepts_found`` gives.
    seeds: dict[str, tuple[int, str]]


def _parsed_anchors(item) -> list:
    """The anchors of a parsed gloss or commentary, in the new shape or the old (one quote)."""
    anchors = getattr(item, "anchors", None)
    if anchors:
        return list(anchors)
    if getattr(item, "quote", None) is not None and getattr(item, "line", None):
        return [item]  # the old ParsedGloss: its own quote/line/last_line are the one anchor
    return []


class _Text:
    """The stored lines, indexed by n, for reading spans of them without a scan."""

    def __init__(self, lines: NumberedLines):
        self.lines = lines
        self.index = {n: i for i, (n, _) in enumerate(lines)}

    def span(self, first: int, last: int) -> list[str] | None:
        if first not in self.index or last not in self.index or last < first:
            return None
        return [text for _, text in self.lines[self.index[first] : self.index[last] + 1]]


def _place_as_parsed(text: _Text, anchor) -> Place | None:
    """The place the parser found, taken as it is when the stored lines still read that way
    there: the quote at its offset, with its context. None when the text differs (an override,
    or an old-shape anchor without offsets): then the quote is searched for."""
    first = anchor.line
    last = getattr(anchor, "last_line", None) or first
    span = text.span(first, last)
    if span is None:
        return None
    joined = "\n".join(span)
    if not anchor.quote:
        return Place(first, last, anchor_text=joined)
    start = getattr(anchor, "start", None)
    prefix, suffix = getattr(anchor, "prefix", None), getattr(anchor, "suffix", None)
    if start is None or prefix is None or suffix is None:
        return None
    quote = anchor.quote
    if joined[start : start + len(quote)] != quote or start > len(span[0]):
        return None
    end = start + len(quote) if first == last else len(quote.rsplit("\n", 1)[1])
    if span[0][max(0, start - CONTEXT_CHARS) : start] != prefix or span[-1][end : end + CONTEXT_CHARS] != suffix:
        return None
    return Place(first, last, exact=quote, prefix=prefix, suffix=suffix, start=start, end=end, anchor_text=joined)


def _places(text: _Text, parsed_anchors) -> list[Place]:
    lines = text.lines
    places = []
    for parsed_anchor in parsed_anchors:
        # One pass: where the parser located the quote is where it is stored. Searching again
        # (tolerantly, nearest first) is only for text that no longer reads as parsed.
        place = _place_as_parsed(text, parsed_anchor)
        if place is None and parsed_anchor.quote:
            place = anchor_quote(lines, parsed_anchor.quote, near=parsed_anchor.line)
        if place is None:
            try:
                place = anchor_lines(lines, parsed_anchor.line, parsed_anchor.last_line or parsed_anchor.line)
            except ValueError:
                continue
        if place not in places:
            places.append(place)
    return places


def _wanted(parsed, lines: NumberedLines) -> list[_Wanted]:
    lines = _Text(lines)
    wanted = []
    for parsed_gloss in parsed.glosses:
        heading = getattr(parsed_gloss, "heading", "")[:300]
        places = _places(lines, _parsed_anchors(parsed_gloss))
        if not places:
            continue  # a gloss on no line of this text (the parser reports its quotes)
        wanted.append(_Wanted(heading, parsed_gloss.body, places, 0, import_key(heading, parsed_gloss.body),
                              _seeds_named(heading, parsed_gloss.body, places)))
    for position, note in enumerate(parsed.commentary):
        heading = note.heading[:300]
        places = _places(lines, _parsed_anchors(note))
        wanted.append(_Wanted(heading, note.body, places, position, import_key(heading, note.body),
                              _seeds_named(heading, note.body, places)))
    return wanted


def _tagged_text(heading: str, body: str, places: list[Place]) -> str:
    """What an imported gloss is tagged from: its quotes (or lines), heading and body."""
    return "\n".join([*(place.exact or place.anchor_text for place in places), heading, body])


def _seeds_named(heading: str, body: str, places: list[Place]) -> dict[str, tuple[int, str]]:
    """The seed terms a gloss names: the first part of what ``_create_all`` looks for (the seed
    terms, then the concepts in the database), which needs no database."""
    text = _tagged_text(heading, body, places)
    return concepts_found(text, _possibly_mentioned(_seed_words(), text))


def _sync_imported(piece: Piece, parsed, lines: NumberedLines, *, created: bool = False,
                   rendered: dict[str, str] | None = None, wanted: list[_Wanted] | None = None) -> int:
    """Create what is new in the file, bring back what an earlier import retired, retire what the
    file no longer has (unless an editor worked on it). Returns how many anchored glosses it created.
    ``wanted``: ``_wanted(parsed, lines)`` if already worked out (in a parsing process)."""
    candidates = defaultdict(list)
    if not created:  # a piece made by this import has no glosses yet
        known = (Gloss.objects.filter(piece=piece, origin=Origin.IMPORT).exclude(import_key="")
                 .prefetch_related("anchors").order_by("pk"))
        for gloss in known:
            candidates[gloss.import_key].append(gloss)
    matched: set[int] = set()
    new = []
    for item in _wanted(parsed, lines) if wanted is None else wanted:
        gloss = next((g for g in candidates.get(item.key, ()) if g.pk not in matched), None)
        if gloss is None:
            new.append(item)
            continue
        matched.add(gloss.pk)
        if gloss.deleted_at is not None and not gloss.retired:
            continue  # an editor deleted it: the file bringing it again does not overrule them
        _update(gloss, item, lines)
    for glosses in candidates.values():
        for gloss in glosses:
            if gloss.pk not in matched:
                _retire(gloss)
    if new:
        _create_all(piece, new, rendered or {})
    return sum(1 for item in new if item.places)


IMPORTED = "Imported from the source file"
_MARK_GLOSSES_CHANGED = (f"UPDATE {Piece._meta.db_table} SET gloss_version = gloss_version + 1, gloss_count = %s "
                         "WHERE id = %s")


def _create_all(piece: Piece, items: list[_Wanted], rendered: dict[str, str]) -> None:
    """The file's new glosses, their anchors, concepts and first history records, written in
    a few plain inserts however many there are (one by one, storing was most of an import's
    time; through ``bulk_create``, building and preparing a model per row still was).

    What ``Gloss.save_versioned`` writes for one gloss, for all: the rows, then one history
    record each ("+", "Imported from the source file") holding its anchors and its concepts.
    ``rendered``: bodies' HTML already rendered where the file was parsed (body → HTML).
    """
    # Tagged once, when it arrives: what an editor tags or untags later is theirs to keep.
    # import_vocabulary() and the ids of the concepts it names, in one query. The seed terms
    # were looked for already (``_seeds_named``); the concepts in the database are looked for
    # from there on, as one search of the whole vocabulary would.
    known = _known_concepts()
    rest = _vocabulary_after_seeds(tuple(name for name, _, _ in known))
    names = []
    for item in items:
        found = item.seeds
        if rest:
            text = _tagged_text(item.heading, item.body, item.places)
            found = concepts_found(text, _possibly_mentioned(rest, text), dict(found))
        names.append([name for _, name in sorted(found.values())])
    concept_ids = {key: pk for _, key, pk in known}
    new = [name for each in names for name in each if concept_key(name) not in concept_ids]
    if new:  # a seed term no gloss had named before
        concept_ids.update((concept.key, concept.pk) for concept in get_or_create_concepts(new))
    now = timezone.now()
    fields = _gloss_fields()
    glosses = []
    for item in items:
        snapshot = [{**place.as_fields(), "is_orphan": False} for place in item.places]
        # Every column of the gloss, as Gloss(…).save() would write it for an import.
        glosses.append({**fields, "piece_id": piece.pk, "heading": item.heading, "body": item.body,
                        "origin": Origin.IMPORT, "import_key": item.key,
                        "body_html": rendered[item.body] if item.body in rendered else render_markdown(item.body),
                        "position": item.position, "anchor_snapshot": snapshot, "created_at": now, "updated_at": now})
        # As Gloss.stamp_publication() would on save (these rows bypass it).
        glosses[-1]["published_at"] = publication_time(glosses[-1]["status"], None, now)
    ids = insert_rows(Gloss, glosses, returning_ids=True)
    insert_rows(Anchor, [
        {"gloss_id": gloss_id, "piece_id": piece.pk, "position": index, "is_orphan": False, **place.as_fields()}
        for gloss_id, item in zip(ids, items) for index, place in enumerate(item.places)
    ])
    tags = [{"gloss_id": gloss_id, "concept_id": concept_ids[key]}
            for gloss_id, wanted in zip(ids, names) for key in dict.fromkeys(map(concept_key, wanted))]
    tag_ids = insert_rows(Gloss.concepts.through, tags, returning_ids=True)
    _history_in_bulk(piece, ids, [dict(tag, id=tag_id) for tag, tag_id in zip(tags, tag_ids)], now)


def _known_concepts() -> list[tuple[str, str, int]]:
    """(name, key, id) of every concept in key order, by a query compiled once per connection
    (config/compiled.py): building and compiling it cost seven times running it, each file."""
    return _KNOWN_CONCEPTS.rows()


_KNOWN_CONCEPTS = CompiledQuery(Concept, lambda _: Concept.objects.values_list("name", "key", "pk"), takes_value=False)


@lru_cache(maxsize=None)
def _history_model():
    return Gloss.history.model  # the manager's descriptor inspects the model on every access


@lru_cache(maxsize=None)
def _gloss_defaults() -> tuple[tuple[str, object], ...]:
    return tuple((field.attname, field.get_default()) for field in Gloss._meta.concrete_fields if not field.primary_key)


def _gloss_fields() -> dict:
    """A new gloss's columns at their defaults (fresh ones: a default may be mutable)."""
    return {name: (list(value) if isinstance(value, list) else value) for name, value in _gloss_defaults()}


@lru_cache(maxsize=None)
def _seed_words() -> list[tuple[str, tuple[str, ...] | None]]:
    return _name_words(list(SEED_VOCABULARY))


@lru_cache(maxsize=4)
def _vocabulary_after_seeds(known: tuple[str, ...]) -> list[tuple[str, tuple[str, ...] | None]]:
    """``_name_words`` of the seed terms and then the concepts ``known``, less its first part,
    the seed terms' own (``_name_words`` reads each name in turn, so that part is the same)."""
    return _name_words([*SEED_VOCABULARY, *known])[len(_seed_words()):]


def _name_words(vocabulary: list[str]) -> list[tuple[str, tuple[str, ...] | None]]:
    """Each name with the words ``_possibly_mentioned`` looks for (None for a name not in ASCII:
    always tried), an ASCII name only once by its key: the seed terms are concepts too once a
    gloss named them, and a second spelling of an ASCII key (other case or spacing) finds
    nothing the first does not."""
    seen: set[str] = set()
    words = []
    for name in vocabulary:
        if not name.isascii():
            words.append((name, None))
            continue
        key = concept_key(name)
        if key in seen:
            continue
        seen.add(key)
        # As name_pattern reads it: its words in order, the last one's plural free ("-ies").
        *first, last = clean_name(name).lower().split(" ")
        words.append((name, (*first, last.removesuffix("y"))))
    return words


# The only characters outside ASCII that a case-insensitive regex takes for an ASCII letter
# ("İ", "ı", "ſ" and the Kelvin sign; tests/annotations/test_concepts.py checks every character).
_ASCII_LOOKALIKES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_LOOKALIKES = "\u0130\u0131\u017f\u212a"


def _possibly_mentioned(vocabulary: list[tuple[str, tuple[str, ...] | None]], text: str) -> list[str]:
    """The names of the vocabulary whose every word (the last less a final "y", which a plural
    changes) stands in ``text``: the only ones ``concepts_named`` can find there. One substring
    test a word instead of a regex search per name and gloss. Exact for an ASCII name in any
    text: every character its case-insensitive pattern matches folds here to the letter it
    matches; a name in any other script is left to the full search."""
    folded = text.lower()
    if not text.isascii() and any(map(text.__contains__, _LOOKALIKES)):  # rare: translate() is slow
        folded = text.translate(_ASCII_LOOKALIKES).lower()
    stands = folded.__contains__
    return [name for name, words in vocabulary if words is None or all(map(stands, words))]


@lru_cache(maxsize=None)
def _history_copy_sql(vendor: str) -> str:
    """The INSERT … SELECT of a "+" history record for each of some glosses (``{ids}`` to fill),
    from their rows as just written: the database copies the gloss's columns, which Python
    would otherwise send a second time (body, HTML, anchor snapshot). It returns (history_id,
    gloss id) pairs. Cached per engine: the quoting differs."""
    quote = connection.ops.quote_name
    history_meta = _history_model()._meta
    fields = gloss_history.fields_included(Gloss)
    targets = [quote(history_meta.get_field(field.name).column) for field in fields]
    sources = [quote(field.column) for field in fields]
    extra = ["history_date", "history_type", "history_user_id", "history_change_reason"]
    targets += [quote(history_meta.get_field(name).column) for name in extra]
    return (f"INSERT INTO {quote(history_meta.db_table)} ({', '.join(targets)}) "
            f"SELECT {', '.join(sources)}, %s, %s, %s, %s FROM {quote(Gloss._meta.db_table)} "
            # Ordered by id, so that the records are numbered in the order the glosses were.
            f"WHERE {quote(Gloss._meta.pk.column)} IN ({{ids}}) ORDER BY {quote(Gloss._meta.pk.column)} "
            f"RETURNING {quote(history_meta.pk.column)}, {quote(history_meta.get_field('id').column)}")


def _history_in_bulk(piece: Piece, gloss_ids: list[int], tagged: list[dict], now) -> None:
    """One "+" history record per new gloss and the concepts it had then: what
    ``gloss_history.create_historical_record`` writes, in two inserts instead of two per gloss."""
    history_model = _history_model()
    # Who is importing, as simple-history would tell for any gloss of this import (the signed-in
    # user of the request, if any; nobody for a command or a task).
    user = gloss_history.get_history_user(Gloss(piece=piece))
    history = [history_model._meta.get_field("history_date").get_db_prep_save(now, connection), "+",
               getattr(user, "pk", None), IMPORTED]
    record_of = {}
    with connection.cursor() as cursor:
        for start in range(0, len(gloss_ids), 500):  # within SQLite's 999 parameters a statement
            chunk = gloss_ids[start : start + 500]
            cursor.execute(_history_copy_sql(connection.vendor).format(ids=", ".join(["%s"] * len(chunk))),
                           [*history, *chunk])
            record_of.update((gloss_id, record_id) for record_id, gloss_id in cursor.fetchall())
    m2m_model = gloss_history.m2m_models[Gloss._meta.get_field("concepts")]
    insert_rows(m2m_model, [{"history_id": record_of[row["gloss_id"]], "id": row["id"], "gloss_id": row["gloss_id"],
                             "concept_id": row["concept_id"]} for row in tagged])


def _update(gloss: Gloss, item: _Wanted, lines: NumberedLines) -> None:
    """A gloss the file still has: back if retired, anchors where the file puts them."""
    reasons = []
    # With their ids, so that the anchors stay the same rows (links to them keep working).
    ids = [anchor.pk for anchor in gloss.anchor_list]
    anchors = [dict(row, id=pk) for row, pk in zip(gloss.snapshot(), ids)]
    untouched = gloss.version == 1  # no editor has changed it: the file says where it stands
    wanted = [{**place.as_fields(), "is_orphan": False} for place in item.places]
    if untouched and [_where(a) for a in anchors] != [_where(a) for a in wanted]:
        anchors = [dict(row, id=pk) for row, pk in zip(wanted, ids)] + wanted[len(ids):]
        reasons.append("Anchored as the source file has it")
    else:
        # An editor's anchors stay; an orphaned one the file glosses again goes back there.
        by_text = {place.exact or place.anchor_text: place for place in item.places}
        for index, anchor in enumerate(anchors):
            if anchor["is_orphan"]:
                place = by_text.get(anchor["exact"] or anchor["anchor_text"]) or reanchor(_as_place(anchor), lines)
                if place is not None:
                    anchors[index] = {**place.as_fields(), "is_orphan": False, "id": anchor["id"]}
                    reasons.append("Re-attached by re-import: the file glosses this text")
    if gloss.retired:
        gloss.deleted_at, gloss.retired = None, False
        reasons.insert(0, "Back in the source file")
    if not reasons and gloss.position == item.position:
        return
    gloss.position = item.position
    gloss._change_reason = "; ".join(dict.fromkeys(reasons))[:100] or "Moved in the source file"
    gloss.save_versioned(anchors=anchors)


def _where(anchor: dict) -> tuple:
    return anchor["first_line"], anchor["last_line"], anchor["exact"], anchor["start"], anchor["is_orphan"]


def _as_place(anchor: dict) -> Place:
    return Place(**{field: anchor[field] for field in Place.__dataclass_fields__})


def _retire(gloss: Gloss) -> None:
    """Imported commentary the file no longer has is soft-deleted, unless an editor has worked
    on it since, in which case it is the editor's now and stays."""
    if gloss.deleted_at is not None or gloss.version > 1:
        return
    gloss.deleted_at, gloss.retired = timezone.now(), True
    gloss._change_reason = "No longer in the source file"
    gloss.save_versioned()


