"""The reading cached in parts, and the piece page cached for editors as for readers.

A write to one gloss renders again only the sections that gloss is on; an editor's page and
pane come from the cache with only their own name and CSRF token put in per request.
"""

import re

import pytest
from django.urls import reverse

from annotations import reading
from annotations.models import Gloss
from catalogue.pagecache import CSRF_STAND_IN, USERNAME_STAND_IN
from tests.builders import make_gloss, make_piece, notes_beside

pytestmark = pytest.mark.django_db

SECTIONS = 25  # of four lines each: a hundred lines


def url(piece, query=""):
    return reverse("piece_detail", args=[piece.slug]) + query


@pytest.fixture
def long_piece():
    piece = make_piece("Many Sections", n_lines=SECTIONS * 4, lines_per_section=4)
    for n in range(1, SECTIONS * 4, 3):
        make_gloss(piece, line=n, body=f"Note on line {n}")
    return piece


@pytest.fixture
def section_renders(monkeypatch):
    """The sections rendered, by the number of their first line."""
    rendered = []
    render = reading.render_section

    def counting(section, *args):
        rendered.append(section["rows"][0]["n"])
        return render(section, *args)

    monkeypatch.setattr(reading, "render_section", counting)
    return rendered


def test_a_write_to_one_gloss_renders_again_only_the_section_it_is_on(client, long_piece, section_renders):
    assert client.get(url(long_piece)).status_code == 200
    assert len(section_renders) == SECTIONS
    section_renders.clear()
    gloss = Gloss.objects.get(piece=long_piece, body="Note on line 58")
    gloss.revise(user=None, based_on=gloss.version, reason="Edited", body="Changed note on line 58")
    html = client.get(url(long_piece)).content.decode()
    assert section_renders == [57]  # lines 57–60: the one section the gloss stands on
    assert "Changed note on line 58" in notes_beside(html, 58) and "Note on line 55" in notes_beside(html, 55)


def test_a_new_gloss_on_two_sections_renders_those_two_again(client, long_piece, section_renders):
    client.get(url(long_piece))
    section_renders.clear()
    make_gloss(long_piece, line=6, body="Here and there", also=({"line": 90},))
    html = client.get(url(long_piece)).content.decode()
    assert sorted(section_renders) == [5, 89]
    assert "Here and there" in notes_beside(html, 6) and 'data-glosses="' in html


def test_the_parts_rendered_for_readers_are_not_shown_to_editors(client, editor, long_piece):
    make_gloss(long_piece, line=9, body="Only for editors", status="draft")
    assert "Only for editors" not in client.get(url(long_piece)).content.decode()
    client.force_login(editor)
    html = client.get(url(long_piece)).content.decode()
    assert "Only for editors" in html and "gloss-edit" in html


def test_a_changed_author_name_is_rendered_again(client, editor, long_piece):
    piece = make_piece("Authored")
    Gloss.write(piece, [], body="By someone", status="published", user=editor)
    assert "By <a" in client.get(url(piece)).content.decode()
    editor.first_name, editor.last_name = "Ada", "Lovelace"
    editor.save()
    piece.glosses_changed()  # the page's version; the parts follow what they show
    assert "Ada Lovelace" in client.get(url(piece)).content.decode()


# --- The editors' page: cached per version, personal bits per request -------------------------


def test_an_editors_page_is_rendered_once_per_version(client, editor, long_piece, section_renders,
                                                        django_assert_max_num_queries):
    client.force_login(editor)
    first = client.get(url(long_piece)).content.decode()
    # Signing in (session, user, permissions) and the piece's versions; nothing rendered.
    with django_assert_max_num_queries(5):
        again = client.get(url(long_piece)).content.decode()
    assert _without_tokens(again) == _without_tokens(first)
    assert "Signed in as <strong>editor</strong>" in again


def test_the_pane_for_an_editor_is_cached_too(client, editor, long_piece, django_assert_max_num_queries):
    client.force_login(editor)
    gloss = Gloss.objects.get(piece=long_piece, body="Note on line 10")
    pane = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "pane"}
    first = client.get(url(long_piece, f"?gloss={gloss.pk}"), **pane).content.decode()
    assert first.lstrip().startswith('<aside id="pane"') and 'name="csrfmiddlewaretoken"' in first
    with django_assert_max_num_queries(5):
        again = client.get(url(long_piece, f"?gloss={gloss.pk}"), **pane).content.decode()
    assert _without_tokens(again) == _without_tokens(first)
    client.get(url(long_piece, "?line=10"), **pane)  # a line's glosses: rendered once
    with django_assert_max_num_queries(5):
        assert "Note on line 10" in client.get(url(long_piece, "?line=10"), **pane).content.decode()


def test_two_editors_share_the_page_but_each_sees_their_own_name_and_token(client, editor, other_editor, long_piece):
    from django.test import Client

    client.force_login(editor)
    other = Client()
    other.force_login(other_editor)
    gloss = Gloss.objects.get(piece=long_piece, body="Note on line 10")
    mine = client.get(url(long_piece, f"?gloss={gloss.pk}")).content.decode()
    theirs = other.get(url(long_piece, f"?gloss={gloss.pk}")).content.decode()
    assert "Signed in as <strong>editor</strong>" in mine and "Signed in as <strong>other-editor</strong>" in theirs
    assert "<strong>editor</strong>" not in theirs
    for html in (mine, theirs):
        assert str(CSRF_STAND_IN) not in html and str(USERNAME_STAND_IN) not in html


def test_the_token_in_a_cached_page_is_accepted_by_a_write(editor, long_piece):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    gloss = Gloss.objects.get(piece=long_piece, body="Note on line 10")
    client.get(url(long_piece, f"?gloss={gloss.pk}"))  # cached now
    html = client.get(url(long_piece, f"?gloss={gloss.pk}")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    anchor = gloss.anchor_list[0]
    response = client.post(reverse("anchor_remove", args=[gloss.pk, anchor.pk]),
                           {"version": gloss.version, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert not Gloss.objects.get(pk=gloss.pk).anchors.exists()


def test_a_gloss_cannot_pose_as_a_stand_in_to_learn_a_token(client, editor):
    piece = make_piece("Posing")
    make_gloss(piece, line=1, body=f"[click](https://example.org/?t={CSRF_STAND_IN}) {USERNAME_STAND_IN}")
    client.force_login(editor)
    client.get(url(piece))
    html = client.get(url(piece)).content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
    assert token not in notes_beside(html, 1) and "editor" not in notes_beside(html, 1)


def test_a_page_with_a_message_waiting_is_rendered_for_its_reader_alone(client, editor):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    piece = make_piece("Messages")
    client.force_login(editor)
    client.get(url(piece))
    client.get(url(piece))  # cached
    storage = CookieStorage(None)
    client.cookies["messages"] = storage._encode([_message(constants.SUCCESS, "The gloss is on line 2 again.")])
    assert "The gloss is on line 2 again." in client.get(url(piece)).content.decode()
    assert "The gloss is on line 2 again." not in client.get(url(piece)).content.decode()


def _message(level, text):
    from django.contrib.messages.storage.base import Message

    return Message(level, text)


def _without_tokens(html: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)
