"""Who may write commentary. Every view that writes asks here; templates only follow."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

EDITORS_GROUP = "Editors"


def can_edit(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or user.has_perm("annotations.change_gloss")
    )


def require_editor(user) -> None:
    if not can_edit(user):
        raise PermissionDenied("Only editors may change commentary.")


def get_gloss_for_editor(user, gloss_id: int, *, include_deleted: bool = False):
    """The gloss an editor is about to change, or 403/404."""
    from .models import Gloss

    require_editor(user)
    queryset = Gloss.objects.all() if include_deleted else Gloss.objects.live()
    return get_object_or_404(queryset.select_related("piece"), pk=gloss_id)


EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("gloss", "commentary")
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
