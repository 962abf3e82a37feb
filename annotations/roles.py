"""Who is an editor. Kept apart from permissions.py so the models can ask without importing the
access checks (which import the models): the one place the role is decided."""

from __future__ import annotations


def can_edit(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or user.has_perm("annotations.change_gloss")
    )
