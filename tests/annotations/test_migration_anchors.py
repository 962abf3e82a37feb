"""Issue 10's migration: glosses, commentary, deleted ones, orphans, concepts and history all
survive the move to glosses with anchors. The database is taken back to the migrations before
issue 10, filled through those migrations' models, and migrated forward."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from annotations.history import history_entries
from annotations.models import Anchor, Gloss, concept_names_at
from search.results import search

BEFORE = [("annotations", "0002_concepts"), ("search", "0002_partitioned_index"), ("catalogue", "0004_piece_title_order")]
when = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _history(model, row, *, version, when, reason, kind="+", user=None, **changed):
    fields = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
    fields.update(changed, version=version)
    return model.objects.create(**fields, history_date=when, history_change_reason=reason, history_type=kind,
                                history_user=user)


@pytest.mark.django_db(transaction=True)
def test_every_gloss_commentary_orphan_deletion_and_version_survives():
    old = _migrate(BEFORE)
    User = old.get_model("auth", "User")
    Piece, Section, Line = (old.get_model("catalogue", name) for name in ("Piece", "Section", "Line"))
    Gloss0, Commentary0 = old.get_model("annotations", "Gloss"), old.get_model("annotations", "Commentary")
    HGloss0, HNote0 = old.get_model("annotations", "HistoricalGloss"), old.get_model("annotations", "HistoricalCommentary")
    Concept0 = old.get_model("annotations", "Concept")

    ada = User.objects.create(username="ada")
    piece = Piece.objects.create(title="Before", slug="before", kind="poem", line_count=3)
    section = Section.objects.create(piece=piece, position=0, label="Stanza 1", kind="stanza")
    for n, text in enumerate(["the softmax sleeps", "a warm temperature", "and then the end"], start=1):
        Line.objects.create(piece=piece, section=section, n=n, text=text)
    softmax = Concept0.objects.create(name="softmax", key="softmax", slug="softmax")

    phrase = Gloss0.objects.create(piece=piece, body="Sleeping *softmax*.", body_html="<p>x</p>", version=2,
                                   first_line=1, last_line=1, exact="softmax", prefix="the ", suffix=" sleeps",
                                   start=4, end=11, anchor_text="the softmax sleeps", created_by=ada, origin="import")
    phrase.concepts.add(softmax)
    first = _history(HGloss0, phrase, version=1, when=when, reason="Imported from the source file",
                     body="Sleeping.")
    second = _history(HGloss0, phrase, version=2, when=when + dt.timedelta(days=1), reason="Edited", kind="~",
                      user=ada)
    old.get_model("annotations", "HistoricalGloss_concepts").objects.create(
        id=Gloss0.concepts.through.objects.get(gloss=phrase).pk, history=second, gloss=phrase, concept=softmax)
    deleted = Gloss0.objects.create(piece=piece, body="Gone draft.", status="draft", first_line=2, last_line=3,
                                    anchor_text="a warm temperature\nand then the end", deleted_at=when)
    orphan = Gloss0.objects.create(piece=piece, body="Its line left.", first_line=3, last_line=3,
                                   anchor_text="a line that was", is_orphan=True)
    note = Commentary0.objects.create(piece=piece, heading="On the whole", body="Whole-piece *words*.",
                                      version=3, position=1, created_by=ada, origin="import")
    _history(HNote0, note, version=1, when=when, reason="Imported from the source file", body="First words.")
    _history(HNote0, note, version=2, when=when + dt.timedelta(hours=1), reason="Edited", kind="~", user=ada,
             status="draft")
    _history(HNote0, note, version=3, when=when + dt.timedelta(hours=2), reason="Edited", kind="~", user=ada)
    gone_note = Commentary0.objects.create(piece=piece, heading="", body="Deleted note.", deleted_at=when)
    Commentary0.objects.filter(pk=note.pk).update(created_at=when)

    _migrate(_latest())

    # Glosses keep their ids, words, versions, authors, concepts; each has its one anchor.
    g = Gloss.objects.get(pk=phrase.pk)
    assert (g.body, g.version, g.created_by.username, g.heading) == ("Sleeping *softmax*.", 2, "ada", "")
    assert [c.name for c in g.concepts.all()] == ["softmax"]
    [anchor] = g.anchors.all()
    assert (anchor.first_line, anchor.exact, anchor.prefix, anchor.start, anchor.end, anchor.is_orphan) == (
        1, "softmax", "the ", 4, 11, False)
    assert g.anchor_snapshot[0]["exact"] == "softmax" and not g.is_orphan
    assert Gloss.objects.get(pk=deleted.pk).deleted_at == when
    assert Gloss.objects.get(pk=deleted.pk).status == "draft"
    assert Gloss.objects.get(pk=deleted.pk).anchor_list[0].line_label == "lines 2–3"
    o = Gloss.objects.get(pk=orphan.pk)
    assert o.is_orphan and o.anchor_list[0].is_orphan and o.anchor_list[0].anchor_text == "a line that was"

    # Its history reads as before, each version with the anchor it had, concepts included.
    records = list(g.history.order_by("history_id"))
    assert [(r.version, r.body, r.history_change_reason) for r in records] == [
        (1, "Sleeping.", "Imported from the source file"), (2, "Sleeping *softmax*.", "Edited")]
    assert records[0].anchor_snapshot[0]["first_line"] == 1
    assert concept_names_at(records[1]) == ["softmax"]
    entries = history_entries(g)
    assert entries[0]["user"] == "ada" and "Concepts: none → softmax" in entries[0]["changes"]

    # Commentary became glosses without anchors (new ids, the old one kept), history copied.
    n = Gloss.objects.get(legacy_commentary_id=note.pk)
    assert (n.heading, n.body, n.version, n.status, n.position, n.created_by.username, n.created_at) == (
        "On the whole", "Whole-piece *words*.", 3, "published", 1, "ada", when)
    assert n.anchor_list == [] and n.body_html == note.body_html
    assert [(r.version, r.status, r.history_change_reason) for r in n.history.order_by("history_id")] == [
        (1, "published", "Imported from the source file"), (2, "draft", "Edited"), (3, "published", "Edited")]
    assert [e["version"] for e in history_entries(n)] == [3, 2, 1]
    assert "Status: draft → published" in history_entries(n)[0]["changes"]
    assert Gloss.objects.get(legacy_commentary_id=gone_note.pk).deleted_at == when
    assert n.import_key and g.import_key  # recognised by the next import of their file

    # Restoring a pre-migration version brings back its words and its anchor.
    g.revert_to(records[0], user=None)
    assert g.body == "Sleeping." and [a.exact for a in g.anchor_list] == ["softmax"]

    # The one rule, and the index rebuilt for it: readers find the published ones only.
    assert set(Gloss.objects.shown().values_list("pk", flat=True)) == {g.pk, n.pk}
    assert Anchor.objects.count() == 3
    found = search("whole piece words")
    assert [m.anchor for p in found.pieces for m in p.matches] == [f"g{n.pk}"]
    assert not search("deleted note").pieces
