"""Editions: TEI P5 valid against tei_all, plain text that imports back to the same piece,
Markdown with the glosses as footnotes."""

from dataclasses import asdict
from pathlib import Path

import pytest
from django.urls import reverse

from annotations.models import Gloss, Origin
from catalogue.importing import parse_text
from catalogue.importing.store import import_file
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


def _live(piece):
    return sorted((g.pk, g.heading, g.body, [(a.first_line, a.last_line, a.exact, a.start) for a in g.anchor_list])
                  for g in Gloss.objects.filter(piece=piece, deleted_at__isnull=True).prefetch_related("anchors"))


@pytest.mark.parametrize("slug, imported", [(SPACE, 7), ("confession-of-a-softmax-layer", 4)])
def test_importing_the_plain_text_edition_keeps_the_imported_glosses_and_leaves_editors_ones_out(
        client, catalogue, editor, slug, imported):
    piece = catalogue[slug]
    assert Gloss.objects.filter(piece=piece, origin=Origin.IMPORT, deleted_at__isnull=True).count() == imported
    mine = make_gloss(piece, line=1, body="An editor's own gloss, which travels as a Web Annotation.",
                      created_by=editor)
    reworded = Gloss.objects.filter(piece=piece, origin=Origin.IMPORT).order_by("pk").first()
    reworded.revise(user=editor, based_on=reworded.version, body=reworded.body + " (Reworded by an editor.)")
    before = _live(piece)

    edition = client.get(reverse("exchange:edition_text", args=[slug])).content.decode()
    assert "An editor's own gloss" not in edition and "Reworded by an editor" not in edition
    outcome = import_file(f"{slug}.txt", edition.encode(), piece=piece)

    assert outcome.status == "updated", outcome.error
    assert _live(piece) == before  # the same glosses, same ids, on the same words; none retired
    assert not Gloss.objects.filter(piece=piece, retired=True).exists()
    assert Gloss.objects.get(pk=mine.pk).deleted_at is None


def test_a_poem_gloss_on_two_stanzas_is_written_where_its_quotes_are_found_again(db):
    poem = (
        "Two Stanzas\n\nthe first stanza sings\nof weights and biases\n\n"
        "the second stanza answers\nwith gradients that fall\n"
        + "Here \"weights and biases\" is glossed alone, and it comes after the second stanza all the same, "
        "as its author placed it, in the one gap the poem leaves.\n"
        + "And \"weights and biases\" meet \"gradients that fall\" in this paragraph, which quotes both "
        "stanzas at once, so nothing may stand between them.\n\n"
        "a third stanza ends\nthe little poem here\n"
        + "Last, \"the little poem here\" closes it, a paragraph long enough to read as a gloss and not "
        "as a verse line of the poem, whatever its stanzas say.\n"
    )
    outcome = import_file("two.txt", poem.encode())
    assert outcome.parsed.kind == "poem" and len(outcome.parsed.glosses) == 3
    before = _live(outcome.piece)
    from exchange.editions import plain_text, reading

    edition = plain_text(reading(outcome.piece))
    assert edition.index("glossed alone") > edition.index("gradients that fall\n")
    import_file("two.txt", edition.encode(), piece=outcome.piece)
    assert _live(outcome.piece) == before
