"""Glosses and commentary in the Django admin, chiefly for orphans: glosses whose text an
import removed. They are kept, never deleted; here staff find them ("orphan" filter) and
re-attach them to a line or phrase of the piece's current text, by hand or by trying again.

Writing and editing commentary is the editors' work on the piece page; here an admin can
correct a body or status, and every change is still a new version in the history.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.text import Truncator
from django.views.decorators.http import require_http_methods
from simple_history.admin import SimpleHistoryAdmin

from catalogue.models import Line

from .anchoring import AnchorError
from .imported import reattach_gloss, retry_orphans
from .models import Commentary, Gloss, piece_commentary_changed


class OrphanFilter(admin.SimpleListFilter):
    title = "orphan"
    parameter_name = "orphan"

    def lookups(self, request, model_admin):
        return [("yes", "Orphans: text gone"), ("no", "Anchored")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_orphan=True)
        if self.value() == "no":
            return queryset.filter(is_orphan=False)
        return queryset


class ReattachForm(forms.Form):
    first_line = forms.IntegerField(min_value=1, label="First line")
    last_line = forms.IntegerField(min_value=1, required=False, label="Last line",
                                   help_text="Leave empty for one line.")
    phrase = forms.CharField(
        required=False, strip=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Words of those lines, exactly as they stand, to anchor a phrase; empty for the whole lines.",
    )


class WritingAdmin(SimpleHistoryAdmin):
    """What glosses and commentary share here: versioned saves and no hard delete."""

    list_select_related = ("piece",)
    search_fields = ("body", "piece__title")

    def has_add_permission(self, request):
        return False  # written on the piece page, where the lines are

    def has_delete_permission(self, request, obj=None):
        return False  # commentary is never deleted, only hidden by its editors (soft delete)

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            obj.version += 1  # an editor's open form based on the old version is now stale
            obj._change_reason = "Changed in the admin"
        super().save_model(request, obj, form, change)
        piece_commentary_changed(obj.piece_id)

    @admin.display(description="Body")
    def body_excerpt(self, obj) -> str:
        return Truncator(obj.body).chars(80)


@admin.register(Gloss)
class GlossAdmin(WritingAdmin):
    list_display = ("piece", "where", "anchored_text", "body_excerpt", "status", "origin", "is_orphan", "updated_at")
    list_filter = (OrphanFilter, "status", "origin")
    search_fields = ("body", "exact", "anchor_text", "piece__title")
    fields = ("piece", "body", "status", "origin", "is_orphan", "first_line", "last_line", "exact", "prefix",
              "suffix", "start", "end", "anchor_text", "version", "created_by", "created_at", "updated_at",
              "deleted_at")
    readonly_fields = ("piece", "origin", "is_orphan", "first_line", "last_line", "exact", "prefix", "suffix",
                       "start", "end", "anchor_text", "version", "created_by", "created_at", "updated_at",
                       "deleted_at")
    actions = ["try_placing_again"]

    @admin.display(description="Where", ordering="first_line")
    def where(self, obj) -> str:
        return f"was on {obj.line_label}" if obj.is_orphan else obj.line_label

    @admin.display(description="Text")
    def anchored_text(self, obj) -> str:
        return Truncator(obj.exact or obj.anchor_text).chars(60)

    @admin.action(description="Try to place the selected orphans on their piece's text again")
    def try_placing_again(self, request, queryset):
        placed = retry_orphans(queryset)
        orphans = queryset.filter(is_orphan=True).count()
        self.message_user(
            request,
            f"{placed} gloss{'es' if placed != 1 else ''} found a place; {orphans} still orphaned"
            + (" — re-attach those by hand." if orphans else "."),
            messages.SUCCESS if placed else messages.WARNING,
        )

    def get_urls(self):
        return [
            path("<int:gloss_id>/reattach/", self.admin_site.admin_view(self.gloss_reattach),
                 name="annotations_gloss_reattach"),
        ] + super().get_urls()

    @method_decorator(require_http_methods(["GET", "POST"]))
    def gloss_reattach(self, request: HttpRequest, gloss_id: int) -> HttpResponse:
        gloss = get_object_or_404(Gloss.objects.select_related("piece"), pk=gloss_id)
        if not self.has_change_permission(request, gloss):
            raise PermissionDenied
        initial = {"first_line": gloss.first_line, "last_line": gloss.last_line, "phrase": gloss.exact}
        form = ReattachForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                gloss = reattach_gloss(gloss, data["first_line"], data["last_line"], data["phrase"],
                                       user=request.user)
            except AnchorError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, f"The gloss now stands on {gloss.line_label}.", messages.SUCCESS)
                return redirect("admin:annotations_gloss_change", gloss.pk)
        lines = Line.objects.filter(piece_id=gloss.piece_id).order_by("n").values_list("n", "text")
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": gloss, "gloss": gloss,
            "title": f"Re-attach a gloss on “{gloss.piece}”", "form": form, "lines": lines,
        }
        return TemplateResponse(request, "admin/annotations/gloss/reattach.html", context)


@admin.register(Commentary)
class CommentaryAdmin(WritingAdmin):
    list_display = ("piece", "heading", "body_excerpt", "position", "status", "origin", "updated_at")
    list_filter = ("status", "origin")
    search_fields = ("heading", "body", "piece__title")
    fields = ("piece", "heading", "body", "status", "position", "origin", "version", "created_by",
              "created_at", "updated_at", "deleted_at")
    readonly_fields = ("piece", "origin", "version", "created_by", "created_at", "updated_at", "deleted_at")
