"""A phrase gloss keeps the phrase, its context and offsets, and follows the phrase when the line changes."""

import pytest
from django.urls import reverse

from annotations.imported import reanchor_piece
from annotations.models import Gloss
from tests.builders import make_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def gloss(editor_client):
    piece = make_piece("Moving Song", lines=["In hidden realms where numbers dream,", "The weights align in silent streams,"])
    editor_client.post(reverse("gloss_new", args=[piece.slug]), {
        "first_line": 2, "last_line": 2, "exact": "silent streams", "start": 21, "end": 35,
        "body": "Rivers of data", "status": "published"})
    return Gloss.objects.get()


def test_a_phrase_gloss_stores_the_phrase_its_context_and_offsets(gloss):
    anchor = gloss.first_anchor
    assert (anchor.exact, anchor.prefix, anchor.suffix, anchor.start, anchor.end) == (
        "silent streams", "The weights align in ", ",", 21, 35)


def test_when_the_line_is_edited_the_gloss_follows_the_phrase(gloss, client):
    piece = gloss.piece
    piece.lines.filter(n=2).update(text="And all the weights align in silent streams tonight,")
    piece.lines.filter(n=1).update(text="A new first line")
    reanchor_piece(piece, list(piece.lines.order_by("n").values_list("n", "text")))
    piece.glosses_changed()
    anchor = gloss.anchors.get()
    assert (anchor.first_line, anchor.exact, anchor.start, anchor.end) == (2, "silent streams", 29, 43)
    html = client.get(reverse("piece_detail", args=[piece.slug])).content.decode()
    assert f'data-anchor="{anchor.pk}" data-glosses="{gloss.pk}">silent streams</mark> tonight,' in html


def test_when_lines_move_the_gloss_moves_with_its_phrase(gloss):
    piece = gloss.piece
    line = piece.lines.get(n=2)
    piece.lines.filter(n=1).update(text="The weights align in silent streams,")
    line.text = "A line that took its place"
    line.save()
    reanchor_piece(piece, list(piece.lines.order_by("n").values_list("n", "text")))
    anchor = gloss.anchors.get()
    assert (anchor.first_line, anchor.start) == (1, 21)
