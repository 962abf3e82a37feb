"""Glosses in the Django admin, chiefly for orphaned anchors: places whose text an import
removed. They are kept, never deleted; here staff find them ("orphan" filter) and re-attach
each anchor to a line or phrase of the piece's current text, by hand or by trying again.

Writing and editing commentary is the editors' work on the piece page; here an admin can
correct a heading, body or status. The change form carries the version it was opened at and
saves through ``Gloss.revise``, the editor pages' check: an admin cannot overwrite a version an
editor saved meanwhile (the form says so and shows nothing lost). Anchors are listed inline,
read-only; they are moved on the piece page or re-attached here one by one.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_http_methods
from simple_history.admin import SimpleHistoryAdmin

from catalogue.models import Line

from .anchoring import AnchorError
from .imported import reattach_anchor, retry_orphans
from .models import Anchor, Gloss, StaleEdit


class OrphanFilter(admin.SimpleListFilter):
    title = "orphan"
    parameter_name = "orphan"

    def lookups(self, request, model_admin):
        return [("yes", "Orphans: every anchor's text gone"), ("some", "Some anchor's text gone"),
                ("no", "Anchored")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_orphan=True)
        if self.value() == "some":
            return queryset.filter(anchors__is_orphan=True).distinct()
        if self.value() == "no":
            return queryset.exclude(anchors__is_orphan=True)
        return queryset


class ReattachForm(forms.Form):
    first_line = forms.IntegerField(min_value=1, label="First line")
    last_line = forms.IntegerField(min_value=1, required=False, label="Last line",
                                   help_text="Leave empty for one line.")
    phrase = forms.CharField(
        required=False, strip=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Words of those lines, exactly as they stand, to anchor a phrase; empty for the whole lines.",
    )


class GlossAdminForm(forms.ModelForm):
    """The admin's change form, with the version it was opened at (see GlossAdmin.save_model)."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Gloss
        fields = ("heading", "body", "status")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["based_on"] = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            return data
        based_on = data.get("based_on")
        if based_on is None:
            raise forms.ValidationError("The form did not say which version it edits; open the gloss again.")
        current = Gloss.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if current != based_on:
            raise forms.ValidationError(
                f"Someone saved this gloss meanwhile (now version {current}; you opened version {based_on}). "
                "Nothing was saved: open it again to see their version.", code="stale")
        return data


class AnchorInline(admin.TabularInline):
    model = Anchor
    extra = 0
    can_delete = False
    fields = ("position", "line_label", "exact", "anchor_text", "is_orphan", "reattach")
    readonly_fields = fields
    ordering = ("position",)

    def has_add_permission(self, request, obj=None):
        return False  # anchors are added on the piece page, where the lines are

    @admin.display(description="Lines")
    def line_label(self, obj) -> str:
        return obj.line_label

    @admin.display(description="")
    def reattach(self, obj) -> str:
        url = reverse("admin:annotations_gloss_reattach", args=[obj.gloss_id]) + f"?anchor={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, "Re-attach" if obj.is_orphan else "Move")


@admin.register(Gloss)
class GlossAdmin(SimpleHistoryAdmin):
    form = GlossAdminForm
    inlines = [AnchorInline]
    list_select_related = ("piece",)
    list_display = ("piece", "where", "heading", "body_excerpt", "status", "origin", "is_orphan", "updated_at")
    list_filter = (OrphanFilter, "status", "origin")
    search_fields = ("heading", "body", "anchors__exact", "piece__title")
    fields = ("piece", "heading", "body", "status", "based_on", "origin", "is_orphan", "version", "created_by",
              "created_at", "updated_at", "deleted_at")
    readonly_fields = ("piece", "origin", "is_orphan", "version", "created_by", "created_at", "updated_at",
                       "deleted_at")
    actions = ["try_placing_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("anchors")

    def has_add_permission(self, request):
        return False  # written on the piece page, where the lines are

    def has_delete_permission(self, request, obj=None):
        return False  # commentary is never deleted, only hidden by its editors (soft delete)

    def save_model(self, request, obj, form, change):
        """Through Gloss.revise: one version, refused if someone saved since the form was opened
        (the form's clean() tells the admin; this catches a save that slipped in after it)."""
        if not change or not form.has_changed():
            return
        data = form.cleaned_data
        changes = {field: data[field] for field in ("heading", "body", "status")}
        try:
            obj.revise(user=request.user, based_on=data["based_on"], reason="Changed in the admin", **changes)
        except StaleEdit:
            # Too late for a form error; nothing was saved, and the message says so.
            self.message_user(request, "Someone saved this gloss meanwhile: your change was not saved.",
                              messages.ERROR)

    @admin.display(description="Body")
    def body_excerpt(self, obj) -> str:
        return Truncator(obj.body).chars(80)

    @admin.display(description="Where")
    def where(self, obj) -> str:
        return f"was on {obj.where_label}" if obj.is_orphan else obj.where_label

    @admin.action(description="Try to place the orphaned anchors of the selected glosses again")
    def try_placing_again(self, request, queryset):
        placed = retry_orphans(queryset)
        orphans = Anchor.objects.filter(gloss__in=queryset, is_orphan=True).count()
        self.message_user(
            request,
            f"{placed} anchor{'s' if placed != 1 else ''} found a place; {orphans} still orphaned"
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
        """Re-attach one anchor (``?anchor=ID``; default: the first orphaned one, else the first)."""
        gloss = get_object_or_404(Gloss.objects.select_related("piece"), pk=gloss_id)
        if not self.has_change_permission(request, gloss):
            raise PermissionDenied
        anchors = gloss.anchors.order_by("-is_orphan", "position")
        wanted = request.GET.get("anchor", "")
        if wanted:
            anchors = anchors.filter(pk=int(wanted)) if wanted.isdigit() else anchors.none()
        anchor = anchors.select_related("gloss").first()
        if anchor is None:
            return redirect("admin:annotations_gloss_change", gloss.pk)
        initial = {"first_line": anchor.first_line, "last_line": anchor.last_line, "phrase": anchor.exact}
        form = ReattachForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                gloss = reattach_anchor(anchor, data["first_line"], data["last_line"], data["phrase"],
                                        user=request.user)
            except AnchorError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, f"The gloss now stands on {gloss.where_label}.", messages.SUCCESS)
                return redirect("admin:annotations_gloss_change", gloss.pk)
        lines = Line.objects.filter(piece_id=gloss.piece_id).order_by("n").values_list("n", "text")
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": gloss, "gloss": gloss,
            "anchor": anchor, "title": f"Re-attach a gloss on “{gloss.piece}”", "form": form, "lines": lines,
        }
        return TemplateResponse(request, "admin/annotations/gloss/reattach.html", context)
