"""Issue 10, step 2 of 3: every gloss gets one anchor, every piece-level commentary becomes a
gloss with none, and the history of both stays readable.

- A gloss keeps its id; its anchor takes the same id (position 0) and its orphan state.
- Commentary becomes new gloss rows (ids after the glosses': the two tables' ids overlap, so
  they cannot be kept); ``legacy_commentary_id`` keeps the old id for redirects. Bodies,
  headings, positions, statuses, versions, authors, dates and soft deletes are copied.
- History: each old gloss record gets ``anchor_snapshot`` = the anchor it had at that version;
  each commentary record is copied into the gloss history (same date, user, reason, type and
  version), with no anchors.
- Imported glosses get ``import_key`` from the words the file gave them (their first record).
"""

import hashlib

from django.db import migrations

PLACE_FIELDS = ("first_line", "last_line", "exact", "prefix", "suffix", "start", "end", "anchor_text")
BATCH = 500


def import_key(heading: str, body: str) -> str:
    # The same function as annotations.imported.import_key at the time of writing (frozen here).
    return hashlib.sha256(f"{heading.strip()}\n\x00{body.strip()}".encode()).hexdigest()


def snapshot_of(row) -> dict:
    return {**{field: getattr(row, field) for field in PLACE_FIELDS}, "is_orphan": bool(row.is_orphan)}


def forwards(apps, schema_editor):
    Gloss = apps.get_model("annotations", "Gloss")
    Anchor = apps.get_model("annotations", "Anchor")
    HistoricalGloss = apps.get_model("annotations", "HistoricalGloss")
    Commentary = apps.get_model("annotations", "Commentary")
    HistoricalCommentary = apps.get_model("annotations", "HistoricalCommentary")

    first_body = {}
    for gloss_id, body in HistoricalGloss.objects.order_by("-history_id").values_list("id", "body").iterator():
        first_body[gloss_id] = body  # the oldest record wins: ordered newest first

    glosses = Gloss.objects.order_by("pk")
    anchors, changed = [], []
    for gloss in glosses.iterator(chunk_size=BATCH):
        anchors.append(Anchor(id=gloss.pk, gloss_id=gloss.pk, piece_id=gloss.piece_id, position=0,
                              is_orphan=gloss.is_orphan, **{f: getattr(gloss, f) for f in PLACE_FIELDS}))
        gloss.anchor_snapshot = [snapshot_of(gloss)]
        if gloss.origin == "import":
            gloss.import_key = import_key("", first_body.get(gloss.pk, gloss.body))
        changed.append(gloss)
        if len(changed) >= BATCH:
            _flush(Anchor, Gloss, anchors, changed)
    _flush(Anchor, Gloss, anchors, changed)

    records = []
    for record in HistoricalGloss.objects.order_by("history_id").iterator(chunk_size=BATCH):
        record.anchor_snapshot = [snapshot_of(record)]
        records.append(record)
        if len(records) >= BATCH:
            HistoricalGloss.objects.bulk_update(records, ["anchor_snapshot"])
            records = []
    if records:
        HistoricalGloss.objects.bulk_update(records, ["anchor_snapshot"])

    first_note = {}
    for note_id, heading, body in (HistoricalCommentary.objects.order_by("-history_id")
                                   .values_list("id", "heading", "body").iterator()):
        first_note[note_id] = (heading, body)
    new_id = {}
    for note in Commentary.objects.order_by("pk").iterator(chunk_size=BATCH):
        heading, body = first_note.get(note.pk, (note.heading, note.body))
        gloss = Gloss.objects.create(
            piece_id=note.piece_id, heading=note.heading, body=note.body, body_html=note.body_html,
            status=note.status, origin=note.origin, version=note.version, deleted_at=note.deleted_at,
            created_by_id=note.created_by_id, position=note.position, is_orphan=False, anchor_snapshot=[],
            import_key=import_key(heading, body) if note.origin == "import" else "",
            legacy_commentary_id=note.pk, first_line=0, last_line=0,
        )
        # auto_now and auto_now_add set these on create; they keep the commentary's dates.
        Gloss.objects.filter(pk=gloss.pk).update(created_at=note.created_at, updated_at=note.updated_at)
        new_id[note.pk] = gloss.pk

    copies = []
    for record in HistoricalCommentary.objects.order_by("history_id").iterator(chunk_size=BATCH):
        if record.id not in new_id:
            continue  # a record of commentary deleted outright (never done by the app)
        copies.append(HistoricalGloss(
            id=new_id[record.id], piece_id=record.piece_id, heading=record.heading, body=record.body,
            body_html=record.body_html, status=record.status, origin=record.origin, version=record.version,
            deleted_at=record.deleted_at, created_by_id=record.created_by_id, created_at=record.created_at,
            updated_at=record.updated_at, position=record.position, is_orphan=False, anchor_snapshot=[],
            legacy_commentary_id=record.id, first_line=0, last_line=0,
            history_date=record.history_date, history_change_reason=record.history_change_reason,
            history_type=record.history_type, history_user_id=record.history_user_id,
        ))
        if len(copies) >= BATCH:
            HistoricalGloss.objects.bulk_create(copies)
            copies = []
    if copies:
        HistoricalGloss.objects.bulk_create(copies)


def _flush(Anchor, Gloss, anchors: list, changed: list) -> None:
    Anchor.objects.bulk_create(anchors)
    Gloss.objects.bulk_update(changed, ["anchor_snapshot", "import_key"])
    anchors.clear()
    changed.clear()


def reset_sequences(apps, schema_editor):
    """Anchors were given ids explicitly: PostgreSQL's sequence must move past them."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    Anchor = apps.get_model("annotations", "Anchor")
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Anchor]):
            cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("annotations", "0003_anchors"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(reset_sequences, migrations.RunPython.noop),
    ]
