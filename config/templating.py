"""The Jinja2 environment of the reading's hot parts (templates/annotations/notes.jinja).

Every page is a Django template; only the parts rendered hundreds of times a page — a piece's
rows and its glosses — are Jinja2, whose templates compile to Python functions (see
annotations/templatetags/notes.py for how Django templates show them). What those parts need
of Django's own tags is here: ``url`` and the ``date`` filter, as Django's behave.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils import dateformat
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from jinja2 import Environment, StrictUndefined


def url(name: str, *args) -> str:
    """``{% url name *args %}``. A reading links each gloss to its author and its concepts, the
    same few names again and again: reversing each anew cost more than the rest of a gloss."""
    return _reversed(get_script_prefix(), name, args)


@lru_cache(maxsize=4096)
def _reversed(prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


def localtime(value):
    """A datetime in the current time zone, as Django's templates show it (once for the filters after)."""
    return template_localtime(value)


def date(value, format_string: str) -> str:
    """``|date:format``, of a value already passed through ``localtime``.

    A reading dates every gloss; Django's formatter costs more than the rest of the gloss, so
    "c" (ISO 8601) is what that formatter gives for it, ``isoformat()``, and a format of days
    (no time of day in it) is formatted once per day and language."""
    if not value:
        return ""
    if format_string == "c":
        return value.isoformat()
    if isinstance(value, datetime.datetime) and not _TIME_OF_DAY.search(format_string):
        return _day(value.date(), format_string, get_language())
    return dateformat.format(value, format_string)


# Django's format characters of a time of day or a zone (escaped ones aside: none of ours are).
_TIME_OF_DAY = re.compile(r"[aABfgGhHiOPsTuUeIcrZ]")


@lru_cache(maxsize=1024)
def _day(day: datetime.date, format_string: str, language: str) -> str:
    return dateformat.format(day, format_string)


def environment(**options) -> Environment:
    # StrictUndefined: a misspelt value is an error in the tests, not an empty string on a page.
    env = Environment(**{**options, "undefined": StrictUndefined})
    env.globals["url"] = url
    env.filters["date"] = date
    env.filters["localtime"] = localtime
    return env
