"""Serving for real: the production settings, gunicorn, the caches and several servers."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import reverse

from annotations.concepts import get_or_create_concepts
from bench.webclient import Browser, form_fields
from catalogue.models import Piece
from config.cache import BoundedMemoryCache, caches_from_url
from tests.builders import make_gloss, make_piece

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
SECRET = secrets.token_urlsafe(50)


def production_env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="127.0.0.1,glossa.example.org")
    env.update(extra)
    return env


# --- check --deploy -------------------------------------------------------------------------


def test_check_deploy_has_no_warnings_with_the_production_environment():
    env = production_env(GLOSSA_HTTPS="1", CSRF_TRUSTED_ORIGINS="https://glossa.example.org")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_https_check_deploy_names_what_is_missing():
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=production_env(),
                            capture_output=True, text=True, timeout=120)
    assert "SECURE_HSTS_SECONDS" in result.stdout + result.stderr


# --- The in-process cache, bounded by bytes -------------------------------------------------


def bounded_cache(max_bytes: int) -> BoundedMemoryCache:
    cache = BoundedMemoryCache(f"test-{uuid.uuid4()}", {"OPTIONS": {"MAX_BYTES": max_bytes}})
    cache.clear()
    return cache


def test_the_in_process_cache_keeps_its_bytes_under_the_budget_and_drops_the_least_recently_used():
    cache = bounded_cache(100_000)
    for n in range(100):
        cache.set(f"page-{n}", "x" * 5_000)
        if n >= 1:
            cache.get("page-0")  # read all along: stays
    assert cache.size_in_bytes <= 100_000
    assert cache.get("page-0") is not None
    assert cache.get("page-99") is not None
    assert cache.get("page-1") is None  # the oldest nobody read again went first
    kept = sum(cache.get(f"page-{n}") is not None for n in range(100))
    assert 10 <= kept <= 20


def test_a_value_larger_than_the_whole_budget_is_not_kept_and_leaves_no_stale_copy():
    cache = bounded_cache(10_000)
    cache.set("page", "small")
    cache.set("page", "x" * 20_000)
    assert cache.get("page") is None
    assert cache.size_in_bytes == 0


def test_deleting_replacing_and_clearing_keep_the_count_of_bytes_true():
    cache = bounded_cache(100_000)
    cache.set("a", "x" * 1_000)
    cache.set("b", "x" * 1_000)
    one = cache.size_in_bytes // 2
    cache.set("a", "x" * 3_000)
    assert cache.size_in_bytes == pytest.approx(one + one + 2_000, abs=20)
    cache.delete("b")
    cache.set("n", 1)
    cache.incr("n", 10**30)
    assert cache.get("n") == 10**30 + 1
    cache.clear()
    assert cache.size_in_bytes == 0


def test_the_cache_comes_from_cache_url():
    assert caches_from_url("redis://127.0.0.1:6379/3")["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches_from_url("")["default"]["BACKEND"] == "config.cache.BoundedMemoryCache"
    assert caches_from_url("dummy://")["default"]["BACKEND"].endswith("DummyCache")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        caches_from_url("memcached://127.0.0.1:11211")


# --- Pages for anonymous readers, cached per version ----------------------------------------


@pytest.mark.parametrize("name", ["piece_list", "concept_list", "search"])
def test_a_reader_who_has_the_page_gets_a_304_until_something_on_it_changes(client, db, name):
    piece = make_piece("Cached Song", lines=["the softmax sleeps tonight"])
    url = reverse(name) + ("?q=softmax" if name == "search" else "")
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    gloss = make_gloss(piece, line=1, body="A gloss on the *softmax*.")
    gloss.concepts.set(get_or_create_concepts(["softmax"]))
    piece.glosses_changed()
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_the_catalogue_list_shows_a_new_piece_on_the_next_request(client, db):
    make_piece("First Song")
    assert "First Song" in client.get("/").content.decode()
    make_piece("Second Song")
    html = client.get("/").content.decode()
    assert "Second Song" in html and "2 pieces" in html


def test_a_renamed_piece_and_a_new_gloss_count_show_on_the_cached_list(client, db):
    piece = make_piece("Old Title")
    client.get("/")
    piece.title = "New Title"
    piece.save()
    assert "New Title" in client.get("/").content.decode()
    make_gloss(piece, line=1)
    piece.glosses_changed(gloss_count=1)
    assert "1 gloss<" in client.get("/").content.decode()


def test_a_genre_given_to_a_piece_shows_on_the_cached_list_at_once(client, db):
    from catalogue.models import Tag

    piece = make_piece("Untagged Song")
    client.get("/")
    piece.tags.add(Tag.objects.create(name="glitch folk", slug="glitch-folk"))
    assert "glitch folk" in client.get("/").content.decode()
    Piece.objects.filter(pk=piece.pk).update(author="Someone New")  # no save(), no signal
    assert "Someone New" in client.get("/").content.decode()


def test_the_htmx_fragment_and_the_whole_page_are_cached_apart(client, db):
    make_piece("A Song")
    whole = client.get("/").content.decode()
    fragment = client.get("/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in whole and "<html" not in fragment
    assert "<html" in client.get("/").content.decode()


def test_signed_in_people_are_never_served_a_readers_page(editor_client, db):
    make_piece("A Song")
    response = editor_client.get("/")
    assert "ETag" not in response
    assert "Signed in as" in response.content.decode()


# --- Security headers -----------------------------------------------------------------------


def test_every_page_has_a_strict_content_security_policy_and_a_permissions_policy(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"]


# --- A real gunicorn ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True,
                   env=production_env(GLOSSA_STATIC_ROOT=str(root)), timeout=300)
    return root


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn as `make serve` starts it, on a free port of 127.0.0.1."""

    def __init__(self, static_root: Path, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = production_env(GLOSSA_STATIC_ROOT=str(static_root), DATABASE_URL=database_url(), WEB_CONCURRENCY="1",
                             **env)
        self.process = subprocess.Popen(
            [GUNICORN, "config.wsgi", "-c", "config/gunicorn.conf.py", "-b", f"127.0.0.1:{self.port}",
             "--access-logfile", "/dev/null"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.get("/healthz").status == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gunicorn did not start: {self.process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)

    def get(self, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        response.body = response.read()
        conn.close()
        return response

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def start_server(collected_static):
    servers = []

    def start(**env) -> Server:
        servers.append(Server(collected_static, **env))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_with_debug_off_compressed_static_files_and_https_headers_behind_a_proxy(start_server):
    server = start_server(GLOSSA_HTTPS="1")
    # Over plain HTTP (no proxy header) every page redirects to https; the health check does not.
    plain = server.get("/")
    assert plain.status == 301 and plain.getheader("Location") == f"https://127.0.0.1:{server.port}/"
    assert server.get("/healthz").status == 200
    proxied = server.get("/", {"X-Forwarded-Proto": "https"})
    assert proxied.status == 200
    assert "max-age=31536000" in proxied.getheader("Strict-Transport-Security")
    assert "unsafe-inline" not in proxied.getheader("Content-Security-Policy")
    # DEBUG is off: an unknown page is the plain 404, not Django's debug page.
    missing = server.get("/pieces/no-such-piece/", {"X-Forwarded-Proto": "https"})
    assert missing.status == 404 and b"Django tried these URL patterns" not in missing.body
    # Static files: hashed names from the manifest, served compressed and cached for a year.
    css = re.search(rb'href="(/static/css/glossa\.[0-9a-f]{12}\.css)"', proxied.body).group(1).decode()
    static = server.get(css, {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"})
    assert static.status == 200 and static.getheader("Content-Encoding") == "gzip"
    assert "max-age=315360000" in static.getheader("Cache-Control")


def redis_url() -> str:
    url = os.environ.get("CACHE_URL", "")
    if url.startswith("redis"):
        return url
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("No Redis on 127.0.0.1:6379 (.ci/run starts one)")
        pytest.skip("No Redis on 127.0.0.1:6379")
    return "redis://127.0.0.1:6379/0"


@pytest.mark.django_db(transaction=True)
def test_two_servers_on_one_database_and_one_redis_see_each_others_edits_and_sessions(start_server, editor):
    # The servers check passwords with the production hashers; the tests hash with MD5.
    hasher = PBKDF2PasswordHasher()
    editor.password = hasher.encode("editor-pass-1234", hasher.salt())
    editor.save(update_fields=["password"])
    shared = {"CACHE_URL": redis_url(), "GLOSSA_CACHE_PREFIX": f"test-{uuid.uuid4().hex}"}
    one, two = start_server(**shared), start_server(**shared)
    piece = make_piece("Two Servers", lines=["the gradient flows downhill", "and never comes back"])
    gloss = make_gloss(piece, line=1, body="The first words.")
    piece.glosses_changed(gloss_count=1)
    page = f"/pieces/{piece.slug}/"
    reader = Browser()
    assert "The first words." in reader.get(two.url + page)  # now in the shared cache
    assert "The first words." in reader.get(one.url + page)

    editor_session = Browser()
    assert editor_session.sign_in(one.url, "editor", "editor-pass-1234")
    # The session made on one server is the same person on the other.
    assert "Signed in as <strong>editor</strong>" in editor_session.get(two.url + "/")

    edit = f"{one.url}/glosses/{gloss.pk}/edit/"
    fields = form_fields(editor_session.get(edit), "editor-form")
    assert fields["version"] == "1"
    fields.update(body="Edited on server one.", status="published")
    assert editor_session.post(edit, fields, follow=False)[0] == 302
    assert Piece.objects.get(pk=piece.pk).gloss_version > 1

    html = reader.get(two.url + page)
    assert "Edited on server one." in html and "The first words." not in html
    found = re.sub(r"<[^>]+>", "", reader.get(two.url + "/search/?q=server"))  # words are marked
    assert "Edited on server one." in found

    # The catalogue list, cached in Redis by both, follows a committed change at once.
    assert "A Later Song" not in reader.get(one.url + "/")
    make_piece("A Later Song")
    assert "A Later Song" in reader.get(two.url + "/")
