"""The catalogue page: what a reader sees of each piece before opening it."""

import pytest
from django.urls import reverse

from catalogue.models import Tag
from tests.builders import make_gloss, make_piece

pytestmark = pytest.mark.django_db


def test_lists_title_kind_tags_first_line_and_gloss_count(client):
    piece = make_piece("Exercises", lines=["Start with classical Hopfield", "Binary states"])
    piece.tags.add(Tag.objects.create(name="accordion drill", slug="accordion-drill"))
    make_gloss(piece, line=1, body="One")
    make_gloss(piece, line=2, body="Two")
    from annotations.models import piece_commentary_changed

    piece_commentary_changed(piece.pk)
    html = client.get(reverse("piece_list")).content.decode()
    assert f'href="{piece.get_absolute_url()}">Exercises</a>' in html
    assert "Song" in html and "accordion drill" in html
    assert "Start with classical Hopfield" in html
    assert "2 glosses" in html


def test_the_list_costs_the_same_queries_for_many_pieces(client, django_assert_max_num_queries):
    for n in range(30):
        make_piece(f"Piece {n}")
    # the catalogue's version (readers' cache), genres and keys for the filters, the count,
    # one page of pieces, their tags
    with django_assert_max_num_queries(6):
        html = client.get(reverse("piece_list")).content.decode()
    assert html.count('class="piece-card"') == 24
    assert "30 pieces · page 1 of 2" in html


def test_an_empty_catalogue_says_how_to_fill_it(client):
    assert "import_catalogue" in client.get(reverse("piece_list")).content.decode()
