"""The portable backup: every row of every installed model, as JSON Lines, readable by either engine.

What ``dumpdata`` writes, over the whole app registry (so a model added later is carried
without a change here), with two differences that make ``restore`` faithful where
``dumpdata`` → ``loaddata`` is not:

- Rows are written back with the model's signals *not* sent, in batches, as they were stored
  (raw: no ``auto_now``, no ``save()``). ``loaddata`` saves each object raw but then sets its
  many-to-many fields through the related manager, which sends ``m2m_changed``; simple-history
  answers that with a new history record for every gloss that has concepts, dated at the
  restore (20 of the five fixture files' 30 glosses; 941 on the catalogue of the report), and
  on PostgreSQL that record takes ``history_id`` 1 from a sequence not yet moved past the
  loaded rows, so the load aborts on the duplicate key. Here the link rows are inserted
  directly, and the sequences are moved past the loaded ids afterwards.
- The search index (kept by triggers, not a model) is dropped before the load and built once
  after it from the restored rows, instead of being written row by row.

The file: the first line is a header (format, engine, date, the migrations applied where it was
made); then one object per line in the serializer's jsonl form, models in dependency order.
Content types and permissions are referred to by their natural keys (``migrate`` makes them,
with ids of its own, in the database restored into) and are not written, nor are sessions.
"""

from __future__ import annotations

import datetime
import gzip
import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "glossa-portable-backup"
FORMAT_VERSION = 1
# Made by migrate in every database (with ids of their own), or only meaningful to the running
# servers (sessions are signed with their secret key): never carried.
NOT_CARRIED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# What migrate itself puts in a fresh database: rows of these do not make a database "not empty".
MADE_BY_MIGRATE = NOT_CARRIED | {"auth.group", "auth.group_permissions"}
BATCH = 500


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with the reason in words for the admin."""


def carried_models() -> list:
    """The models a portable backup holds, in an order where each comes after what it refers to."""
    by_app = defaultdict(list)
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or model._meta.label_lower in NOT_CARRIED:
            continue
        by_app[model._meta.app_config].append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def tables_of(models) -> list:
    """The models and their automatic many-to-many link tables (which have no model of their own)."""
    every = []
    for model in models:
        every.append(model)
        every += [field.remote_field.through for field in model._meta.local_many_to_many
                  if field.remote_field.through._meta.auto_created]
    return every


def row_counts(using: str = "default", *, skip=frozenset()) -> dict[str, int]:
    """Rows per model (link tables included) in the database, for every table that exists there."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if model._meta.proxy or not model._meta.managed or label in skip or model._meta.db_table not in existing:
            continue
        counts[label] = model._base_manager.using(using).count()
    return counts


def data_held(using: str = "default") -> dict[str, int]:
    """What a database holds beyond what migrate makes in it: {model: rows}, only non-zero."""
    return {label: n for label, n in row_counts(using, skip=MADE_BY_MIGRATE).items() if n}


def applied_migrations(using: str) -> dict[str, list[str]]:
    applied = defaultdict(list)
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied[app].append(name)
    return dict(applied)


# --- Writing -------------------------------------------------------------------------------------

@contextmanager
def snapshot(using: str):
    """Read everything as of one moment while the app goes on writing.

    PostgreSQL: one REPEATABLE READ transaction. SQLite: a deferred transaction, which in WAL
    mode reads one snapshot without stopping writers; Django's atomic() would BEGIN IMMEDIATE
    (the write lock, see settings) and keep every editor waiting until the backup is written.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                cursor.execute("COMMIT")
    else:
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


def write(path: str, using: str = "default", *, compress: bool = False) -> dict[str, int]:
    """Write the portable backup of the database to ``path`` (gzipped if ``compress``); rows per model."""
    opener = gzip.open if compress else open
    written = {}
    with snapshot(using), opener(path, "wt", encoding="utf-8") as out:
        header = {"format": FORMAT, "version": FORMAT_VERSION, "engine": connections[using].vendor,
                  "created": timezone.now().isoformat(), "migrations": applied_migrations(using)}
        out.write(json.dumps(header) + "\n")
        for model in carried_models():
            rows = model._base_manager.using(using).order_by(model._meta.pk.name).iterator(chunk_size=BATCH)
            count = 0
            while chunk := list(islice(rows, BATCH)):
                for record in serializers.serialize("python", chunk, use_natural_foreign_keys=True):
                    out.write(json.dumps(record, cls=_Encoder, ensure_ascii=False) + "\n")
                count += len(chunk)
            written[model._meta.label_lower] = count
    return written


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but with times to the microsecond: it keeps milliseconds only (as
    JavaScript does), which would move every history record's date and tie versions saved
    within the same millisecond."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


# --- Reading -------------------------------------------------------------------------------------

def is_portable(start: bytes) -> bool:
    return start[:2] == b"\x1f\x8b" or start.lstrip()[:1] == b"{"


def read_header(path: str) -> dict:
    with _open_text(path) as lines:
        try:
            header = json.loads(next(lines))
        except (StopIteration, ValueError, UnicodeDecodeError, OSError, EOFError):
            header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Glossa portable backup (its first line is not the backup's header).")
    if header.get("version") != FORMAT_VERSION:
        raise BackupError(f"{path} is a portable backup of format {header.get('version')}; this Glossa reads "
                          f"format {FORMAT_VERSION}.")
    return header


@contextmanager
def _open_text(path: str):
    with open(path, "rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    handle = gzip.open(path, "rt", encoding="utf-8") if gzipped else open(path, encoding="utf-8")
    with handle:
        yield iter(handle)


def check_migrations(header: dict, using: str) -> None:
    """Refuse a backup made by a newer Glossa: its rows may have fields this database lacks."""
    here = applied_migrations(using)
    unknown = sorted(f"{app}.{name}" for app, names in header.get("migrations", {}).items()
                     for name in names if name not in here.get(app, ()))
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of Glossa (migrations this database does not have: "
            + ", ".join(unknown[:5]) + ("…" if len(unknown) > 5 else "")
            + "). Update the code here, run migrate, and restore again."
        )


def load(path: str, using: str = "default") -> dict[str, int]:
    """Load a portable backup into an empty (migrated) database, in one transaction; rows per model.

    The caller has made sure the database holds nothing that matters (see ``data_held``).
    """
    from search import index

    connection = connections[using]
    models = carried_models()
    loaded: dict[str, int] = defaultdict(int)
    try:
        with transaction.atomic(using=using):
            index.drop(connection)  # rebuilt once at the end, not row by row through the triggers
            for model in reversed(tables_of([*models, apps.get_model("sessions", "Session")])):
                model._base_manager.using(using).all()._raw_delete(using)  # what migrate made: the Editors group…
            with _open_text(path) as lines:
                next(lines)  # the header
                for records in _batches_of_one_model(lines):
                    objects = list(serializers.deserialize("python", records, using=using,
                                                           handle_forward_references=False))
                    _insert(objects, using)
                    loaded[records[0]["model"]] += len(records)
            connection.check_constraints(table_names=[model._meta.db_table for model in tables_of(models)])
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), tables_of(models)):
                    cursor.execute(sql)
            index.create(connection)
    except (ValueError, KeyError, TypeError, LookupError, EOFError, OSError, DeserializationError,
            DatabaseError) as error:
        # All in one transaction: nothing of the backup stays, and the database is as it was.
        raise BackupError(f"{path} could not be restored, and nothing was changed: {error}") from error
    return dict(loaded)


def _batches_of_one_model(lines) -> Iterator[list[dict]]:
    """The backup's rows in batches of one model each, a batch ending where the model changes.

    Rows are read as plain records and turned into objects only when their batch is complete:
    turning a row into an object looks up what it refers to by natural key (a user's groups,
    a gloss's author), which must be stored by then (the models come in dependency order).
    """
    batch = []
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        if batch and (record["model"] != batch[0]["model"] or len(batch) >= BATCH):
            yield batch
            batch = []
        batch.append(record)
    if batch:
        yield batch


def _insert(batch, using: str) -> None:
    """Store the rows as they are in the backup: raw, no save(), no signals, no auto_now."""
    model = type(batch[0].object)
    fields = model._meta.local_concrete_fields
    # The raw insert that Model.save_base(raw=True) makes, for many rows at once (bulk_create
    # is not raw: it would date every created_at/updated_at at the restore).
    rows = [obj.object for obj in batch]
    size = max(1, connections[using].ops.bulk_batch_size(fields, rows))  # SQLite: 999 parameters a statement
    for start in range(0, len(rows), size):
        model._base_manager.using(using)._insert(rows[start : start + size], fields=fields, raw=True, using=using)
    links = defaultdict(list)
    for obj in batch:
        for name, targets in (obj.m2m_data or {}).items():
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_column_name(), field.m2m_reverse_name()
            links[through] += [through(**{source: obj.object.pk, target: pk}) for pk in targets]
    for through, rows in links.items():
        through._base_manager.using(using).bulk_create(rows, batch_size=BATCH)
