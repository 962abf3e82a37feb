"""Storing a file costs a fixed number of queries, however many lines and glosses it has
(issue 12.6), and the bulk writes keep what storing one by one kept: history, concepts, counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Anchor, Gloss
from catalogue.importing.store import import_file
from catalogue.models import Line, Piece

WORDS = ["softmax", "gradient", "latent", "logit", "attention", "tensor", "weights", "entropy"]


def glossed_poem(title: str, stanzas: int) -> bytes:
    """A poem of four-line stanzas, each followed by a gloss quoting two of its lines."""
    out = [title]
    for i in range(stanzas):
        word = WORDS[i % len(WORDS)]
        lines = [f"the {word} turns in stanza {i} slowly", f"a second line for {word} number {i}",
                 f"and {word} keeps falling through {i}", f"the last of stanza {i} is quiet"]
        out += lines
        out.append(f'Here "{word} turns in stanza {i}" and "keeps falling through {i}" name the {word}, '
                   "which this paragraph explains at the length of a real gloss, well beyond a line of verse.")
    return ("\n".join(out) + "\n").encode()


def queries_to_import(name: str, data: bytes) -> int:
    with CaptureQueriesContext(connection) as queries:
        outcome = import_file(name, data)
    assert outcome.status == "created", outcome.error
    return len(queries)


@pytest.mark.django_db
def test_storing_a_file_costs_the_same_queries_for_three_glosses_or_thirty():
    queries_to_import("warm.txt", glossed_poem("Warm Up", len(WORDS)))  # every concept exists from here on
    small = queries_to_import("small.txt", glossed_poem("Small Poem", 3))
    large = queries_to_import("large.txt", glossed_poem("Large Poem", 30))
    assert Gloss.objects.filter(piece__slug="large-poem").count() == 30
    assert Line.objects.filter(piece__slug="large-poem").count() == 120
    assert large == small
    # begin … commit: a handful of bulk inserts, no query per line or gloss (on SQLite three of
    # them index the piece's lines for search in one statement, which triggers did line by line)
    assert small <= 17


@pytest.mark.django_db
def test_bulk_stored_glosses_have_their_anchors_history_and_concepts():
    import_file("poem.txt", glossed_poem("Poem", 3))
    piece = Piece.objects.get(slug="poem")
    glosses = list(Gloss.objects.filter(piece=piece).order_by("pk"))
    assert len(glosses) == 3 and piece.gloss_count == 3

    first = glosses[0]
    assert first.body_html.startswith("<p>Here")
    anchors = list(first.anchors.order_by("position"))
    assert [(a.first_line, a.exact, a.start) for a in anchors] == [
        (1, "softmax turns in stanza 0", 4), (3, "keeps falling through 0", 12),
    ]
    assert anchors[0].prefix == "the " and anchors[0].suffix == " slowly"
    assert first.anchor_snapshot == [a.as_snapshot() for a in anchors]

    record = first.history.get()
    assert (record.history_type, record.history_change_reason) == ("+", "Imported from the source file")
    assert record.anchor_snapshot == first.anchor_snapshot
    assert [c.name for c in first.concepts.all()] == ["softmax"]
    assert list(record.concepts.values_list("concept__name", flat=True)) == ["softmax"]


@pytest.mark.django_db
def test_an_anchor_whose_text_no_longer_reads_as_parsed_is_searched_for_again():
    """The parser's place is used as found; if the stored line differs there, the quote is found anew."""
    from catalogue.importing.store import parse_file, store_piece

    parsed, text = parse_file("poem.txt", glossed_poem("Moved Poem", 1))
    anchor = parsed.glosses[0].anchors[0]
    anchor.start += 3  # as if the text had shifted under it
    store_piece(parsed, source_text=text, source_name="poem.txt")
    stored = Anchor.objects.filter(piece__slug="moved-poem").order_by("gloss_id", "position").first()
    assert (stored.first_line, stored.start, stored.exact) == (1, 4, "softmax turns in stanza 0")


@pytest.mark.django_db
def test_a_bulk_history_record_is_the_record_simple_history_writes_for_the_gloss():
    """The "+" records are copied from the gloss rows by the database (INSERT … SELECT): each
    holds what ``create_historical_record`` writes for the stored gloss, column by column."""
    from annotations.models import gloss_history

    import_file("poem.txt", glossed_poem("History Poem", 3))
    history = Gloss.history.model
    names = [field.attname for field in gloss_history.fields_included(Gloss)]
    tagged = 0
    for gloss in Gloss.objects.filter(piece__slug="history-poem").order_by("pk"):
        bulk = history.objects.get(id=gloss.pk)
        gloss._change_reason = "Imported from the source file"
        gloss_history.create_historical_record(gloss, "+")
        orm = history.objects.filter(id=gloss.pk).latest("history_id")
        assert orm.history_id != bulk.history_id
        for name in [*names, "history_type", "history_change_reason", "history_user_id"]:
            assert getattr(bulk, name) == getattr(orm, name), name
        assert bulk.history_date == gloss.created_at
        concepts = list(bulk.concepts.order_by("id").values_list("id", "gloss_id", "concept_id"))
        assert concepts == list(orm.concepts.order_by("id").values_list("id", "gloss_id", "concept_id"))
        tagged += len(concepts)
    assert tagged  # "softmax" and "latent" stanzas name concepts
