"""Editions: TEI P5 valid against tei_all, plain text that imports back to the same piece,
Markdown with the glosses as footnotes."""

from dataclasses import asdict
from pathlib import Path

import pytest
from django.urls import reverse

from catalogue.importing import parse_text
from tests.builders import make_gloss, make_piece

from .checks import assert_valid_tei
from .conftest import CATALOGUE

SPACE = "the-space-between-the-seen"


def parsed_shape(parsed):
    """What the round trip must keep: sections, lines (echoes, kinds, breaks), metadata."""
    data = asdict(parsed)
    data["metadata"]["tags"] = sorted(data["metadata"]["tags"])  # a piece's tags are a set
    return {"title": data["title"], "kind": data["kind"], "metadata": data["metadata"],
            "sections": [{k: v for k, v in s.items()} for s in data["sections"]]}


def test_plain_text_editions_import_back_to_the_same_pieces(client, catalogue):
    for path in sorted(CATALOGUE.iterdir()):
        original = parse_text(path.read_bytes().decode("utf-8", "replace"), filename=path.name)
        slug = next(slug for slug, piece in catalogue.items() if piece.title == original.title)
        response = client.get(reverse("exchange:edition_text", args=[slug]))
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{slug}.txt"'
        again = parse_text(response.content.decode(), filename=f"{slug}.txt")
        assert parsed_shape(again) == parsed_shape(original), path.name


def test_tei_editions_of_the_catalogue_are_valid_tei_p5_with_verse_for_songs_and_poems(client, catalogue):
    verse, prose = [], []
    for slug, piece in catalogue.items():
        response = client.get(reverse("exchange:edition_tei", args=[slug]))
        assert response["Content-Type"] == "application/tei+xml; charset=utf-8"
        (prose if piece.kind == "prose" else verse).append(response.content)
    space = client.get(reverse("exchange:edition_tei", args=[SPACE])).content.decode()
    assert '<l n="1" xml:id="L1">In hidden realms where numbers dream,</l>' in space
    assert '<note type="gloss"' in space and 'target="#string-range(L1,' in space
    confession = client.get(reverse("exchange:edition_tei", args=["confession-of-a-softmax-layer"])).content.decode()
    assert 'rend="spoken"' in confession and '<stage type="delivery">' in confession
    softmax = client.get(reverse("exchange:edition_tei", args=["let-the-softmax-testify"])).content.decode()
    assert '<seg type="echo">arithmetic</seg></l>' in softmax
    exercises = client.get(reverse("exchange:edition_tei", args=["exercises"])).content.decode()
    assert 'type="chorus"' in exercises and 'sameAs="#s' in exercises  # the chorus sung again
    assert_valid_tei(*verse, verse=True)
    assert_valid_tei(*prose)


def test_markdown_edition_has_the_glosses_as_footnotes(client, db):
    piece = make_piece("Notes", lines=["first *line*", "second line"])
    gloss = make_gloss(piece, line=2, body="On the <b>second</b> line.")
    text = client.get(reverse("exchange:edition_markdown", args=[piece.slug])).content.decode()
    assert "first \\*line\\*  " in text
    assert "second line[^1]  " in text
    assert "[^1]: (line 2) On the <b>second</b> line." in text
    assert client.get(reverse("exchange:edition_markdown", args=["nope"])).status_code == 404


def test_drafts_stay_out_of_editions(client, db):
    piece = make_piece("Drafty", lines=["one line here", "two"])
    make_gloss(piece, line=1, body="Secret draft", status="draft")
    assert b"Secret draft" not in client.get(reverse("exchange:edition_markdown", args=[piece.slug])).content
    assert b"Secret draft" not in client.get(reverse("exchange:edition_tei", args=[piece.slug])).content
