"""A concept or an author renamed shows on the pieces that name them at the next request, though
the pages are cached per version of the piece and its glosses."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from annotations.models import get_or_create_concepts
from tests.builders import make_gloss, make_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossed(db):
    piece = make_piece("Renamed Things")
    author = get_user_model().objects.create_user("ada", first_name="Ada", last_name="Byron")
    gloss = make_gloss(piece, line=1, body="A note by Ada.", created_by=author)
    concept = get_or_create_concepts(["Softmax"])[0]
    gloss.concepts.add(concept)
    piece.glosses_changed()
    return piece, author, concept


def page(client, piece, query=""):
    return client.get(reverse("piece_detail", args=[piece.slug]) + query).content.decode()


def test_a_concept_renamed_in_the_admin_shows_on_the_cached_piece_page(client, glossed):
    piece, _, concept = glossed
    assert "Softmax" in page(client, piece, "?gloss=1")
    assert "Softmax" in page(client, piece)
    concept.name = "Soft arg max"
    concept.save()
    assert "Soft arg max" in page(client, piece)
    assert "Soft arg max" in page(client, piece, "?gloss=1")


def test_an_author_renamed_shows_on_the_cached_piece_page(client, glossed):
    piece, author, _ = glossed
    assert "Ada Byron" in page(client, piece)
    author.last_name = "Lovelace"
    author.save()
    html = page(client, piece)
    assert "Ada Lovelace" in html and "Ada Byron" not in html
