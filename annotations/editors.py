"""An editor's page: the glosses one person wrote, as the person reading may see them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Gloss


def display_name(user) -> str:
    """How a gloss's author is named to readers: their full name, else their username."""
    return name_shown(user.first_name, user.last_name, user.get_username())


def name_shown(first_name: str | None, last_name: str | None, username: str) -> str:
    """``display_name``'s rule on the user's columns (pages that read them as values)."""
    return f"{first_name or ''} {last_name or ''}".strip() or username


def find_author(username: str):
    """The account named ``username``, or 404."""
    user_model = get_user_model()
    return get_object_or_404(user_model, **{user_model.USERNAME_FIELD: username})


def authored_glosses(author, viewer) -> QuerySet[Gloss]:
    """What ``author`` wrote that ``viewer`` may see (the one visibility rule), newest first,
    ready for ``reading.gloss_card`` with no further query per gloss."""
    return (Gloss.objects.visible_to(viewer).filter(created_by=author)
            .select_related("piece", "created_by").prefetch_related("anchors", "concepts")
            .order_by("-created_at", "-pk"))
