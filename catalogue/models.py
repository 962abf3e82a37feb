"""Pieces, their sections and lines, and the genre tags that group them."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import NamedTuple

from django.conf import settings
from django.db import connection, models
from django.db.models import F
from django.utils.dateparse import parse_datetime
from django.urls import reverse

from config.compiled import CompiledQuery


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PieceQuerySet(models.QuerySet):
    def mark_glosses_changed(self, *, gloss_count: int | None = None) -> int:
        """Bump the pieces' gloss version, so their cached pages are rendered anew."""
        changes = {"gloss_version": F("gloss_version") + 1}
        if gloss_count is not None:
            changes["gloss_count"] = gloss_count
        return self.update(**changes)

    def for_catalogue(self):
        """What a catalogue card shows, as plain values (see ``with_tags``)."""
        return self.values(
            "id", "title", "slug", "kind", "author", "written", "key", "tempo_bpm", "first_line", "gloss_count",
        )


def with_tags(cards) -> list[dict]:
    """Catalogue cards (``for_catalogue`` rows) with their tag names, kind label and URL.

    One query for the tags of the whole page; a page of cards costs two queries and no
    model instances, whatever the catalogue's size.
    """
    cards = list(cards)
    tags: dict[int, list[str]] = {card["id"]: [] for card in cards}
    for piece_id, name in (
        Piece.tags.through.objects.filter(piece_id__in=tags).order_by("tag__name").values_list("piece_id", "tag__name")
    ):
        tags[piece_id].append(name)
    kinds = dict(Piece.Kind.choices)
    for card in cards:
        card["tags"] = tags[card["id"]]
        card["kind_label"] = kinds.get(card["kind"], card["kind"])
        card["url"] = reverse("piece_detail", args=[card["slug"]])
    return cards


class Piece(models.Model):
    class Kind(models.TextChoices):
        SONG = "song", "Song"
        POEM = "poem", "Poem"
        PROSE = "prose", "Prose"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=300, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SONG)
    author = models.CharField(max_length=300, blank=True)
    written = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=500, blank=True, help_text="As the source states it.")
    style = models.TextField(blank=True, help_text="Style prompt or style guide.")
    tempo_bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    key = models.CharField(max_length=40, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="pieces")
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)

    source_name = models.CharField(max_length=255, blank=True)
    source_text = models.TextField(blank=True)
    source_hash = models.CharField(max_length=64, blank=True, db_index=True)

    # Denormalised so the catalogue list never counts rows per piece.
    first_line = models.CharField(max_length=300, blank=True)
    line_count = models.PositiveIntegerField(default=0)
    gloss_count = models.PositiveIntegerField(default=0)

    # Bumped on every change of what the piece page shows; the page is rendered once per pair.
    content_version = models.PositiveIntegerField(default=1)
    gloss_version = models.PositiveIntegerField(default=1)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PieceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["title", "id"], name="piece_title_order"),
            models.Index(fields=["kind", "title"]),
            models.Index(fields=["key"]),
            models.Index(fields=["gloss_count"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("piece_detail", args=[self.slug])

    @property
    def duration(self) -> str:
        if self.duration_seconds is None:
            return ""
        minutes, seconds = divmod(self.duration_seconds, 60)
        return f"{minutes}:{seconds:02d}"

    def glosses_changed(self, *, gloss_count: int | None = None) -> None:
        """Mark the commentary as changed, so cached pages of this piece are rendered anew."""
        Piece.objects.filter(pk=self.pk).mark_glosses_changed(gloss_count=gloss_count)
        self.refresh_from_db(fields=["gloss_version", "gloss_count"])


class PieceSource(models.Model):
    """A source text a piece was imported from; kept so that any import can be undone."""

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="sources")
    source_name = models.CharField(max_length=255, blank=True)
    source_text = models.TextField()
    source_hash = models.CharField(max_length=64)
    # What this import made of the piece, admins' overrides included, so that restoring this
    # source restores the title and kind it had too. Blank for sources kept before they were.
    title = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Piece.Kind.choices, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.piece} @ {self.imported_at:%Y-%m-%d %H:%M}"


class ImportBatch(models.Model):
    """Files uploaded together in the admin (or named to ``import_catalogue --background``).

    Its files wait as ``PendingImport`` rows: read once in the background (their parse kept),
    previewed, then imported by a task once the admin confirms. Each file is consumed in the
    transaction that stores it, so however often "Import" is pressed, or a worker is killed
    and the import resumed, no file is stored twice. Batches are forgotten after a day.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # None for a batch the command line queued: any admin who may import can follow it.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="When “Import” was pressed.")
    task_id = models.CharField(max_length=64, blank=True, help_text="The last task queued for this batch.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import {self.pk} of {self.created_at:%Y-%m-%d %H:%M}"


class PendingImport(models.Model):
    """One file of a batch, from upload until it is stored (or refused, or cancelled).

    The bytes are kept as uploaded; once read, the decoded text and its parse are kept too, so
    what is stored on confirm is exactly the parse the preview showed. ``outcome`` stays empty
    while the file waits, and is set in the same transaction that stores the file: that is
    what makes an import idempotent. A stored file keeps only its name and outcome.
    """

    class Outcome(models.TextChoices):
        WAITING = "", "Waiting"
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        UNCHANGED = "unchanged", "Unchanged"
        REJECTED = "rejected", "Rejected"
        CANCELLED = "cancelled", "Cancelled"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=500)
    data = models.BinaryField(blank=True, default=b"")
    # Why the file cannot be imported: refused on upload (a zip entry with a ``..`` path) or
    # when read (not text, no lines). Such a file is never parsed again.
    error = models.TextField(blank=True)
    read_at = models.DateTimeField(null=True, blank=True, help_text="When the file was read and parsed.")
    source_text = models.TextField(blank=True)
    source_hash = models.CharField(max_length=64, blank=True)
    parsed = models.JSONField(null=True, blank=True, help_text="The parse, as the importer made it.")
    summary = models.JSONField(null=True, blank=True, help_text="What the preview shows of the parse.")
    # The admin's choices, kept while they look at the preview again.
    decision = models.CharField(max_length=10, default="import")
    title = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Piece.Kind.choices, blank=True)
    piece = models.ForeignKey(Piece, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    create_new = models.BooleanField(default=False, help_text="Create a new piece even if one has this title.")
    # What became of it.
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default=Outcome.WAITING)
    message = models.TextField(blank=True)
    stored_piece = models.ForeignKey(Piece, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        indexes = [models.Index(fields=["batch", "outcome", "position"], name="pending_next_file")]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    class Kind(models.TextChoices):
        INTRO = "intro"
        VERSE = "verse"
        PRE_CHORUS = "pre-chorus", "Pre-chorus"
        CHORUS = "chorus"
        HOOK = "hook"
        REFRAIN = "refrain"
        BRIDGE = "bridge"
        BREAKDOWN = "breakdown"
        INTERLUDE = "interlude"
        DROP = "drop"
        OUTRO = "outro"
        STANZA = "stanza"
        PARAGRAPH = "paragraph"
        OTHER = "other"

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    direction = models.CharField(max_length=500, blank=True)
    repeat_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats"
    )

    class Meta:
        ordering = ["piece", "position"]
        constraints = [
            models.UniqueConstraint(fields=["piece", "position"], name="section_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.piece}: {self.label}"


class Line(models.Model):
    class Kind(models.TextChoices):
        LYRIC = "lyric"
        SPOKEN = "spoken"
        DIRECTION = "direction"
        PROSE = "prose"

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="lines")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="lines")
    n = models.PositiveIntegerField(help_text="Number of the line within the piece, from 1.")
    text = models.TextField()
    echo = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LYRIC)
    break_before = models.BooleanField(default=False, help_text="A stanza break stands before this line.")

    class Meta:
        ordering = ["piece", "n"]
        constraints = [
            models.UniqueConstraint(fields=["piece", "n"], name="line_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.piece} L{self.n}"


LINE_KINDS = frozenset(Line.Kind.values)


def known_line_kind(kind: str) -> str:
    """``kind`` if it is one of Line.Kind's, else a lyric: what the importer stores and the
    reading prints (as a class name, unescaped) whatever a row holds."""
    return kind if kind in LINE_KINDS else Line.Kind.LYRIC


def piece_reading(piece_id: int) -> tuple[list[dict], list[tuple]]:
    """The sections and lines of a piece as plain values: two queries, however long the piece."""
    return _READING_SECTIONS.dicts(piece_id), _READING_LINES.rows(piece_id)


def piece_tag_names(piece_id: int) -> list[str]:
    """The piece's tags' names, in the tags' order (by name)."""
    return [name for (name,) in _PIECE_TAGS.rows(piece_id)]


# Compiled once (config/compiled.py): every cold reading and every pane asks these.
_PIECE_TAGS = CompiledQuery(Tag, lambda piece_id: Tag.objects.filter(pieces=piece_id).values_list("name"))
_READING_SECTIONS = CompiledQuery(Section, lambda piece_id: (
    Section.objects.filter(piece_id=piece_id).order_by("position")
    .values("id", "position", "label", "kind", "direction", "repeat_of_id")))
_READING_LINES = CompiledQuery(Line, lambda piece_id: (
    Line.objects.filter(piece_id=piece_id).order_by("n")
    .values_list("n", "text", "echo", "kind", "section_id", "break_before")))


class PieceVersions(NamedTuple):
    pk: int
    content_version: int
    gloss_version: int
    updated_at: datetime


def piece_versions(slug: str) -> PieceVersions | None:
    """What identifies the current rendering of a piece's page, looked up by its slug.

    The piece page's hot path: once the page is cached, this lookup is most of a request's
    work, and the ORM would spend longer compiling the query than the database answering it.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, content_version, gloss_version, updated_at FROM {Piece._meta.db_table} WHERE slug = %s",
            [slug],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    updated_at = parse_datetime(row[3]) if isinstance(row[3], str) else row[3]  # SQLite gives text
    if updated_at.tzinfo is None:
        updated_at = updated_at.replace(tzinfo=timezone.utc)
    return PieceVersions(row[0], row[1], row[2], updated_at)


def lines_at(wanted: dict[int, set[int]]) -> dict[tuple[int, int], tuple[str, str]]:
    """The text and echo of chosen lines of chosen pieces: {piece id: {n, …}} → {(piece, n): …}.

    One query through the (piece, n) index. Written as SQL because the ORM took longer to
    compile thirty (piece, numbers) conditions than the database takes to answer them.
    """
    wanted = {piece_id: sorted(numbers) for piece_id, numbers in wanted.items() if numbers}
    if not wanted:
        return {}
    clauses, params = [], []
    for piece_id, numbers in sorted(wanted.items()):
        clauses.append(f"(piece_id = %s AND n IN ({', '.join(['%s'] * len(numbers))}))")
        params += [int(piece_id), *(int(n) for n in numbers)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT piece_id, n, text, echo FROM {Line._meta.db_table} WHERE {' OR '.join(clauses)}", params
        )
        return {(piece_id, n): (text, echo) for piece_id, n, text, echo in cursor.fetchall()}
