"""The admin's import as plain steps: upload → read → preview → confirm → store, a batch at a time.

    store_uploads(user, files)   the uploaded files (a zip's entries each on its own) as a batch
    read_batch(batch_id)         parse each file once; the parse is kept with the file
    preview(batch)               what each file would become, with the line diff of an update
    save_choices(files, data)    the admin's title, kind, piece and decision per file
    confirm(batch)               the admin pressed "Import": the batch may now be stored
    import_batch(batch_id)       store every waiting file (a task; see ``tasks.py``)
    progress(batch)              file n of N, the counts, each file's outcome and reason

Idempotency lives in ``import_next``: a file is claimed, stored and marked consumed in one
transaction, so a second "Import", a resumed import after a killed worker, or two workers on
the same batch can never store a file twice. Reading is idempotent too (the first parse kept
wins), so the preview and the import always use the parse the admin saw.
"""

from __future__ import annotations

import logging
import typing
import zlib
import uuid
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import timedelta
from functools import lru_cache
from types import UnionType

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from ..models import ImportBatch, PendingImport, Piece
from .diff import DiffRow
from .limits import import_limits
from .parsed import ImportRejected, ParsedPiece
from .store import find_existing, is_unchanged, parse_file, piece_diff, source_hash, store_piece
from .uploads import UploadedText, read_uploads

logger = logging.getLogger(__name__)

# An upload nobody decided on (or an import long finished) is forgotten after this long.
PENDING_LIFETIME = timedelta(days=1)
# What the preview lists of a long file; the counts are always whole.
SHOWN_SECTIONS = 40
SHOWN_ITEMS = 8
SHOWN_WARNINGS = 100

Outcome = PendingImport.Outcome


# --- Upload

def store_uploads(user, files) -> tuple[ImportBatch, int]:
    """Keep uploaded ``(name, stream)`` files as a new batch, each text file its own row;
    the batch and how many bytes of text it holds (what reading it will take)."""
    uploads = read_uploads(files, import_limits())
    return create_batch(user, uploads), sum(len(upload.data) for upload in uploads)


def create_batch(user, uploads: list[UploadedText], *, confirmed: bool = False) -> ImportBatch:
    now = timezone.now()
    ImportBatch.objects.filter(created_at__lt=now - PENDING_LIFETIME).delete()
    with transaction.atomic():
        batch = ImportBatch.objects.create(uploaded_by=user, confirmed_at=now if confirmed else None)
        PendingImport.objects.bulk_create(
            PendingImport(batch=batch, position=position, name=upload.name[:500], data=pack(upload.data),
                          error=upload.error, read_at=now if upload.error else None)
            for position, upload in enumerate(uploads)
        )
    return batch


def pack(data: bytes) -> bytes:
    """A file's bytes as kept while they wait: compressed, as text shrinks to a third or less,
    and 18 MB of uploads would otherwise take seconds to write (PostgreSQL gets bytea as hex)."""
    return zlib.compress(data, 1) if data else b""


def unpack(item: PendingImport) -> bytes:
    return zlib.decompress(bytes(item.data)) if item.data else b""


def get_batch(user, batch_id: uuid.UUID) -> ImportBatch:
    """A batch, only for the admin who uploaded it (the command's batches, for any importer)."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.uploaded_by_id not in (None, user.pk):
        raise Http404("This upload was cancelled or forgotten; please upload the files again.")
    return batch


# --- Read: each file parsed once, the parse kept with it

def read_batch(batch_id) -> None:
    """Parse the batch's unread files in order (the first parse of a file is the one kept)."""
    unread = PendingImport.objects.filter(batch_id=batch_id, read_at=None)
    for pk in unread.order_by("position").values_list("pk", flat=True):
        item = unread.filter(pk=pk).only("pk", "name", "data").first()
        if item is not None:
            read_file(item)


def read_file(item: PendingImport) -> None:
    """Parse one file and keep the parse, the decoded text and the preview's summary of it.

    A conditional write: when two readers parse the same file, the first parse is kept.
    """
    try:
        parsed, text = parse_file(item.name, unpack(item))
    except ImportRejected as rejection:
        changes = {"error": str(rejection)}
    except Exception as error:  # noqa: BLE001 - an importer bug refuses this file, not the batch
        logger.exception("Reading %s failed", item.name)
        changes = {"error": f"The importer failed on this file ({type(error).__name__}); please tell a developer."}
    else:
        changes = {"source_text": text, "source_hash": source_hash(text), "parsed": _plain(parsed),
                   "summary": summarise(parsed)}
    PendingImport.objects.filter(pk=item.pk, read_at=None).update(read_at=timezone.now(), **changes)


def summarise(parsed: ParsedPiece) -> dict:
    """What the preview shows of a parse: small whatever the file's length."""
    lines = parsed.lines
    echoes = [{"n": line.n, "echo": line.echo} for line in lines if line.echo]
    return {
        "title": parsed.title,
        "kind": parsed.kind,
        "line_count": len(lines),
        "section_count": len(parsed.sections),
        "sections": [{"label": section.label, "lines": len(section.lines), "direction": section.direction}
                     for section in parsed.sections[:SHOWN_SECTIONS]],
        "echo_count": len(echoes),
        "echoes": echoes[:SHOWN_ITEMS],
        "gloss_count": len(parsed.glosses),
        "glosses": [{"line": gloss.line, "quote": gloss.quote[:200], "body": gloss.body[:300],
                     "anchors": _anchors(gloss)} for gloss in parsed.glosses[:SHOWN_ITEMS]],
        "commentary": [{"heading": note.heading, "anchors": _anchors(note)}
                       for note in parsed.commentary[:SHOWN_SECTIONS]],
        "metadata": _plain(parsed.metadata),
        "warning_count": len(parsed.warnings),
        "warnings": parsed.warnings[:SHOWN_WARNINGS],
    }


def _anchors(gloss) -> list[dict]:
    """Every place a gloss or note quotes, in order, as the preview lists them."""
    return [{"line": anchor.line, "quote": anchor.quote[:200]} for anchor in gloss.anchors[:SHOWN_ITEMS]]


def parsed_of(item: PendingImport) -> ParsedPiece:
    """The parse kept with a file, as the preview showed it.

    Parsed again only when the kept one no longer fits the importer's classes (a deploy
    between upload and import); raises ImportRejected like the first parse would.
    """
    if item.parsed is not None:
        try:
            return _build(ParsedPiece, item.parsed)
        except (TypeError, KeyError, ValueError):
            logger.warning("The kept parse of %s no longer fits; parsing it again", item.name)
    return parse_file(item.name, unpack(item))[0]


def _plain(value):
    """A parse as JSON values: ``asdict`` without its deep copies, which cost more than the parse."""
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_plain(entry) for entry in value]
    return value


@lru_cache(maxsize=None)
def _hints(kind) -> dict:
    """A class's resolved type hints: ``get_type_hints`` evaluates every annotation each time it
    is asked, which was most of rebuilding a kept parse (one call per object of it)."""
    return typing.get_type_hints(kind)


def _build(kind, value):
    """JSON (from ``asdict``) → the dataclasses it came from, following the type hints."""
    if is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{f.name: _build(hints[f.name], value[f.name]) for f in fields(kind) if f.init and f.name in value})
    origin = typing.get_origin(kind)
    if origin is list:
        (item,) = typing.get_args(kind)
        return [_build(item, entry) for entry in value]
    if origin in (typing.Union, UnionType):
        if value is None:
            return None
        inner = next((arg for arg in typing.get_args(kind) if is_dataclass(arg)), None)
        return _build(inner, value) if inner else value
    return value


def with_choices(parsed: ParsedPiece, item: PendingImport) -> ParsedPiece:
    """The parse with the admin's title and kind, as ``parse_file`` applies overrides."""
    if item.title.strip():
        parsed.title = item.title.strip()[:300]
    if item.kind in Piece.Kind.values:
        parsed.kind = item.kind
    return parsed


# --- Preview

@dataclass
class FilePreview:
    """One file as the preview shows it: what storing it would do."""

    item: PendingImport
    action: str = ""  # create | update | unchanged ("" for a file that cannot be imported)
    piece: Piece | None = None  # the piece it would update
    diff: list[DiffRow] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        return self.item.summary or {}

    @property
    def more_sections(self) -> int:
        return self.summary.get("section_count", 0) - len(self.summary.get("sections", []))


def plan(item: PendingImport) -> tuple[str, Piece | None]:
    """What storing the file would do now, with the admin's choices: the same choice of piece
    as ``store_piece`` makes, from the kept parse's title and the text's hash."""
    title = item.title.strip()[:300] or item.summary["title"]
    target = item.piece
    if target is None and not item.create_new:
        target = find_existing(ParsedPiece(title=title, kind=item.kind), item.source_hash)
    if target is None:
        return "create", None
    if is_unchanged(target, item.source_hash, title=item.title.strip()[:300], kind=item.kind):
        return "unchanged", target
    return "update", target


def preview(batch: ImportBatch) -> list[FilePreview]:
    """Each file of a read batch, with the line diff of each update (the only full parse loaded)."""
    files = list(batch.files.defer("data", "source_text", "parsed").select_related("piece"))
    previews = []
    for item in files:
        if item.error:
            previews.append(FilePreview(item))
            continue
        action, target = plan(item)
        diff = []
        if action == "update":
            parsed = PendingImport.objects.values_list("parsed", flat=True).get(pk=item.pk)
            diff = piece_diff(target, _build(ParsedPiece, parsed)) if parsed else []
        previews.append(FilePreview(item, action, target, diff))
    return previews


def save_choices(files: list[PendingImport], data) -> list[str]:
    """Remember the admin's title, kind, piece and decision for each waiting file from the
    preview's form; returns what could not be understood (a piece address that does not exist).

    A title or kind equal to what the file itself says is no override; keeping it empty lets
    an unchanged file stay a no-op. An empty piece address asks for a new piece.
    """
    wanted = {data.get(f"{item.pk}-piece", "").strip() for item in files} - {""}
    pieces = {piece.slug: piece for piece in Piece.objects.filter(slug__in=wanted).only("pk", "slug")}
    problems = []
    for item in files:
        if item.error or item.summary is None or f"{item.pk}-title" not in data:
            continue  # a file the form did not show keeps its choices
        title = data.get(f"{item.pk}-title", "").strip()[:300]
        kind = data.get(f"{item.pk}-kind", "")
        slug = data.get(f"{item.pk}-piece", "").strip()
        choices = {
            "title": "" if title == item.summary["title"] else title,
            "kind": "" if kind == item.summary["kind"] or kind not in Piece.Kind.values else kind,
            "decision": "cancel" if data.get(f"{item.pk}-decision") == "cancel" else "import",
        }
        if slug and slug not in pieces:
            problems.append(f"No piece has the address “{slug}” given for {item.name}. Choose one from "
                            "the list, or leave it empty for a new piece. Nothing was imported.")
        else:
            choices.update(piece=pieces.get(slug), create_new=slug not in pieces)
        # Only a file still waiting: one a running import has stored keeps what it was stored with.
        PendingImport.objects.filter(pk=item.pk, outcome=Outcome.WAITING).update(**choices)
    return problems


# --- Confirm and store

def confirm(batch: ImportBatch) -> None:
    """The admin pressed "Import": files they cancelled and files that cannot be imported are
    finished at once; the rest wait for ``import_batch``. Pressing it again changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk, confirmed_at=None).update(confirmed_at=now)
        waiting = PendingImport.objects.filter(batch=batch, outcome=Outcome.WAITING)
        waiting.filter(decision="cancel").update(outcome=Outcome.CANCELLED, finished_at=now, **_EMPTIED)
        waiting.exclude(error="").update(outcome=Outcome.REJECTED, message=F("error"), finished_at=now,
                                         **_EMPTIED)
    batch.refresh_from_db(fields=["confirmed_at"])


def import_batch(batch_id) -> dict[str, int]:
    """Store every waiting file of a confirmed batch, each in its own transaction; the counts."""
    read_batch(batch_id)
    while import_next(batch_id) is not None:
        pass
    return counts(batch_id)


def import_next(batch_id) -> PendingImport | None:
    """Claim the next waiting file, store it and mark it consumed, all in one transaction.

    The claim is a row lock that others skip (PostgreSQL) or the database's single writer
    (SQLite, whose transactions take the write lock at BEGIN): either way a second worker never
    sees the file waiting again once it is stored, and a worker killed mid-file leaves it
    waiting, with nothing of it stored. None when no file is waiting.
    """
    with transaction.atomic():
        item = (
            PendingImport.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(batch_id=batch_id, outcome=Outcome.WAITING, batch__confirmed_at__isnull=False)
            .order_by("position")
            .first()
        )
        if item is None:
            return None
        outcome, message, piece = _store(item)
        item.outcome, item.message, item.stored_piece, item.finished_at = outcome, message, piece, timezone.now()
        for name, value in _EMPTIED.items():
            setattr(item, name, value)
        item.save(update_fields=["outcome", "message", "stored_piece", "finished_at", *_EMPTIED])
    return item


# What a finished file no longer needs: its bytes and its parse.
_EMPTIED = {"data": b"", "source_text": "", "parsed": None}


def _store(item: PendingImport) -> tuple[str, str, Piece | None]:
    if item.error:
        return Outcome.REJECTED, item.error, None
    try:
        parsed = with_choices(parsed_of(item), item)
        source_text = item.source_text or parse_file(item.name, unpack(item))[1]
    except ImportRejected as rejection:
        return Outcome.REJECTED, str(rejection), None
    try:
        # A savepoint: a file that fails on the way stores nothing, and its failure is recorded
        # as its outcome instead of ending the batch.
        with transaction.atomic():
            result = store_piece(
                parsed, source_text=source_text, source_name=item.name.rsplit("/", 1)[-1][:255],
                piece=item.piece, new_piece=item.create_new, title=item.title.strip()[:300], kind=item.kind,
            )
    except Exception as error:  # noqa: BLE001 - any failure of one file is that file's outcome
        return Outcome.REJECTED, storing_failed(item.name, error), None
    return result.status, "", result.piece


def storing_failed(name: str, error: Exception) -> str:
    """The reason shown for a file whose storing raised (logged with its traceback)."""
    logger.exception("Import of %s failed", name, exc_info=error)
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    detail = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return f"storing it failed, so nothing of it was stored ({detail})"


# --- Progress

@dataclass
class Progress:
    total: int
    read: int
    counts: dict[str, int]
    finished: list[PendingImport]

    @property
    def done(self) -> int:
        return self.total - self.counts.get(Outcome.WAITING, 0)

    @property
    def waiting(self) -> int:
        return self.counts.get(Outcome.WAITING, 0)

    @property
    def rejected(self) -> list[PendingImport]:
        return [item for item in self.finished if item.outcome == Outcome.REJECTED]


def counts(batch_id) -> dict[str, int]:
    found = {outcome: 0 for outcome in Outcome.values}
    for outcome in PendingImport.objects.filter(batch_id=batch_id).values_list("outcome", flat=True):
        found[outcome] += 1
    return found


def progress(batch: ImportBatch) -> Progress:
    files = list(batch.files.only("pk", "batch_id", "position", "name", "outcome", "message", "read_at",
                                  "stored_piece").select_related("stored_piece"))
    found = {outcome: 0 for outcome in Outcome.values}
    for item in files:
        found[item.outcome] += 1
    finished = [item for item in files if item.outcome]
    return Progress(len(files), sum(1 for item in files if item.read_at), found, finished)

