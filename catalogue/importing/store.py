"""ParsedPiece → rows. The only module of the importer that knows about Django."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Q
from django.utils.text import slugify

from ..models import Line, Piece, PieceSource, Section, Tag, piece_reading
from ..signals import piece_text_imported
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
    slug = slug_for(parsed.title)
    # One query for both questions: most files are new, and this runs once per file.
    wanted = Q(slug=slug) | Q(source_hash=digest) if digest else Q(slug=slug)
    # Unordered in SQL: "ORDER BY id" lets SQLite walk the whole table in id order instead of
    # using the two indexes, which made each file slower the more pieces there were.
    candidates = sorted(Piece.objects.filter(wanted).order_by(), key=lambda piece: piece.pk)
    return next((p for p in candidates if p.slug == slug), None) or next(iter(candidates), None)


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
) -> StoreResult:
    """Create or update the piece a parse describes, in one transaction.

    ``piece`` names the piece to update (an admin's choice); ``new_piece`` asks for a new one
    whatever the title; otherwise the piece the file is a version of is updated (see
    ``find_existing``), or a new one created. ``title`` and ``kind`` are an admin's overrides,
    already applied to ``parsed``; they only matter here to tell whether anything changed.
    Unchanged input is a no-op. Either everything of the file is stored or nothing is.
    """
    digest = source_hash(source_text)
    with transaction.atomic():
        if piece is None and not new_piece:
            piece = find_existing(parsed, digest)
        if piece is not None:
            piece = Piece.objects.select_for_update().get(pk=piece.pk)
            if is_unchanged(piece, digest, title=title, kind=kind):
                return StoreResult(piece, "unchanged")
            previous_lines = list(piece.lines.order_by("n").values_list("n", "text"))
            status = "updated"
        else:
            # find_existing just saw that no piece has this slug: no need to ask again.
            slug = slug_for(parsed.title)
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
        lines = parsed.lines
        piece.first_line = next((line.text for line in lines if line.kind != "direction"), "")[:300]
        piece.line_count = len(lines)
        if status == "updated":
            piece.content_version += 1
        piece.save()

        tags = _tags(meta.tags)
        if status == "updated":
            piece.tags.set(tags)
        elif tags:
            piece.tags.add(*tags)
        _replace_sections(piece, parsed, created=status == "created")
        PieceSource.objects.create(
            piece=piece, source_name=source_name, source_text=source_text, source_hash=digest,
            title=piece.title, kind=piece.kind,
        )
        # The lines as stored, so that the receivers need not read them back.
        stored = sorted((line.n, line.text) for section in parsed.sections for line in section.lines)
        piece_text_imported.send(
            sender=Piece, piece=piece, parsed=parsed, previous_lines=previous_lines, lines=stored,
            created=status == "created",
        )
    return StoreResult(piece, status)


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
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    found: dict[str, Tag] = {}
    for tag in Tag.objects.filter(query).order_by("pk"):
        found.setdefault(tag.name.casefold(), tag)
    tags = []
    for name in names:
        tag = found.get(name.casefold())
        if tag is None:
            tag = found[name.casefold()] = Tag.objects.create(name=name, slug=_unique_tag_slug(name))
        if tag not in tags:
            tags.append(tag)
    return tags


def _unique_tag_slug(name: str) -> str:
    base = slugify(name)[:90] or "tag"
    slug, n = base, 2
    while Tag.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _replace_sections(piece: Piece, parsed: ParsedPiece, *, created: bool = False) -> None:
    if not created:  # a new piece has none yet
        piece.lines.all().delete()
        piece.sections.all().delete()
    section_kinds = set(Section.Kind.values)  # once: each .values builds a list
    sections = Section.objects.bulk_create(
        Section(
            piece=piece,
            position=index,
            label=section.label[:200],
            kind=section.kind if section.kind in section_kinds else Section.Kind.OTHER,
            direction=section.direction[:500],
        )
        for index, section in enumerate(parsed.sections)
    )
    repeats = []
    for section, parsed_section in zip(sections, parsed.sections):
        if parsed_section.repeat_of is not None and 0 <= parsed_section.repeat_of < len(sections):
            section.repeat_of = sections[parsed_section.repeat_of]
            repeats.append(section)
    Section.objects.bulk_update(repeats, ["repeat_of"])
    kinds = set(Line.Kind.values)
    _insert_lines(
        (piece.pk, section.pk, line.n, line.text, line.echo[:500],
         line.kind if line.kind in kinds else Line.Kind.LYRIC, line.break_before)
        for section, parsed_section in zip(sections, parsed.sections)
        for line in parsed_section.lines
    )


_LINE_COLUMNS = ("piece", "section", "n", "text", "echo", "kind", "break_before")


def _insert_lines(rows) -> None:
    """Insert the lines as plain rows in one executemany. The lines are most of a file's rows,
    need no ids back, and are plain ints, strings and booleans: building a model instance and
    preparing each field for each (``bulk_create``) was the largest part of storing a file.
    The search index's triggers fire on these inserts like on any other."""
    meta = Line._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in _LINE_COLUMNS)
    values = ", ".join(["%s"] * len(_LINE_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values})", list(rows))


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
        piece=piece, new_piece=new_piece, title=title, kind=kind,
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
