"""ParsedPiece → rows. The only module of the importer that knows about Django."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from ..models import Line, Piece, PieceSource, Section, Tag, known_line_kind, piece_reading
from ..signals import piece_lines_inserted, piece_lines_inserting, piece_text_imported
from .parsed import ParsedPiece


@dataclass
class StoreResult:
    piece: Piece
    status: str  # created | updated | unchanged


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def slug_for(title: str) -> str:
    return slugify(title)[:280] or "piece"


def find_existing(parsed: ParsedPiece, digest: str = "") -> Piece | None:
    """The piece a file is a version of: the one with its title's slug, else the one whose
    current source is this very text (a piece imported under an admin's title)."""
    pk = _existing_pk(slug_for(parsed.title), digest)
    return None if pk is None else Piece.objects.get(pk=pk)


def _existing_pk(slug: str, digest: str) -> int | None:
    """``find_existing``'s choice, as an id: one small query, and no model for a new file (most are)."""
    # One query for both questions. Unordered in SQL: "ORDER BY id" lets SQLite walk the whole
    # table in id order instead of using the two indexes, which made each file slower the more
    # pieces there were.
    with connection.cursor() as cursor:
        if digest:
            cursor.execute("SELECT id, slug FROM catalogue_piece WHERE slug = %s OR source_hash = %s", [slug, digest])
        else:
            cursor.execute("SELECT id, slug FROM catalogue_piece WHERE slug = %s", [slug])
        candidates = sorted(cursor.fetchall())
    return next((pk for pk, found in candidates if found == slug), None) or next((pk for pk, _ in candidates), None)


def is_unchanged(piece: Piece, digest: str, *, title: str = "", kind: str = "") -> bool:
    """Same source text, and no override asking for a title or kind the piece lacks.

    Without an override, the file's own title does not count: a piece an admin retitled stays
    unchanged when the same file comes again (``make run`` imports the fixtures every time).
    """
    return (
        piece.source_hash == digest
        and (not title.strip() or title.strip() == piece.title)
        and (not kind or kind == piece.kind)
    )


def _duration_seconds(duration: str) -> int | None:
    match = re.fullmatch(r"(?:(\d+):)?(\d{1,2}):(\d{2})", duration.strip())
    if not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _written(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def store_piece(
    parsed: ParsedPiece,
    *,
    source_text: str,
    source_name: str = "",
    piece: Piece | None = None,
    new_piece: bool = False,
    title: str = "",
    kind: str = "",
    prepared: dict | None = None,
) -> StoreResult:
    """Create or update the piece a parse describes, in one transaction.

    ``piece`` names the piece to update (an admin's choice); ``new_piece`` asks for a new one
    whatever the title; otherwise the piece the file is a version of is updated (see
    ``find_existing``), or a new one created. ``title`` and ``kind`` are an admin's overrides,
    already applied to ``parsed``; they only matter here to tell whether anything changed.
    ``prepared``: what ``piece_parsed``'s receivers computed ahead (see the signals).
    Unchanged input is a no-op. Either everything of the file is stored or nothing is.
    """
    rows = (prepared or {}).get("rows")
    if rows is None or rows.source_text is not source_text:
        rows = prepare_rows(parsed, source_text)
    digest = rows.digest
    slug = slug_for(parsed.title)
    with transaction.atomic():
        pk = piece.pk if piece is not None else None
        if pk is None and not new_piece:
            pk = _existing_pk(slug, digest)
        if pk is not None:
            piece = Piece.objects.select_for_update().get(pk=pk)
            if is_unchanged(piece, digest, title=title, kind=kind):
                return StoreResult(piece, "unchanged")
            previous_lines = list(piece.lines.order_by("n").values_list("n", "text"))
            status = "updated"
        else:
            # _existing_pk just saw that no piece has this slug: no need to ask again.
            piece = Piece(slug=_unique_slug(slug) if new_piece else slug)
            previous_lines = []
            status = "created"

        meta = parsed.metadata
        piece.title = parsed.title[:300]
        piece.kind = parsed.kind
        piece.author = meta.author[:300]
        piece.written = _written(meta.written)
        piece.status = meta.status[:500]
        piece.style = meta.style
        piece.tempo_bpm = meta.tempo_bpm
        piece.key = meta.key[:40]
        piece.duration_seconds = _duration_seconds(meta.duration)
        piece.source_name = source_name[:255]
        piece.source_text = source_text
        piece.source_hash = digest
        piece.first_line = rows.first_line
        piece.line_count = len(rows.stored)
        if status == "updated":
            piece.content_version += 1
            piece.save()
        else:
            _insert_piece(piece)

        tags = _tags(meta.tags)
        if status == "updated":
            piece.tags.set(tags)
        elif tags:
            # A new piece has no tags and nobody else sees it yet: no need for add()'s checks.
            insert_rows(Piece.tags.through, [{"piece_id": piece.pk, "tag_id": tag.pk} for tag in tags])
        _replace_sections(piece, parsed, rows, created=status == "created")
        insert_rows(PieceSource, [{
            "piece_id": piece.pk, "source_name": source_name, "source_text": source_text, "source_hash": digest,
            "title": piece.title, "kind": piece.kind, "imported_at": timezone.now(),
        }])
        # The lines as stored, so that the receivers need not read them back.
        piece_text_imported.send(
            sender=Piece, piece=piece, parsed=parsed, previous_lines=previous_lines, lines=rows.stored,
            created=status == "created", prepared=prepared or {},
        )
    return StoreResult(piece, status)


@dataclass
class PreparedRows:
    """What storing a parse writes that needs no database: worked out where the file was parsed
    (``pipeline.py``), or by ``store_piece`` itself. Plain tuples, no object per line."""

    source_text: str
    digest: str
    first_line: str
    # (position, label, kind, direction) a section, and each section's lines as
    # (n, text, echo, kind, break_before): the rows less the ids the database gives.
    sections: list[tuple]
    lines: list[list[tuple]]
    stored: list[tuple[int, str]]  # (n, text) of every line, in order of n


def prepare_rows(parsed: ParsedPiece, source_text: str) -> PreparedRows:
    lines = [[(line.n, line.text, line.echo[:500], known_line_kind(line.kind), line.break_before)
              for line in section.lines] for section in parsed.sections]
    return PreparedRows(
        source_text=source_text,
        digest=source_hash(source_text),
        first_line=next((line.text for line in parsed.lines if line.kind != "direction"), "")[:300],
        sections=[(index, section.label[:200], section.kind if section.kind in SECTION_KINDS else Section.Kind.OTHER,
                   section.direction[:500]) for index, section in enumerate(parsed.sections)],
        lines=lines,
        stored=sorted((row[0], row[1]) for rows in lines for row in rows),
    )


_PIECE_FIELDS: list = []


def _insert_piece(piece: Piece) -> None:
    """``piece.save()`` for a new piece, less what an import does not need: its signals (nothing
    receives them) and the checks of a save that might be an update. Every field is prepared
    as save() prepares it (auto_now dates set on the instance too), so the row is the same."""
    if not _PIECE_FIELDS:
        _PIECE_FIELDS.extend(field for field in Piece._meta.concrete_fields if not field.primary_key)
    row = {field.attname: field.pre_save(piece, True) for field in _PIECE_FIELDS}
    piece.pk = insert_rows(Piece, [row], returning_ids=True)[0]
    piece._state.adding = False
    piece._state.db = connection.alias


def _unique_slug(base: str) -> str:
    slug, n = base, 2
    while Piece.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _tags(names: list[str]) -> list[Tag]:
    names = list(dict.fromkeys(name.strip()[:100] for name in names if name.strip()))
    if not names:
        return []
    # One query for the tags that exist (most do); only new ones cost a query each.
    found: dict[str, Tag] = {}
    for tag in _tags_named(names):
        found.setdefault(tag.name.casefold(), tag)
    tags = []
    for name in names:
        tag = found.get(name.casefold())
        if tag is None:
            tag = found[name.casefold()] = Tag.objects.create(name=name, slug=_unique_tag_slug(name))
        if tag not in tags:
            tags.append(tag)
    return tags


def _tags_named(names: list[str]) -> list[Tag]:
    """The tags whose name is one of ``names`` in any case, oldest first: what
    ``Q(name__iexact=…) | …`` finds, in plain SQL. Building and compiling that query cost more
    than half a millisecond a file. ``UPPER(name) = UPPER(%s)`` is Django's iexact on
    PostgreSQL; on SQLite, where iexact is LIKE, both fold ASCII letters only."""
    quote = connection.ops.quote_name
    meta = Tag._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in ("id", "name", "slug"))
    rows = []
    with connection.cursor() as cursor:
        for start in range(0, len(names), 500):  # within SQLite's 999 parameters a statement
            chunk = names[start : start + 500]
            cursor.execute(f"SELECT {columns} FROM {quote(meta.db_table)} "
                           f"WHERE UPPER({quote(meta.get_field('name').column)}) IN "
                           f"({', '.join(['UPPER(%s)'] * len(chunk))})", chunk)
            rows += cursor.fetchall()
    return [Tag.from_db(connection.alias, ["id", "name", "slug"], row) for row in sorted(rows)]


def _unique_tag_slug(name: str) -> str:
    base = slugify(name)[:90] or "tag"
    slug, n = base, 2
    while Tag.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


SECTION_KINDS = frozenset(Section.Kind.values)


def _replace_sections(piece: Piece, parsed: ParsedPiece, rows: PreparedRows, *, created: bool = False) -> None:
    if not created:  # a new piece has none yet
        piece.lines.all().delete()
        piece.sections.all().delete()
    piece_id = piece.pk
    section_ids = insert_rows(Section, [
        {"piece_id": piece_id, "position": position, "label": label, "kind": kind, "direction": direction,
         "repeat_of_id": None}
        for position, label, kind, direction in rows.sections
    ], returning_ids=True)
    repeats = [(section_ids[parsed_section.repeat_of], section_id)
               for section_id, parsed_section in zip(section_ids, parsed.sections)
               if parsed_section.repeat_of is not None and 0 <= parsed_section.repeat_of < len(section_ids)]
    if repeats:
        with connection.cursor() as cursor:
            cursor.executemany("UPDATE catalogue_section SET repeat_of_id = %s WHERE id = %s", repeats)
    # The piece has no lines now: whoever indexes them may do it once for all (see the signals).
    piece_lines_inserting.send(sender=Piece, piece_id=piece_id)
    _insert_lines([(piece_id, section_id, *line)
                   for section_id, lines in zip(section_ids, rows.lines) for line in lines])
    piece_lines_inserted.send(sender=Piece, piece_id=piece_id)


_LINE_COLUMNS = ("piece_id", "section_id", "n", "text", "echo", "kind", "break_before")


def _insert_lines(rows) -> None:
    """Insert the lines as plain rows. The lines are most of a file's rows, need no ids back,
    and are plain ints, strings and booleans: building a model instance and preparing each
    field for each (``bulk_create``) was the largest part of storing a file. SQLite: one
    ``executemany`` (its statements cost no round trip). PostgreSQL: as few multi-row
    statements as possible, each a round trip, and each indexed for search at once by a
    statement trigger. The search index is told around them (see ``_replace_sections``)."""
    rows = list(rows)
    if connection.vendor == "sqlite":
        sql, _ = _insert_sql(Line, _LINE_COLUMNS, 1, False)
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    else:
        insert_rows(Line, [dict(zip(_LINE_COLUMNS, row)) for row in rows])


# What a plain INSERT needs prepared: dates become the engine's text or type, JSON its text.
_PREPARED_TYPES = frozenset({"DateTimeField", "DateField", "TimeField", "JSONField", "DecimalField", "UUIDField",
                             "BinaryField", "DurationField"})


@lru_cache(maxsize=None)
def _insert_sql(model: type[models.Model], names: tuple[str, ...], rows: int, returning: bool) -> tuple[str, tuple]:
    meta = model._meta
    quote = connection.ops.quote_name
    fields = tuple(meta.get_field(name) for name in names)
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join(["(" + ", ".join(["%s"] * len(names)) + ")"] * rows)
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values}"
    if returning:
        sql += f" RETURNING {quote(meta.pk.column)}"
    prepared = tuple(field if field.get_internal_type() in _PREPARED_TYPES else None for field in fields)
    return sql, prepared


def insert_rows(model: type[models.Model], rows: list[dict], *, returning_ids: bool = False) -> list[int]:
    """INSERT these rows (dicts of column attnames, all with the same keys), in as few statements
    as the engine allows; returns their ids, in order, when asked.

    For the importer's bulk writes: no model instance per row and no preparation of plain
    values (ints, strings, booleans, None), which ``bulk_create`` spends most of its time on.
    Dates and JSON are prepared by their field, as a save would. Every column without a
    database default must be given: a new field shows here as an IntegrityError in the tests.
    """
    if not rows:
        return []
    names = tuple(rows[0])
    ids: list[int] = []
    done: dict = {}
    # SQLite allows 999 parameters a statement (Django's own limit for it).
    per_statement = max(1, min(500, (connection.features.max_query_params or 65535) // len(names)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            sql, prepared = _insert_sql(model, names, len(chunk), returning_ids)
            params = []
            for row in chunk:
                for name, field in zip(names, prepared):
                    value = row[name]
                    if field is None:
                        params.append(value)
                    elif isinstance(value, (list, dict)):
                        params.append(field.get_db_prep_save(value, connection))
                    else:  # a date most often, the same for every row of an import: prepared once
                        key = (name, value)
                        if key not in done:
                            done[key] = field.get_db_prep_save(value, connection)
                        params.append(done[key])
            cursor.execute(sql, params)
            if returning_ids:
                ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


@dataclass
class FileOutcome:
    """What became of one file: the same record for the command, the admin and the tests.

    In a dry run, ``status`` is "ok" and ``action`` says what confirming would do ("create",
    "update" or "unchanged"), with ``piece`` the piece it would update.
    """

    file: str
    status: str  # created | updated | unchanged | rejected | ok (parsed in a dry run)
    error: str = ""
    warnings: list[str] | None = None
    parsed: ParsedPiece | None = None
    piece: Piece | None = None
    action: str = ""
    source_text: str = ""

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "status": "rejected" if self.status == "rejected" else "ok",
            "error": self.error or None,
            "warnings": self.warnings or [],
            "piece": self.parsed.as_json() if self.parsed else None,
        }


def parse_file(name: str, data: bytes, *, title: str = "", kind: str = "") -> tuple[ParsedPiece, str]:
    """Bytes → (ParsedPiece, decoded text) with the settings' limits and an admin's overrides applied."""
    from . import decode_and_parse
    from .limits import import_limits

    parsed, text = decode_and_parse(data, filename=name, limits=import_limits())
    if title.strip():
        parsed.title = title.strip()[:300]
    if kind in Piece.Kind.values:
        parsed.kind = kind
    return parsed, text


def import_file(
    name: str,
    data: bytes,
    *,
    dry_run: bool = False,
    title: str = "",
    kind: str = "",
    piece: Piece | None = None,
    new_piece: bool = False,
) -> FileOutcome:
    """Parse one file and, unless a dry run, store it atomically. Never raises for bad input.

    A dry run stores nothing and says what storing would do, so the admin's preview and the
    import it confirms go through the same parse and the same choice of piece.
    """
    from .parsed import ImportRejected

    title = title.strip()[:300]
    kind = kind if kind in Piece.Kind.values else ""
    try:
        parsed, source_text = parse_file(name, data, title=title, kind=kind)
    except ImportRejected as rejection:
        return FileOutcome(name, "rejected", error=str(rejection))
    return import_parsed(name, parsed, source_text, dry_run=dry_run, title=title, kind=kind, piece=piece,
                         new_piece=new_piece)


def import_parsed(
    name: str,
    parsed: ParsedPiece,
    source_text: str,
    *,
    dry_run: bool = False,
    title: str = "",
    kind: str = "",
    piece: Piece | None = None,
    new_piece: bool = False,
    prepared: dict | None = None,
) -> FileOutcome:
    """The second half of ``import_file``, for a file ``parse_file`` has already parsed (perhaps
    in another process, see ``pipeline.py``): store it, or in a dry run say what storing would do.
    ``title`` and ``kind`` are the overrides ``parse_file`` applied, already cleaned; ``prepared``
    what ``piece_parsed``'s receivers returned where it was parsed."""
    if dry_run:
        target = piece
        if target is None and not new_piece:
            target = find_existing(parsed, source_hash(source_text))
        if target is None:
            action = "create"
        elif is_unchanged(target, source_hash(source_text), title=title, kind=kind):
            action = "unchanged"
        else:
            action = "update"
        return FileOutcome(name, "ok", warnings=parsed.warnings, parsed=parsed, piece=target,
                           action=action, source_text=source_text)
    result = store_piece(
        parsed, source_text=source_text, source_name=name.rsplit("/", 1)[-1][:255],
        piece=piece, new_piece=new_piece, title=title, kind=kind, prepared=prepared,
    )
    return FileOutcome(name, result.status, warnings=parsed.warnings, parsed=parsed, piece=result.piece,
                       source_text=source_text)


def restore_source(source: PieceSource) -> FileOutcome:
    """Make an earlier source text current again: an import like any other, so the lines are
    rebuilt, the commentary re-anchored, and the text it replaces kept in turn."""
    return import_file(
        source.source_name or "restored source",
        source.source_text.encode("utf-8"),
        title=source.title,
        kind=source.kind,
        piece=source.piece,
    )


def previous_source(piece: Piece) -> PieceSource | None:
    """The source before the current one: what undoing the last import brings back."""
    sources = list(piece.sources.all()[:2])
    return sources[1] if len(sources) == 2 else None


def piece_diff(piece: Piece, parsed: ParsedPiece) -> list:
    """What re-importing would change in the piece's sections and lines (see ``diff.py``)."""
    from .diff import line_diff, parsed_rows, piece_rows

    sections, lines = piece_reading(piece.pk)
    by_section: dict[int, list] = {section["id"]: [] for section in sections}
    for n, text, echo, _kind, section_id, _break in lines:
        by_section[section_id].append((n, text, echo))
    old = piece_rows((section["label"], by_section[section["id"]]) for section in sections)
    return line_diff(old, parsed_rows(parsed))
