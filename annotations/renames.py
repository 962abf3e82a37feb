"""A concept or an author renamed: the pieces whose glosses show the name are marked changed.

The piece page, its pane and the reading are cached per version of the piece and its glosses
(reading.py, catalogue/pagecache.py); a name shown on a gloss is not part of that version, so
without this a rename would show only once the piece changed for another reason.
"""

from __future__ import annotations

from catalogue.models import Piece

# The user's columns that make the name readers see (editors.display_name).
NAME_FIELDS = {"first_name", "last_name", "username"}


def concept_saved(sender, instance, created, **kwargs) -> None:
    if not created:
        Piece.objects.filter(glosses__concepts=instance).distinct().mark_glosses_changed()


def user_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    # Signing in saves last_login alone: not a rename, and it happens on every sign-in.
    if created or (update_fields is not None and not NAME_FIELDS & set(update_fields)):
        return
    Piece.objects.filter(glosses__created_by=instance).distinct().mark_glosses_changed()
