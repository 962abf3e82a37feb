"""A gloss's or commentary's history as an editor reads it: who changed what, when, as a diff.

The records are django-simple-history's; the diff is computed here with difflib, word by
word, and returned as plain (kind, text) pieces that the template escapes like any text.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .models import where_label

CHANGE_LABELS = {"+": "Written", "~": "Changed", "-": "Removed"}

_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``after`` compared with ``before``: ("same"|"added"|"removed"|"gap", text) pieces in order.

    A word replaced by another is a removed run followed by an added run; shown side by side
    they would read as one word ("cat" + "big dog" → "catbig dog"), so a "gap" piece, a plain
    space that belongs to neither text, stands between two runs that would otherwise touch.
    """
    old, new = _WORDS.findall(before or ""), _WORDS.findall(after or "")
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(old[i1:i2])))
            continue
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if removed:
            pieces.append(("removed", removed))
        if removed and added and not (removed[-1].isspace() or added[0].isspace()):
            pieces.append(("gap", " "))
        if added:
            pieces.append(("added", added))
    return pieces


def history_entries(item) -> list[dict]:
    """Every version of ``item``, newest first, each compared with the one before it: words,
    heading, status, deletion, anchors and concepts. Two queries: records, their concepts."""
    records = list(item.history.select_related("history_user").order_by("history_id"))
    concepts = _concepts_by_record(records)
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            if record.heading != previous.heading:
                changes.append(f"Heading: “{previous.heading}” → “{record.heading}”")
            before, after = _places(previous.anchor_snapshot), _places(record.anchor_snapshot)
            if before != after:
                changes.append(f"Anchors: {where_label(before)} → {where_label(after)}")
            if concepts[record.history_id] != concepts[previous.history_id]:
                old = ", ".join(concepts[previous.history_id]) or "none"
                changes.append(f"Concepts: {old} → {', '.join(concepts[record.history_id]) or 'none'}")
            if record.status != previous.status:
                changes.append(f"Status: {previous.status} → {record.status}")
            if (record.deleted_at is None) != (previous.deleted_at is None):
                changes.append("Deleted" if record.deleted_at else "Restored")
        entries.append(
            {
                "record": record,
                "history_id": record.history_id,
                "version": record.version,
                "label": CHANGE_LABELS.get(record.history_type, record.history_type),
                "reason": record.history_change_reason or "",
                "user": record.history_user.get_username() if record.history_user else "",
                "date": record.history_date,
                "changes": changes,
                "diff": word_diff(previous.body if previous else "", record.body),
                "concepts": concepts[record.history_id],
                "anchors": list(record.anchor_snapshot or []),
                "where": where_label(record.anchor_snapshot or []),
                "body_changed": previous is None or previous.body != record.body,
                "is_current": False,
            }
        )
        previous = record
    if entries:
        entries[-1]["is_current"] = True
    entries.reverse()
    return entries


def _places(snapshot) -> list[dict]:
    """What of an anchor a reader would call its place (not the context kept for re-anchoring)."""
    keys = ("first_line", "last_line", "exact", "is_orphan")
    return [{key: anchor.get(key) for key in keys} for anchor in snapshot or []]


def _concepts_by_record(records) -> dict[int, list[str]]:
    """history_id → the concept names of that version, in one query."""
    names: dict[int, list[str]] = {record.history_id: [] for record in records}
    if not records:
        return names
    through = type(records[0]).concepts.model.objects
    for history_id, name in (through.filter(history_id__in=names).order_by("concept__key")
                             .values_list("history_id", "concept__name")):
        names[history_id].append(name)
    return names
