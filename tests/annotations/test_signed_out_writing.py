"""An editor whose session ends while writing loses nothing: after signing in again, the form
they were saving offers back what they wrote, once, and saving it then is an ordinary save."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from annotations.models import Gloss
from tests.builders import make_commentary, make_gloss, make_piece

pytestmark = pytest.mark.django_db

TYPED = "A long thought about *logits*, typed for an hour <script>alert(1)</script>"


@pytest.fixture
def world(db):
    piece = make_piece("Signed Out", lines=["Queries kiss the keys", "Values start to sing"])
    return {"piece": piece, "gloss": make_gloss(piece, line=1, body="First words"),
            "note": make_commentary(piece, heading="On the piece", body="Notes")}


def writing_forms(world):
    piece, gloss, note = world["piece"], world["gloss"], world["note"]
    return {
        "gloss_new": (reverse("gloss_new", args=[piece.slug]),
                      {"first_line": 2, "exact": "start to sing", "start": 7, "end": 20, "body": TYPED,
                       "concepts": "logit", "status": "draft"}),
        "gloss_edit": (reverse("gloss_edit", args=[gloss.pk]),
                       {"body": TYPED, "concepts": "logit", "status": "draft", "version": 1}),
        "gloss_new_on_piece": (reverse("gloss_new", args=[piece.slug]),
                               {"heading": "Hours of work", "body": TYPED, "status": "draft"}),
        "gloss_edit_on_piece": (reverse("gloss_edit", args=[note.pk]),
                                {"heading": "Hours of work", "body": TYPED, "status": "draft", "version": 1}),
    }


def sign_in_through_the_login_page(client, next_url):
    response = client.post(f"/accounts/login/?next={next_url}",
                           {"username": "editor", "password": "editor-pass-1234", "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    return client.get(next_url)


def versions_written() -> int:
    return Gloss.history.count()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("form", ["gloss_new", "gloss_edit", "gloss_new_on_piece", "gloss_edit_on_piece"])
def test_what_an_editor_saved_while_signed_out_comes_back_in_the_form_after_signing_in(client, world, editor,
                                                                                       form, htmx):
    url, data = writing_forms(world)[form]
    before = versions_written()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(url, data, **headers)
    login = f"/accounts/login/?next={url}"
    assert (response["HX-Redirect"] if htmx else response["Location"]) == login
    assert versions_written() == before  # nothing is stored for someone signed out

    page = sign_in_through_the_login_page(client, url).content.decode()
    assert "You were signed out before this was saved" in page
    assert "typed for an hour &lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in page
    assert "<script>alert(1)" not in page
    assert "<em>logits</em>" in page  # the preview shows it as readers will
    if "heading" in data:
        assert 'value="Hours of work"' in page
    if "concepts" in data:
        assert 'value="logit"' in page
    assert versions_written() == before

    again = client.get(url).content.decode()  # handed over once: the form is the usual one now
    assert "You were signed out" not in again and "typed for an hour" not in again

    assert client.post(url, data).status_code == 302
    assert versions_written() == before + 1
    assert Gloss.objects.get(body=TYPED).status == "draft"


def test_kept_writing_is_offered_only_by_the_form_it_was_sent_from(client, world, editor):
    edit_url, data = writing_forms(world)["gloss_edit"]
    client.post(edit_url, data)
    client.force_login(editor)
    other = client.get(reverse("gloss_new", args=[world["piece"].slug])).content.decode()
    assert "typed for an hour" not in other and "You were signed out" not in other
    assert "typed for an hour" in client.get(edit_url).content.decode()


def test_a_signed_out_delete_keeps_nothing_and_returns_to_the_page_it_came_from(client, world, editor):
    piece_url = reverse("piece_detail", args=[world["piece"].slug])
    response = client.post(reverse("gloss_delete", args=[world["gloss"].pk]), HTTP_REFERER=f"http://testserver{piece_url}")
    assert unquote(response["Location"]) == f"/accounts/login/?next=http://testserver{piece_url}"
    assert "unsaved_writing" not in client.session


def test_an_empty_form_sent_while_signed_out_keeps_nothing(client, world):
    url, data = writing_forms(world)["gloss_new"]
    client.post(url, {**data, "body": "   "})
    assert "unsaved_writing" not in client.session
