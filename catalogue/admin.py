"""The catalogue in the Django admin, and where admins import text files.

Import is three steps on the Piece changelist: upload (files or a zip) → one preview per file,
made by a dry run of the importer → the admin's decision per file, then the same importer
stores each chosen file in its own transaction. The bytes wait in ``PendingImport`` between
preview and decision, so what is stored is what was previewed. A piece's earlier source texts
are listed on its "Sources" page, where any of them can be made current again (undo).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .importing.diff import DiffRow
from .importing.store import FileOutcome, import_file, piece_diff, previous_source, restore_source, upload_limits
from .importing.uploads import read_uploads
from .models import PendingImport, Piece, PieceSource, Tag

logger = logging.getLogger(__name__)

# An upload nobody decided on is forgotten after this long.
PENDING_LIFETIME = timedelta(days=1)


@dataclass
class FilePreview:
    """One pending file as the preview shows it: what the importer would do with it."""

    pending: PendingImport
    outcome: FileOutcome | None = None
    diff: list[DiffRow] = field(default_factory=list)

    @property
    def error(self) -> str:
        return self.pending.error or (self.outcome.error if self.outcome else "")

    @property
    def echoes(self) -> list:
        return [line for line in self.outcome.parsed.lines if line.echo] if self.outcome else []


def preview_pending(pending: PendingImport) -> FilePreview:
    """A dry run of the import the admin would confirm, with the line diff for an update."""
    if pending.error:
        return FilePreview(pending)
    outcome = import_file(
        pending.name, bytes(pending.data), dry_run=True, title=pending.title, kind=pending.kind,
        piece=pending.piece, new_piece=pending.create_new,
    )
    diff = piece_diff(outcome.piece, outcome.parsed) if outcome.action == "update" else []
    return FilePreview(pending, outcome, diff)


@admin.register(Piece)
class PieceAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "line_count", "gloss_count", "source_name", "updated_at")
    list_filter = ("kind", "tags")
    search_fields = ("title", "first_line", "author")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("tags",)
    readonly_fields = (
        "source_name", "source_hash", "source_text", "first_line", "line_count", "gloss_count",
        "content_version", "gloss_version", "created_at", "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "author", "written", "status")}),
        ("Music", {"fields": ("style", "tempo_bpm", "key", "duration_seconds", "tags")}),
        ("Source (change it by importing a file)", {
            "classes": ("collapse",),
            "fields": ("source_name", "source_hash", "source_text"),
        }),
        ("Counts and versions", {
            "classes": ("collapse",),
            "fields": ("first_line", "line_count", "gloss_count", "content_version", "gloss_version",
                       "created_at", "updated_at"),
        }),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # The title, key or tempo are on the piece page: render it anew.
            Piece.objects.filter(pk=obj.pk).update(content_version=F("content_version") + 1)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_upload), name="catalogue_piece_import"),
            path("import/<uuid:batch>/", view(self.import_preview), name="catalogue_piece_import_preview"),
            path("<int:piece_id>/sources/", view(self.piece_sources), name="catalogue_piece_sources"),
            path("<int:piece_id>/sources/<int:source_id>/restore/", view(self.piece_restore_source),
                 name="catalogue_piece_restore_source"),
        ] + super().get_urls()

    def _context(self, request: HttpRequest, title: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    def _check_can_import(self, request: HttpRequest) -> None:
        if not self.has_add_permission(request):
            raise PermissionDenied

    # --- Upload

    @method_decorator(require_http_methods(["GET", "POST"]))
    def import_upload(self, request: HttpRequest) -> HttpResponse:
        self._check_can_import(request)
        error = ""
        if request.method == "POST":
            files = request.FILES.getlist("files")
            if files:
                batch = store_pending_uploads(request.user, [(file.name, file) for file in files])
                return redirect("admin:catalogue_piece_import_preview", batch=batch)
            error = "Choose one or more .txt or .md files, or a .zip of them."
        context = self._context(
            request, "Import files", error=error, limits=upload_limits(),
            max_line_chars=settings.GLOSSA_IMPORT_MAX_LINE_CHARS,
        )
        return TemplateResponse(request, "admin/catalogue/piece/import_upload.html", context)

    # --- Preview and decision

    @method_decorator(require_http_methods(["GET", "POST"]))
    def import_preview(self, request: HttpRequest, batch: uuid.UUID) -> HttpResponse:
        self._check_can_import(request)
        pending = get_pending_batch(request.user, batch)
        if request.method == "POST":
            action = request.POST.get("action", "")
            if action == "cancel":
                PendingImport.objects.filter(pk__in=[p.pk for p in pending]).delete()
                self.message_user(request, "Import cancelled; nothing was stored.", messages.INFO)
                return redirect("admin:catalogue_piece_changelist")
            problems = save_choices(pending, request.POST)
            for problem in problems:
                self.message_user(request, problem, messages.ERROR)
            if action == "import" and not problems:
                import_pending(request, pending, self.message_user)
                return redirect("admin:catalogue_piece_changelist")
            return redirect("admin:catalogue_piece_import_preview", batch=batch)

        previews = [preview_pending(item) for item in pending]
        context = self._context(
            request, "Preview the import", previews=previews, batch=batch,
            importable=sum(1 for preview in previews if not preview.error),
            # Offered once for every file (a datalist, not a select per file): a catalogue of
            # thousands of pieces would otherwise repeat them all for each file of a zip.
            pieces=Piece.objects.order_by("title").values_list("slug", "title"),
            kinds=Piece.Kind.choices,
        )
        return TemplateResponse(request, "admin/catalogue/piece/import_preview.html", context)

    # --- Sources and undo

    @method_decorator(require_GET)
    def piece_sources(self, request: HttpRequest, piece_id: int) -> HttpResponse:
        piece = get_object_or_404(Piece, pk=piece_id)
        if not self.has_view_or_change_permission(request, piece):
            raise PermissionDenied
        sources = list(piece.sources.defer("source_text"))
        undo = previous_source(piece)
        undo_diff = _diff_to_source(piece, undo) if undo else []
        context = self._context(
            request, f"Sources of “{piece}”", piece=piece, original=piece, sources=sources,
            undo=undo, undo_diff=undo_diff, can_change=self.has_change_permission(request, piece),
        )
        return TemplateResponse(request, "admin/catalogue/piece/sources.html", context)

    @method_decorator(require_POST)
    def piece_restore_source(self, request: HttpRequest, piece_id: int, source_id: int) -> HttpResponse:
        source = get_object_or_404(PieceSource.objects.select_related("piece"), pk=source_id, piece_id=piece_id)
        if not self.has_change_permission(request, source.piece):
            raise PermissionDenied
        outcome = restore_source(source)
        if outcome.status == "rejected":
            self.message_user(request, f"The text of {source} could not be restored: {outcome.error}", messages.ERROR)
        elif outcome.status == "unchanged":
            self.message_user(request, "That text is already the current one; nothing changed.", messages.INFO)
        else:
            self.message_user(request, format_html(
                "Restored the text imported {} from {}. Its glosses were re-anchored; any that could "
                "not be placed are listed as orphans.",
                source.imported_at.strftime("%Y-%m-%d %H:%M"), source.source_name or "an earlier import",
            ), messages.SUCCESS)
        return redirect("admin:catalogue_piece_sources", piece_id=piece_id)


def _diff_to_source(piece: Piece, source: PieceSource) -> list[DiffRow]:
    from .importing.parsed import ImportRejected
    from .importing.store import parse_file

    try:
        parsed, _ = parse_file(source.source_name, source.source_text.encode("utf-8"), title=source.title,
                               kind=source.kind)
    except ImportRejected:
        return []
    return piece_diff(piece, parsed)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


# --- The import's steps as plain functions, so each reads without the admin around it.

def store_pending_uploads(user, files) -> uuid.UUID:
    """Keep the uploaded files (a zip's entries each on its own) for their preview."""
    PendingImport.objects.filter(uploaded_at__lt=timezone.now() - PENDING_LIFETIME).delete()
    batch = uuid.uuid4()
    PendingImport.objects.bulk_create(
        PendingImport(batch=batch, position=position, uploaded_by=user, name=upload.name[:500],
                      data=upload.data, error=upload.error)
        for position, upload in enumerate(read_uploads(files, upload_limits()))
    )
    return batch


def get_pending_batch(user, batch: uuid.UUID) -> list[PendingImport]:
    """An upload's files, only for the admin who uploaded them."""
    pending = list(PendingImport.objects.filter(batch=batch, uploaded_by=user).select_related("piece"))
    if not pending:
        raise Http404("This upload was imported, cancelled or forgotten; please upload the files again.")
    return pending


def save_choices(pending: list[PendingImport], data) -> list[str]:
    """Remember the admin's title, kind and piece for each file from the preview's form;
    returns what could not be understood (a piece address that does not exist).

    A title or kind equal to what the file itself says is no override; keeping it empty lets
    an unchanged file stay a no-op. An empty piece address asks for a new piece.
    """
    wanted = {data.get(f"{item.pk}-piece", "").strip() for item in pending} - {""}
    pieces = {piece.slug: piece for piece in Piece.objects.filter(slug__in=wanted).only("pk", "slug")}
    problems = []
    for item in pending:
        if item.error:
            continue
        parsed_title, parsed_kind = _file_title_and_kind(item)
        title = data.get(f"{item.pk}-title", "").strip()[:300]
        kind = data.get(f"{item.pk}-kind", "")
        slug = data.get(f"{item.pk}-piece", "").strip()
        item.title = "" if title == parsed_title else title
        item.kind = "" if kind == parsed_kind or kind not in Piece.Kind.values else kind
        item.decision = data.get(f"{item.pk}-decision", "import")
        if slug and slug not in pieces:
            problems.append(f"No piece has the address “{slug}” given for {item.name}. Choose one from "
                            "the list, or leave it empty for a new piece. Nothing was imported.")
        else:
            item.piece = pieces.get(slug)
            item.create_new = item.piece is None
        item.save(update_fields=["title", "kind", "create_new", "piece"])
    return problems


def _file_title_and_kind(item: PendingImport) -> tuple[str, str]:
    outcome = import_file(item.name, bytes(item.data), dry_run=True)
    return (outcome.parsed.title, outcome.parsed.kind) if outcome.parsed else ("", "")


def import_pending(request: HttpRequest, pending: list[PendingImport], report) -> None:
    """Import each file the admin confirmed, each in its own transaction, then forget them all.

    A file that fails on the way stores nothing (its transaction is rolled back) and does not
    stop the files after it.
    """
    for item in pending:
        if item.error:
            continue
        if getattr(item, "decision", "import") != "import":
            report(request, f"Cancelled {item.name}; nothing of it was stored.", messages.INFO)
            continue
        try:
            outcome = import_file(
                item.name, bytes(item.data), title=item.title, kind=item.kind, piece=item.piece,
                new_piece=item.create_new,
            )
        except Exception:
            logger.exception("Import of %s failed", item.name)
            report(request, f"The import of {item.name} failed and nothing of this file was stored. "
                            "Please try again; if it fails again, tell a developer.", messages.ERROR)
            continue
        if outcome.status == "rejected":
            report(request, f"Not imported: {item.name}: {outcome.error}", messages.ERROR)
        elif outcome.status == "unchanged":
            report(request, format_html("Unchanged: “{}” already has the text of {}; nothing to do.",
                                        outcome.piece.title, item.name), messages.INFO)
        else:
            report(request, format_html(
                '{} <a href="{}">{}</a> from {}.', outcome.status.capitalize(),
                outcome.piece.get_absolute_url(), outcome.piece.title, item.name,
            ), messages.SUCCESS)
    with transaction.atomic():
        PendingImport.objects.filter(pk__in=[item.pk for item in pending]).delete()
