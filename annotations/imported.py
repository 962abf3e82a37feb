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

from django.db import transaction
from django.utils import timezone

from catalogue.models import Line, Piece

from .anchoring import NumberedLines, Place, anchor_lines, anchor_phrase, anchor_quote, line_moves, reanchor
from .concepts import concepts_named, import_vocabulary
from .models import Anchor, Gloss, Origin, StaleEdit, piece_commentary_changed

__all__ = ["store_imported_commentary", "reanchor_piece", "reattach_anchor", "reattach_gloss", "retry_orphans",
           "import_key", "StaleEdit"]


def import_key(heading: str, body: str) -> str:
    """What identifies an imported gloss across imports: the words the file gives it.

    (Frozen copy in migrations/0004: change both or neither.)
    """
    return hashlib.sha256(f"{heading.strip()}\n\x00{body.strip()}".encode()).hexdigest()


def store_imported_commentary(sender, piece: Piece, parsed, previous_lines: NumberedLines, **kwargs) -> None:
    """Receiver of ``piece_text_imported``: runs inside the import's transaction."""
    lines = list(piece.lines.order_by("n").values_list("n", "text"))
    if previous_lines:
        reanchor_piece(piece, lines, previous_lines)
    _sync_imported(piece, parsed, lines)
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


def _parsed_anchors(item) -> list:
    """The anchors of a parsed gloss or commentary, in the new shape or the old (one quote)."""
    anchors = getattr(item, "anchors", None)
    if anchors:
        return list(anchors)
    if getattr(item, "quote", None) is not None and getattr(item, "line", None):
        return [item]  # the old ParsedGloss: its own quote/line/last_line are the one anchor
    return []


def _places(lines: NumberedLines, parsed_anchors) -> list[Place]:
    places = []
    for parsed_anchor in parsed_anchors:
        place = anchor_quote(lines, parsed_anchor.quote, near=parsed_anchor.line) if parsed_anchor.quote else None
        if place is None:
            try:
                place = anchor_lines(lines, parsed_anchor.line, parsed_anchor.last_line or parsed_anchor.line)
            except ValueError:
                continue
        if place not in places:
            places.append(place)
    return places


def _wanted(parsed, lines: NumberedLines) -> list[_Wanted]:
    wanted = []
    for parsed_gloss in parsed.glosses:
        heading = getattr(parsed_gloss, "heading", "")[:300]
        places = _places(lines, _parsed_anchors(parsed_gloss))
        if not places:
            continue  # a gloss on no line of this text (the parser reports its quotes)
        wanted.append(_Wanted(heading, parsed_gloss.body, places, 0, import_key(heading, parsed_gloss.body)))
    for position, note in enumerate(parsed.commentary):
        heading = note.heading[:300]
        places = _places(lines, _parsed_anchors(note))
        wanted.append(_Wanted(heading, note.body, places, position, import_key(heading, note.body)))
    return wanted


def _sync_imported(piece: Piece, parsed, lines: NumberedLines) -> None:
    """Create what is new in the file, bring back what an earlier import retired, retire what the
    file no longer has (unless an editor worked on it)."""
    candidates = defaultdict(list)
    known = (Gloss.objects.filter(piece=piece, origin=Origin.IMPORT).exclude(import_key="")
             .prefetch_related("anchors").order_by("pk"))
    for gloss in known:
        candidates[gloss.import_key].append(gloss)
    matched: set[int] = set()
    vocabulary = None
    for item in _wanted(parsed, lines):
        gloss = next((g for g in candidates.get(item.key, ()) if g.pk not in matched), None)
        if gloss is None:
            vocabulary = import_vocabulary() if vocabulary is None else vocabulary
            _create(piece, item, vocabulary)
            continue
        matched.add(gloss.pk)
        if gloss.deleted_at is not None and not gloss.retired:
            continue  # an editor deleted it: the file bringing it again does not overrule them
        _update(gloss, item, lines)
    for glosses in candidates.values():
        for gloss in glosses:
            if gloss.pk not in matched:
                _retire(gloss)


def _create(piece: Piece, item: _Wanted, vocabulary) -> Gloss:
    gloss = Gloss(piece=piece, heading=item.heading, body=item.body, origin=Origin.IMPORT, import_key=item.key,
                  position=item.position)
    gloss._change_reason = "Imported from the source file"
    # Tagged once, when it arrives: what an editor tags or untags later is theirs to keep.
    words = "\n".join([*(place.exact or place.anchor_text for place in item.places), item.heading, item.body])
    gloss.save_versioned(concepts=concepts_named(words, vocabulary), places=item.places)
    return gloss


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


