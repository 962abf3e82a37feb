"""Glosses (commentary anchored to lines or a phrase) and piece-level commentary."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from catalogue.models import Piece

from .markdown import render_markdown


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (editors only)"
    PUBLISHED = "published", "Published"


class Origin(models.TextChoices):
    IMPORT = "import", "From the source file"
    EDITOR = "editor", "Written by an editor"


class WritingQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def published(self):
        return self.live().filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        from .permissions import can_edit

        return self.live() if can_edit(user) else self.published()


class Writing(models.Model):
    """What glosses and commentary share: a Markdown body rendered once, status, soft delete."""

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE)
    body = models.TextField()
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EDITOR)
    # Incremented on every save; a save that names an older version is refused (no lost update).
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WritingQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    # --- Changes an editor makes. Each one is a new version, kept in the history with who made
    # it, and marks the piece's page as changed so its cached reading is rendered anew.

    def revise(self, *, user, based_on: int, reason: str = "", **changes):
        """Apply ``changes`` if nobody has saved since version ``based_on``; returns self, saved.

        Raises StaleEdit carrying the newer row otherwise, so the later of two editors is
        refused instead of silently overwriting the earlier (no last-write-wins). The row is
        read and written in one transaction: locked on PostgreSQL, and on SQLite the
        IMMEDIATE transaction already holds the write lock from BEGIN.
        """
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if current.version != based_on:
                raise StaleEdit(current)
            concepts = changes.pop("concepts", None)
            for field, value in changes.items():
                setattr(current, field, value)
            current.version = based_on + 1
            current._history_user = user
            current._change_reason = reason
            if concepts is None:
                current.save()
            else:
                current.save_with_concepts(concepts)
            piece_commentary_changed(current.piece_id)
        # This instance now holds the saved version too, so a caller never keeps a stale one.
        for field in self._meta.concrete_fields:
            setattr(self, field.attname, getattr(current, field.attname))
        return self

    def soft_delete(self, *, user):
        """Hide it from the page; the row and its history stay, so it can be restored."""
        return self.revise(user=user, based_on=self.version, reason="Deleted", deleted_at=timezone.now())

    def restore(self, *, user):
        return self.revise(user=user, based_on=self.version, reason="Restored", deleted_at=None)

    def revert_to(self, record, *, user):
        """Bring back the words and status of an earlier version (a new version, nothing lost).

        The anchor is left where it is: it follows the current text of the piece, which the
        old version may not match any more.
        """
        if record.id != self.pk:
            raise ValueError("That version belongs to another item.")
        return self.revise(
            user=user, based_on=self.version, reason=f"Restored version {record.version}",
            deleted_at=None, **self.restorable_from(record),
        )

    def restorable_from(self, record) -> dict:
        """What restoring the version ``record`` brings back."""
        return {field: getattr(record, field) for field in self.REVERTIBLE_FIELDS}

    def last_editor(self):
        """Who saved the current version, from the history (None for an import or a script)."""
        record = self.history.select_related("history_user").order_by("-history_id").first()
        return record.history_user if record else None


class StaleEdit(Exception):
    """An editor saved a version based on one that is no longer the newest."""

    def __init__(self, current: Writing):
        super().__init__(f"{current} changed since (now version {current.version}).")
        self.current = current


def piece_commentary_changed(piece_id: int) -> None:
    """Render the piece's page anew and recount its published glosses for the catalogue.

    The piece's row is locked before counting: on PostgreSQL two editors' transactions would
    otherwise each count without the other's new gloss, and the later write would store a
    count one short. Under the lock, whoever writes last counts everything committed.
    """
    with transaction.atomic():
        piece = Piece.objects.filter(pk=piece_id)
        list(piece.select_for_update(no_key=True).values_list("pk", flat=True))
        count = Gloss.objects.filter(piece_id=piece_id, is_orphan=False).published().count()
        piece.mark_glosses_changed(gloss_count=count)


class Concept(models.Model):
    """An idea glosses are about (softmax, temperature, latent space…), tagged by editors.

    ``key`` makes "Softmax" and "softmax " one concept; ``name`` is how it was first typed.
    """

    name = models.CharField(max_length=60)
    key = models.CharField(max_length=180, unique=True, editable=False)  # casefold may lengthen ("ß" → "ss")
    slug = models.SlugField(max_length=90, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("concept_detail", args=[self.slug])


# Kept by name so that a gloss saved with new concepts gets one history record listing them
# (see Gloss.save_with_concepts), not one per row added or removed.
gloss_history = HistoricalRecords(m2m_fields=["concepts"])


class Gloss(Writing):
    """Commentary on a line, a range of lines, or a phrase within them.

    The anchor is kept as the W3C TextQuoteSelector keeps it (exact, prefix, suffix) plus a
    position (line numbers and character offsets), so it can be found again after the text changes.
    """

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="glosses")
    first_line = models.PositiveIntegerField()
    last_line = models.PositiveIntegerField()
    exact = models.TextField(blank=True, help_text="The phrase; empty when the whole lines are meant.")
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Offset in the first line.")
    end = models.PositiveIntegerField(null=True, blank=True, help_text="Offset in the last line.")
    # The lines' text when the gloss was anchored: what an orphan shows, and what fuzzy
    # re-anchoring compares against.
    anchor_text = models.TextField(blank=True)
    is_orphan = models.BooleanField(default=False)
    concepts = models.ManyToManyField(Concept, blank=True, related_name="glosses")

    # Each version records the concepts the gloss had (a row per concept beside the record).
    history = gloss_history

    REVERTIBLE_FIELDS = ("body", "status")

    class Meta:
        ordering = ["piece", "first_line", "start", "pk"]
        indexes = [
            models.Index(fields=["piece", "first_line"]),
            models.Index(fields=["piece", "is_orphan"]),
        ]
        verbose_name_plural = "glosses"

    def __str__(self) -> str:
        return f"{self.piece} L{self.first_line}: {self.exact or self.body[:40]}"

    @property
    def is_phrase(self) -> bool:
        return bool(self.exact) and self.start is not None

    @property
    def line_label(self) -> str:
        if self.first_line == self.last_line:
            return f"line {self.first_line}"
        return f"lines {self.first_line}–{self.last_line}"

    @classmethod
    def write(cls, piece: Piece, anchor, *, body: str, status: str, user, concepts=()) -> Gloss:
        """A new gloss by an editor, anchored where the editor chose (see anchoring.py),
        tagged with the concepts of these names (new ones are created)."""
        with transaction.atomic():
            gloss = cls(piece=piece, body=body, status=status, origin=Origin.EDITOR, created_by=user,
                        **anchor.as_fields())
            gloss._history_user = user
            gloss._change_reason = "Written"
            gloss.save_with_concepts(concepts)
            piece_commentary_changed(piece.pk)
        return gloss

    def save_with_concepts(self, names) -> None:
        """Save the gloss tagged with the concepts of ``names``, as one version.

        simple-history records a version on every save and again on every change to the
        tags; here the tags are set first, quietly, and then one record is written, listing
        them. Call inside a transaction.
        """
        from .concepts import get_or_create_concepts

        created = self._state.adding
        self.skip_history_when_saving = True
        try:
            self.save()
            self.concepts.set(get_or_create_concepts(names))
        finally:
            del self.skip_history_when_saving
        gloss_history.create_historical_record(self, "+" if created else "~")

    def restorable_from(self, record) -> dict:
        # The concepts come back as they were at that version, too.
        return {**super().restorable_from(record), "concepts": concept_names_at(record)}


def concept_names_at(record) -> list[str]:
    """The names of the concepts a gloss had at one version (one of its history records)."""
    return list(record.concepts.order_by("concept__key").values_list("concept__name", flat=True))


class Commentary(Writing):
    """Commentary on the piece as a whole, such as a file's compositional notes."""

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="commentary")
    heading = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    REVERTIBLE_FIELDS = ("heading", "body", "status")

    class Meta:
        ordering = ["piece", "position", "pk"]
        verbose_name_plural = "commentary"

    def __str__(self) -> str:
        return self.heading or f"Commentary on {self.piece}"

    @classmethod
    def write(cls, piece: Piece, *, heading: str, body: str, status: str, user) -> Commentary:
        """New commentary on the piece, after what it already has."""
        with transaction.atomic():
            last = cls.objects.filter(piece=piece).aggregate(models.Max("position"))["position__max"]
            note = cls(piece=piece, heading=heading, body=body, status=status, origin=Origin.EDITOR,
                       created_by=user, position=0 if last is None else last + 1)
            note._history_user = user
            note._change_reason = "Written"
            note.save()
            piece_commentary_changed(piece.pk)
        return note
