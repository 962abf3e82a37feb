"""Deleting a gloss asks first, on a page with a plain form: the same with or without JavaScript."""

import re

import pytest
from django.urls import reverse

from annotations.models import Gloss
from tests.builders import make_commentary, make_gloss, make_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece():
    return make_piece("Delete Song", lines=["Queries kiss the keys", "Values start to sing"])


def confirm_url(gloss) -> str:
    return reverse("gloss_delete_confirm", args=[gloss.pk])


def test_the_question_shows_the_gloss_and_a_form_that_deletes_it(editor_client, piece):
    gloss = make_gloss(piece, line=2, body="The **weighted** sum.")
    response = editor_client.get(confirm_url(gloss))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Delete this gloss?" in html and "<strong>weighted</strong> sum." in html and "line 2" in html
    delete_url = reverse("gloss_delete", args=[gloss.pk])
    form = re.search(rf'<form[^>]*method="post" action="{delete_url}">.*?</form>', html, re.S).group(0)
    assert "csrfmiddlewaretoken" in form and "Delete the gloss</button>" in form
    assert "hx-" not in form and "onclick" not in html  # a real form step, not a script's confirm()
    assert f'href="/pieces/delete-song/?gloss={gloss.pk}#L2">Keep it</a>' in form
    assert Gloss.objects.live().filter(pk=gloss.pk).exists()  # asking deletes nothing


def test_answering_yes_deletes_it_softly(editor_client, piece):
    gloss = make_gloss(piece, line=1, body="Soon gone.")
    response = editor_client.post(reverse("gloss_delete", args=[gloss.pk]))
    assert response.status_code == 302
    assert not Gloss.objects.live().filter(pk=gloss.pk).exists()
    assert "Soon gone." not in editor_client.get(f"/pieces/{piece.slug}/").content.decode()


def test_commentary_on_the_whole_piece_is_asked_about_too(editor_client, piece):
    note = make_commentary(piece, heading="About it", body="Whole piece.")
    html = editor_client.get(confirm_url(note)).content.decode()
    assert "the whole piece" in html and f'href="/pieces/delete-song/?gloss={note.pk}#g{note.pk}">Keep it</a>' in html


def test_the_pane_offers_delete_as_a_link_to_the_question(editor_client, piece):
    gloss = make_gloss(piece, line=1, body="In the pane.")
    html = editor_client.get(f"/pieces/{piece.slug}/?gloss={gloss.pk}").content.decode()
    assert f'href="{confirm_url(gloss)}"' in html
    assert f'action="{reverse("gloss_delete", args=[gloss.pk])}"' not in html


def test_only_editors_are_asked(client, reader_client, piece):
    gloss = make_gloss(piece, line=1)
    assert reader_client.get(confirm_url(gloss)).status_code == 403
    client.logout()
    response = client.get(confirm_url(gloss))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_deleted_or_unknown_gloss_is_not_found(editor_client, editor, piece):
    gloss = make_gloss(piece, line=1)
    gloss.soft_delete(user=editor)
    assert editor_client.get(confirm_url(gloss)).status_code == 404
    assert editor_client.get(reverse("gloss_delete_confirm", args=[999999])).status_code == 404


def test_the_question_is_only_asked(editor_client, piece):
    gloss = make_gloss(piece, line=1)
    assert editor_client.post(confirm_url(gloss)).status_code == 405
    assert Gloss.objects.live().filter(pk=gloss.pk).exists()
