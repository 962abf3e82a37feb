"""Whole pages for anonymous readers, rendered once per version of what they show.

The catalogue list, its filtered pages, the concept index and search results are the same
for every reader who is not signed in. Each is cached under the page's address and a version
read from the database in one small query, so an edit anywhere is seen on the next request,
by any process on any machine, whether the cache is shared (Redis) or per process. The
version also makes the ETag: a reader who already has the page gets a 304 without a body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import mark_safe


CACHE_SECONDS = 3600
VARY = ["Cookie", "HX-Request"]


def catalogue_version(*others: tuple[str, tuple[str, ...]]) -> str:
    """Changes whenever a catalogue card or a filter choice could: the database counts every
    change to pieces (which a gloss write bumps too), genres and pieces' genres (migration
    catalogue/0005), and this reads the count by its primary key.

    ``others``: (table, text columns) of small tables the page also shows that the count does
    not cover (concepts renamed in the admin); rows added, removed or renamed change it.
    One query whatever is asked.
    """
    parts = ["(SELECT n FROM catalogue_change WHERE id = 1)"]
    for table, text_columns in others:
        lengths = "".join(f" + LENGTH({column})" for column in text_columns)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT SUM(id{lengths}) FROM {table})"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        return ".".join(str(value) for value in cursor.fetchone())


def is_anonymous_reader(request: HttpRequest) -> bool:
    """Not signed in, no session and no message waiting: sees what every such reader sees."""
    return (
        not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def cached_for_readers(
    request: HttpRequest, name: str, version: Callable[[], str], render: Callable[[], HttpResponse]
) -> HttpResponse:
    """``render()``'s page, for anonymous readers from the cache under the page's address and
    ``version()``, with an ETag; anyone else gets ``render()`` as it is.

    ``name`` tells pages apart in the cache; the htmx fragment and the whole page of one
    address are cached apart (``HX-Request``), as the views answer them apart.
    """
    if not is_anonymous_reader(request):
        return render()
    variant = "fragment" if request.htmx and not request.htmx.history_restore_request else "page"
    digest = hashlib.sha256(f"{name}|{version()}|{variant}|{request.get_full_path()}".encode()).hexdigest()
    etag = f'"{digest[:32]}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        patch_vary_headers(not_modified, VARY)
        return not_modified
    key = f"readers:{digest}"
    content = cache.get(key)
    if content is None:
        response = render()
        if response.status_code != 200 or response.cookies:
            return response  # an error, or a page that set a cookie, is never shared
        content = response.content
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content)
    response["ETag"] = etag
    # The browser keeps the page but asks each time; the ETag makes the answer a 304.
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, VARY)
    return response


# --- Pages alike for everyone of one audience but for a few personal bits ---------------------

# Rendered in place of the bits of a page that are a person's own (their CSRF token, their
# name), so that the page can be cached once for everyone who sees the same thing, and put back
# per request by ``personalised``. Each has a raw "<" and ">": escaped output — everything a
# user wrote — can never hold one, so no text in a page can pose as a stand-in and be replaced
# by the reader's token.
CSRF_STAND_IN = mark_safe("<glossa-csrf-token>")
USERNAME_STAND_IN = mark_safe("<glossa-username>")


class _SignedIn:
    """The signed-in person as the page's base template shows them: a name to put back later."""

    is_authenticated = True
    is_anonymous = False

    def get_username(self) -> str:
        return USERNAME_STAND_IN


def shared_context(request: HttpRequest) -> dict:
    """Context for rendering a page that ``personalised`` will finish for each request:
    stand-ins for the CSRF token and the signed-in name, and no messages (a page with messages
    waiting is never shared: see ``has_messages``)."""
    return {"csrf_token": CSRF_STAND_IN, "messages": (),
            "user": _SignedIn() if request.user.is_authenticated else request.user}


def personalised(content: bytes, request: HttpRequest) -> bytes:
    """A shared page with this request's own CSRF token and name in place of the stand-ins."""
    if CSRF_STAND_IN.encode() in content:
        content = content.replace(CSRF_STAND_IN.encode(), get_token(request).encode())
    if USERNAME_STAND_IN.encode() in content:
        content = content.replace(USERNAME_STAND_IN.encode(), escape(request.user.get_username()).encode())
    return content


def has_messages(request: HttpRequest) -> bool:
    """Messages wait for this request: shown once, so its page is rendered for it alone. They
    wait in a cookie, or in the session when too long for one (the default storage)."""
    session = getattr(request, "session", None)
    return "messages" in request.COOKIES or bool(session is not None and session.get("_messages"))
