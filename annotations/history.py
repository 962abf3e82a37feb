"""A gloss's or commentary's history as an editor reads it: who changed what, when, as a diff.

The records are django-simple-history's; the diff is computed here with difflib, word by
word, and returned as plain (kind, text) pieces that the template escapes like any text.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

CHANGE_LABELS = {"+": "Written", "~": "Changed", "-": "Removed"}

_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``after`` compared with ``before``: ("same"|"added"|"removed", text) pieces in order."""
    old, new = _WORDS.findall(before or ""), _WORDS.findall(after or "")
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(new[j1:j2])))
    return pieces


def history_entries(item) -> list[dict]:
    """Every version of ``item``, newest first, each compared with the one before it."""
    records = list(item.history.select_related("history_user").order_by("history_id"))
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            if getattr(record, "heading", None) != getattr(previous, "heading", None):
                changes.append(f"Heading: “{previous.heading}” → “{record.heading}”")
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
                "body_changed": previous is None or previous.body != record.body,
                "is_current": False,
            }
        )
        previous = record
    if entries:
        entries[-1]["is_current"] = True
    entries.reverse()
    return entries
