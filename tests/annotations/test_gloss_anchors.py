"""An editor changes where a gloss stands: adds a place, moves one, removes one.

Each change is a new version of the gloss (in its history, restorable) and is refused when
another editor saved the gloss meanwhile. The same endpoints serve the selection buttons
("Add to this gloss", "Move here") and the plain forms that work without JavaScript.
"""

import json

import pytest
from django.urls import reverse

from annotations.anchoring import anchor_lines, anchor_quote
from annotations.models import Gloss
from tests.builders import make_piece, numbered_lines

pytestmark = pytest.mark.django_db

LINES = ["Queries kiss the keys", "Values start to sing", "Softmax takes the wheel", "Values start to sing"]


@pytest.fixture
def piece():
    return make_piece("Places Song", lines=LINES)


def write(piece, *places, body="A gloss on *attention*.", status="published") -> Gloss:
    return Gloss.write(piece, list(places), body=body, status=status, user=None)


def place(piece, line, phrase=""):
    lines = numbered_lines(piece)
    if phrase:
        return anchor_quote([item for item in lines if item[0] == line], phrase)
    return anchor_lines(lines, line)


def spots(gloss) -> list[tuple[int, str]]:
    gloss = Gloss.objects.get(pk=gloss.pk)
    return [(anchor.first_line, anchor.exact) for anchor in gloss.anchor_list]


def add_url(gloss):
    return reverse("gloss_anchor_add", args=[gloss.pk])


def move_url(gloss, anchor):
    return reverse("anchor_move", args=[gloss.pk, anchor.pk])


def remove_url(gloss, anchor):
    return reverse("anchor_remove", args=[gloss.pk, anchor.pk])


def test_an_editor_adds_a_selected_phrase_to_a_gloss(editor_client, piece):
    gloss = write(piece, place(piece, 1, "kiss the keys"))
    response = editor_client.post(add_url(gloss), {"first_line": 3, "exact": "Softmax", "start": 0, "end": 7,
                                                   "version": 1})
    added = Gloss.objects.get(pk=gloss.pk).anchor_list[1]
    assert response.status_code == 302
    assert response["Location"] == f"/pieces/{piece.slug}/?gloss={gloss.pk}&anchor={added.pk}#L3"
    assert spots(gloss) == [(1, "kiss the keys"), (3, "Softmax")]
    assert Gloss.objects.get(pk=gloss.pk).version == 2


def test_a_place_added_with_htmx_answers_with_the_pane_and_refreshes_the_reading(editor_client, piece):
    gloss = write(piece, place(piece, 1))
    response = editor_client.post(add_url(gloss), {"first_line": 3, "version": 1}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "glossesChanged" in json.loads(response["HX-Trigger"])
    # Opened from the place just added: the other one is listed.
    assert "Also on line" in html and f"?gloss={gloss.pk}&amp;anchor=" in html and ">1</a>" in html


def test_without_javascript_the_add_form_takes_line_numbers(editor_client, piece):
    gloss = write(piece, place(piece, 1))
    page = editor_client.get(add_url(gloss) + "?first_line=2").content.decode()
    assert "<html" in page and "Add a place to the gloss" in page
    assert 'name="first_line"' in page and 'value="2"' in page and 'name="version" value="1"' in page
    editor_client.post(add_url(gloss), {"first_line": 2, "last_line": 3, "version": 1})
    gloss = Gloss.objects.get(pk=gloss.pk)
    assert [(a.first_line, a.last_line) for a in gloss.anchor_list] == [(1, 1), (2, 3)]


def test_an_editor_moves_a_place_to_other_words(editor_client, piece):
    gloss = write(piece, place(piece, 1, "kiss the keys"), place(piece, 3))
    first = gloss.anchor_list[0]
    response = editor_client.post(move_url(gloss, first), {"first_line": 2, "exact": "start to sing", "version": 1})
    moved = Gloss.objects.get(pk=gloss.pk).anchor_list[0]
    # Back on the page, opened from the place where it now stands.
    assert response["Location"] == f"/pieces/{piece.slug}/?gloss={gloss.pk}&anchor={moved.pk}#L2"
    assert spots(gloss) == [(2, "start to sing"), (3, "")]
    # A form still naming the place as it was is refused as stale, not applied twice.
    again = editor_client.post(move_url(gloss, first), {"first_line": 4, "version": 1})
    assert again.status_code == 200 and "Another editor saved this gloss" in again.content.decode()


def test_the_move_form_works_without_javascript(editor_client, piece):
    gloss = write(piece, place(piece, 1))
    anchor = gloss.anchor_list[0]
    page = editor_client.get(move_url(gloss, anchor)).content.decode()
    assert "Move the place on line 1" in page and "Move it here" in page


def test_an_editor_removes_a_place_and_the_gloss_keeps_the_others(editor_client, piece):
    gloss = write(piece, place(piece, 1), place(piece, 3))
    editor_client.post(remove_url(gloss, gloss.anchor_list[0]), {"version": 1})
    assert spots(gloss) == [(3, "")]
    assert "A gloss on" in editor_client.get(f"/pieces/{piece.slug}/").content.decode()


def test_removing_the_last_place_leaves_commentary_on_the_whole_piece(editor_client, piece):
    gloss = write(piece, place(piece, 2))
    response = editor_client.post(remove_url(gloss, gloss.anchor_list[0]), {"version": 1})
    assert response["Location"] == f"/pieces/{piece.slug}/?gloss={gloss.pk}#g{gloss.pk}"
    html = editor_client.get(f"/pieces/{piece.slug}/").content.decode()
    commentary = html.split('aria-label="Commentary on the piece"')[1].split("</section>")[0]
    assert f'id="g{gloss.pk}"' in commentary and "<em>attention</em>" in commentary


def test_a_change_based_on_an_older_version_is_refused_and_says_so(client, editor, other_editor, piece):
    gloss = write(piece, place(piece, 1))
    client.force_login(other_editor)
    client.post(add_url(gloss), {"first_line": 2, "version": 1})
    client.force_login(editor)
    html = client.post(add_url(gloss), {"first_line": 3, "version": 1}).content.decode()
    assert "Another editor saved this gloss" in html and 'name="version" value="2"' in html
    assert spots(gloss) == [(1, ""), (2, "")]
    # Removing and moving check the version the same way.
    anchor = Gloss.objects.get(pk=gloss.pk).anchor_list[0]
    html = client.post(remove_url(gloss, anchor), {"version": 1}).content.decode()
    assert "nothing was removed" in html
    client.post(move_url(gloss, anchor), {"first_line": 4, "version": 1})
    assert spots(gloss) == [(1, ""), (2, "")]
    # Sent again from the refreshed form, the change is made: a deliberate choice.
    client.post(add_url(gloss), {"first_line": 3, "version": 2})
    assert spots(gloss) == [(1, ""), (2, ""), (3, "")]


@pytest.mark.parametrize("data, message", [
    ({"first_line": 99, "version": 1}, "not lines of this piece"),
    ({"first_line": 1, "exact": "not in the line", "version": 1}, "not in the selected lines"),
    ({"version": 1}, "This field is required"),
    ({"first_line": "one", "version": 1}, "Enter a whole number"),
    ({"first_line": 1}, "did not say which version"),
    ({"first_line": 1, "version": "x"}, "did not say which version"),
])
def test_bad_places_come_back_as_form_errors_and_change_nothing(editor_client, piece, data, message):
    gloss = write(piece, place(piece, 1))
    response = editor_client.post(add_url(gloss), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert spots(gloss) == [(1, "")]


def test_an_anchor_of_another_gloss_or_none_at_all_is_404(editor_client, piece):
    gloss = write(piece, place(piece, 1))
    other = write(piece, place(piece, 2))
    assert editor_client.post(move_url(gloss, other.anchor_list[0]), {"first_line": 3, "version": 1}).status_code == 404
    assert editor_client.post(remove_url(gloss, other.anchor_list[0]), {"version": 1}).status_code == 404
    assert editor_client.post(reverse("anchor_remove", args=[gloss.pk, 999999]), {"version": 1}).status_code == 404
    assert spots(other) == [(2, "")]


def test_a_remove_without_a_version_is_refused(editor_client, piece):
    gloss = write(piece, place(piece, 1), place(piece, 2))
    response = editor_client.post(remove_url(gloss, gloss.anchor_list[0]), {"version": "soon"})
    assert response.status_code == 400 and len(spots(gloss)) == 2


def test_place_writes_answer_only_their_methods(editor_client, piece):
    gloss = write(piece, place(piece, 1))
    anchor = gloss.anchor_list[0]
    assert editor_client.get(remove_url(gloss, anchor)).status_code == 405
    assert editor_client.put(add_url(gloss)).status_code == 405
    assert editor_client.delete(move_url(gloss, anchor)).status_code == 405


def test_place_changes_are_versions_in_the_history_and_an_earlier_one_comes_back(editor_client, piece):
    gloss = write(piece, place(piece, 1))
    editor_client.post(add_url(gloss), {"first_line": 3, "version": 1})
    anchor = Gloss.objects.get(pk=gloss.pk).anchor_list[1]
    editor_client.post(move_url(gloss, anchor), {"first_line": 4, "version": 2})
    history = editor_client.get(reverse("gloss_history", args=[gloss.pk])).content.decode()
    assert "Anchors: line 1 → lines 1, 3" in history and "Anchors: lines 1, 3 → lines 1, 4" in history
    record = Gloss.objects.get(pk=gloss.pk).history.get(version=1)
    editor_client.post(reverse("gloss_revert", args=[gloss.pk, record.history_id]))
    assert spots(gloss) == [(1, "")]
    assert Gloss.objects.get(pk=gloss.pk).version == 4


def test_the_pane_lists_the_places_with_move_and_remove_for_editors_only(client, editor, piece):
    gloss = write(piece, place(piece, 1, "kiss the keys"), place(piece, 3))
    url = f"/pieces/{piece.slug}/?gloss={gloss.pk}"
    reader_pane = client.get(url).content.decode().split('<aside id="pane"')[1]
    assert "Also on line" in reader_pane and move_url(gloss, gloss.anchor_list[0]) not in reader_pane
    assert "data-add-anchor" not in reader_pane
    client.force_login(editor)
    pane = client.get(url).content.decode().split('<aside id="pane"')[1]
    for anchor in gloss.anchor_list:
        assert move_url(gloss, anchor) in pane and remove_url(gloss, anchor) in pane
    assert f'data-add-anchor="{add_url(gloss)}"' in pane and 'data-version="1"' in pane
    assert f'data-move-anchor="{move_url(gloss, gloss.anchor_list[0])}"' in pane
