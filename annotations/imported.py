"""Commentary that arrives with a source file, and what happens to all commentary on re-import."""

from __future__ import annotations

from django.utils import timezone

from catalogue.models import Piece

from .anchoring import Anchor, NumberedLines, anchor_lines, anchor_quote, reanchor
from .models import Commentary, Gloss, Origin


def store_imported_commentary(sender, piece: Piece, parsed, previous_lines: NumberedLines, **kwargs) -> None:
    """Receiver of ``piece_text_imported``: runs inside the import's transaction."""
    lines = list(piece.lines.order_by("n").values_list("n", "text"))
    if previous_lines:
        reanchor_piece(piece, lines)
    _sync_imported_glosses(piece, parsed, lines)
    _sync_imported_commentary(piece, parsed)
    refresh_gloss_count(piece)


def reanchor_piece(piece: Piece, lines: NumberedLines) -> list[Gloss]:
    """Move every gloss of the piece to where its text now stands; returns the new orphans."""
    orphans = []
    for gloss in Gloss.objects.filter(piece=piece, deleted_at__isnull=True, is_orphan=False):
        old = Anchor(
            first_line=gloss.first_line,
            last_line=gloss.last_line,
            exact=gloss.exact,
            prefix=gloss.prefix,
            suffix=gloss.suffix,
            start=gloss.start,
            end=gloss.end,
            anchor_text=gloss.anchor_text,
        )
        new = reanchor(old, lines)
        if new is None:
            gloss.is_orphan = True
            gloss._change_reason = "Orphaned by re-import: its text is gone"
            orphans.append(gloss)
        elif new != old:
            for field, value in new.as_fields().items():
                setattr(gloss, field, value)
            gloss._change_reason = "Re-anchored by re-import"
        else:
            continue
        gloss.save()
    return orphans


def _sync_imported_glosses(piece: Piece, parsed, lines: NumberedLines) -> None:
    existing = {
        (gloss.exact, gloss.body): gloss
        for gloss in Gloss.objects.filter(piece=piece, origin=Origin.IMPORT, deleted_at__isnull=True)
    }
    wanted = set()
    for parsed_gloss in parsed.glosses:
        anchor = anchor_quote(lines, parsed_gloss.quote, near=parsed_gloss.line)
        if anchor is None:
            last = parsed_gloss.last_line or parsed_gloss.line
            try:
                anchor = anchor_lines(lines, parsed_gloss.line, last)
            except ValueError:
                continue
        key = (anchor.exact, parsed_gloss.body)
        wanted.add(key)
        if key not in existing:
            gloss = Gloss(piece=piece, body=parsed_gloss.body, origin=Origin.IMPORT, **anchor.as_fields())
            gloss._change_reason = "Imported from the source file"
            gloss.save()
    _retire_unwanted(existing, wanted)


def _sync_imported_commentary(piece: Piece, parsed) -> None:
    existing = {
        (note.heading, note.body): note
        for note in Commentary.objects.filter(piece=piece, origin=Origin.IMPORT, deleted_at__isnull=True)
    }
    wanted = set()
    for position, parsed_note in enumerate(parsed.commentary):
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


def refresh_gloss_count(piece: Piece) -> None:
    count = Gloss.objects.filter(piece=piece).published().filter(is_orphan=False).count()
    piece.glosses_changed(gloss_count=count)
