"""One piece per file however the import is run: two admins pressing "Import" at the same moment,
two task workers on the same batch, a worker killed with ``kill -9`` midway and the import then
continued. On the real database (a file for SQLite, PostgreSQL when DATABASE_URL says so), with
real worker processes (``manage.py db_worker``, as ``make run`` starts it)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from catalogue.importing import pending
from catalogue.models import ImportBatch, PendingImport, Piece, PieceSource
from tests.annotations.test_concurrency import run_together
from tests.catalogue.big_batch import big_song

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
IMPORT_URL = reverse("admin:catalogue_piece_import")
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def admin_browser(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def upload(client, files) -> str:
    response = client.post(IMPORT_URL, {"files": [SimpleUploadedFile(name, data) for name, data in files]})
    assert response.status_code == 302
    url = response["Location"]
    pending.read_batch(_batch_id(url))  # read here, so that only storing is left to the workers
    return url


def _batch_id(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def import_form(url: str) -> dict:
    data = {"action": "import"}
    for item in ImportBatch.objects.get(pk=_batch_id(url)).files.all():
        data.update({f"{item.pk}-decision": "import", f"{item.pk}-title": item.summary["title"],
                     f"{item.pk}-kind": item.summary["kind"], f"{item.pk}-piece": ""})
    return data


def takes(count: int, size: int = 60_000) -> list[tuple[str, bytes]]:
    return [(f"take-{n}.md", big_song(n, size)) for n in range(1, count + 1)]


def assert_one_piece_per_file(count: int) -> None:
    titles = sorted(Piece.objects.values_list("title", flat=True))
    assert titles == sorted(f"Confession of a Softmax Layer, Take {n}" for n in range(1, count + 1))
    assert PieceSource.objects.count() == count
    assert not Piece.objects.filter(line_count=0).exists()


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}"


def start_worker() -> subprocess.Popen:
    """``manage.py db_worker`` on the test database, until the queue is empty."""
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_DEBUG": "1",
           "DJANGO_SECRET_KEY": "test-worker-key-" + "x" * 40}
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def finish(worker: subprocess.Popen) -> None:
    output, _ = worker.communicate(timeout=300)
    assert worker.returncode == 0, output.decode()[-2000:]


def test_two_admins_pressing_import_at_the_same_moment_store_each_file_once(admin_user):
    url = upload(admin_browser(admin_user), takes(6, 20_000))
    form = import_form(url)
    statuses = []

    def press_import(index):
        statuses.append(admin_browser(admin_user).post(url, form).status_code)  # the task runs here

    errors = run_together(press_import, count=2)
    assert errors == [] and statuses == [302, 302]
    assert_one_piece_per_file(6)
    assert set(PendingImport.objects.values_list("outcome", flat=True)) == {"created"}


@override_settings(TASKS=DB_QUEUE)
def test_two_workers_on_a_batch_confirmed_twice_store_each_file_once(admin_user):
    client = admin_browser(admin_user)
    url = upload(client, takes(8))
    form = import_form(url)
    client.post(url, form)
    client.post(url, form)  # the same form again: the batch is already confirmed, no new task
    client.post(url, {"action": "resume"})  # "Continue" queues another task for the same files
    assert DBTaskResult.objects.filter(status="READY", task_path__endswith="import_files").count() == 2

    workers = [start_worker(), start_worker()]
    for worker in workers:
        finish(worker)
    assert_one_piece_per_file(8)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@override_settings(TASKS=DB_QUEUE)
def test_a_worker_killed_midway_leaves_nothing_half_stored_and_continuing_stores_only_the_rest(admin_user):
    client = admin_browser(admin_user)
    url = upload(client, takes(10))
    client.post(url, import_form(url))

    worker = start_worker()
    deadline = time.monotonic() + 240
    while PendingImport.objects.filter(outcome="created").count() < 2:
        assert worker.poll() is None, "the worker finished before it could be killed"
        assert time.monotonic() < deadline, "the worker stored nothing in time"
        time.sleep(0.05)
    worker.kill()  # SIGKILL: no chance to finish the file it was storing
    worker.wait(timeout=30)

    stored = PendingImport.objects.filter(outcome="created").count()
    assert 2 <= stored < 10
    # What was stored is whole, and only what was consumed was stored.
    assert Piece.objects.count() == PieceSource.objects.count() == stored
    assert not Piece.objects.filter(line_count=0).exists()
    assert DBTaskResult.objects.get(task_path__endswith="import_files").status == "RUNNING"  # never finishes

    page = client.get(url).content.decode()
    assert f"File {stored} of 10 done." in page and 'value="resume"' in page
    client.post(url, {"action": "resume"})
    finish(start_worker())
    assert_one_piece_per_file(10)
    assert PendingImport.objects.filter(outcome="created").count() == 10
