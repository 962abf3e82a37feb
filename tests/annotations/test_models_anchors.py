"""Anchors are versions of their gloss: added, moved and removed with the no-lost-update check,
each in the history, and restorable with the rest of the version."""

import pytest

from annotations.anchoring import anchor_lines, anchor_phrase
from annotations.history import history_entries
from annotations.models import Anchor, Gloss, StaleEdit, piece_glosses
from tests.builders import make_commentary, make_gloss, make_piece, numbered_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece():
    return make_piece("Anchored", lines=["one two three", "four five six", "seven eight", "nine ten",
                                         "eleven", "twelve", "thirteen"], lines_per_section=7)


def places(gloss):
    gloss = Gloss.objects.get(pk=gloss.pk)
    return [(a.first_line, a.last_line, a.exact) for a in gloss.anchor_list]


def test_an_editor_writes_a_gloss_on_two_places_and_on_the_whole_piece(piece, editor):
    lines = numbered_lines(piece)
    gloss = Gloss.write(piece, [anchor_lines(lines, 3), anchor_phrase(lines, 1, 4, 1, 7, "two")],
                        body="Two places.", status="published", user=editor)
    assert places(gloss) == [(3, 3, ""), (1, 1, "two")]
    assert gloss.where_label == "lines 3, 1" and gloss.version == 1
    note = Gloss.write(piece, [], heading="All", body="On everything.", status="published", user=editor)
    assert note.is_on_piece and note.where_label == "the whole piece" and not note.is_orphan
    assert [g["id"] for g in piece_glosses(piece.pk, include_drafts=False)] == [gloss.pk, note.pk]


def test_add_move_remove_are_versions_with_their_change_in_the_history(piece, editor, other_editor):
    lines = numbered_lines(piece)
    gloss = make_gloss(piece, line=3)
    gloss.add_anchor(anchor_lines(lines, 7), user=editor, based_on=1)
    assert places(gloss) == [(3, 3, ""), (7, 7, "")] and gloss.version == 2
    seven = gloss.anchor_list[1]
    gloss.move_anchor(seven.pk, anchor_phrase(lines, 2, 5, 2, 9, "five"), user=other_editor, based_on=2)
    assert places(gloss) == [(3, 3, ""), (2, 2, "five")]
    gloss.remove_anchor(gloss.anchor_list[0].pk, user=editor, based_on=3)
    assert places(gloss) == [(2, 2, "five")] and gloss.version == 4

    entries = history_entries(gloss)
    assert [e["changes"] for e in entries[:3]] == [
        ["Anchors: lines 3, 2 → line 2"], ["Anchors: lines 3, 7 → lines 3, 2"], ["Anchors: line 3 → lines 3, 7"]]
    assert [e["user"] for e in entries[:3]] == ["editor", "other-editor", "editor"]
    assert entries[-1]["where"] == "line 3"


def test_an_anchor_edit_from_an_old_version_is_refused_and_changes_nothing(piece, editor):
    lines = numbered_lines(piece)
    gloss = make_gloss(piece, line=3)
    stale = Gloss.objects.get(pk=gloss.pk)
    gloss.revise(user=editor, based_on=1, body="Someone saved first.")
    for attempt in (lambda: stale.add_anchor(anchor_lines(lines, 5), user=editor, based_on=1),
                    lambda: stale.move_anchor(stale.anchor_list[0].pk, anchor_lines(lines, 5), user=editor, based_on=1),
                    lambda: stale.remove_anchor(stale.anchor_list[0].pk, user=editor, based_on=1)):
        with pytest.raises(StaleEdit) as refused:
            attempt()
        assert refused.value.current.version == 2
    assert places(gloss) == [(3, 3, "")]


def test_an_anchor_of_another_gloss_cannot_be_moved_or_removed_here(piece, editor):
    lines = numbered_lines(piece)
    gloss, other = make_gloss(piece, line=3), make_gloss(piece, line=4)
    with pytest.raises(Anchor.DoesNotExist):
        gloss.remove_anchor(other.anchor_list[0].pk, user=editor, based_on=1)
    with pytest.raises(Anchor.DoesNotExist):
        gloss.move_anchor(other.anchor_list[0].pk, anchor_lines(lines, 1), user=editor, based_on=1)
    assert places(other) == [(4, 4, "")] and Gloss.objects.get(pk=gloss.pk).version == 1


def test_restoring_a_version_brings_back_its_anchors_words_and_concepts(piece, editor):
    lines = numbered_lines(piece)
    gloss = Gloss.write(piece, [anchor_lines(lines, 3)], body="First.", status="published", user=editor,
                        concepts=["softmax"])
    gloss.add_anchor(anchor_lines(lines, 7), user=editor, based_on=1)
    gloss.revise(user=editor, based_on=2, body="Second.", concepts=[])
    gloss.remove_anchor(gloss.anchor_list[0].pk, user=editor, based_on=3)
    first = gloss.history.earliest()
    gloss.revert_to(first, user=editor)
    assert places(gloss) == [(3, 3, "")] and gloss.body == "First." and gloss.version == 5
    assert [c.name for c in gloss.concepts.all()] == ["softmax"]
    assert history_entries(gloss)[0]["changes"][:2] == ["Anchors: line 7 → line 3", "Concepts: none → softmax"]


def test_removing_the_last_anchor_leaves_a_gloss_on_the_whole_piece(piece, editor):
    gloss = make_gloss(piece, line=2)
    gloss.remove_anchor(gloss.anchor_list[0].pk, user=editor, based_on=1)
    assert gloss.is_on_piece and not gloss.is_orphan and Gloss.objects.shown().filter(pk=gloss.pk).exists()


def test_the_piece_glosses_cost_three_queries_however_many_glosses_and_anchors(piece, django_assert_num_queries):
    for n in range(1, 8):
        make_gloss(piece, line=n, also=({"line": 8 - n},), body=f"Gloss {n}")
    make_commentary(piece)
    with django_assert_num_queries(3):
        glosses = piece_glosses(piece.pk, include_drafts=True)
    assert len(glosses) == 8 and all(len(g["anchors"]) == 2 for g in glosses[:7])
    assert [g["first_line"] for g in glosses] == [1, 2, 3, 4, 5, 6, 7, None]


def test_500_glosses_with_3_anchors_each_cost_the_same_three_queries(django_assert_num_queries):
    from annotations.models import Anchor

    piece = make_piece("Big", n_lines=600, lines_per_section=600)
    glosses = Gloss.objects.bulk_create(Gloss(piece=piece, body=f"Gloss {i}") for i in range(500))
    Anchor.objects.bulk_create(
        Anchor(gloss=gloss, piece=piece, position=k, first_line=1 + (i + 7 * k) % 600, last_line=1 + (i + 7 * k) % 600)
        for i, gloss in enumerate(glosses) for k in range(3)
    )
    with django_assert_num_queries(3):
        shown = piece_glosses(piece.pk, include_drafts=False)
    assert len(shown) == 500 and {len(g["anchors"]) for g in shown} == {3}


def test_a_moved_anchor_keeps_its_id_and_the_others_keep_theirs(piece, editor):
    lines = numbered_lines(piece)
    gloss = make_gloss(piece, line=1, also=({"line": 2}, {"line": 3}))
    ids = [a.pk for a in gloss.anchor_list]
    gloss.move_anchor(ids[1], anchor_lines(lines, 6), user=editor, based_on=1)
    gloss.remove_anchor(ids[0], user=editor, based_on=2)
    gloss = Gloss.objects.get(pk=gloss.pk)
    assert [(a.pk, a.first_line, a.position) for a in gloss.anchor_list] == [(ids[1], 6, 0), (ids[2], 3, 1)]
