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
from django.utils.cache import get_conditional_response, patch_vary_headers


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
