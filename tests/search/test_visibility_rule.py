"""Item 7 of issue 10: one rule for who sees what. The ORM's condition (Gloss.objects.shown) and
the SQL the search index keeps readers' documents by are both derived from
annotations/visibility.py; here they are checked to agree on every combination of status,
deletion and orphan state, as readers and as editors."""

import itertools

import pytest
from django.db import connection
from django.utils import timezone

from annotations.models import Gloss
from annotations.visibility import reader_sql
from search.results import search
from tests.builders import make_commentary, make_gloss, make_piece

pytestmark = pytest.mark.django_db

COMBINATIONS = list(itertools.product(("published", "draft"), (False, True), (False, True)))


@pytest.fixture
def every_combination():
    piece = make_piece("Rules", lines=["one line", "two line"])
    made = {}
    for status, deleted, orphan in COMBINATIONS:
        word = f"zz{status}{int(deleted)}{int(orphan)}"
        gloss = make_gloss(piece, line=1, body=f"About {word}.", status=status, is_orphan=orphan,
                           deleted_at=timezone.now() if deleted else None)
        made[(status, deleted, orphan)] = (gloss, word)
    return made


def test_the_orm_rule_and_the_search_sql_agree_on_every_combination(every_combination):
    by_orm = set(Gloss.objects.shown().values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM annotations_gloss WHERE {reader_sql()}")
        by_sql = {row[0] for row in cursor.fetchall()}
    assert by_orm == by_sql
    [(gloss, _)] = [every_combination[("published", False, False)]]
    assert by_orm == {gloss.pk}


def test_readers_find_exactly_what_the_rule_shows(every_combination):
    for (status, deleted, orphan), (gloss, word) in every_combination.items():
        shown = Gloss.objects.shown().filter(pk=gloss.pk).exists()
        found = bool(search(word).pieces)
        assert found == shown == (status == "published" and not deleted and not orphan), (status, deleted, orphan)


def test_editors_see_drafts_but_never_deleted_or_orphaned(every_combination):
    editors = set(Gloss.objects.shown(include_drafts=True).values_list("pk", flat=True))
    expected = {gloss.pk for (status, deleted, orphan), (gloss, _) in every_combination.items()
                if not deleted and not orphan}
    assert editors == expected


def test_a_gloss_on_the_whole_piece_is_never_an_orphan():
    note = make_commentary(make_piece("Whole", lines=["a"]), body="zzwhole note")
    assert not note.is_orphan and Gloss.objects.shown().filter(pk=note.pk).exists()
    assert search("zzwhole").pieces
