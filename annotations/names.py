"""What makes two concept names one concept: pure string functions (no models, no imports of
this app), so that the models and the concept pages can both use them without a circle."""

from __future__ import annotations

import re

NAME_MAX_CHARS = 60
_SPACES = re.compile(r"\s+")


def clean_name(name: str) -> str:
    """The name as typed, trimmed, with runs of spaces made one."""
    return _SPACES.sub(" ", name).strip()


def concept_key(name: str) -> str:
    """What makes two names one concept: case and spacing do not count."""
    return clean_name(name).casefold()
