"""Glosses (commentary anchored to lines or a phrase) and piece-level commentary."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from catalogue.models import Piece

from .markdown import render_markdown


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (editors only)"
    PUBLISHED = "published", "Published"


class Origin(models.TextChoices):
    IMPORT = "import", "From the source file"
    EDITOR = "editor", "Written by an editor"


class GlossQuerySet(models.QuerySet):
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

    objects = GlossQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)


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

    history = HistoricalRecords()

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


class Commentary(Writing):
    """Commentary on the piece as a whole, such as a file's compositional notes."""

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="commentary")
    heading = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["piece", "position", "pk"]
        verbose_name_plural = "commentary"

    def __str__(self) -> str:
        return self.heading or f"Commentary on {self.piece}"
