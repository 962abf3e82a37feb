"""Writing, editing and deleting glosses: plain forms that redirect, htmx forms that swap the pane."""

import json

import pytest
from django.urls import reverse

from annotations.models import Gloss
from catalogue.models import Piece
from tests.builders import make_gloss, make_piece

pytestmark = pytest.mark.django_db

LINES = ["Queries kiss the keys", "Values start to sing", "The softmax picks a king"]


@pytest.fixture
def piece():
    return make_piece("Attention Song", lines=LINES)


def new_url(piece):
    return reverse("gloss_new", args=[piece.slug])


# --- New gloss -------------------------------------------------------------------------------


def test_the_new_gloss_form_is_a_whole_page_without_htmx_and_the_pane_with_it(editor_client, piece):
    query = "?first_line=2&last_line=2&exact=start+to+sing&start=7&end=20"
    page = editor_client.get(new_url(piece) + query).content.decode()
    assert "<html" in page and "New gloss on line 2" in page and 'value="start to sing"' in page
    fragment = editor_client.get(new_url(piece) + query, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="editor-form"' in fragment and 'value="start to sing"' in fragment


def test_an_editor_glosses_a_phrase_selected_in_the_page(editor_client, editor, piece):
    data = {"first_line": 2, "last_line": 2, "exact": "start to sing", "start": 7, "end": 20,
            "body": "- one\n- [two](https://example.org)", "status": "published"}
    response = editor_client.post(new_url(piece), data)
    gloss = Gloss.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pieces/{piece.slug}/?gloss={gloss.pk}#L2"
    anchor = gloss.first_anchor
    assert (anchor.exact, anchor.start, anchor.end, anchor.prefix, anchor.suffix) == ("start to sing", 7, 20, "Values ", "")
    assert anchor.anchor_text == "Values start to sing" and gloss.created_by == editor
    assert '<a href="https://example.org">two</a>' in gloss.body_html
    assert "<li>one</li>" in editor_client.get(response["Location"]).content.decode()


def test_a_phrase_typed_without_offsets_is_found_in_the_chosen_lines(editor_client, piece):
    editor_client.post(new_url(piece), {"first_line": 3, "exact": "picks a king", "body": "x", "status": "published"})
    anchor = Gloss.objects.get().first_anchor
    assert (anchor.first_line, anchor.start, anchor.end) == (3, LINES[2].index("picks"), len(LINES[2]))


def test_offsets_that_disagree_with_the_phrase_are_corrected_by_the_server(editor_client, piece):
    editor_client.post(new_url(piece), {"first_line": 2, "exact": "to sing", "start": 0, "end": 3,
                                        "body": "x", "status": "published"})
    assert Gloss.objects.get().first_anchor.start == LINES[1].index("to sing")


def test_a_range_of_lines_can_be_glossed(editor_client, piece):
    editor_client.post(new_url(piece), {"first_line": 3, "last_line": 1, "body": "All three", "status": "published"})
    gloss = Gloss.objects.get()
    assert (gloss.first_line, gloss.last_line, gloss.exact) == (1, 3, "")
    assert gloss.line_label == "lines 1–3"


def test_a_phrase_across_two_lines_is_anchored_at_both_ends(editor_client, piece):
    editor_client.post(new_url(piece), {"first_line": 1, "last_line": 2, "exact": "the keys\nValues",
                                        "start": 13, "end": 6, "body": "x", "status": "published"})
    anchor = Gloss.objects.get().first_anchor
    assert (anchor.first_line, anchor.start, anchor.last_line, anchor.end) == (1, 13, 2, 6)


def test_a_phrase_not_in_the_lines_is_refused_and_the_text_is_kept(editor_client, piece):
    response = editor_client.post(new_url(piece), {"first_line": 1, "exact": "no such words",
                                                   "body": "My careful gloss", "status": "published"},
                                  HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "The selected phrase is not in the selected lines." in html and "My careful gloss" in html
    assert not Gloss.objects.exists()


def test_a_line_the_piece_does_not_have_is_refused(editor_client, piece):
    html = editor_client.post(new_url(piece), {"first_line": 9, "body": "x", "status": "published"}).content.decode()
    assert "not lines of this piece" in html and not Gloss.objects.exists()


def test_an_empty_body_is_refused(editor_client, piece):
    html = editor_client.post(new_url(piece), {"first_line": 1, "body": "", "status": "published"}).content.decode()
    assert "This field is required." in html and not Gloss.objects.exists()


def test_preview_shows_the_rendered_markdown_and_saves_nothing(editor_client, piece):
    html = editor_client.post(new_url(piece), {"first_line": 1, "body": "**bold**", "status": "published",
                                               "preview": "1"}).content.decode()
    assert '<div id="preview" class="markdown preview" aria-live="polite"><p><strong>bold</strong></p>' in html
    assert not Gloss.objects.exists()


def test_an_htmx_save_returns_the_pane_and_asks_the_page_to_refresh_its_reading(editor_client, piece):
    response = editor_client.post(new_url(piece), {"first_line": 1, "body": "*Fresh*", "status": "published"},
                                  HTTP_HX_REQUEST="true")
    gloss = Gloss.objects.get()
    html = response.content.decode()
    assert "<html" not in html and "<em>Fresh</em>" in html and "Saved." in html
    assert "glossesChanged" in json.loads(response["HX-Trigger"])
    assert response["HX-Push-Url"] == f"/pieces/{piece.slug}/?gloss={gloss.pk}#L1"
    reading = editor_client.get(f"/pieces/{piece.slug}/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="reading-slot")
    assert "<em>Fresh</em>" in reading.content.decode()


def test_drafts_are_shown_to_editors_only_and_not_counted_in_the_catalogue(editor_client, client, piece):
    editor_client.post(new_url(piece), {"first_line": 1, "body": "Half-thought", "status": "draft"})
    assert "Half-thought" in editor_client.get(f"/pieces/{piece.slug}/").content.decode()
    editor_client.logout()
    assert "Half-thought" not in client.get(f"/pieces/{piece.slug}/").content.decode()
    assert Piece.objects.get(pk=piece.pk).gloss_count == 0


def test_the_new_gloss_form_answers_neither_put_nor_delete(editor_client, piece):
    assert editor_client.put(new_url(piece)).status_code == 405
    assert editor_client.delete(new_url(piece)).status_code == 405


# --- Edit ------------------------------------------------------------------------------------


def edit(client, gloss, body, version, **extra):
    return client.post(reverse("gloss_edit", args=[gloss.pk]),
                       {"body": body, "status": "published", "version": version}, **extra)


def test_the_edit_form_carries_the_version_it_was_based_on(editor_client, piece):
    gloss = make_gloss(piece, line=1, body="Before")
    page = editor_client.get(reverse("gloss_edit", args=[gloss.pk])).content.decode()
    assert '<input type="hidden" name="version" value="1">' in page and ">Before</textarea>" in page
    fragment = editor_client.get(reverse("gloss_edit", args=[gloss.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and ">Before</textarea>" in fragment


def test_an_editor_edits_a_gloss_and_the_page_shows_it_at_once(editor_client, piece):
    gloss = make_gloss(piece, line=1, body="Before")
    editor_client.get(f"/pieces/{piece.slug}/")  # cache the reading
    response = edit(editor_client, gloss, "After", 1)
    assert response.status_code == 302
    gloss.refresh_from_db()
    assert (gloss.body, gloss.version) == ("After", 2)
    html = editor_client.get(f"/pieces/{piece.slug}/").content.decode()
    assert "After" in html and "Before" not in html


def test_the_later_of_two_editors_is_refused_and_keeps_the_typed_text(client, editor, other_editor, piece):
    gloss = make_gloss(piece, line=1, body="Original")
    client.force_login(other_editor)
    edit(client, gloss, "The other editor's words", 1)
    client.force_login(editor)
    response = edit(client, gloss, "My own words", 1, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    gloss.refresh_from_db()
    assert gloss.body == "The other editor's words" and gloss.version == 2
    assert "other-editor saved this while you were editing" in html
    assert "<p>The other editor's words</p>" in html  # their version, shown
    assert ">My own words</textarea>" in html  # mine, kept
    # The form now names their version, so saving again replaces it deliberately.
    assert '<input type="hidden" name="version" value="2">' in html
    edit(client, gloss, "My own words", 2)
    gloss.refresh_from_db()
    assert (gloss.body, gloss.version) == ("My own words", 3)


def test_editing_a_deleted_gloss_is_404(editor_client, editor, piece):
    gloss = make_gloss(piece, line=1).soft_delete(user=editor)
    assert edit(editor_client, gloss, "x", gloss.version).status_code == 404


def test_a_form_without_a_version_is_refused(editor_client, piece):
    gloss = make_gloss(piece, line=1, body="Before")
    response = editor_client.post(reverse("gloss_edit", args=[gloss.pk]), {"body": "After", "status": "published"})
    assert "did not say which version" in response.content.decode()
    gloss.refresh_from_db()
    assert gloss.body == "Before"


# --- Delete and restore ------------------------------------------------------------------------


def test_delete_is_soft_and_the_gloss_can_be_restored(editor_client, piece):
    gloss = make_gloss(piece, line=1, body="Keep me somewhere")
    response = editor_client.post(reverse("gloss_delete", args=[gloss.pk]))
    assert response["Location"] == reverse("gloss_history", args=[gloss.pk])
    assert "Keep me somewhere" not in editor_client.get(f"/pieces/{piece.slug}/").content.decode()
    gloss.refresh_from_db()
    assert gloss.deleted_at is not None
    history = editor_client.get(response["Location"]).content.decode()
    assert "This gloss is deleted" in history and "Restore it" in history
    deleted_list = editor_client.get(f"/pieces/{piece.slug}/?deleted=1").content.decode()
    assert "Keep me somewhere" in deleted_list

    editor_client.post(reverse("gloss_restore", args=[gloss.pk]))
    assert "Keep me somewhere" in editor_client.get(f"/pieces/{piece.slug}/").content.decode()


def test_an_htmx_delete_shows_the_history_with_a_restore_button(editor_client, piece):
    gloss = make_gloss(piece, line=1, body="Soon gone")
    response = editor_client.post(reverse("gloss_delete", args=[gloss.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Restore it" in html and "glossesChanged" in json.loads(response["HX-Trigger"])


def test_delete_answers_only_post(editor_client, piece):
    gloss = make_gloss(piece, line=1)
    assert editor_client.get(reverse("gloss_delete", args=[gloss.pk])).status_code == 405
    assert Gloss.objects.live().filter(pk=gloss.pk).exists()
