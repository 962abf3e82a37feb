"""The piece page and everything an editor does on it.

Every state of the page is one URL rendered by one template, annotations/piece_detail.html:
the reading (cached per version, see reading.py) on the left and the commentary pane on the
right. A plain request gets the whole page; an htmx request gets only the pane (the "pane"
partial), or only the reading when the reading asks to be refreshed after a write. A write
answers a plain POST with a redirect and an htmx POST with the pane, and tells the page
(HX-Trigger "glossesChanged") to fetch the reading anew.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url, trigger_client_event

from catalogue.models import Piece, piece_versions
from catalogue.pagecache import cached_for_readers

from .anchoring import AnchorError
from .concepts import concept_index, glossed_lines, glosses_and_concepts_version, shown_glosses
from .forms import CommentaryForm, GlossEditForm, GlossForm
from .history import history_entries
from .imported import reattach_gloss
from .markdown import render_markdown
from .models import Commentary, Concept, Gloss, StaleEdit, Status
from .permissions import (
    can_edit,
    get_commentary_for_editor,
    get_gloss_for_editor,
    get_piece_for_editor,
    require_editor,
    signed_in,
    take_unsaved_writing,
)
from .reading import CACHE_SECONDS, glosses_on_line, reading_etag, reading_html, reading_version

PAGE = "annotations/piece_detail.html"
PAGE_FIELDS = ("pk", "title", "slug", "kind", "content_version", "gloss_version", "updated_at")
# Every answer of the piece page depends on who asks and which part htmx asked for.
VARY = ["Cookie", "HX-Request", "HX-Target"]
CHANGED_EVENT = "glossesChanged"


# --- Reading ------------------------------------------------------------------------------


@require_GET
def piece_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The piece; ``?gloss=ID`` or ``?line=N`` opens the pane on a gloss or on a line's glosses."""
    if not request.GET and not request.htmx and _is_anonymous_first_visit(request):
        return _whole_page_for_readers(request, slug)
    piece = get_object_or_404(Piece.objects.only(*PAGE_FIELDS), slug=slug)
    audience = _audience(request)
    if _fragment(request) == "reading":
        response = HttpResponse(reading_html(piece, audience=audience))
        patch_vary_headers(response, VARY)
        return response
    etag = reading_etag(piece, audience, request) if not request.GET else None
    if etag:
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
    response = _page(request, piece, _reading_pane(request, piece))
    if etag:
        response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _is_anonymous_first_visit(request) -> bool:
    """A reader with no session and no pending messages sees exactly what every such reader sees."""
    return (
        not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _whole_page_for_readers(request, slug: str) -> HttpResponse:
    """The plain piece page as every reader sees it, rendered once per version of the piece.

    Most requests are readers arriving at a piece, so this path costs one indexed lookup and a
    cache read; it renders only the first time a version is asked for.
    """
    versions = piece_versions(slug)
    if versions is None:
        raise Http404("No such piece.")
    etag = reading_etag(versions, "reader", request)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    key = f"page:{reading_version(versions, 'reader')}"
    content = cache.get(key)
    if content is None:
        content = _page(request, Piece.objects.only(*PAGE_FIELDS).get(pk=versions.pk), {}).content
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, VARY)
    return response


def _reading_pane(request, piece) -> dict:
    include_drafts = can_edit(request.user)
    if "gloss" in request.GET:
        gloss = _visible_gloss(request, piece, request.GET["gloss"])
        if gloss is None:
            return {"kind": "missing", "message": "That gloss is not here any more."}
        return {"kind": "gloss", "gloss": gloss, "first_line": gloss.first_line,
                "last_line": gloss.last_line, "gloss_id": gloss.pk}
    if "line" in request.GET:
        try:
            line = glosses_on_line(piece, int(request.GET["line"]), include_drafts=include_drafts)
        except ValueError:
            line = None
        if line is None:
            return {"kind": "missing", "message": "This piece has no such line."}
        return {"kind": "line", "line": line, "first_line": line["n"], "last_line": line["n"]}
    if "deleted" in request.GET and include_drafts:
        return {
            "kind": "deleted",
            "glosses": list(Gloss.objects.filter(piece=piece, deleted_at__isnull=False).order_by("-deleted_at")),
            "notes": list(Commentary.objects.filter(piece=piece, deleted_at__isnull=False).order_by("-deleted_at")),
        }
    return {}


def _visible_gloss(request, piece, gloss_id: str) -> Gloss | None:
    try:
        return (Gloss.objects.visible_to(request.user).filter(is_orphan=False).prefetch_related("concepts")
                .get(piece=piece, pk=int(gloss_id)))
    except (ValueError, Gloss.DoesNotExist):
        return None


# --- Glosses ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@signed_in
def gloss_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A new gloss on the lines or the phrase an editor selected (see static/js/glossa.js)."""
    piece = get_piece_for_editor(request.user, slug)
    lines = list(piece.lines.order_by("n").values_list("n", "text"))
    if request.method == "GET":
        if unsaved := take_unsaved_writing(request):
            form = GlossForm(unsaved, lines=lines)
            return _page(request, piece, _unsaved_pane(_gloss_form_pane(form, piece, preview=True)))
        initial = {key: request.GET[key] for key in ("first_line", "last_line", "exact", "start", "end") if key in request.GET}
        form = GlossForm(initial={"status": Status.PUBLISHED, **initial}, lines=lines)
        return _page(request, piece, _gloss_form_pane(form, piece, initial=initial))
    form = GlossForm(request.POST, lines=lines)
    if "preview" in request.POST or not form.is_valid():
        return _page(request, piece, _gloss_form_pane(form, piece, preview=True))
    gloss = Gloss.write(piece, form.anchor, body=form.cleaned_data["body"],
                        status=form.cleaned_data["status"], user=request.user,
                        concepts=form.cleaned_data["concepts"])
    return _written(request, piece, gloss)


def _gloss_form_pane(form, piece, *, initial=None, preview=False) -> dict:
    data = form.data if form.is_bound else (initial or {})
    first = _int(data.get("first_line"))
    last = _int(data.get("last_line")) or first
    return {
        "kind": "gloss_new", "form": form, "action": reverse("gloss_new", args=[piece.slug]),
        "first_line": first, "last_line": last,
        "preview_html": render_markdown(form.data.get("body", "")) if preview else "",
    }


@require_http_methods(["GET", "POST"])
@signed_in
def gloss_edit(request: HttpRequest, pk: int) -> HttpResponse:
    gloss = get_gloss_for_editor(request.user, pk)
    if request.method == "GET":
        if unsaved := take_unsaved_writing(request):
            form = GlossEditForm(unsaved)
            return _page(request, gloss.piece, _unsaved_pane(_edit_pane("gloss", gloss, form, preview=True)))
        form = GlossEditForm(initial={"body": gloss.body, "status": gloss.status, "version": gloss.version,
                                      "concepts": [concept.name for concept in gloss.concepts.all()]})
        return _page(request, gloss.piece, _edit_pane("gloss", gloss, form))
    form = GlossEditForm(request.POST)
    if "preview" in request.POST or not form.is_valid():
        return _page(request, gloss.piece, _edit_pane("gloss", gloss, form, preview=True))
    data = form.cleaned_data
    try:
        gloss = gloss.revise(user=request.user, based_on=data["version"], reason="Edited",
                             body=data["body"], status=data["status"], concepts=data["concepts"])
    except StaleEdit as stale:
        return _refused(request, "gloss", stale.current, form)
    return _written(request, gloss.piece, gloss)


@require_POST
@signed_in
def gloss_delete(request: HttpRequest, pk: int) -> HttpResponse:
    gloss = get_gloss_for_editor(request.user, pk).soft_delete(user=request.user)
    return _changed(request, gloss.piece, reverse("gloss_history", args=[gloss.pk]), _history_pane("gloss", gloss))


@require_POST
@signed_in
def gloss_restore(request: HttpRequest, pk: int) -> HttpResponse:
    gloss = get_gloss_for_editor(request.user, pk, include_deleted=True).restore(user=request.user)
    return _written(request, gloss.piece, gloss)


@require_GET
@signed_in
def gloss_history(request: HttpRequest, pk: int) -> HttpResponse:
    gloss = get_gloss_for_editor(request.user, pk, include_deleted=True)
    return _page(request, gloss.piece, _history_pane("gloss", gloss))


@require_POST
@signed_in
def gloss_revert(request: HttpRequest, pk: int, history_id: int) -> HttpResponse:
    gloss = get_gloss_for_editor(request.user, pk, include_deleted=True)
    record = get_object_or_404(gloss.history, history_id=history_id)
    gloss = gloss.revert_to(record, user=request.user)
    return _written(request, gloss.piece, gloss)


# --- Commentary on the whole piece ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
@signed_in
def commentary_new(request: HttpRequest, slug: str) -> HttpResponse:
    piece = get_piece_for_editor(request.user, slug)
    if request.method == "GET":
        if unsaved := take_unsaved_writing(request):
            form = CommentaryForm(unsaved)
            return _page(request, piece, _unsaved_pane(_commentary_form_pane(form, piece, preview=True)))
        form = CommentaryForm(initial={"status": Status.PUBLISHED})
        return _page(request, piece, _commentary_form_pane(form, piece))
    form = CommentaryForm(request.POST)
    if "preview" in request.POST or not form.is_valid():
        return _page(request, piece, _commentary_form_pane(form, piece, preview=True))
    data = form.cleaned_data
    note = Commentary.write(piece, heading=data["heading"], body=data["body"], status=data["status"], user=request.user)
    return _written(request, piece, note)


def _commentary_form_pane(form, piece, *, preview=False) -> dict:
    return {
        "kind": "commentary_new", "form": form, "action": reverse("commentary_new", args=[piece.slug]),
        "preview_html": render_markdown(form.data.get("body", "")) if preview else "",
    }


@require_http_methods(["GET", "POST"])
@signed_in
def commentary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_commentary_for_editor(request.user, pk)
    if request.method == "GET":
        if unsaved := take_unsaved_writing(request):
            form = CommentaryForm(unsaved)
            return _page(request, note.piece, _unsaved_pane(_edit_pane("commentary", note, form, preview=True)))
        form = CommentaryForm(initial={"heading": note.heading, "body": note.body, "status": note.status,
                                       "version": note.version})
        return _page(request, note.piece, _edit_pane("commentary", note, form))
    form = CommentaryForm(request.POST)
    if form.is_valid() and form.cleaned_data["version"] is None:
        form.add_error(None, "The form did not say which version it edits; open the note again.")
    if "preview" in request.POST or not form.is_valid():
        return _page(request, note.piece, _edit_pane("commentary", note, form, preview=True))
    data = form.cleaned_data
    try:
        note = note.revise(user=request.user, based_on=data["version"], reason="Edited",
                           heading=data["heading"], body=data["body"], status=data["status"])
    except StaleEdit as stale:
        return _refused(request, "commentary", stale.current, form)
    return _written(request, note.piece, note)


@require_POST
@signed_in
def commentary_delete(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_commentary_for_editor(request.user, pk).soft_delete(user=request.user)
    return _changed(request, note.piece, reverse("commentary_history", args=[note.pk]), _history_pane("commentary", note))


@require_POST
@signed_in
def commentary_restore(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_commentary_for_editor(request.user, pk, include_deleted=True).restore(user=request.user)
    return _written(request, note.piece, note)


@require_GET
@signed_in
def commentary_history(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_commentary_for_editor(request.user, pk, include_deleted=True)
    return _page(request, note.piece, _history_pane("commentary", note))


@require_POST
@signed_in
def commentary_revert(request: HttpRequest, pk: int, history_id: int) -> HttpResponse:
    note = get_commentary_for_editor(request.user, pk, include_deleted=True)
    record = get_object_or_404(note.history, history_id=history_id)
    note = note.revert_to(record, user=request.user)
    return _written(request, note.piece, note)


# --- Markdown preview ----------------------------------------------------------------------


@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The body as it will be shown, rendered by the same code that renders it on save.

    Signed out while typing (the session ended), the preview says so and the form stays as it
    is: sending the page to sign in here would lose the text; Save keeps it through sign-in.
    """
    if not request.user.is_authenticated:
        return render(request, PAGE + "#preview", {"signed_out": True})
    require_editor(request.user)
    return render(request, PAGE + "#preview", {"preview_html": render_markdown(request.POST.get("body", ""))})


# --- Shared by the views above --------------------------------------------------------------


def _audience(request) -> str:
    return "editor" if can_edit(request.user) else "reader"


def _fragment(request) -> str | None:
    """Which part of the page an htmx request wants; None for the whole page.

    A history restore (back/forward with no snapshot) is sent as an htmx request too, but
    must get the whole page.
    """
    htmx = request.htmx
    if not htmx or htmx.history_restore_request:
        return None
    return "reading" if htmx.target == "reading-slot" else "pane"


def _page(request, piece: Piece, pane: dict, *, status: int = 200) -> HttpResponse:
    audience = _audience(request)
    context = {"piece": piece, "pane": pane, "can_edit": audience == "editor"}
    if _fragment(request) == "pane":
        response = render(request, PAGE + "#pane", context, status=status)
    else:
        context["reading_html"] = reading_html(piece, audience=audience)
        response = render(request, PAGE, context, status=status)
    patch_vary_headers(response, VARY)
    return response


def _unsaved_pane(pane: dict) -> dict:
    """A writing form filled with what an editor sent while signed out (see signed_in)."""
    return {**pane, "unsaved": True}


def _edit_pane(kind: str, item, form, *, preview=False, conflict=None) -> dict:
    pane = {
        "kind": f"{kind}_edit", "item": item, "form": form, "conflict": conflict,
        "action": reverse(f"{kind}_edit", args=[item.pk]),
        "preview_html": render_markdown(form.data.get("body", "")) if preview else "",
    }
    if kind == "gloss":
        pane.update(first_line=item.first_line, last_line=item.last_line, gloss_id=item.pk)
    return pane


def _refused(request, kind: str, current, form) -> HttpResponse:
    """Someone else saved first: show their version beside the editor's unsaved text.

    The form now carries the newer version, so saving again is a deliberate choice to replace
    theirs; nothing the editor typed is lost either way.
    """
    data = form.data.copy()
    data["version"] = current.version
    form = type(form)(data)
    form.is_valid()
    conflict = {"current": current, "user": current.last_editor()}
    return _page(request, current.piece, _edit_pane(kind, current, form, preview=True, conflict=conflict))


def _history_pane(kind: str, item) -> dict:
    entries = history_entries(item)
    if kind == "gloss":
        _add_concept_changes(entries)
    for entry in entries:
        entry["revert_url"] = reverse(f"{kind}_revert", args=[item.pk, entry["history_id"]])
    pane = {"kind": "history", "item_kind": kind, "item": item, "entries": entries,
            "restore_url": reverse(f"{kind}_restore", args=[item.pk])}
    if kind == "gloss":
        pane.update(first_line=item.first_line, last_line=item.last_line, gloss_id=item.pk)
    return pane


def _written(request, piece: Piece, item) -> HttpResponse:
    """After a save: the gloss (or the piece's commentary) as readers will now see it."""
    if isinstance(item, Gloss):
        url = f"{piece.get_absolute_url()}?gloss={item.pk}#L{item.first_line}"
        pane = {"kind": "gloss", "gloss": item, "first_line": item.first_line,
                "last_line": item.last_line, "gloss_id": item.pk, "saved": True}
    else:
        url = f"{piece.get_absolute_url()}#c{item.pk}"
        pane = {}
    return _changed(request, piece, url, pane)


def _changed(request, piece: Piece, url: str, pane: dict) -> HttpResponse:
    if not request.htmx:
        return redirect(url)
    response = _page(request, piece, pane)
    push_url(response, url)
    trigger_client_event(response, CHANGED_EVENT)
    return response


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Orphans: glosses whose text a re-import took away --------------------------------------


@require_GET
@signed_in
def orphan_list(request: HttpRequest) -> HttpResponse:
    """Every orphaned gloss, by piece; with ``?piece=slug`` one piece's, beside its current lines."""
    require_editor(request.user)
    return _orphan_page(request, request.GET.get("piece", ""))


@require_POST
@signed_in
def gloss_reattach(request: HttpRequest, pk: int) -> HttpResponse:
    """Anchor an orphan (or any gloss) by hand on lines, or on a phrase within them."""
    gloss = get_gloss_for_editor(request.user, pk)
    first, last = _int(request.POST.get("first_line")), _int(request.POST.get("last_line"))
    version = _int(request.POST.get("version"))
    if first is None:
        return _orphan_page(request, gloss.piece.slug, errors={gloss.pk: "Give the number of the line it belongs to."})
    try:
        gloss = reattach_gloss(gloss, first, last, request.POST.get("exact", ""), user=request.user, based_on=version)
    except AnchorError as error:
        return _orphan_page(request, gloss.piece.slug, errors={gloss.pk: str(error)})
    except StaleEdit:
        return _orphan_page(request, gloss.piece.slug,
                            errors={gloss.pk: "Another editor changed this gloss meanwhile; here it is as it is now."})
    messages.success(request, f"The gloss is attached to {gloss.line_label} again.")
    return redirect(f"{gloss.piece.get_absolute_url()}?gloss={gloss.pk}#L{gloss.first_line}")


def _orphan_page(request, slug: str, *, errors: dict | None = None) -> HttpResponse:
    orphans = Gloss.objects.live().filter(is_orphan=True).select_related("piece").order_by("piece__title", "first_line", "pk")
    piece, lines = None, []
    if slug:
        piece = get_object_or_404(Piece.objects.only("pk", "title", "slug"), slug=slug)
        orphans = orphans.filter(piece=piece)
        lines = list(piece.lines.order_by("n").values_list("n", "text"))
    context = {"orphans": list(orphans), "piece": piece, "lines": lines, "errors": errors or {}}
    return render(request, "annotations/orphan_list.html", context, status=400 if errors else 200)


def _add_concept_changes(entries: list[dict]) -> None:
    """Say which concepts each version of a gloss gained or lost (one query for them all)."""
    if not entries:
        return
    names: dict[int, list[str]] = {entry["history_id"]: [] for entry in entries}
    records = type(entries[0]["record"]).concepts.model.objects
    for history_id, name in (records.filter(history_id__in=names).order_by("concept__key")
                             .values_list("history_id", "concept__name")):
        names[history_id].append(name)
    previous: list[str] = []
    for entry in reversed(entries):  # oldest first
        current = names[entry["history_id"]]
        entry["concepts"] = current
        if current != previous:
            before = ", ".join(previous) or "none"
            entry["changes"].append(f"Concepts: {before} → {', '.join(current) or 'none'}")
        previous = current


# --- Concepts: what glosses are about, across the catalogue --------------------------------


CONCEPT_PAGE_SIZE = 50


@require_GET
def concept_list(request: HttpRequest) -> HttpResponse:
    """Every concept with the number of glosses on it; readers see those with published glosses."""

    def page():
        concepts = concept_index(include_drafts=can_edit(request.user))
        return render(request, "annotations/concept_list.html", {"concepts": concepts})

    # Anonymous readers: from the cache, once per version of the glosses and the concepts.
    return cached_for_readers(request, "concept_list", glosses_and_concepts_version, page)


@require_GET
def concept_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Every glossed line tagged with the concept, by piece, each among its neighbours."""
    concept = get_object_or_404(Concept, slug=slug)
    include_drafts = can_edit(request.user)
    glosses = shown_glosses(include_drafts).filter(concepts=concept)
    ids = glosses.order_by("piece__title", "piece_id", "first_line", "start", "pk").values_list("pk", flat=True)
    page = Paginator(ids, CONCEPT_PAGE_SIZE).get_page(request.GET.get("page"))
    if not page.paginator.count and not include_drafts:
        raise Http404("No glosses on this concept yet.")
    pieces = glossed_lines(glosses.filter(pk__in=list(page)))
    context = {"concept": concept, "pieces": pieces, "page": page, "include_drafts": include_drafts}
    return render(request, "annotations/concept_detail.html", context)
