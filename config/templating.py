"""The Jinja2 environment of the reading's hot parts (templates/annotations/notes.jinja).

Every page is a Django template; only the parts rendered hundreds of times a page — a piece's
rows and its glosses — are Jinja2, whose templates compile to Python functions (see
annotations/templatetags/notes.py for how Django templates show them). Their values come
prepared (annotations/reading.py: dates already formatted, see ``Clock``); what they need of
Django's own tags is ``url``, here.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, reverse
from jinja2 import Environment, StrictUndefined


def url(name: str, *args) -> str:
    """``{% url name *args %}``. A reading links each gloss to its author and its concepts, the
    same few names again and again: reversing each anew cost more than the rest of a gloss."""
    return _reversed(get_script_prefix(), name, args)


@lru_cache(maxsize=4096)
def _reversed(prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


def environment(**options) -> Environment:
    # StrictUndefined: a misspelt value is an error in the tests, not an empty string on a page.
    env = Environment(**{**options, "undefined": StrictUndefined})
    env.globals["url"] = url
    return env
