"""Every change is kept with who made it and when; an editor reads the diffs and restores any version."""

import pytest
from django.urls import reverse

from annotations.history import history_entries, word_diff
from annotations.models import Gloss
from tests.builders import make_commentary, make_gloss, make_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece():
    return make_piece("History Song", lines=["Queries kiss the keys", "Values start to sing"])


def test_word_diff_marks_what_was_removed_and_added():
    assert word_diff("the cat sat", "the dog sat") == [
        ("same", "the "), ("removed", "cat"), ("gap", " "), ("added", "dog"), ("same", " sat"),
    ]


@pytest.mark.parametrize("before, after", [
    ("the cat sat", "the big dog sat"),
    ("the quick brown fox", "a slow red fox jumps"),
    ("Attention is all you need", "Attention, it seems, is not all you need."),
    ("one  two\n\nthree", "one two three"),
    ("", "new words"),
    ("old words", ""),
])
def test_word_diff_keeps_every_space_of_both_versions(before, after):
    pieces = word_diff(before, after)
    assert "".join(text for kind, text in pieces if kind in ("same", "removed")) == before
    assert "".join(text for kind, text in pieces if kind in ("same", "added")) == after


def test_a_replaced_word_and_its_replacement_read_as_two_words(editor_client, editor, piece):
    # Shown side by side, "cat" struck out and "big dog" inserted once read "catbig dog".
    gloss = make_gloss(piece, line=1, body="the cat sat")
    gloss.revise(user=editor, based_on=1, reason="Edited", body="the big dog sat")
    html = editor_client.get(reverse("gloss_history", args=[gloss.pk])).content.decode()
    assert "the <del>cat</del> <ins>big dog</ins> sat" in html


def test_every_write_delete_and_restore_is_kept_with_who_and_why(editor_client, editor, other_editor, piece):
    editor_client.post(reverse("gloss_new", args=[piece.slug]), {"first_line": 1, "body": "One", "status": "draft"})
    gloss = Gloss.objects.get()
    editor_client.force_login(other_editor)
    editor_client.post(reverse("gloss_edit", args=[gloss.pk]), {"body": "Two", "status": "published", "version": 1})
    editor_client.post(reverse("gloss_delete", args=[gloss.pk]))
    editor_client.force_login(editor)
    editor_client.post(reverse("gloss_restore", args=[gloss.pk]))
    records = list(gloss.history.order_by("history_id").values_list(
        "version", "body", "history_user__username", "history_change_reason"))
    assert records == [
        (1, "One", "editor", "Written"),
        (2, "Two", "other-editor", "Edited"),
        (3, "Two", "other-editor", "Deleted"),
        (4, "Two", "editor", "Restored"),
    ]


def test_the_history_page_shows_each_version_as_an_escaped_diff(editor_client, editor, piece):
    gloss = make_gloss(piece, line=1, body="Attention is <b>all</b> you need")
    gloss.revise(user=editor, based_on=1, reason="Edited", body="Attention is <b>not</b> all you need",
                 status="draft")
    html = editor_client.get(reverse("gloss_history", args=[gloss.pk])).content.decode()
    assert "Version 2</strong> · Changed (Edited) by editor" in html
    assert "Version 1</strong> · Written ·" in html
    # The Markdown source, compared word by word, every character escaped.
    assert "Attention is <del>&lt;b&gt;all&lt;/b&gt;</del> <ins>&lt;b&gt;not&lt;/b&gt; all</ins> you need" in html
    assert "Status: published → draft" in html
    fragment = editor_client.get(reverse("gloss_history", args=[gloss.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Restore version 1" in fragment


def test_restoring_an_old_version_makes_a_new_one_and_loses_nothing(editor_client, editor, piece):
    gloss = make_gloss(piece, line=1, body="First thought")
    gloss.revise(user=editor, based_on=1, body="Second thought")
    first = gloss.history.earliest()
    response = editor_client.post(reverse("gloss_revert", args=[gloss.pk, first.history_id]))
    assert response.status_code == 302
    gloss.refresh_from_db()
    assert (gloss.body, gloss.version) == ("First thought", 3)
    assert [entry["version"] for entry in history_entries(gloss)] == [3, 2, 1]
    assert history_entries(gloss)[0]["reason"] == "Restored version 1"
    assert "First thought" in editor_client.get(f"/pieces/{piece.slug}/").content.decode()


def test_restoring_a_version_of_a_deleted_gloss_brings_it_back(editor_client, editor, piece):
    gloss = make_gloss(piece, line=1, body="Lost and found")
    gloss.soft_delete(user=editor)
    editor_client.post(reverse("gloss_revert", args=[gloss.pk, gloss.history.earliest().history_id]))
    assert Gloss.objects.live().filter(pk=gloss.pk).exists()


def test_a_version_of_another_gloss_cannot_be_restored_here(editor_client, piece):
    gloss = make_gloss(piece, line=1, body="Mine")
    other = make_gloss(piece, line=2, body="Theirs")
    response = editor_client.post(reverse("gloss_revert", args=[gloss.pk, other.history.earliest().history_id]))
    assert response.status_code == 404
    gloss.refresh_from_db()
    assert gloss.body == "Mine"


def test_commentary_has_history_and_restore_too(editor_client, editor, piece):
    note = make_commentary(piece, heading="Old heading", body="Old body")
    note.revise(user=editor, based_on=1, heading="New heading", body="New body")
    html = editor_client.get(reverse("gloss_history", args=[note.pk])).content.decode()
    assert "Heading: “Old heading” → “New heading”" in html
    editor_client.post(reverse("gloss_revert", args=[note.pk, note.history.earliest().history_id]))
    note.refresh_from_db()
    assert (note.heading, note.body, note.version) == ("Old heading", "Old body", 3)
