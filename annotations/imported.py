"""Commentary that arrives with a source file, and what happens to all commentary on re-import."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from catalogue.models import Line, Piece

from .anchoring import Anchor, NumberedLines, anchor_lines, anchor_phrase, anchor_quote, line_moves, reanchor
from .concepts import concepts_named, import_vocabulary
from .models import Commentary, Gloss, Origin, piece_commentary_changed


def store_imported_commentary(sender, piece: Piece, parsed, previous_lines: NumberedLines, **kwargs) -> None:
    """Receiver of ``piece_text_imported``: runs inside the import's transaction."""
    lines = list(piece.lines.order_by("n").values_list("n", "text"))
    if previous_lines:
        reanchor_piece(piece, lines, previous_lines)
    # Until glosses hold several anchors (issue 10, branch i10-anchors), a gloss is stored on its
    # first anchor and commentary that quotes lines is a gloss on its first quoted line.
    glosses = [*parsed.glosses, *(note for note in parsed.commentary if getattr(note, "anchors", None))]
    _sync_imported_glosses(piece, glosses, lines)
    _sync_imported_commentary(piece, [note for note in parsed.commentary if not getattr(note, "anchors", None)])
    piece_commentary_changed(piece.pk)


def reanchor_piece(piece: Piece, lines: NumberedLines, previous_lines: NumberedLines = ()) -> list[Gloss]:
    """Move every gloss of the piece to where its text now stands; returns the new orphans.

    Orphans are tried again too, from the text they last stood on: a line deleted by one
    import and brought back by the next (an undo) takes its glosses back with it.
    """
    orphans = []
    moves = line_moves(list(previous_lines), lines) if previous_lines else None
    for gloss in Gloss.objects.filter(piece=piece, deleted_at__isnull=True):
        old = anchor_of(gloss)
        new = reanchor(old, lines, None if gloss.is_orphan else moves)
        if new is None:
            if gloss.is_orphan:
                continue
            # The anchor is left as it was: the orphan shows the text it was written on.
            gloss.is_orphan = True
            gloss._change_reason = "Orphaned by re-import: its text is gone"
            orphans.append(gloss)
        elif gloss.is_orphan:
            _place(gloss, new)
            gloss._change_reason = "Re-attached by re-import: its text is back"
        elif new != old:
            _place(gloss, new)
            gloss._change_reason = "Re-anchored by re-import"
        else:
            continue
        gloss.save()
    return orphans


def anchor_of(gloss: Gloss) -> Anchor:
    return Anchor(
        first_line=gloss.first_line,
        last_line=gloss.last_line,
        exact=gloss.exact,
        prefix=gloss.prefix,
        suffix=gloss.suffix,
        start=gloss.start,
        end=gloss.end,
        anchor_text=gloss.anchor_text,
    )


def _place(gloss: Gloss, anchor: Anchor) -> None:
    for field, value in anchor.as_fields().items():
        setattr(gloss, field, value)
    gloss.is_orphan = False


def reattach_gloss(gloss: Gloss, first_line: int, last_line: int | None = None, exact: str = "",
                   *, start: int | None = None, user=None, based_on: int | None = None) -> Gloss:
    """Anchor a gloss by hand on lines ``first_line``..``last_line`` of its piece's current text,
    or on the phrase ``exact`` within them; an orphan stops being one.

    For the admin and the editors' orphan pages alike. Raises AnchorError, with a message for
    the person choosing, when the lines or the phrase are not in the piece, and StaleEdit when
    ``based_on`` (the version the person saw) is no longer the gloss's version. The change is
    a new version of the gloss, in its history with ``user``.
    """
    last_line = first_line if last_line is None else last_line
    # One transaction with the save, so an import cannot change the lines in between.
    with transaction.atomic():
        lines = list(Line.objects.filter(piece_id=gloss.piece_id).order_by("n").values_list("n", "text"))
        if exact.strip():
            # Offsets from a browser are checked against the phrase; -1 means "look for it".
            anchor = anchor_phrase(lines, first_line, -1 if start is None else start, last_line, 0, exact)
        else:
            anchor = anchor_lines(lines, first_line, last_line)
        where = f"line {anchor.first_line}" if anchor.first_line == anchor.last_line else \
            f"lines {anchor.first_line}–{anchor.last_line}"
        return gloss.revise(
            user=user, based_on=gloss.version if based_on is None else based_on,
            reason=f"Re-attached by hand to {where}", is_orphan=False, **anchor.as_fields(),
        )


def retry_orphans(glosses) -> int:
    """Try to place these orphans on their piece's current text again; returns how many found
    a place. (The text may have been fixed by hand since the import that orphaned them.)"""
    placed, pieces = 0, {}
    with transaction.atomic():
        for gloss in glosses.select_for_update().filter(is_orphan=True, deleted_at__isnull=True):
            if gloss.piece_id not in pieces:
                pieces[gloss.piece_id] = list(
                    Line.objects.filter(piece_id=gloss.piece_id).order_by("n").values_list("n", "text")
                )
            new = reanchor(anchor_of(gloss), pieces[gloss.piece_id])
            if new is None:
                continue
            _place(gloss, new)
            gloss._change_reason = "Re-attached: its text was found again"
            gloss.save()
            placed += 1
        for piece_id in pieces:
            piece_commentary_changed(piece_id)
    return placed


def _sync_imported_glosses(piece: Piece, parsed_glosses, lines: NumberedLines) -> None:
    existing = {
        (gloss.exact, gloss.body): gloss
        for gloss in Gloss.objects.filter(piece=piece, origin=Origin.IMPORT, deleted_at__isnull=True)
    }
    wanted = set()
    vocabulary = None
    for parsed_gloss in parsed_glosses:
        first = parsed_gloss.anchors[0] if getattr(parsed_gloss, "anchors", None) else parsed_gloss
        anchor = anchor_quote(lines, first.quote, near=first.line)
        if anchor is None:
            last = first.last_line or first.line
            try:
                anchor = anchor_lines(lines, first.line, last)
            except ValueError:
                continue
        key = (anchor.exact, parsed_gloss.body)
        wanted.add(key)
        gloss = existing.get(key)
        if gloss is None:
            gloss = Gloss(piece=piece, body=parsed_gloss.body, origin=Origin.IMPORT, **anchor.as_fields())
            gloss._change_reason = "Imported from the source file"
            # Tagged once, when it arrives: what an editor tags or untags later is theirs to keep.
            vocabulary = import_vocabulary() if vocabulary is None else vocabulary
            gloss.save_with_concepts(imported_concepts(gloss, vocabulary))
        elif gloss.is_orphan:
            # The file still glosses this text, so it is there: the gloss goes with it.
            _place(gloss, anchor)
            gloss._change_reason = "Re-attached by re-import: the file glosses this text"
            gloss.save()
    _retire_unwanted(existing, wanted)


def imported_concepts(gloss: Gloss, vocabulary) -> list[str]:
    """The concepts an imported gloss names, in its phrase (or its lines) or in its body."""
    return concepts_named(f"{gloss.exact or gloss.anchor_text}\n{gloss.body}", vocabulary)


def _sync_imported_commentary(piece: Piece, parsed_commentary) -> None:
    existing = {
        (note.heading, note.body): note
        for note in Commentary.objects.filter(piece=piece, origin=Origin.IMPORT, deleted_at__isnull=True)
    }
    wanted = set()
    for position, parsed_note in enumerate(parsed_commentary):
        key = (parsed_note.heading[:300], parsed_note.body)
        wanted.add(key)
        note = existing.get(key)
        if note is None:
            note = Commentary(piece=piece, heading=key[0], body=key[1], origin=Origin.IMPORT)
            note._change_reason = "Imported from the source file"
        elif note.position == position:
            continue
        note.position = position
        note.save()
    _retire_unwanted(existing, wanted)


def _retire_unwanted(existing: dict, wanted: set) -> None:
    """Imported commentary the new file no longer has is soft-deleted, unless an editor
    has worked on it since, in which case it is the editor's now and stays."""
    for key, item in existing.items():
        if key in wanted or item.version > 1:
            continue
        item.deleted_at = timezone.now()
        item._change_reason = "No longer in the source file"
        item.save()
