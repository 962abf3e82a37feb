"""The catalogue in the Django admin, and where admins import text files.

Import from the Piece changelist: upload (files or a zip) → each file is read once (in the
background when it takes long; a progress page meanwhile) → one preview per file → the admin's
decision per file → "Import" queues a task that stores each chosen file in its own transaction,
while a progress page counts them. The steps are plain functions in ``importing/pending.py``;
the views here only check permissions and choose the page. A piece's earlier source texts are
listed on its "Sources" page, where any of them can be made current again (undo).
"""

from __future__ import annotations

import uuid

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from .importing import pending, tasks
from .importing.diff import DiffRow
from .importing.limits import import_limits
from .importing.store import piece_diff, previous_source, restore_source
from .models import ImportBatch, Piece, PieceSource, Tag

# Up to this much, the upload's own request reads the files (well under a second), so a few
# small files are previewed at once; a larger batch is read by a task, with a progress page.
READ_IN_REQUEST_BYTES = 100_000
# How often the progress page asks again (htmx; without JavaScript the page refreshes itself).
POLL_SECONDS = 1


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
            path("import/<uuid:batch>/", view(self.import_batch), name="catalogue_piece_import_preview"),
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

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def import_upload(self, request: HttpRequest) -> HttpResponse:
        self._check_can_import(request)
        error = ""
        if request.method == "POST":
            files = request.FILES.getlist("files")
            if files:
                batch, size = pending.store_uploads(request.user, [(file.name, file) for file in files])
                if size <= READ_IN_REQUEST_BYTES:
                    pending.read_batch(batch.pk)
                else:
                    tasks.enqueue(tasks.read_files, batch)
                return redirect("admin:catalogue_piece_import_preview", batch=batch.pk)
            error = "Choose one or more .txt or .md files, or a .zip of them."
        context = self._context(request, "Import files", error=error, limits=import_limits())
        return TemplateResponse(request, "admin/catalogue/piece/import_upload.html", context)

    # --- One batch: reading, preview and decision, importing

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def import_batch(self, request: HttpRequest, batch: uuid.UUID) -> HttpResponse:
        self._check_can_import(request)
        batch = pending.get_batch(request.user, batch)
        if request.method == "POST":
            return self._decide(request, batch, request.POST.get("action", ""))
        progress = pending.progress(batch)
        state = _state(batch, progress)
        if request.htmx:
            if request.GET.get("shown") != state:
                # The page the admin looks at is for another step: load the new one whole.
                return HttpResponseClientRefresh()
            return self._progress_page(request, batch, progress, state, partial=True)
        if state == "preview":
            return self._preview_page(request, batch)
        return self._progress_page(request, batch, progress, state)

    def _decide(self, request: HttpRequest, batch: ImportBatch, action: str) -> HttpResponse:
        if action == "cancel":
            if batch.confirmed_at:
                self.message_user(request, "This import has begun; what is stored stays, as listed here.",
                                  messages.WARNING)
                return redirect("admin:catalogue_piece_import_preview", batch=batch.pk)
            batch.delete()
            self.message_user(request, "Import cancelled; nothing was stored.", messages.INFO)
            return redirect("admin:catalogue_piece_changelist")
        if action == "resume":
            # Safe however often it is pressed: every file is stored at most once.
            tasks.enqueue(tasks.import_files if batch.confirmed_at else tasks.read_files, batch)
            return redirect("admin:catalogue_piece_import_preview", batch=batch.pk)
        if batch.confirmed_at is None:
            problems = pending.save_choices(list(batch.files.defer("data", "source_text", "parsed")), request.POST)
            for problem in problems:
                self.message_user(request, problem, messages.ERROR)
            if action == "import" and not problems:
                pending.confirm(batch)
                tasks.enqueue(tasks.import_files, batch)
        return redirect("admin:catalogue_piece_import_preview", batch=batch.pk)

    def _preview_page(self, request: HttpRequest, batch: ImportBatch) -> HttpResponse:
        previews = pending.preview(batch)
        context = self._context(
            request, "Preview the import", previews=previews, batch=batch.pk,
            importable=sum(1 for preview in previews if not preview.item.error),
            # Offered once for every file (a datalist, not a select per file): a catalogue of
            # thousands of pieces would otherwise repeat them all for each file of a zip.
            pieces=Piece.objects.order_by("title").values_list("slug", "title"),
            kinds=Piece.Kind.choices,
        )
        return TemplateResponse(request, "admin/catalogue/piece/import_preview.html", context)

    def _progress_page(self, request, batch, progress, state, *, partial=False) -> HttpResponse:
        title = {"reading": "Reading the files", "importing": "Importing the files"}.get(state, "Import finished")
        context = self._context(
            request, title, batch=batch, progress=progress, state=state, poll_seconds=POLL_SECONDS,
            polling=state in ("reading", "importing"), task_failed=tasks.last_task_failed(batch),
        )
        template = "admin/catalogue/piece/import_progress.html"
        return TemplateResponse(request, f"{template}#progress" if partial else template, context)

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

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def piece_restore_source(self, request: HttpRequest, piece_id: int, source_id: int) -> HttpResponse:
        """GET asks first — what the lines become, what happens to the glosses — and POST restores.

        The question is a page with a form, not a ``confirm()`` dialog: it is asked the same way
        with or without JavaScript, and it shows what will change before anything does.
        """
        source = get_object_or_404(PieceSource.objects.select_related("piece"), pk=source_id, piece_id=piece_id)
        if not self.has_change_permission(request, source.piece):
            raise PermissionDenied
        if request.method != "POST":
            piece = source.piece
            is_undo = previous_source(piece) == source
            context = self._context(
                request, "Undo the last import?" if is_undo else "Restore this text?", piece=piece, original=piece,
                source=source, is_undo=is_undo, is_current=source.source_hash == piece.source_hash,
                diff=_diff_to_source(piece, source),
            )
            return TemplateResponse(request, "admin/catalogue/piece/restore_source_confirm.html", context)
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


def _state(batch: ImportBatch, progress: pending.Progress) -> str:
    """Which step a batch is at: reading its files, waiting for the admin, importing, or done."""
    if batch.confirmed_at is None:
        return "reading" if progress.read < progress.total else "preview"
    return "importing" if progress.waiting else "done"
