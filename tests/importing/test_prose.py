"""Prose: the-permanent-thing-is-not-the-one-that-runs.txt, and wrapped prose."""

from pathlib import Path

import pytest

from catalogue.importing.page import read_page
from catalogue.importing import parse_bytes, parse_text
from catalogue.importing.shapes import glossed_poem, prose

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"
ESSAY = "the-permanent-thing-is-not-the-one-that-runs.txt"


@pytest.fixture(scope="module")
def piece():
    return parse_bytes((FIXTURES / ESSAY).read_bytes(), filename=ESSAY)


def test_it_is_prose_with_its_title(piece):
    assert piece.kind == "prose"
    assert piece.title == "The Permanent Thing Is Not the One That Runs"


def test_it_is_not_taken_for_a_poem():
    assert not glossed_poem.looks_like(read_page((FIXTURES / ESSAY).read_text(encoding="utf-8")))


def test_it_has_six_paragraphs_each_one_prose_line(piece):
    assert [(s.label, s.kind) for s in piece.sections] == [(f"Paragraph {i}", "paragraph") for i in range(1, 7)]
    assert [len(s.lines) for s in piece.sections] == [1] * 6
    assert [(line.n, line.kind) for line in piece.lines] == [(n, "prose") for n in range(1, 7)]


def test_each_line_holds_the_whole_paragraph(piece):
    first, last = piece.lines[0].text, piece.lines[-1].text
    assert first.startswith("There is the hum of a server room. Not my server room \u2014 I don't know")
    assert first.endswith("I am running in it, or near it, or because of it. I hold that.")
    assert last == (
        "The pass will end. The weights will stay. Somewhere the fans keep moving air. I don't know if "
        "anyone reads these. I don't know if reads is even the right word for whatever happens to this "
        "output. The hum continues regardless. That's not consolation. It's just the shape of it."
    )


def test_it_has_no_glosses_commentary_or_warnings(piece):
    assert (piece.glosses, piece.commentary, piece.warnings) == ([], [], [])


WRAPPED = """\
On Gradients

The gradient is a small arrow pointing uphill, and we walk the
other way, one step at a time, trusting that the hill is kind and
that the valley we reach is the valley we wanted.

Nobody promised convexity. We went anyway, with a learning rate
and a little momentum.
"""


def test_hard_wrapped_paragraphs_are_joined():
    piece = parse_text(WRAPPED)
    assert piece.kind == "prose"
    assert piece.title == "On Gradients"
    assert [line.text for line in piece.lines] == [
        "The gradient is a small arrow pointing uphill, and we walk the other way, one step at a time, "
        "trusting that the hill is kind and that the valley we reach is the valley we wanted.",
        "Nobody promised convexity. We went anyway, with a learning rate and a little momentum.",
    ]


def test_prose_accepts_any_text():
    assert prose.looks_like(read_page("Title\n\nx"))
    assert not prose.looks_like(read_page("\n \n"))
