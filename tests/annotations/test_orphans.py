"""Places of glosses a re-import could not place again: listed for editors one by one,
re-attachable one by one, never lost."""

import pytest
from django.urls import reverse

from annotations.models import Gloss
from catalogue.importing.store import import_file
from tests.builders import make_gloss, notes_beside

pytestmark = pytest.mark.django_db

POEM = """Lanterns of Weight

The gradient falls like evening rain,
on every weight it leaves a stain;
the loss grows quiet, line by line,
and what was noise becomes a sign.
"""


@pytest.fixture
def orphan():
    piece = import_file("lanterns.txt", POEM.encode()).piece
    gloss = make_gloss(piece, line=2, phrase="leaves a stain", body="Each update marks the weights.")
    edited = POEM.replace("on every weight it leaves a stain;\n", "")
    assert import_file("lanterns.txt", edited.encode()).status == "updated"
    gloss.refresh_from_db()
    assert gloss.is_orphan
    return gloss


def lost(gloss):
    """The gloss's (only) anchor."""
    return Gloss.objects.get(pk=gloss.pk).anchor_list[0]


def test_an_editor_sees_the_orphans_of_a_piece_on_its_page(orphan, editor_client):
    html = editor_client.get(orphan.piece.get_absolute_url()).content.decode()
    assert "1 orphaned place" in html and "leaves a stain" in html
    assert f'{reverse("orphan_list")}?piece={orphan.piece.slug}' in html


def test_a_reader_sees_no_orphans(orphan, client):
    html = client.get(orphan.piece.get_absolute_url()).content.decode()
    assert "orphaned" not in html and "Each update marks the weights." not in html


def test_the_orphans_page_keeps_the_last_text_and_the_commentary(orphan, editor_client):
    html = editor_client.get(reverse("orphan_list")).content.decode()
    assert "Lanterns of Weight" in html
    assert "on every weight it leaves a stain;" in html
    assert "Each update marks the weights." in html


def test_readers_may_not_see_the_orphans_page_and_strangers_must_sign_in(orphan, client, reader):
    assert client.get(reverse("orphan_list")).status_code == 302
    client.force_login(reader)
    assert client.get(reverse("orphan_list")).status_code == 403


def test_an_editor_reattaches_an_orphan_to_a_phrase(orphan, editor_client):
    url = reverse("anchor_reattach", args=[lost(orphan).pk])
    response = editor_client.post(url, {"first_line": 2, "last_line": 2, "exact": "the loss grows quiet",
                                        "version": orphan.version})
    assert response.status_code == 302
    orphan.refresh_from_db()
    assert not orphan.is_orphan and orphan.first_line == 2 and orphan.exact == "the loss grows quiet"
    page = editor_client.get(response["Location"]).content.decode()
    assert "orphaned place" not in page
    row = notes_beside(page, 2)
    assert "Each update marks the weights." in row
    assert "Re-attached by hand" in orphan.history.first().history_change_reason


def test_a_phrase_that_is_not_on_the_line_is_refused_and_the_orphan_stays(orphan, editor_client):
    response = editor_client.post(reverse("anchor_reattach", args=[lost(orphan).pk]),
                                  {"first_line": 1, "exact": "not in the poem", "version": orphan.version})
    assert response.status_code == 400
    assert "not in the selected lines" in response.content.decode()
    assert Gloss.objects.get(pk=orphan.pk).is_orphan


def test_a_missing_line_number_is_refused_with_a_reason(orphan, editor_client):
    response = editor_client.post(reverse("anchor_reattach", args=[lost(orphan).pk]), {"first_line": "x"})
    assert response.status_code == 400 and "Give the number of the line" in response.content.decode()


def test_readers_cannot_reattach_and_get_is_not_allowed(orphan, client, reader, editor):
    url = reverse("anchor_reattach", args=[lost(orphan).pk])
    client.force_login(reader)
    assert client.post(url, {"first_line": 1}).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 405
    assert Gloss.objects.get(pk=orphan.pk).is_orphan


def test_a_gloss_that_lost_one_of_its_places_lists_only_that_place(editor_client):
    piece = import_file("lanterns.txt", POEM.encode()).piece
    gloss = make_gloss(piece, line=2, phrase="leaves a stain", also=({"line": 3, "phrase": "line by line"},),
                       body="Two places, one kept.")
    import_file("lanterns.txt", POEM.replace("on every weight it leaves a stain;\n", "").encode())
    gloss.refresh_from_db()
    assert not gloss.is_orphan
    html = editor_client.get(reverse("orphan_list")).content.decode()
    assert html.count('class="orphan gloss"') == 1 and "leaves a stain" in html
    assert "Was on line 2" in html
    # On the piece page the gloss still stands on its other place.
    page = editor_client.get(piece.get_absolute_url()).content.decode()
    assert "Two places, one kept." in page.split('id="L2"')[1]
