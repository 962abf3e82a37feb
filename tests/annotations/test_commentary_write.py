"""Commentary on the piece as a whole is a gloss with no place, written with the one gloss form."""

import pytest
from django.urls import reverse

from annotations.models import Gloss
from tests.builders import make_commentary, make_piece, notes_beside

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece():
    return make_piece("Noted Song")


def test_an_editor_adds_commentary_on_the_piece_with_the_gloss_form_left_without_lines(editor_client, piece):
    make_commentary(piece, heading="First")
    page = editor_client.get(reverse("gloss_new", args=[piece.slug])).content.decode()
    assert "<html" in page and "New commentary on the piece" in page and 'name="first_line"' in page
    response = editor_client.post(reverse("gloss_new", args=[piece.slug]),
                                  {"heading": "Second", "body": "On *temperature*", "status": "published"})
    note = Gloss.objects.get(heading="Second")
    assert note.is_on_piece
    assert response["Location"] == f"/pieces/{piece.slug}/?gloss={note.pk}#g{note.pk}"
    html = editor_client.get(f"/pieces/{piece.slug}/").content.decode()
    commentary = html.split('aria-label="Commentary on the piece"')[1].split("</section>")[0]
    assert commentary.index("First") < commentary.index("Second") and "<em>temperature</em>" in commentary


def test_the_same_form_with_a_line_writes_a_gloss_with_its_heading(editor_client, piece):
    editor_client.post(reverse("gloss_new", args=[piece.slug]),
                       {"first_line": 2, "heading": "Compositional note", "body": "Both", "status": "published"})
    gloss = Gloss.objects.get(heading="Compositional note")
    assert [(anchor.first_line, anchor.last_line) for anchor in gloss.anchor_list] == [(2, 2)]
    row = notes_beside(editor_client.get(f"/pieces/{piece.slug}/").content.decode(), 2)
    assert "Compositional note" in row


def test_an_htmx_commentary_form_is_the_pane(editor_client, piece):
    html = editor_client.get(reverse("gloss_new", args=[piece.slug]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'name="heading"' in html


def test_editing_commentary_checks_the_version(client, editor, other_editor, piece):
    note = make_commentary(piece, heading="H", body="Original")
    url = reverse("gloss_edit", args=[note.pk])
    client.force_login(other_editor)
    client.post(url, {"heading": "H", "body": "Theirs", "status": "published", "version": 1})
    client.force_login(editor)
    html = client.post(url, {"heading": "H", "body": "Mine", "status": "published", "version": 1}).content.decode()
    note.refresh_from_db()
    assert note.body == "Theirs" and "saved this while you were editing" in html and ">Mine</textarea>" in html


def test_a_changed_heading_is_saved_and_listed_in_the_history(editor_client, piece):
    note = make_commentary(piece, heading="Old title", body="Words")
    editor_client.post(reverse("gloss_edit", args=[note.pk]),
                       {"heading": "New title", "body": "Words", "status": "published", "version": 1})
    history = editor_client.get(reverse("gloss_history", args=[note.pk])).content.decode()
    assert "New title" in history and "Old title" in history


def test_commentary_delete_is_soft_and_restorable(editor_client, piece):
    note = make_commentary(piece, heading="Fleeting", body="Here today")
    editor_client.post(reverse("gloss_delete", args=[note.pk]))
    assert "Here today" not in editor_client.get(f"/pieces/{piece.slug}/").content.decode()
    assert "Here today" in editor_client.get(f"/pieces/{piece.slug}/?deleted=1").content.decode()
    editor_client.post(reverse("gloss_restore", args=[note.pk]))
    assert "Here today" in editor_client.get(f"/pieces/{piece.slug}/").content.decode()


def test_old_commentary_links_lead_to_the_gloss_it_became(editor_client, piece):
    note = make_commentary(piece, heading="Moved", body="Still here")
    Gloss.objects.filter(pk=note.pk).update(legacy_commentary_id=41)
    response = editor_client.get("/commentary/41/edit/")
    assert response.status_code == 301 and response["Location"] == reverse("gloss_edit", args=[note.pk])
    assert editor_client.get("/commentary/41/history/")["Location"] == reverse("gloss_history", args=[note.pk])
    assert editor_client.get("/commentary/42/edit/").status_code == 404
