"""Many editors at once, on the real database file: every write lands, no "database is locked",
and of several editors saving the same version of a gloss exactly one wins."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from annotations.models import Gloss, StaleEdit
from catalogue.models import Piece
from tests.builders import make_gloss, make_piece

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
WRITES_EACH = 12


def run_together(work, count=THREADS):
    """Run ``work(index)`` in ``count`` threads released at the same moment; return their errors."""
    barrier = threading.Barrier(count)
    errors = []

    def target(index):
        try:
            barrier.wait()
            work(index)
        except Exception as error:  # noqa: BLE001 - every failure is reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_the_database_is_set_up_for_many_writers():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert connection.settings_dict["OPTIONS"]["timeout"] >= 5


def test_editors_writing_glosses_at_once_lose_none_of_them(editor):
    piece = make_piece("Busy Song", n_lines=THREADS)
    url = reverse("gloss_new", args=[piece.slug])
    statuses = []

    def work(index):
        client = Client()
        client.force_login(editor)
        for count in range(WRITES_EACH):
            response = client.post(url, {"first_line": index + 1, "body": f"Gloss {index}.{count}",
                                         "status": "published"}, HTTP_HX_REQUEST="true")
            statuses.append(response.status_code)

    errors = run_together(work)
    assert errors == []
    assert statuses == [200] * (THREADS * WRITES_EACH)
    assert Gloss.objects.filter(piece=piece).count() == THREADS * WRITES_EACH
    assert Gloss.history.filter(id__in=Gloss.objects.values("id")).count() == THREADS * WRITES_EACH
    assert set(Gloss.objects.values_list("body", flat=True)) == {
        f"Gloss {i}.{c}" for i in range(THREADS) for c in range(WRITES_EACH)
    }
    piece = Piece.objects.get(pk=piece.pk)
    # Every write bumped the page's version and the count, none overwrote another's.
    assert piece.gloss_count == THREADS * WRITES_EACH
    assert piece.gloss_version == 1 + THREADS * WRITES_EACH


def test_of_editors_saving_the_same_version_exactly_one_wins(editor, other_editor):
    piece = make_piece("Contested Song")
    gloss = make_gloss(piece, line=1, body="Original")
    outcomes = []

    def work(index):
        mine = Gloss.objects.get(pk=gloss.pk)
        try:
            mine.revise(user=editor if index % 2 else other_editor, based_on=1, body=f"Version from {index}")
            outcomes.append(("saved", index))
        except StaleEdit as stale:
            outcomes.append(("refused", stale.current.version))

    errors = run_together(work)
    assert errors == []
    saved = [index for outcome, index in outcomes if outcome == "saved"]
    refused = [version for outcome, version in outcomes if outcome == "refused"]
    assert len(saved) == 1 and refused == [2] * (THREADS - 1)
    gloss.refresh_from_db()
    assert (gloss.body, gloss.version) == (f"Version from {saved[0]}", 2)
    assert gloss.history.count() == 2
