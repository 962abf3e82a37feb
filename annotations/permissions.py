"""Who may write commentary. Every view that writes asks here; templates only follow."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django_htmx.http import HttpResponseClientRedirect

from catalogue.models import Piece

from .models import Anchor, Gloss
from .roles import can_edit

EDITORS_GROUP = "Editors"
__all__ = ["can_edit", "require_editor", "signed_in", "get_gloss_for_editor", "get_anchor_for_editor",
           "get_piece_for_editor", "ensure_editors_group"]


def require_editor(user) -> None:
    if not can_edit(user):
        raise PermissionDenied("Only editors may change commentary.")


def signed_in(view):
    """Send anonymous visitors to sign in; the view itself still checks that they may edit.

    An htmx request gets HX-Redirect, so the whole page goes to the login form (and comes back
    to the page the editor was on), not just the pane. An editor whose session ended while
    writing loses nothing: what the form carried is kept in the new session (login keeps an
    anonymous session's data), and after signing in the same form offers it back to save.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST" and _keep_unsaved_writing(request):
            back = request.path
        elif getattr(request, "htmx", False):
            back = request.htmx.current_url_abs_path or request.get_full_path()
        else:
            back = request.get_full_path() if request.method == "GET" else _referring_page(request)
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(redirect_to_login(back).url)
        return redirect_to_login(back)

    return wrapper


UNSAVED_WRITING = "unsaved_writing"
# The fields of the writing forms (gloss and commentary, new and edit): never the CSRF token.
WRITING_FIELDS = ("first_line", "last_line", "exact", "start", "end", "heading", "body", "concepts", "status",
                  "version")


def _keep_unsaved_writing(request) -> bool:
    writing = {name: request.POST[name] for name in WRITING_FIELDS if name in request.POST}
    if not writing.get("body", "").strip():
        return False  # a delete, a restore or an empty form: nothing typed to keep
    request.session[UNSAVED_WRITING] = {"path": request.path, "data": writing}
    return True


def take_unsaved_writing(request) -> dict | None:
    """What a signed-out save of this form carried, handed over once; None if nothing waits."""
    kept = request.session.get(UNSAVED_WRITING)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return None
    del request.session[UNSAVED_WRITING]
    return kept.get("data") or None


def _referring_page(request) -> str:
    # After signing in, a refused POST cannot be replayed; return to the page it came from.
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return "/"


def get_piece_for_editor(user, slug: str):
    """The piece an editor is about to add commentary to, or 403/404."""
    require_editor(user)
    return get_object_or_404(Piece, slug=slug)


def get_gloss_for_editor(user, gloss_id: int, *, include_deleted: bool = False) -> Gloss:
    """The gloss an editor is about to change (its anchors prefetched), or 403/404."""
    require_editor(user)
    queryset = Gloss.objects.all() if include_deleted else Gloss.objects.live()
    return get_object_or_404(queryset.select_related("piece").prefetch_related("anchors"), pk=gloss_id)


def get_anchor_for_editor(user, anchor_id: int) -> Anchor:
    """An anchor of a live gloss an editor is about to change (re-attach, move, remove), or 403/404."""
    require_editor(user)
    return get_object_or_404(Anchor.objects.filter(gloss__deleted_at__isnull=True).select_related("gloss", "piece"),
                             pk=anchor_id)


# Until the views are one set (issue 10): commentary is a gloss with no anchors.
get_commentary_for_editor = get_gloss_for_editor

EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("gloss", "anchor")
    for action in ("add", "change", "delete", "view")
]


def ensure_editors_group(**kwargs):
    """The "Editors" group holds the permission to write commentary (run after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="annotations", codename__in=EDITOR_PERMISSIONS)
    )
    return group
