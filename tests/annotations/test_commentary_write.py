"""Editors write commentary on the piece as a whole, beside its title."""

import pytest
from django.urls import reverse

from annotations.models import Commentary
from tests.builders import make_commentary, make_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece():
    return make_piece("Noted Song")


def test_an_editor_adds_commentary_on_the_piece_after_what_it_has(editor_client, piece):
    make_commentary(piece, heading="First")
    page = editor_client.get(reverse("commentary_new", args=[piece.slug])).content.decode()
    assert "<html" in page and "New commentary on the piece" in page
    response = editor_client.post(reverse("commentary_new", args=[piece.slug]),
                                  {"heading": "Second", "body": "On *temperature*", "status": "published"})
    note = Commentary.objects.get(heading="Second")
    assert response["Location"] == f"/pieces/{piece.slug}/#c{note.pk}" and note.position == 1
    assert "<em>temperature</em>" in editor_client.get(response["Location"]).content.decode()


def test_an_htmx_commentary_form_is_the_pane(editor_client, piece):
    html = editor_client.get(reverse("commentary_new", args=[piece.slug]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'name="heading"' in html


def test_editing_commentary_checks_the_version(client, editor, other_editor, piece):
    note = make_commentary(piece, heading="H", body="Original")
    url = reverse("commentary_edit", args=[note.pk])
    client.force_login(other_editor)
    client.post(url, {"heading": "H", "body": "Theirs", "status": "published", "version": 1})
    client.force_login(editor)
    html = client.post(url, {"heading": "H", "body": "Mine", "status": "published", "version": 1}).content.decode()
    note.refresh_from_db()
    assert note.body == "Theirs" and "saved this while you were editing" in html and ">Mine</textarea>" in html


def test_commentary_delete_is_soft_and_restorable(editor_client, piece):
    note = make_commentary(piece, heading="Fleeting", body="Here today")
    editor_client.post(reverse("commentary_delete", args=[note.pk]))
    assert "Here today" not in editor_client.get(f"/pieces/{piece.slug}/").content.decode()
    assert "Here today" in editor_client.get(f"/pieces/{piece.slug}/?deleted=1").content.decode()
    editor_client.post(reverse("commentary_restore", args=[note.pk]))
    assert "Here today" in editor_client.get(f"/pieces/{piece.slug}/").content.decode()


def test_commentary_writes_answer_only_post(editor_client, piece):
    note = make_commentary(piece)
    assert editor_client.get(reverse("commentary_delete", args=[note.pk])).status_code == 405
    assert editor_client.get(reverse("commentary_restore", args=[note.pk])).status_code == 405
