"""Who sees which commentary: the one definition.

Readers see a gloss that is published, not deleted and not orphaned (every anchor lost);
editors see drafts too. The ORM condition (``shown_q``) and the SQL the search index keeps in
its triggers (``reader_sql``) are both derived from ``READER_RULE`` below, and a test checks
that they agree on every combination of status, deletion and orphan state.
"""

from __future__ import annotations

from django.db.models import Q

# (column, SQL condition with {row}, ORM lookup, value); the editors' rule drops "status".
READER_RULE = (
    ("status", "{row}status = 'published'", "status", "published"),
    ("deleted_at", "{row}deleted_at IS NULL", "deleted_at__isnull", True),
    ("is_orphan", "NOT {row}is_orphan", "is_orphan", False),
)
DRAFT_COLUMNS = ("status",)  # what editors are not held to


def _rule(include_drafts: bool):
    return [part for part in READER_RULE if not (include_drafts and part[0] in DRAFT_COLUMNS)]


def shown_q(include_drafts: bool = False, prefix: str = "") -> Q:
    """The rule as a Q on Gloss (``prefix`` e.g. "gloss__" from a related model)."""
    return Q(**{f"{prefix}{lookup}": value for _, _, lookup, value in _rule(include_drafts)})


def reader_sql(row: str = "") -> str:
    """The readers' rule as SQL on annotations_gloss; ``row`` is e.g. "NEW." in a trigger."""
    return " AND ".join(sql.format(row=row) for _, sql, _, _ in _rule(False))


WATCHED_COLUMNS = tuple(column for column, _, _, _ in READER_RULE)
