"""Re-importing a piece's file keeps every gloss: on its phrase where the text still has it,
otherwise an orphan — kept with its last text, listed, and re-attachable by hand."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from annotations.anchoring import AnchorError
from annotations.imported import reattach_gloss, retry_orphans
from annotations.models import Gloss
from catalogue.importing.store import import_file, previous_source, restore_source
from catalogue.models import Piece
from tests.builders import make_gloss

pytestmark = pytest.mark.django_db

SONG = """# Loss Landscape

[Verse 1]
We started high on the ridge of the loss
every weight a guess, every guess a cost

[Chorus]
Down, down the gradient goes
where the minimum is nobody knows

[Verse 2]
The learning rate was a careful hand
a step too wide and we overshoot the land

[Chorus]
Down, down the gradient goes
where the minimum is nobody knows
"""


def imported(text: str = SONG) -> Piece:
    outcome = import_file("loss-landscape.md", text.encode())
    assert outcome.status in {"created", "updated"}, outcome.error
    return outcome.piece


def reimport(text: str):
    return import_file("loss-landscape.md", text.encode())


def where(gloss: Gloss) -> tuple:
    """Orphan state of the gloss and the place of its (first) anchor."""
    anchor = first_anchor(gloss)
    return Gloss.objects.get(pk=gloss.pk).is_orphan, anchor.first_line, anchor.last_line, anchor.exact


def first_anchor(gloss: Gloss):
    return Gloss.objects.get(pk=gloss.pk).anchors.order_by("position").first()


def line(piece: Piece, n: int) -> str:
    return piece.lines.get(n=n).text


def test_the_same_file_again_changes_nothing():
    piece = imported()
    gloss = make_gloss(piece, line=5, phrase="careful hand")
    versions = (piece.content_version, gloss.history.count())
    assert reimport(SONG).status == "unchanged"
    piece.refresh_from_db()
    assert (piece.content_version, gloss.history.count()) == versions
    assert where(gloss) == (False, 5, 5, "careful hand")


def test_a_phrase_gloss_follows_its_line_when_another_word_of_the_line_is_edited():
    piece = imported()
    gloss = make_gloss(piece, line=5, phrase="careful hand")
    reimport(SONG.replace("The learning rate was a careful hand", "The learning rate is a careful hand"))
    assert where(gloss) == (False, 5, 5, "careful hand")
    anchor = first_anchor(gloss)
    assert line(piece, 5)[anchor.start:anchor.end] == "careful hand"


def test_a_line_gloss_follows_its_line_when_the_line_is_edited_slightly():
    piece = imported()
    gloss = make_gloss(piece, line=2)
    reimport(SONG.replace("every weight a guess, every guess a cost", "every weight a guess, and every guess a cost"))
    assert where(gloss) == (False, 2, 2, "")
    assert first_anchor(gloss).anchor_text == "every weight a guess, and every guess a cost"


def test_glosses_move_down_when_lines_are_inserted_above_them():
    piece = imported()
    phrase = make_gloss(piece, line=6, phrase="overshoot the land")
    whole = make_gloss(piece, line=5)
    reimport(SONG.replace("[Verse 2]\n", "[Verse 2]\nA new first line for the verse\nand a second one\n"))
    assert where(phrase) == (False, 8, 8, "overshoot the land")
    assert where(whole) == (False, 7, 7, "")


def test_a_gloss_on_a_deleted_line_becomes_an_orphan_that_keeps_its_text_and_is_still_listed(admin_client):
    piece = imported()
    gloss = make_gloss(piece, line=6, phrase="overshoot the land", body="Too **large** a step.")
    kept = make_gloss(piece, line=5, phrase="careful hand")
    reimport(SONG.replace("a step too wide and we overshoot the land\n", ""))

    gloss.refresh_from_db()
    assert gloss.is_orphan and gloss.deleted_at is None
    assert first_anchor(gloss).exact == "overshoot the land"
    assert first_anchor(gloss).anchor_text == "a step too wide and we overshoot the land"
    assert gloss.history.first().history_change_reason == "Orphaned by re-import: its text is gone"
    assert where(kept) == (False, 5, 5, "careful hand")
    piece.refresh_from_db()
    assert piece.gloss_count == 1  # the catalogue counts glosses a reader can see on a line

    orphans = admin_client.get(reverse("admin:annotations_gloss_changelist") + "?orphan=yes").content.decode()
    assert "Too **large** a step." in orphans and "was on line 6" in orphans
    assert "careful hand" not in orphans


def test_glosses_follow_their_stanzas_when_the_stanzas_are_reordered():
    piece = imported()
    ridge = make_gloss(piece, line=1, phrase="ridge of the loss")
    cost = make_gloss(piece, line=2)
    hand = make_gloss(piece, line=5, phrase="careful hand")
    verse1, chorus, verse2 = SONG.split("\n\n")[1:4]
    reimport(f"# Loss Landscape\n\n{verse2}\n\n{chorus}\n\n{verse1}\n\n{chorus}\n")
    assert where(hand) == (False, 1, 1, "careful hand")
    assert where(ridge) == (False, 5, 5, "ridge of the loss")
    assert where(cost) == (False, 6, 6, "")


def test_a_gloss_on_the_second_chorus_stays_on_the_second_chorus_when_a_verse_grows():
    piece = imported()
    second = make_gloss(piece, line=8)
    first = make_gloss(piece, line=4)
    reimport(SONG.replace("a step too wide and we overshoot the land\n",
                          "a step too wide and we overshoot the land\nand bounce from wall to wall\n"))
    assert where(first) == (False, 4, 4, "")
    assert where(second) == (False, 9, 9, "")


def test_glosses_that_came_with_the_file_are_kept_once_across_re_imports():
    from pathlib import Path

    poem = (Path(__file__).resolve().parents[2] / "fixtures" / "catalogue" / "the-space-between-the-seen.txt").read_text()
    outcome = import_file("poem.txt", poem.encode())
    count = Gloss.objects.filter(piece=outcome.piece).live().count()
    assert count > 0
    import_file("poem.txt", poem.replace("In hidden realms where numbers dream,", "Far in hidden realms where numbers dream,").encode())
    assert Gloss.objects.filter(piece=outcome.piece).live().count() == count
    first = Gloss.objects.get(piece=outcome.piece, anchors__exact__iexact="hidden realms where numbers dream")
    anchor = first_anchor(first)
    assert (anchor.first_line, anchor.start, first.is_orphan) == (1, 7, False)


def test_undo_brings_back_the_deleted_line_and_its_orphan():
    piece = imported()
    gloss = make_gloss(piece, line=6, phrase="overshoot the land")
    reimport(SONG.replace("a step too wide and we overshoot the land\n", ""))
    assert where(gloss)[0] is True

    outcome = restore_source(previous_source(piece))
    assert outcome.status == "updated"
    assert where(gloss) == (False, 6, 6, "overshoot the land")
    piece.refresh_from_db()
    assert piece.line_count == 8 and piece.gloss_count == 1
    assert piece.sources.count() == 3


def test_undo_restores_an_admins_title_too():
    outcome = import_file("loss-landscape.md", SONG.encode(), title="The Landscape of Loss")
    piece = outcome.piece
    import_file("loss-landscape.md", SONG.replace("careful", "gentle").encode(), piece=piece)
    piece.refresh_from_db()
    assert piece.title == "Loss Landscape"
    restore_source(previous_source(piece))
    piece.refresh_from_db()
    assert piece.title == "The Landscape of Loss" and "careful hand" in line(piece, 5)


# --- Re-attaching by hand

def orphaned() -> tuple[Piece, Gloss]:
    piece = imported()
    gloss = make_gloss(piece, line=6, phrase="overshoot the land", body="Too large a step.")
    reimport(SONG.replace("a step too wide and we overshoot the land", "a step too wide and we fly past the floor"))
    gloss.refresh_from_db()
    assert gloss.is_orphan
    return piece, gloss


def test_an_orphan_can_be_reattached_to_a_phrase_of_the_new_text():
    piece, gloss = orphaned()
    editor = get_user_model().objects.create_user("ed", password="ed-pass-12345")
    gloss = reattach_gloss(gloss, 6, 6, "fly past the floor", user=editor)
    assert where(gloss) == (False, 6, 6, "fly past the floor")
    anchor = first_anchor(gloss)
    assert line(piece, 6)[anchor.start:anchor.end] == "fly past the floor"
    assert gloss.version == 2
    record = gloss.history.first()
    assert (record.history_user, record.history_change_reason) == (editor, "Re-attached by hand to line 6")
    piece.refresh_from_db()
    assert piece.gloss_count == 1


def test_an_orphan_can_be_reattached_to_whole_lines():
    _, gloss = orphaned()
    gloss = reattach_gloss(gloss, 5, 6)
    assert where(gloss) == (False, 5, 6, "")


def test_reattaching_to_a_phrase_that_is_not_on_those_lines_is_refused_and_changes_nothing():
    _, gloss = orphaned()
    with pytest.raises(AnchorError, match="not in the selected lines"):
        reattach_gloss(gloss, 1, 1, "fly past the floor")
    with pytest.raises(AnchorError, match="not lines of this piece"):
        reattach_gloss(gloss, 40)
    assert where(gloss) == (True, 6, 6, "overshoot the land")


def test_reattaching_from_an_outdated_version_is_refused():
    from annotations.models import StaleEdit

    _, gloss = orphaned()
    seen = gloss.version
    gloss.revise(user=None, based_on=seen, body="Someone else's words.")
    with pytest.raises(StaleEdit):
        reattach_gloss(gloss, 6, based_on=seen)
    assert where(gloss)[0] is True


def test_trying_an_orphan_again_places_it_once_its_text_is_back():
    piece, gloss = orphaned()
    assert retry_orphans(Gloss.objects.filter(pk=gloss.pk)) == 0
    piece.lines.filter(n=6).update(text="a step too wide and we overshoot the land")
    assert retry_orphans(Gloss.objects.filter(pk=gloss.pk)) == 1
    assert where(gloss) == (False, 6, 6, "overshoot the land")


# --- Orphans in the admin

def test_the_admin_reattach_page_shows_the_orphans_last_text_and_the_lines_now(admin_client):
    _, gloss = orphaned()
    html = admin_client.get(reverse("admin:annotations_gloss_reattach", args=[gloss.pk])).content.decode()
    assert "a step too wide and we overshoot the land" in html  # what it was written on
    assert '<li value="6">a step too wide and we fly past the floor</li>' in html


def test_the_admin_reattaches_an_orphan_from_its_form(admin_client):
    _, gloss = orphaned()
    url = reverse("admin:annotations_gloss_reattach", args=[gloss.pk])
    response = admin_client.post(url, {"first_line": 6, "last_line": 6, "phrase": "fly past the floor"}, follow=True)
    assert "The gloss now stands on line 6." in response.content.decode()
    assert where(gloss) == (False, 6, 6, "fly past the floor")


def test_the_admin_reattach_form_explains_a_phrase_it_cannot_find(admin_client):
    _, gloss = orphaned()
    url = reverse("admin:annotations_gloss_reattach", args=[gloss.pk])
    html = admin_client.post(url, {"first_line": 2, "phrase": "fly past the floor"}).content.decode()
    assert "The selected phrase is not in the selected lines." in html
    assert where(gloss)[0] is True


def test_the_reattach_page_is_for_staff_and_rejects_other_methods(admin_client, editor):
    from django.test import Client

    _, gloss = orphaned()
    url = reverse("admin:annotations_gloss_reattach", args=[gloss.pk])
    editor_client = Client()
    editor_client.force_login(editor)
    response = editor_client.post(url, {"first_line": 6})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert where(gloss)[0] is True
    assert admin_client.put(url).status_code == 405


def test_the_admin_action_tries_the_selected_orphans_again(admin_client):
    piece, gloss = orphaned()
    piece.lines.filter(n=6).update(text="a step too wide and we overshoot the land")
    response = admin_client.post(reverse("admin:annotations_gloss_changelist"),
                                 {"action": "try_placing_again", "_selected_action": [gloss.pk]}, follow=True)
    assert "1 anchor found a place; 0 still orphaned." in response.content.decode()
    assert where(gloss)[0] is False


def test_an_admin_cannot_delete_a_gloss(admin_client):
    _, gloss = orphaned()
    response = admin_client.post(reverse("admin:annotations_gloss_delete", args=[gloss.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Gloss.objects.filter(pk=gloss.pk).exists()
