"""ParsedPiece → rows. The only module of the importer that knows about Django."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.text import slugify

from ..models import Line, Piece, PieceSource, Section, Tag
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


def find_existing(parsed: ParsedPiece) -> Piece | None:
    return Piece.objects.filter(slug=slug_for(parsed.title)).first()


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
) -> StoreResult:
    """Create or update the piece a parse describes, in one transaction.

    ``piece`` names the piece to update (an admin's choice); otherwise the piece with the
    title's slug is updated, or a new one created. The same source text is a no-op.
    """
    digest = source_hash(source_text)
    with transaction.atomic():
        if piece is None:
            piece = find_existing(parsed)
        if piece is not None:
            piece = Piece.objects.select_for_update().get(pk=piece.pk)
            if piece.source_hash == digest:
                return StoreResult(piece, "unchanged")
            previous_lines = list(piece.lines.order_by("n").values_list("n", "text"))
            status = "updated"
        else:
            piece = Piece(slug=_unique_slug(slug_for(parsed.title)))
            previous_lines = []
            status = "created"

        meta = parsed.metadata
        piece.title = parsed.title
        piece.kind = parsed.kind
        piece.author = meta.author
        piece.written = _written(meta.written)
        piece.status = meta.status
        piece.style = meta.style
        piece.tempo_bpm = meta.tempo_bpm
        piece.key = meta.key
        piece.duration_seconds = _duration_seconds(meta.duration)
        piece.source_name = source_name
        piece.source_text = source_text
        piece.source_hash = digest
        lines = parsed.lines
        piece.first_line = next((line.text for line in lines if line.kind != "direction"), "")[:300]
        piece.line_count = len(lines)
        if status == "updated":
            piece.content_version += 1
        piece.save()

        piece.tags.set(_tags(meta.tags))
        _replace_sections(piece, parsed)
        PieceSource.objects.create(
            piece=piece, source_name=source_name, source_text=source_text, source_hash=digest
        )
        piece_text_imported.send(
            sender=Piece, piece=piece, parsed=parsed, previous_lines=previous_lines
        )
    return StoreResult(piece, status)


def _unique_slug(base: str) -> str:
    slug, n = base, 2
    while Piece.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _tags(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        name = name.strip()[:100]
        if not name:
            continue
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(name=name, slug=_unique_tag_slug(name))
        tags.append(tag)
    return tags


def _unique_tag_slug(name: str) -> str:
    base = slugify(name)[:90] or "tag"
    slug, n = base, 2
    while Tag.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _replace_sections(piece: Piece, parsed: ParsedPiece) -> None:
    piece.lines.all().delete()
    piece.sections.all().delete()
    sections = Section.objects.bulk_create(
        Section(
            piece=piece,
            position=index,
            label=section.label[:200],
            kind=section.kind if section.kind in Section.Kind.values else Section.Kind.OTHER,
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
    Line.objects.bulk_create(
        (
            Line(
                piece=piece,
                section=section,
                n=line.n,
                text=line.text,
                echo=line.echo[:500],
                kind=line.kind if line.kind in Line.Kind.values else Line.Kind.LYRIC,
            )
            for section, parsed_section in zip(sections, parsed.sections)
            for line in parsed_section.lines
        ),
        batch_size=500,
    )


@dataclass
class FileOutcome:
    """What became of one file: the same record for the command, the admin and the tests."""

    file: str
    status: str  # created | updated | unchanged | rejected | ok (parsed in a dry run)
    error: str = ""
    warnings: list[str] | None = None
    parsed: ParsedPiece | None = None
    piece: Piece | None = None

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "status": "rejected" if self.status == "rejected" else "ok",
            "error": self.error or None,
            "warnings": self.warnings or [],
            "piece": self.parsed.as_json() if self.parsed else None,
        }


def parse_file(name: str, data: bytes, *, title: str = "", kind: str = "") -> ParsedPiece:
    """Bytes → ParsedPiece with the settings' limits and an admin's overrides applied."""
    from django.conf import settings

    from . import parse_bytes

    parsed = parse_bytes(
        data,
        filename=name,
        max_bytes=settings.GLOSSA_IMPORT_MAX_BYTES,
        max_line_chars=settings.GLOSSA_IMPORT_MAX_LINE_CHARS,
    )
    if title.strip():
        parsed.title = title.strip()
    if kind in Piece.Kind.values:
        parsed.kind = kind
    return parsed


def import_file(
    name: str,
    data: bytes,
    *,
    dry_run: bool = False,
    title: str = "",
    kind: str = "",
    piece: Piece | None = None,
) -> FileOutcome:
    """Parse one file and, unless a dry run, store it atomically. Never raises for bad input."""
    from .parsed import ImportRejected

    try:
        parsed = parse_file(name, data, title=title, kind=kind)
    except ImportRejected as rejection:
        return FileOutcome(name, "rejected", error=str(rejection))
    if dry_run:
        return FileOutcome(name, "ok", warnings=parsed.warnings, parsed=parsed)
    result = store_piece(
        parsed, source_text=_source_text(data), source_name=name.rsplit("/", 1)[-1][:255], piece=piece
    )
    return FileOutcome(name, result.status, warnings=parsed.warnings, parsed=parsed, piece=result.piece)


def _source_text(data: bytes) -> str:
    from .decode import decode_bytes

    # Limits were already checked by the parse; this only recovers the text that was parsed.
    text, _ = decode_bytes(data, max_bytes=len(data) + 1, max_line_chars=len(data) + 1)
    return text
