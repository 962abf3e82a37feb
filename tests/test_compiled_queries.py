"""Querysets compiled once and run with a new value (config/compiled.py): the reading's queries
and the signed-in user's. Compiling is only a saving: every answer is today's rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Gloss, piece_glosses
from catalogue.models import piece_reading
from config.compiled import SENTINEL, CompiledQuery
from tests.builders import make_gloss, make_piece

pytestmark = pytest.mark.django_db


def test_each_piece_gets_its_own_lines_and_sections():
    first = make_piece("First", lines=["one", "two"])
    second = make_piece("Second", lines=["uno", "dos", "tres"], lines_per_section=2)
    assert [text for _n, text, *_ in piece_reading(first.pk)[1]] == ["one", "two"]
    sections, lines = piece_reading(second.pk)
    assert [text for _n, text, *_ in lines] == ["uno", "dos", "tres"]
    assert [section["label"] for section in sections] == ["Verse 1", "Verse 2"]


def test_a_gloss_written_after_the_query_was_compiled_is_in_its_next_answer():
    piece = make_piece("Growing", n_lines=3)
    make_gloss(piece, line=1, body="First.")
    assert [gloss["body_html"] for gloss in piece_glosses(piece.pk, include_drafts=False)] == ["<p>First.</p>\n"]
    make_gloss(piece, line=2, body="Second.")
    Gloss.objects.filter(piece=piece, body="First.").update(status="draft")
    # Readers see the published one only; editors both: the rule is the ORM's, compiled in.
    assert [gloss["body_html"] for gloss in piece_glosses(piece.pk, include_drafts=False)] == ["<p>Second.</p>\n"]
    assert len(piece_glosses(piece.pk, include_drafts=True)) == 2


def test_values_come_converted_as_the_orm_gives_them():
    piece = make_piece("Dated", n_lines=2)
    gloss = make_gloss(piece, line=1, body="When?")
    row = piece_glosses(piece.pk, include_drafts=False)[0]
    assert row["updated_at"] == Gloss.objects.get(pk=gloss.pk).updated_at  # aware, on both databases
    assert row["updated_at"].tzinfo is not None
    assert piece_reading(piece.pk)[1][0][-1] is False  # break_before: a bool, not SQLite's 0


def test_a_compiled_query_is_one_statement_with_the_value_in_it():
    piece = make_piece("Counted", n_lines=5)
    query = CompiledQuery(type(piece), lambda pk: type(piece).objects.filter(pk=pk).values("title"))
    query.dicts(piece.pk)  # compiled on first use
    with CaptureQueriesContext(connection) as queries:
        assert query.dicts(piece.pk) == [{"title": "Counted"}]
        assert query.dicts(piece.pk + 1000) == []
    assert len(queries) == 2 and str(SENTINEL) not in queries[0]["sql"]


def test_a_queryset_without_the_value_is_refused():
    piece = make_piece("Fixed")
    query = CompiledQuery(type(piece), lambda pk: type(piece).objects.filter(title="Fixed"))
    with pytest.raises(ValueError, match="value's place"):
        query.rows(piece.pk)


def test_a_query_that_takes_no_value_runs_as_compiled_and_refuses_a_place_for_one():
    piece = make_piece("Everything")
    every_title = CompiledQuery(type(piece), lambda _: type(piece).objects.values_list("title"), takes_value=False)
    assert every_title.rows() == [("Everything",)]
    make_piece("Another")
    assert sorted(every_title.rows()) == [("Another",), ("Everything",)]
    with_a_place = CompiledQuery(type(piece), lambda pk: type(piece).objects.filter(pk=pk), takes_value=False)
    with pytest.raises(ValueError, match="takes no value"):
        with_a_place.rows()
