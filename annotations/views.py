"""The piece page and everything an editor does on it.

Every state of the page is one URL rendered by one template, annotations/piece_detail.html:
the reading (cached per version, see reading.py) on the left and the commentary pane on the
right. A plain request gets the whole page; an htmx request gets only the pane (the "pane"
partial), or only the reading when the reading asks to be refreshed after a write. A write
answers a plain POST with a redirect and an htmx POST with the pane, and tells the page
(HX-Trigger "glossesChanged") to fetch the reading anew.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import push_url, trigger_client_event

from catalogue.models import Piece, piece_versions
from catalogue.pagecache import cached_for_readers, has_messages, personalised, shared_context

from .anchoring import AnchorError
from .concepts import concept_glosses, concept_index, glossed_lines, glosses_and_concepts_version, shown_glosses
from .editors import authored_glosses, display_name, find_author
from .forms import AnchorForm, GlossEditForm, GlossForm
from .history import history_entries
from .imported import reattach_anchor
from .markdown import render_preview
from .models import Anchor, Concept, Gloss, StaleEdit, Status, deleted_glosses
from .permissions import (
    can_edit,
    get_anchor_for_editor,
    get_gloss_for_editor,
    get_piece_for_editor,
    require_editor,
    signed_in,
    take_unsaved_writing,
)
from .reading import (
    CACHE_SECONDS,
    gloss_card,
    glosses_on_line,
    numbered_lines,
    opened_body,
    reading_etag,
    reading_html,
    reading_version,
)

PAGE = "annotations/piece_detail.html"
# Each state of the pane is its own named partial of the page, picked here (pane["template"]).
PANE_GLOSS, PANE_LINE, PANE_EDITOR, PANE_PLACE, PANE_HISTORY, PANE_DELETED, PANE_MISSING = (
    f"{PAGE}#{name}" for name in
    ("pane_gloss", "pane_line", "editor_form", "pane_place_form", "pane_history", "pane_deleted", "pane_missing"))
# What the piece page shows of the piece, fetched at once (a field left out is a query of its own
# when the template reads it); the stored source text, the large one, is not shown.
PAGE_FIELDS = ("pk", "title", "slug", "kind", "first_line", "content_version", "gloss_version", "updated_at",
               "author", "written", "status", "style", "tempo_bpm", "key", "duration_seconds")
# Every answer of the piece page depends on who asks and which part htmx asked for.
VARY = ["Cookie", "HX-Request", "HX-Target"]
CHANGED_EVENT = "glossesChanged"


# --- Reading ------------------------------------------------------------------------------


@require_safe
def piece_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The piece; ``?gloss=ID`` or ``?line=N`` opens the pane on a gloss or on a line's glosses."""
    if not request.GET and not request.htmx and _is_anonymous_first_visit(request):
        return _whole_page_for_readers(request, slug)
    versions = piece_versions(slug)
    if versions is None:
        raise Http404("No such piece.")
    audience = _audience(request)
    if _fragment(request) == "reading":
        piece = Piece.objects.only(*PAGE_FIELDS).get(pk=versions.pk)
        response = HttpResponse(reading_html(piece, audience=audience))
        patch_vary_headers(response, VARY)
        return response
    etag = reading_etag(versions, audience, request) if not request.GET else None
    if etag:
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
    response = _shared_page(request, versions, audience)
    if etag:
        response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _shared_page(request, versions, audience: str) -> HttpResponse:
    """The page (or its pane) as everyone of this audience sees it at this version of the piece,
    rendered once and cached; only the signed-in name and the CSRF token are this request's own,
    put back per request. An editor's page view thus costs what a reader's does, plus signing in.

    What the page shows is decided by the piece's versions (every gloss write bumps one), the
    audience (drafts, edit controls) and the address (the pane's ``?gloss``/``?line``, ``?notes``).
    """
    variant = _fragment(request) or "page"
    key = "piece-page:" + hashlib.sha256(
        f"{reading_version(versions, audience)}|{variant}|{request.scheme}://{request.get_host()}"
        f"{request.get_full_path()}".encode()).hexdigest()
    personal = has_messages(request)  # a message waiting: the page is this reader's alone, not kept
    content = None if personal else cache.get(key)
    if content is None:
        piece = Piece.objects.only(*PAGE_FIELDS).get(pk=versions.pk)
        response = _page(request, piece, _reading_pane(request, piece), shared=not personal)
        if personal or response.status_code != 200:
            return response
        content = response.content
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(personalised(content, request))
    patch_vary_headers(response, VARY)
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
            return {"template": PANE_MISSING, "message": "That gloss is not here any more."}
        return _gloss_pane(gloss, request.GET.get("anchor"), include_drafts=include_drafts)
    if "line" in request.GET:
        try:
            line = glosses_on_line(piece, int(request.GET["line"]), include_drafts=include_drafts)
        except ValueError:
            line = None
        if line is None:
            return {"template": PANE_MISSING, "message": "This piece has no such line."}
        return {"template": PANE_LINE, "line": line, "first_line": line["n"], "last_line": line["n"]}
    if "deleted" in request.GET and include_drafts:
        return {"template": PANE_DELETED, "glosses": [gloss_card(gloss) for gloss in deleted_glosses(piece.pk)]}
    return {}


def _visible_gloss(request, piece, gloss_id: str) -> Gloss | None:
    try:
        return (Gloss.objects.visible_to(request.user).select_related("created_by").prefetch_related("anchors", "concepts")
                .get(piece=piece, pk=int(gloss_id)))
    except (ValueError, OverflowError, Gloss.DoesNotExist):
        return None


def _gloss_pane(gloss: Gloss, anchor_id=None, *, include_drafts: bool, **extra) -> dict:
    """One gloss, opened from one of its places (``anchor_id``; its first place otherwise)."""
    card = gloss_card(gloss, include_orphaned=include_drafts, opened_from=_int(anchor_id))
    card["body_html"] = opened_body(card)
    current = card["current"]
    pane = {"template": PANE_GLOSS, "gloss": card, "gloss_id": gloss.pk, "version": gloss.version, **extra}
    if current:
        pane.update(first_line=current["first_line"], last_line=current["last_line"], anchor_id=current["id"])
    if include_drafts:
        pane["add_anchor_url"] = reverse("gloss_anchor_add", args=[gloss.pk])
        if current:
            pane["move_anchor_url"] = reverse("anchor_move", args=[gloss.pk, current["id"]])
    return pane


# --- Glosses: on places in the piece, or on the piece as a whole ---------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def gloss_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A new gloss on the words or lines an editor selected (static/js/glossa.js), or, with
    no line given, on the piece as a whole: one form for both."""
    piece = get_piece_for_editor(request.user, slug)
    lines = numbered_lines(piece)
    if request.method != "POST":
        if unsaved := take_unsaved_writing(request):
            form = GlossForm(unsaved, lines=lines)
            return _page(request, piece, _unsaved_pane(_new_pane(form, piece, preview=True)))
        initial = {key: request.GET[key] for key in ("first_line", "last_line", "exact", "start", "end") if key in request.GET}
        form = GlossForm(initial={"status": Status.PUBLISHED, **initial}, lines=lines)
        return _page(request, piece, _new_pane(form, piece))
    form = GlossForm(request.POST, lines=lines)
    if "preview" in request.POST or not form.is_valid():
        return _page(request, piece, _new_pane(form, piece, preview=True))
    data = form.cleaned_data
    gloss = Gloss.write(piece, [form.place] if form.place else [], heading=data["heading"], body=data["body"],
                        status=data["status"], user=request.user, concepts=data["concepts"])
    return _written(request, piece, gloss)


def _new_pane(form, piece, *, preview=False) -> dict:
    data = form.data if form.is_bound else form.initial
    first = _int(data.get("first_line"))
    return {
        "template": PANE_EDITOR, "is_new": True, "form": form, "action": reverse("gloss_new", args=[piece.slug]),
        "first_line": first, "last_line": _int(data.get("last_line")) or first,
        "preview_html": render_preview(form.data.get("body", "")) if preview else "",
    }


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def gloss_edit(request: HttpRequest, pk: int) -> HttpResponse:
    gloss = get_gloss_for_editor(request.user, pk)
    if request.method != "POST":
        if unsaved := take_unsaved_writing(request):
            form = GlossEditForm(unsaved)
            return _page(request, gloss.piece, _unsaved_pane(_edit_pane(gloss, form, preview=True)))
        form = GlossEditForm(initial={"heading": gloss.heading, "body": gloss.body, "status": gloss.status,
                                      "version": gloss.version,
                                      "concepts": [concept.name for concept in gloss.concepts.all()]})
        return _page(request, gloss.piece, _edit_pane(gloss, form))
    form = GlossEditForm(request.POST)
    if "preview" in request.POST or not form.is_valid():
        return _page(request, gloss.piece, _edit_pane(gloss, form, preview=True))
    data = form.cleaned_data
    try:
        gloss = gloss.revise(user=request.user, based_on=data["version"], reason="Edited", heading=data["heading"],
                             body=data["body"], status=data["status"], concepts=data["concepts"])
    except StaleEdit as stale:
        return _refused(request, stale.current, form)
    return _written(request, gloss.piece, gloss)


@require_POST
@signed_in
def gloss_delete(request: HttpRequest, pk: int) -> HttpResponse:
    gloss = get_gloss_for_editor(request.user, pk).soft_delete(user=request.user)
    return _changed(request, gloss.piece, reverse("gloss_history", args=[gloss.pk]), _history_pane(gloss))


@require_POST
@signed_in
def gloss_restore(request: HttpRequest, pk: int) -> HttpResponse:
    gloss = get_gloss_for_editor(request.user, pk, include_deleted=True).restore(user=request.user)
    return _written(request, gloss.piece, gloss)


@require_safe
@signed_in
def gloss_history(request: HttpRequest, pk: int) -> HttpResponse:
    gloss = get_gloss_for_editor(request.user, pk, include_deleted=True)
    return _page(request, gloss.piece, _history_pane(gloss))


@require_POST
@signed_in
def gloss_revert(request: HttpRequest, pk: int, history_id: int) -> HttpResponse:
    gloss = get_gloss_for_editor(request.user, pk, include_deleted=True)
    record = get_object_or_404(gloss.history, history_id=history_id)
    gloss = gloss.revert_to(record, user=request.user)
    return _written(request, gloss.piece, gloss)


@require_safe
def commentary_moved(request: HttpRequest, pk: int, rest: str = "") -> HttpResponse:
    """Links to piece commentary from before it became a gloss (its old id) still arrive."""
    gloss = get_object_or_404(Gloss.objects.only("pk"), legacy_commentary_id=pk)
    return redirect(reverse("gloss_history" if rest == "history" else "gloss_edit", args=[gloss.pk]), permanent=True)


# --- A gloss's places: add one, move one, remove one (each a new version of the gloss) -------


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def gloss_anchor_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Another place for the gloss: the words selected with "Add to this gloss", or lines typed."""
    gloss = get_gloss_for_editor(request.user, pk)
    return _place_change(request, gloss, None)


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def anchor_move(request: HttpRequest, pk: int, anchor_id: int) -> HttpResponse:
    """One of the gloss's places moved to other words ("Move here"), or to lines typed."""
    gloss = get_gloss_for_editor(request.user, pk)
    anchor = gloss.anchors.filter(pk=anchor_id).first()
    if anchor is None:
        return _anchor_gone(request, gloss)
    return _place_change(request, gloss, anchor)


def _anchor_gone(request, gloss: Gloss) -> HttpResponse:
    """An anchor id the gloss no longer has. Every change of places writes the anchors anew,
    so a form from before another editor's change names one: that is a stale edit, said as
    such; an id the gloss never had (or a form of the newest version) is simply not found."""
    if request.method == "POST" and _int(request.POST.get("version")) not in (None, gloss.version):
        gloss = Gloss.objects.select_related("created_by").prefetch_related("anchors", "concepts").get(pk=gloss.pk)
        return _page(request, gloss.piece, _gloss_pane(
            gloss, None, include_drafts=True,
            error="Another editor saved this gloss meanwhile, so nothing was changed. Here it is as it is now."))
    raise Http404("This gloss has no such place.")


def _place_change(request, gloss: Gloss, anchor) -> HttpResponse:
    """The form (GET) and the save (POST) of adding a place, or of moving ``anchor``."""
    lines = numbered_lines(gloss.piece)
    if request.method != "POST":
        initial = {key: request.GET[key] for key in ("first_line", "last_line", "exact", "start", "end") if key in request.GET}
        form = AnchorForm(initial={"version": gloss.version, **initial}, lines=lines)
        return _page(request, gloss.piece, _place_pane(gloss, anchor, form))
    form = AnchorForm(request.POST, lines=lines)
    if not form.is_valid():
        return _page(request, gloss.piece, _place_pane(gloss, anchor, form))
    based_on = form.cleaned_data["version"]
    try:
        if anchor is None:
            gloss = gloss.add_anchor(form.place, user=request.user, based_on=based_on)
        else:
            gloss = gloss.move_anchor(anchor.pk, form.place, user=request.user, based_on=based_on)
    except AnchorError as error:
        form.add_error(None, str(error))
        return _page(request, gloss.piece, _place_pane(gloss, anchor, form))
    except StaleEdit as stale:
        return _page(request, gloss.piece, _place_pane(stale.current, anchor, _restamped(form, stale.current),
                                                       stale=True))
    # The places are written anew on every change: the one just added or moved is found by position.
    return _written(request, gloss.piece, gloss, position=anchor.position if anchor else -1)


def _place_pane(gloss: Gloss, anchor, form, *, stale=False) -> dict:
    card = gloss_card(gloss, include_orphaned=True, opened_from=anchor.pk if anchor else None)
    action = (reverse("anchor_move", args=[gloss.pk, anchor.pk]) if anchor
              else reverse("gloss_anchor_add", args=[gloss.pk]))
    pane = {"template": PANE_PLACE, "gloss": card, "gloss_id": gloss.pk, "version": gloss.version, "form": form,
            "action": action, "moving": card["current"] if anchor else None, "stale": stale}
    if anchor:
        pane.update(first_line=anchor.first_line, last_line=anchor.last_line, anchor_id=anchor.pk,
                    move_anchor_url=action)
    else:
        pane["add_anchor_url"] = action
    return pane


@require_POST
@signed_in
def anchor_remove(request: HttpRequest, pk: int, anchor_id: int) -> HttpResponse:
    """Take one place away from the gloss; its last place taken, it is on the piece as a whole."""
    gloss = get_gloss_for_editor(request.user, pk)
    anchor = gloss.anchors.filter(pk=anchor_id).first()
    if anchor is None:
        return _anchor_gone(request, gloss)
    version = _int(request.POST.get("version"))
    if version is None:
        return _page(request, gloss.piece, _gloss_pane(gloss, None, include_drafts=True,
                                                       error="The form did not say which version it changes; try again."),
                     status=400)
    try:
        gloss = gloss.remove_anchor(anchor.pk, user=request.user, based_on=version)
    except StaleEdit as stale:
        return _page(request, gloss.piece, _gloss_pane(
            stale.current, None, include_drafts=True,
            error="Another editor saved this gloss meanwhile, so nothing was removed. Here it is as it is now."))
    return _written(request, gloss.piece, gloss)


def _restamped(form, current: Gloss):
    """The editor's form again, now based on the newest version: sending it again is deliberate."""
    data = form.data.copy()
    data["version"] = current.version
    form = type(form)(data, **({"lines": form.lines} if hasattr(form, "lines") else {}))
    form.is_valid()
    return form


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
    return render(request, PAGE + "#preview", {"preview_html": render_preview(request.POST.get("body", ""))})


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


def _page(request, piece: Piece, pane: dict, *, status: int = 200, shared: bool = False) -> HttpResponse:
    """The page, or the part htmx asked for; ``shared``: rendered to be cached for everyone of
    the audience, the personal bits left as stand-ins (see ``_shared_page``)."""
    audience = _audience(request)
    context = {"piece": piece, "pane": pane, "can_edit": audience == "editor",
               "notes_off": request.GET.get("notes") == "off", **(shared_context(request) if shared else {})}
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


def _edit_pane(gloss: Gloss, form, *, preview=False, conflict=None) -> dict:
    card = gloss_card(gloss, include_orphaned=True)
    pane = {
        "template": PANE_EDITOR, "item": gloss, "gloss": card, "form": form, "conflict": conflict,
        "action": reverse("gloss_edit", args=[gloss.pk]), "gloss_id": gloss.pk,
        "preview_html": render_preview(form.data.get("body", "")) if preview else "",
    }
    if card["current"]:
        pane.update(first_line=card["current"]["first_line"], last_line=card["current"]["last_line"])
    return pane


def _refused(request, current: Gloss, form) -> HttpResponse:
    """Someone else saved first: show their version beside the editor's unsaved text.

    The form now carries the newer version, so saving again is a deliberate choice to replace
    theirs; nothing the editor typed is lost either way.
    """
    conflict = {"current": gloss_card(current), "user": current.last_editor(),
                "updated_at": current.updated_at, "version": current.version}
    return _page(request, current.piece, _edit_pane(current, _restamped(form, current), preview=True, conflict=conflict))


def _history_pane(gloss: Gloss) -> dict:
    entries = history_entries(gloss)
    for entry in entries:
        entry["revert_url"] = reverse("gloss_revert", args=[gloss.pk, entry["history_id"]])
    card = gloss_card(gloss, include_orphaned=True)
    pane = {"template": PANE_HISTORY, "item": gloss, "gloss": card, "entries": entries, "gloss_id": gloss.pk,
            "restore_url": reverse("gloss_restore", args=[gloss.pk])}
    if card["current"]:
        pane.update(first_line=card["current"]["first_line"], last_line=card["current"]["last_line"])
    return pane


def _written(request, piece: Piece, gloss: Gloss, *, position: int | None = None) -> HttpResponse:
    """After a save: the gloss as readers will now see it, in the pane and in the page, opened
    from its place at ``position`` (-1: the last) when given."""
    gloss = Gloss.objects.select_related("created_by").prefetch_related("anchors", "concepts").get(pk=gloss.pk)
    anchors = gloss.anchor_list
    anchor_id = anchors[position].pk if position is not None and -len(anchors) <= position < len(anchors) else None
    pane = _gloss_pane(gloss, anchor_id, include_drafts=True, saved=True)
    url = f"{piece.get_absolute_url()}?gloss={gloss.pk}"
    if anchor_id and pane.get("anchor_id") == anchor_id:
        url += f"&anchor={anchor_id}"
    url += f"#L{pane['first_line']}" if pane.get("first_line") else f"#g{gloss.pk}"
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


# --- Orphans: places whose text a re-import took away --------------------------------------


@require_safe
@signed_in
def orphan_list(request: HttpRequest) -> HttpResponse:
    """Every orphaned anchor, by piece; with ``?piece=slug`` one piece's, beside its current lines."""
    require_editor(request.user)
    return _orphan_page(request, request.GET.get("piece", ""))


@require_POST
@signed_in
def anchor_reattach(request: HttpRequest, anchor_id: int) -> HttpResponse:
    """Put one orphaned place of a gloss back by hand, on lines or on a phrase within them."""
    anchor = get_anchor_for_editor(request.user, anchor_id)
    first, last = _int(request.POST.get("first_line")), _int(request.POST.get("last_line"))
    version = _int(request.POST.get("version"))
    slug = anchor.piece.slug
    if first is None:
        return _orphan_page(request, slug, errors={anchor.pk: "Give the number of the line it belongs to."})
    try:
        gloss = reattach_anchor(anchor, first, last, request.POST.get("exact", ""), user=request.user, based_on=version)
    except AnchorError as error:
        return _orphan_page(request, slug, errors={anchor.pk: str(error)})
    except StaleEdit:
        return _orphan_page(request, slug,
                            errors={anchor.pk: "Another editor changed this gloss meanwhile; here it is as it is now."})
    placed = gloss.anchor_list[anchor.position]  # written anew, at the same position
    messages.success(request, f"The gloss is on {placed.line_label} again.")
    return redirect(f"{anchor.piece.get_absolute_url()}?gloss={gloss.pk}&anchor={placed.pk}#L{placed.first_line}")


def _orphan_page(request, slug: str, *, errors: dict | None = None) -> HttpResponse:
    orphans = Anchor.objects.orphaned()
    piece, lines = None, []
    if slug:
        piece = get_object_or_404(Piece.objects.only("pk", "title", "slug"), slug=slug)
        orphans = orphans.filter(piece=piece)
        lines = numbered_lines(piece)
    orphans = list(orphans.order_by("piece__title", "piece_id", "first_line", "pk")
                   .select_related("gloss__created_by").prefetch_related("gloss__anchors", "gloss__concepts"))
    for anchor in orphans:  # its gloss shown by the one gloss macro, as on the piece page
        anchor.card = gloss_card(anchor.gloss)
    context = {"orphans": orphans, "piece": piece, "lines": lines, "errors": errors or {}}
    return render(request, "annotations/orphan_list.html", context, status=400 if errors else 200)


# --- Concepts: what glosses are about, across the catalogue --------------------------------


CONCEPT_PAGE_SIZE = 50


@require_safe
def concept_list(request: HttpRequest) -> HttpResponse:
    """Every concept with the number of glosses on it; readers see those with published glosses."""

    def page():
        concepts = concept_index(include_drafts=can_edit(request.user))
        return render(request, "annotations/concept_list.html", {"concepts": concepts})

    # Anonymous readers: from the cache, once per version of the glosses and the concepts.
    return cached_for_readers(request, "concept_list", glosses_and_concepts_version, page)


@require_safe
def concept_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Every gloss tagged with the concept, by piece, each with all its anchored lines among their neighbours."""
    concept = get_object_or_404(Concept, slug=slug)
    include_drafts = can_edit(request.user)
    glosses = concept_glosses(concept, include_drafts=include_drafts)
    page = Paginator(glosses.values_list("pk", flat=True), CONCEPT_PAGE_SIZE).get_page(request.GET.get("page"))
    if not page.paginator.count and not include_drafts:
        raise Http404("No glosses on this concept yet.")
    pieces = glossed_lines(shown_glosses(include_drafts).filter(pk__in=list(page)))
    for piece in pieces:  # each gloss shown by the one gloss macro, as on the piece page
        piece["glosses"] = [gloss_card(gloss) for gloss in piece["glosses"]]
    context = {"concept": concept, "pieces": pieces, "page": page, "include_drafts": include_drafts}
    return render(request, "annotations/concept_detail.html", context)


# --- The step before a delete, and an editor's page (issue 11) -------------------------------



@require_safe
@signed_in
def gloss_delete_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """"Delete this gloss?": a page with the gloss and a form that posts to ``gloss_delete``.

    A plain page rather than a ``confirm()`` dialog, so the question is asked the same way with
    or without JavaScript, and "Keep it" goes back to the gloss where it stands.
    """
    gloss = get_gloss_for_editor(request.user, pk)
    card = gloss_card(gloss)
    return render(request, "annotations/gloss_delete_confirm.html",
                  {"piece": gloss.piece, "gloss": card, "back_url": gloss_url(gloss.piece, card)})


EDITOR_PAGE_SIZE = 50


@require_safe
def editor_detail(request: HttpRequest, username: str) -> HttpResponse:
    """The glosses one editor wrote, newest first, each linking to its line: what the reader
    may see (published; editors also see drafts). Readers' accounts have no page (404), nor has
    anyone unknown; a former editor keeps one while any gloss of theirs is shown."""
    author = find_author(username)
    page = Paginator(authored_glosses(author, request.user), EDITOR_PAGE_SIZE).get_page(request.GET.get("page"))
    if not page.paginator.count and not can_edit(author):
        raise Http404("No such editor.")
    cards = []
    for gloss in page:
        card = gloss_card(gloss)
        card.update(piece=gloss.piece, url=gloss_url(gloss.piece, card))
        cards.append(card)
    context = {"author": author, "name": display_name(author), "page": page,
               "glosses": cards}
    return render(request, "annotations/editor_detail.html", context)


def gloss_url(piece: Piece, card: dict) -> str:
    """Where a gloss is read: its piece, opened on it, scrolled to its first place."""
    where = f"#L{card['current']['first_line']}" if card["current"] else f"#g{card['id']}"
    return f"{piece.get_absolute_url()}?gloss={card['id']}{where}"
