"""Re-import with glosses anchored to several places, and undo (issue 10 point 5, issue 9 point 5)."""

from pathlib import Path

import pytest

from annotations.imported import _sync_imported
from annotations.models import Gloss, Origin
from catalogue.importing.parsed import ParsedCommentary, ParsedGloss, ParsedPiece
from catalogue.importing.store import import_file, previous_source, restore_source
from tests.builders import make_gloss
from tests.annotations.test_reimport import SONG, imported, reimport

pytestmark = pytest.mark.django_db

POEM = (Path(__file__).resolve().parents[2] / "fixtures" / "catalogue" / "the-space-between-the-seen.txt").read_text()


def anchors(gloss):
    gloss = Gloss.objects.get(pk=gloss.pk)
    return [(a.first_line, a.exact, a.is_orphan) for a in gloss.anchor_list]


def test_a_gloss_with_one_of_three_anchors_lost_keeps_the_other_two():
    piece = imported()
    gloss = make_gloss(piece, line=1, phrase="ridge of the loss",
                       also=({"line": 5, "phrase": "careful hand"}, {"line": 6, "phrase": "overshoot the land"}))
    reimport(SONG.replace("a step too wide and we overshoot the land\n", ""))
    assert anchors(gloss) == [(1, "ridge of the loss", False), (5, "careful hand", False),
                              (6, "overshoot the land", True)]
    gloss.refresh_from_db()
    assert not gloss.is_orphan and Gloss.objects.shown().filter(pk=gloss.pk).exists()
    assert gloss.history.first().history_change_reason == "Orphaned by re-import: the text of line 6 is gone"
    assert [a["is_orphan"] for a in gloss.anchor_snapshot] == [False, False, True]

    # Its text back (an undo): the lost anchor goes back; losing all of them makes an orphan.
    restore_source(previous_source(piece))
    assert anchors(gloss)[2] == (6, "overshoot the land", False)
    reimport("# Loss Landscape\n\n[Verse 1]\nsomething else entirely\n")
    gloss.refresh_from_db()
    assert gloss.is_orphan and not Gloss.objects.shown(include_drafts=True).filter(pk=gloss.pk).exists()


def test_an_editors_gloss_is_never_deleted_by_a_re_import():
    piece = imported()
    mine = make_gloss(piece, line=6, phrase="overshoot the land")
    reimport("# Loss Landscape\n\n[Verse 1]\nnothing of the old song\n")
    mine.refresh_from_db()
    assert mine.deleted_at is None and mine.is_orphan


def parsed(*glosses, commentary=()):
    return ParsedPiece(title="Loss Landscape", kind="song", glosses=list(glosses), commentary=list(commentary))


def test_the_store_takes_the_new_shape_one_gloss_with_an_anchor_per_quote():
    from types import SimpleNamespace as Anchor

    piece = imported()
    lines = list(piece.lines.order_by("n").values_list("n", "text"))
    body = 'Both "careful hand" and "overshoot the land" are the learning rate.'
    new_shape = ParsedGloss(quote="careful hand", line=5, body=body)
    new_shape.anchors = [Anchor(quote="careful hand", line=5, last_line=None),
                         Anchor(quote="overshoot the land", line=6, last_line=None)]
    note = ParsedCommentary(heading="Why", body='On "Down, down the gradient goes".')
    note.anchors = [Anchor(quote="Down, down the gradient goes", line=3, last_line=None),
                    Anchor(quote="Down, down the gradient goes", line=7, last_line=None)]
    _sync_imported(piece, parsed(new_shape, commentary=[note, ParsedCommentary(heading="Whole", body="All of it.")]),
                   lines)
    gloss = Gloss.objects.get(piece=piece, body=body)
    assert anchors(gloss) == [(5, "careful hand", False), (6, "overshoot the land", False)]
    why = Gloss.objects.get(piece=piece, heading="Why")
    assert [a[0] for a in anchors(why)] == [3, 7]
    assert anchors(Gloss.objects.get(piece=piece, heading="Whole")) == []
    count = Gloss.objects.count()
    _sync_imported(piece, parsed(new_shape, commentary=[note, ParsedCommentary(heading="Whole", body="All of it.")]),
                   lines)
    assert Gloss.objects.count() == count  # the same file again: the same rows


def without_gloss_paragraphs(poem: str) -> str:
    """The poem with its gloss paragraphs taken out (every line after each 4-line stanza)."""
    lines = poem.split("\n")
    kept, verse = [lines[0]], 0
    for text in lines[1:]:
        if verse < 4 and text.strip():
            kept.append(text)
            verse += 1
        elif verse == 4:
            verse = 0  # the gloss paragraph
    return "\n".join(kept) + "\n"


def test_undo_of_an_import_brings_back_the_same_glosses_with_their_history(editor):
    piece = import_file("poem.txt", POEM.encode()).piece
    imported_ids = set(Gloss.objects.filter(piece=piece, origin=Origin.IMPORT).live().values_list("pk", flat=True))
    assert len(imported_ids) >= 5
    edited = Gloss.objects.filter(pk__in=imported_ids).order_by("pk").first()
    edited.revise(user=editor, based_on=edited.version, reason="Edited", body=edited.body + " (An editor's word.)")
    versions = {g.pk: g.history.count() for g in Gloss.objects.filter(piece=piece)}
    rows = Gloss.objects.count()

    outcome = import_file("poem.txt", without_gloss_paragraphs(POEM).encode())  # remove the glosses
    assert outcome.status == "updated"
    live = set(Gloss.objects.filter(piece=piece).live().values_list("pk", flat=True))
    assert live == {edited.pk}  # what an editor worked on stays theirs; the rest is retired

    restore_source(previous_source(piece))  # undo
    assert Gloss.objects.count() == rows  # no gloss made twice
    assert set(Gloss.objects.filter(piece=piece).live().values_list("pk", flat=True)) == imported_ids
    edited.refresh_from_db()
    assert edited.body.endswith("(An editor's word.)") and edited.version == 2
    for gloss in Gloss.objects.filter(pk__in=imported_ids - {edited.pk}):
        reasons = list(gloss.history.order_by("history_id").values_list("history_change_reason", flat=True))
        assert gloss.history.count() == versions[gloss.pk] + 2, reasons
        assert reasons[-2:] == ["No longer in the source file", "Back in the source file"]
        assert not gloss.retired and not gloss.is_orphan


def test_an_imported_gloss_an_editor_deleted_is_neither_brought_back_nor_made_again(editor):
    piece = import_file("poem.txt", POEM.encode()).piece
    deleted = Gloss.objects.filter(piece=piece, origin=Origin.IMPORT).order_by("pk").first()
    deleted.soft_delete(user=editor)
    rows = Gloss.objects.count()
    import_file("poem.txt", POEM.replace("A hush pervades", "A hush invades").encode())
    restore_source(previous_source(piece))
    deleted.refresh_from_db()
    assert deleted.deleted_at is not None and Gloss.objects.count() == rows
