"""/editors/<username>/: the glosses one editor wrote, newest first, each linking to its line."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from annotations.models import Gloss
from tests.builders import make_commentary, make_gloss, make_piece

pytestmark = pytest.mark.django_db


def page_url(user) -> str:
    return reverse("editor_detail", args=[user.get_username()])


@pytest.fixture
def piece():
    return make_piece("Attention Song", lines=["Queries kiss the keys", "Values start to sing", "Softmax picks a key"])


def written(piece, author, *, line=1, body="A gloss.", days_ago=0, **fields) -> Gloss:
    gloss = make_gloss(piece, line=line, body=body, created_by=author, **fields)
    Gloss.objects.filter(pk=gloss.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return gloss


def bodies_in_order(html: str, *bodies: str) -> list[str]:
    return sorted((body for body in bodies if body in html), key=html.index)


def test_lists_their_glosses_newest_first_each_linking_to_its_line(client, editor, piece):
    old = written(piece, editor, line=3, body="Written last year.", days_ago=365)
    new = written(piece, editor, line=2, body="Written today.")
    middle = written(piece, editor, line=1, body="Written last week.", days_ago=7)  # newest id, middle date
    html = client.get(page_url(editor)).content.decode()
    assert bodies_in_order(html, "Written today.", "Written last week.", "Written last year.") == [
        "Written today.", "Written last week.", "Written last year."]
    for gloss, line in ((old, 3), (new, 2), (middle, 1)):
        assert f'href="/pieces/attention-song/?gloss={gloss.pk}#L{line}"' in html
    assert "<h1" in html and "Glosses by editor" in html and "3 glosses" in html


def test_the_editor_is_named_by_their_full_name_when_they_have_one(client, editor, piece):
    editor.first_name, editor.last_name = "Ada", "Lovelace"
    editor.save()
    written(piece, editor)
    assert "Glosses by Ada Lovelace" in client.get(page_url(editor)).content.decode()


def test_a_gloss_on_the_whole_piece_links_to_the_gloss(client, editor, piece):
    note = make_commentary(piece, heading="About the song", body="Whole-piece note.", created_by=editor)
    html = client.get(page_url(editor)).content.decode()
    assert f'href="/pieces/attention-song/?gloss={note.pk}#g{note.pk}"' in html


def test_readers_see_only_what_is_published_and_shown(client, editor, piece):
    written(piece, editor, body="Published words.")
    written(piece, editor, body="Draft words.", status="draft")
    written(piece, editor, body="Deleted words.").soft_delete(user=editor)
    written(piece, editor, body="Orphaned words.", is_orphan=True)
    html = client.get(page_url(editor)).content.decode()
    assert "Published words." in html
    for hidden in ("Draft words.", "Deleted words.", "Orphaned words."):
        assert hidden not in html
    assert "1 gloss," in html


def test_editors_also_see_drafts_marked_as_drafts(client, editor, other_editor, piece):
    written(piece, editor, body="Draft words.", status="draft")
    client.force_login(other_editor)
    html = client.get(page_url(editor)).content.decode()
    assert "Draft words." in html and '<span class="badge">draft</span>' in html


def test_only_the_editors_own_glosses_are_listed(client, editor, other_editor, piece):
    written(piece, editor, body="Mine.")
    written(piece, other_editor, body="Theirs.")
    written(piece, None, body="From the file.", origin="import")
    html = client.get(page_url(editor)).content.decode()
    assert "Mine." in html and "Theirs." not in html and "From the file." not in html


def test_an_editor_with_nothing_published_yet_has_an_empty_page(client, editor):
    html = client.get(page_url(editor)).content.decode()
    assert "Glosses by editor" in html and "0 glosses" in html


def test_unknown_users_and_readers_have_no_page(client, reader):
    assert client.get(reverse("editor_detail", args=["nobody-at-all"])).status_code == 404
    assert client.get(page_url(reader)).status_code == 404


def test_a_former_editor_keeps_a_page_while_their_glosses_are_shown(client, piece):
    former = get_user_model().objects.create_user("former.editor@example.org", password="x-pass-1234")
    written(piece, former, body="Still here.")
    response = client.get(page_url(former))
    assert response.status_code == 200 and "Still here." in response.content.decode()


def test_costs_the_same_queries_for_one_gloss_or_thirty(client, editor, piece, django_assert_max_num_queries):
    written(piece, editor)
    client.get(page_url(editor))
    with django_assert_max_num_queries(8) as one:
        client.get(page_url(editor))
    other = make_piece("Another Song", n_lines=12)
    for n in range(29):
        written(other if n % 2 else piece, editor, line=1 + n % 3, body=f"Gloss {n}.")
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(page_url(editor)).content.decode()
    assert len(re.findall(r'class="editor-gloss"', html)) == 30


def test_many_glosses_are_paged(client, editor, piece):
    for n in range(55):
        written(piece, editor, body=f"Gloss number {n}.", days_ago=n)
    first = client.get(page_url(editor)).content.decode()
    second = client.get(page_url(editor) + "?page=2").content.decode()
    assert "Gloss number 0." in first and "Gloss number 54." not in first
    assert "Gloss number 54." in second and 'rel="prev"' in second
    assert client.get(page_url(editor) + "?page=x").status_code == 200  # the first page, not a 500


def test_refuses_writes(client, editor):
    assert client.post(page_url(editor)).status_code == 405


def test_a_readers_way_there_is_the_authors_name_under_each_gloss(client, editor, piece):
    editor.first_name = "Ada"
    editor.save()
    written(piece, editor, line=2, body="Signed words.")
    html = client.get(reverse("piece_detail", args=[piece.slug])).content.decode()
    assert f'By <a class="gloss-author" href="{page_url(editor)}">Ada</a>' in html
    assert "Signed words." in client.get(page_url(editor)).content.decode()
