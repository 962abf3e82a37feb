"""Every view, every parameter: whatever text arrives, the answer is never a 500.

The URL patterns come from the resolver, and the names of the query and form fields each view
reads are found by watching it answer a plain request, so a new view or a new parameter is
fuzzed the day it is added. Each request runs in a savepoint, so that on PostgreSQL one
failing query cannot poison the examples after it (and hypothesis shrinks to the request that
really fails).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given
from hypothesis import strategies as st

from annotations.concepts import get_or_create_concepts
from annotations.permissions import ensure_editors_group
from tests.builders import make_commentary, make_gloss, make_piece
from tests.fuzzing import TROUBLE_KINDS, any_text, examples

pytestmark = pytest.mark.django_db

# The admin is Django's own and has its own tests; its NUL case is covered in test_bounds.
SKIPPED_NAMESPACES = {"admin"}


def site_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    """(route, pattern) for every path() of the site, includes followed."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in SKIPPED_NAMESPACES:
                found += site_patterns(pattern, prefix + str(pattern.pattern))
        else:
            found.append((prefix + str(pattern.pattern), pattern))
    return found


ROUTES = [route for route, _ in site_patterns()]
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
PLAUSIBLE = ["1", "2", "published", "draft", "softmax, temperature", "Line 2", "*a* gloss", ""]


def test_the_fuzzer_sees_every_view_of_the_site():
    assert {"pieces/<slug:slug>/", "glosses/<int:pk>/edit/", "markdown/preview/", "orphans/", "search/",
            "concepts/<slug:slug>/", "healthz", ""} <= set(ROUTES)


@pytest.fixture
def site(db):
    piece = make_piece("Fuzzed Song", n_lines=6)
    gloss = make_gloss(piece, line=2, body="*A* gloss.")
    gloss.concepts.set(get_or_create_concepts(["softmax"]))
    note = make_commentary(piece)
    ints = [gloss.pk, note.pk, *gloss.history.values_list("history_id", flat=True),
            *note.history.values_list("history_id", flat=True), 1]
    # Users without passwords: hashing one costs more than a hundred fuzzed requests.
    editor = get_user_model().objects.create_user("fuzz-editor")
    editor.groups.add(ensure_editors_group())
    admin = get_user_model().objects.create_superuser("fuzz-admin", "admin@example.org")
    clients = [Client()]
    for user in (editor, admin):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return {"slugs": [piece.slug, "softmax"], "ints": ints, "clients": clients, "gloss": gloss}


def fill(route: str, argument) -> str:
    return "/" + CONVERTER.sub(lambda match: argument(match.group(1) or "str"), route)


def names_read(route: str, site, monkeypatch) -> list[str]:
    """The query and form names the route's view looks at, seen by watching it answer a plain
    GET and POST (with real path arguments) as an admin, who may see every part of a page."""
    seen: set[str] = set()
    real = {"int": site["gloss"].pk, "slug": site["slugs"][0]}
    url = fill(route, lambda converter: str(real.get(converter, "x")))

    def watching(method):
        def watched(self, key, *args):
            seen.add(key)
            return method(self, key, *args)
        return watched

    for name in ("__getitem__", "__contains__", "get", "getlist"):
        monkeypatch.setattr(QueryDict, name, watching(getattr(QueryDict, name)))
    for method in ("get", "post"):
        with transaction.atomic():
            getattr(site["clients"][-1], method)(url)
            transaction.set_rollback(True)
    monkeypatch.undo()
    return sorted(name for name in seen if isinstance(name, str))


@pytest.fixture
def read(site, monkeypatch, request):
    return names_read(request.node.callspec.params["route"], site, monkeypatch)


def values(draw) -> st.SearchStrategy[str]:
    """The values of one request: one kind of trouble in every field (so that whichever field
    the view reads gets it), or anything at all, with sane values mixed in."""
    kind = draw(st.sampled_from(["any", *TROUBLE_KINDS]))
    trouble = any_text if kind == "any" else TROUBLE_KINDS[kind]
    return st.one_of(trouble, trouble, st.sampled_from(PLAUSIBLE))


def some_of(names: list[str]) -> st.SearchStrategy[list[str]]:
    """A subset of the names the view reads, and sometimes a name of the fuzzer's own."""
    return st.tuples(st.lists(st.booleans(), min_size=len(names), max_size=len(names)),
                     st.lists(any_text, max_size=1)).map(
        lambda drawn: [name for name, keep in zip(names, drawn[0]) if keep] + drawn[1])


# Percent-escapes that are not UTF-8 at all ("%FF%FE"), as a broken client sends them.
raw_escapes = st.binary(max_size=6).map(lambda data: "".join(f"%{byte:02X}" for byte in data))


@st.composite
def urls(draw, route: str, site, names: list[str], value: st.SearchStrategy[str]) -> str:
    def argument(converter: str) -> str:
        if converter == "int":
            return str(draw(st.one_of(st.sampled_from(site["ints"]), st.integers(0, 10**30))))
        if converter == "slug":
            return draw(st.one_of(st.sampled_from(site["slugs"]),
                                  st.from_regex(r"[-a-zA-Z0-9_]{1,120}", fullmatch=True)))
        return quote(draw(any_text), safe="")  # str, path: anything the converter may refuse

    path = fill(route, argument)
    pairs = [(quote(name, safe=""), quote(draw(value), safe="")) for name in draw(some_of(names))]
    pairs += [(draw(raw_escapes), draw(raw_escapes))] if draw(st.booleans()) else []
    query = "&".join(f"{name}={escaped}" for name, escaped in pairs)
    return f"{path}?{query}" if query else path


@pytest.mark.parametrize("route", ROUTES)
@examples(10)
@given(data=st.data())
def test_no_request_to_any_view_gives_a_server_error(site, read, route, data):
    """GET, HEAD or POST, as a reader, an editor or an admin, with any path arguments, query
    and form fields: never a 500 (the test client raises the view's exception, if any)."""
    client = data.draw(st.sampled_from(site["clients"]))
    value = values(data.draw)
    url = data.draw(urls(route, site, read, value))
    method = data.draw(st.sampled_from(["get", "head", "post"]))
    fields = {name: data.draw(value) for name in data.draw(some_of(read))} if method == "post" else None
    with transaction.atomic():
        response = getattr(client, method)(url, fields)
        transaction.set_rollback(True)  # what one example wrote, the next one does not see
    assert response.status_code < 500, (method, url, fields)


def test_the_fuzzer_finds_the_names_a_view_reads(site, monkeypatch):
    assert {"gloss", "line", "deleted"} <= set(names_read("pieces/<slug:slug>/", site, monkeypatch))
    assert "piece" in names_read("orphans/", site, monkeypatch)
    assert {"body", "concepts", "version"} <= set(names_read("glosses/<int:pk>/edit/", site, monkeypatch))
