"""`manage.py backup` and `manage.py restore`: a catalogue with users, groups, glosses, concepts and
their whole history comes back as it was, on the same engine (SQLite's backup API, pg_dump) and
across engines (the portable format), with nothing invented at the restore; and a restore never
overwrites a database that holds data unless told to.

Each test runs the commands as an admin would, in a subprocess with its own DATABASE_URL: SQLite
files in a temporary folder, PostgreSQL databases created and dropped here. The PostgreSQL ones
skip only when no server answers, and never under CI=true.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"

POPULATE = """
import os
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from annotations.anchoring import anchor_lines
from annotations.models import Gloss
from annotations.permissions import ensure_editors_group
from catalogue.models import Piece

call_command("import_catalogue", "fixtures/catalogue", stdout=open(os.devnull, "w"))
User = get_user_model()
editor = User.objects.create_user("editor", password="a gloss on the softmax line")
editor.groups.add(ensure_editors_group())
admin = User.objects.create_superuser("admin", "admin@example.org", "another long passphrase")
Group.objects.create(name="Reviewers").user_set.add(admin)
first = Gloss.objects.order_by("pk").first()
first.revise(user=editor, based_on=first.version, body="Revised once", concepts=["softmax", "temperature"])
first.revise(user=admin, based_on=first.version, body="Revised *twice*", reason="Admin's edit")
Gloss.objects.order_by("pk")[3].soft_delete(user=editor)
piece = Piece.objects.order_by("pk").first()
lines = list(piece.lines.order_by("n").values_list("n", "text"))
glossed = Gloss.write(piece, anchor_lines(lines, 2, 3), body="Drafted by hand", status="draft", user=editor,
                      concepts=["attention"])
glossed.add_anchor(anchor_lines(lines, 5), user=editor, based_on=glossed.version)  # a second place
note = Gloss.write(piece, [], heading="On the whole", body="Notes", status="published", user=editor)
note.soft_delete(user=admin)
LogEntry.objects.create(user=admin, content_type=ContentType.objects.get_for_model(Piece), object_id=str(piece.pk),
                        object_repr=str(piece), action_flag=CHANGE, change_message="Looked at it")
"""

FINGERPRINT = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from annotations.models import Anchor, Gloss, concept_names_at
from backups.portable import NOT_CARRIED, row_counts
from catalogue.models import Piece
from search.results import search

def who(user):
    return user.username if user else None

print(json.dumps({
    "counts": row_counts(skip=NOT_CARRIED),
    "gloss_history": [[r.history_id, r.id, r.version, r.heading, r.body, r.status, r.deleted_at, r.history_date,
                       r.history_type, r.history_change_reason, who(r.history_user), concept_names_at(r),
                       r.anchor_snapshot]
                      for r in Gloss.history.order_by("history_id")],
    "glosses": [list(row) for row in Gloss.objects.order_by("pk").values_list(
        "pk", "piece__slug", "heading", "body_html", "status", "version",
        "deleted_at", "is_orphan", "created_by__username", "created_at", "updated_at")],
    "anchors": [list(row) for row in Anchor.objects.order_by("pk").values_list(
        "pk", "gloss_id", "position", "first_line", "last_line", "exact", "start", "end", "is_orphan")],
    "gloss_concepts": [[g.pk, sorted(g.concepts.values_list("name", flat=True))] for g in Gloss.objects.order_by("pk")],
    "pieces": [list(row) for row in Piece.objects.order_by("pk").values_list(
        "pk", "slug", "title", "gloss_count", "line_count", "content_version", "gloss_version", "created_at",
        "updated_at")],
    "users": [[u.pk, u.username, u.password, u.is_superuser, sorted(u.groups.values_list("name", flat=True))]
              for u in get_user_model().objects.order_by("pk")],
    "groups": [[g.name, sorted(g.permissions.values_list("codename", flat=True))] for g in Group.objects.order_by("name")],
    "search": {word: sorted(hit.slug for hit in search(word).pieces) for word in ["latent", "softmax", "revised"]},
}, default=str))
"""

# After a restore the app must go on writing: new rows, new versions (sequences past the loaded ids).
WRITE_AFTER = """
from django.contrib.auth import get_user_model
from annotations.models import Gloss
editor = get_user_model().objects.get(username="editor")
gloss = Gloss.objects.live().order_by("pk").first()
gloss.revise(user=editor, based_on=gloss.version, body="Written after the restore", concepts=["softmax"])
get_user_model().objects.create_user("newcomer", password="a brand new passphrase")
print(gloss.history.count())
"""


def manage(url: str, *args: str, check: bool = True, **env_changes: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST", "DATABASE_"))}
    env.update(DATABASE_URL=url, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="backup-tests-only-key-0123456789", **env_changes)
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    if check and done.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def fingerprint(url: str) -> dict:
    return json.loads(manage(url, "shell", "-v0", "-c", FINGERPRINT).stdout)


def same_catalogue(restored: dict, original: dict) -> None:
    for key in original:
        assert restored[key] == original[key], f"{key} differs after the restore"


def make_source(url: str) -> dict:
    manage(url, "migrate", "-v0")
    manage(url, "shell", "-v0", "-c", POPULATE)
    return fingerprint(url)


# --- Databases ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("backups")


def sqlite_url(folder: Path, name: str) -> str:
    return f"sqlite:///{folder / name}"


@pytest.fixture(scope="module")
def sqlite_source(folder):
    url = sqlite_url(folder, "source.sqlite3")
    return url, make_source(url)


def _postgres():
    try:
        import psycopg

        return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3)
    except Exception as error:  # no server here: skip, except in CI where PostgreSQL must be tested
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"No PostgreSQL at {PG_SERVER}: {error}")
        pytest.skip(f"No PostgreSQL at {PG_SERVER}: {error}")


@pytest.fixture(scope="module")
def pg_databases():
    """Make empty PostgreSQL databases with names of this run; all dropped at the end."""
    server = _postgres()
    made = []

    def make() -> str:
        name = f"glossa_backup_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        server.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{PG_SERVER}/{name}"

    yield make
    for name in made:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


@pytest.fixture(scope="module")
def pg_source(pg_databases):
    url = pg_databases()
    return url, make_source(url)


# --- Round trips -------------------------------------------------------------------------------

def test_the_source_catalogue_has_what_a_restore_must_keep(sqlite_source):
    _, original = sqlite_source
    assert original["counts"]["catalogue.piece"] == 5 and original["counts"]["auth.user"] == 2
    assert len(original["gloss_history"]) > len(original["glosses"])  # edits, a delete: more versions than glosses
    assert original["counts"]["annotations.historicalgloss_concepts"] > 0
    assert any(len(snapshot) == 2 for *_, snapshot in original["gloss_history"])  # a gloss on two places
    assert any(row[2] == "On the whole" for row in original["glosses"])  # one on the whole piece, its heading kept
    assert original["search"]["revised"]  # an edited gloss is found by its new words


def round_trip(source, backup: Path, target: str, *backup_options: str, **env: str) -> subprocess.CompletedProcess:
    """Back up the source and restore into target: the restored catalogue is the source's, and the
    app goes on writing in it (new rows, new versions: the sequences are past the loaded ids)."""
    url, original = source
    done = manage(url, "backup", *backup_options, str(backup), **env)
    assert f"Backed up to {backup}" in done.stdout
    assert "Restored" in manage(target, "restore", str(backup), **env).stdout
    same_catalogue(fingerprint(target), original)
    manage(target, "shell", "-v0", "-c", WRITE_AFTER)
    return done


def test_a_sqlite_backup_restores_into_an_empty_sqlite_database(sqlite_source, folder):
    round_trip(sqlite_source, folder / "native.sqlite3", sqlite_url(folder, "native-restored.sqlite3"))
    assert (folder / "native.sqlite3").read_bytes()[:16] == b"SQLite format 3\x00"


def test_a_portable_backup_restores_sqlite_into_sqlite(sqlite_source, folder):
    round_trip(sqlite_source, folder / "catalogue.jsonl.gz", sqlite_url(folder, "portable-restored.sqlite3"))


def test_a_portable_backup_moves_sqlite_to_postgresql(sqlite_source, folder, pg_databases):
    # loaddata aborted here on "Key (history_id)=(1) already exists".
    round_trip(sqlite_source, folder / "to-postgres.backup", pg_databases(), "--portable")


def test_a_pg_dump_restores_into_an_empty_postgresql_database(pg_source, folder, pg_databases):
    round_trip(pg_source, folder / "catalogue.pgdump", pg_databases())
    assert (folder / "catalogue.pgdump").read_bytes()[:5] == b"PGDMP"


def test_a_pg_dump_replaces_a_migrated_database_and_with_force_one_holding_data(pg_source, folder, pg_databases):
    target = pg_databases()
    manage(target, "migrate", "-v0")  # tables, the search index's partitions, the Editors group: no data
    round_trip(pg_source, folder / "over.pgdump", target)
    refused = manage(target, "restore", str(folder / "over.pgdump"), check=False)
    assert refused.returncode != 0 and "already holds data" in refused.stderr
    manage(target, "restore", "--force", str(folder / "over.pgdump"))
    same_catalogue(fingerprint(target), pg_source[1])


def test_a_portable_backup_restores_postgresql_into_postgresql(pg_source, folder, pg_databases):
    round_trip(pg_source, folder / "from-postgres.jsonl", pg_databases())


def test_without_pg_dump_a_postgresql_backup_is_written_portable_and_restores(pg_source, folder, pg_databases):
    done = round_trip(pg_source, folder / "no-tools.pgdump", pg_databases(), PATH=str(folder))  # no pg_dump here
    assert "pg_dump/pg_restore are not installed" in done.stderr


def test_a_portable_backup_moves_postgresql_to_sqlite(pg_source, folder):
    round_trip(pg_source, folder / "pg-to-sqlite.jsonl.gz", sqlite_url(folder, "from-postgres.sqlite3"))


# --- Refusals -----------------------------------------------------------------------------------

def test_restore_refuses_a_database_that_holds_data_unless_forced(sqlite_source, folder):
    url, original = sqlite_source
    manage(url, "backup", str(folder / "again.jsonl.gz"))
    target = sqlite_url(folder, "busy.sqlite3")
    manage(target, "migrate", "-v0")
    manage(target, "shell", "-v0", "-c",
           "from django.contrib.auth import get_user_model; get_user_model().objects.create_user('someone')")

    refused = manage(target, "restore", str(folder / "again.jsonl.gz"), check=False)
    assert refused.returncode != 0
    assert "already holds data" in refused.stderr and "--force" in refused.stderr
    assert fingerprint(target)["counts"]["auth.user"] == 1  # untouched

    manage(target, "restore", "--force", str(folder / "again.jsonl.gz"))
    restored = fingerprint(target)
    same_catalogue(restored, original)
    assert "someone" not in [user[1] for user in restored["users"]]


def test_a_native_restore_refuses_a_database_that_holds_data_unless_forced(sqlite_source, folder):
    url, original = sqlite_source
    manage(url, "backup", str(folder / "copy.sqlite3"))
    refused = manage(url, "restore", str(folder / "copy.sqlite3"), check=False)
    assert refused.returncode != 0 and "already holds data" in refused.stderr
    manage(url, "restore", "--force", str(folder / "copy.sqlite3"))
    same_catalogue(fingerprint(url), original)


def test_a_damaged_portable_backup_changes_nothing_even_when_forced(sqlite_source, folder):
    url, _ = sqlite_source
    manage(url, "backup", str(folder / "damaged.jsonl"))
    lines = (folder / "damaged.jsonl").read_text().splitlines(keepends=True)
    middle = len(lines) // 2
    (folder / "damaged.jsonl").write_text("".join(lines[:middle] + ['{"model": "catalogue.line", "pk": \n'] + lines[middle:]))
    target = sqlite_url(folder, "kept.sqlite3")
    manage(target, "migrate", "-v0")
    manage(target, "shell", "-v0", "-c",
           "from django.contrib.auth import get_user_model; get_user_model().objects.create_user('someone')")
    done = manage(target, "restore", "--force", str(folder / "damaged.jsonl"), check=False)
    assert done.returncode != 0 and "could not be restored, and nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr
    kept = fingerprint(target)
    assert [user[1] for user in kept["users"]] == ["someone"] and kept["counts"]["catalogue.piece"] == 0


def test_restore_says_so_when_the_file_is_not_a_backup(folder):
    (folder / "notes.txt").write_text("not a backup at all\n")
    done = manage(sqlite_url(folder, "never.sqlite3"), "restore", str(folder / "notes.txt"), check=False)
    assert done.returncode != 0 and "is not a Glossa backup" in done.stderr
    assert "Traceback" not in done.stderr
    missing = manage(sqlite_url(folder, "never.sqlite3"), "restore", str(folder / "nothing-here"), check=False)
    assert missing.returncode != 0 and "There is no backup file" in missing.stderr


def test_a_native_backup_restores_only_into_its_own_engine(sqlite_source, folder, pg_databases):
    url, _ = sqlite_source
    manage(url, "backup", str(folder / "engine.sqlite3"))
    done = manage(pg_databases(), "restore", str(folder / "engine.sqlite3"), check=False)
    assert done.returncode != 0 and "--portable" in done.stderr and "Traceback" not in done.stderr


# --- While the app serves ---------------------------------------------------------------------------

def test_a_sqlite_backup_does_not_wait_for_a_writer_and_holds_only_what_was_committed(sqlite_source, folder):
    url, original = sqlite_source
    manage(url, "backup", str(folder / "live.sqlite3"))
    live = sqlite_url(folder, "live.sqlite3")
    writer = sqlite3.connect(folder / "live.sqlite3", isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("BEGIN IMMEDIATE")  # an editor's save in progress, holding the write lock
    writer.execute("UPDATE catalogue_piece SET title = 'Half-written'")
    try:
        manage(live, "backup", str(folder / "during.sqlite3"))  # within the test's timeout: not blocked
    finally:
        writer.execute("COMMIT")
        writer.close()
    copy = sqlite3.connect(folder / "during.sqlite3")
    titles = {title for (title,) in copy.execute("SELECT title FROM catalogue_piece")}
    copy.close()
    assert "Half-written" not in titles and len(titles) == original["counts"]["catalogue.piece"]
