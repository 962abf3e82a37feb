"""The catalogue as `import_catalogue fixtures/catalogue` stores it: the facts a reader sees."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from annotations.models import Anchor, Gloss
from catalogue.models import ImportBatch, Line, Piece, Section
from catalogue.signals import piece_text_imported

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(capsys):
    call_command("import_catalogue", str(CATALOGUE))
    return capsys.readouterr().out


def lines_of(slug):
    return list(Line.objects.filter(piece__slug=slug).order_by("n"))


def test_every_file_reports_created(imported):
    assert imported.count(": created") == 5
    assert Piece.objects.count() == 5


def test_a_second_import_creates_nothing(imported, capsys):
    counts = (Piece.objects.count(), Line.objects.count(), Gloss.objects.count(), Anchor.objects.count())
    call_command("import_catalogue", str(CATALOGUE))
    out = capsys.readouterr().out
    assert out.count(": unchanged") == 5
    assert (Piece.objects.count(), Line.objects.count(), Gloss.objects.count(), Anchor.objects.count()) == counts


def test_table_export_song(imported):
    piece = Piece.objects.get(title="Let the softmax testify")
    assert piece.kind == "song"
    labels = list(piece.sections.order_by("position").values_list("label", flat=True))
    assert labels == ["Intro", "Verse 1", "Verse 2", "Chorus", "Verse 3", "Verse 4", "Breakdown",
                      "Chorus", "Bridge", "Final Chorus", "Outro"]
    lines = lines_of(piece.slug)
    assert len(lines) == 66
    assert (lines[0].text, lines[0].echo) == ("Started with a pencil and a page of arithmetic", "arithmetic")
    assert piece.tempo_bpm == 130 and piece.key == "C minor"
    assert "Dolby atmos" in piece.style and "Industrial techno" in piece.style
    texts = " ".join(line.text for line in lines)
    for chrome in ("Created", "Save", "bidirectional", "Sign up", "Sign in", "conversation"):
        assert chrome not in texts


def test_markdown_song(imported):
    piece = Piece.objects.get(title="Confession of a Softmax Layer")
    assert str(piece.written) == "2026-02-13"
    assert piece.author.startswith("Claude Opus 4.6")
    assert piece.status.startswith("Suno-ready draft")
    assert (piece.tempo_bpm, piece.key) == (68, "C minor")
    assert "Confessional singer-songwriter" in piece.style
    sections = list(piece.sections.order_by("position"))
    assert [s.label for s in sections] == ["Verse 1", "Chorus", "Verse 2", "Bridge", "Verse 3", "Chorus",
                                           "Outro", "Final line"]
    assert sections[0].direction == "Whispered, close-miked, single guitar"
    assert sections[-1].direction == "Spoken, a breath"
    bridge = list(sections[3].lines.order_by("n"))
    assert len(bridge) == 14 and all(line.kind == "spoken" for line in bridge)
    assert bridge[0].text == "> be me"
    directions = Line.objects.filter(piece=piece, kind="direction")
    assert [line.text for line in directions] == ["(silence)", "(a single bit-crushed note, decaying)", "(silence)"]
    assert not directions.exclude(echo="").exists()
    # A note that quotes nothing is on the piece; one that quotes lyrics is stored once, on them.
    headings = list(Gloss.objects.filter(piece=piece, anchors__isnull=True).values_list("heading", flat=True))
    assert headings == ["Formal Choices"]
    assert "The Temperature Conceit" in Gloss.objects.filter(piece=piece).values_list("heading", flat=True)
    last = Line.objects.get(piece=piece, text="I am the violence at the end of thought.")
    gloss = Gloss.objects.get(piece=piece, anchors__first_line=last.n)
    assert gloss.exact == "I am the violence at the end of thought."
    assert "Every token you read" in gloss.body
    assert Gloss.objects.filter(piece=piece, body__contains="The poem lives at T = 0.7").count() == 1


def test_glossed_poem(imported):
    piece = Piece.objects.get(title="The Space Between The Seen")
    assert piece.kind == "poem"
    sections = list(piece.sections.order_by("position"))
    assert len(sections) == 7 and all(s.lines.count() == 4 for s in sections)
    first = Gloss.objects.get(piece=piece, anchors__exact__iexact="hidden realms where numbers dream")
    assert first.first_line == 1
    keys = Gloss.objects.get(piece=piece, anchors__exact__iexact="phantom keys")
    assert keys.first_line == 13
    # One gloss per paragraph, whole: no sentence cut at a quote.
    assert Gloss.objects.filter(piece=piece).count() == 7
    second = Gloss.objects.get(piece=piece, anchors__first_line=6)
    assert second.body.startswith("This captures the pre-symbolic stage")
    assert second.body.endswith("emerges from the interpolations in latent space.")
    assert not Line.objects.filter(piece=piece, text__contains="evokes").exists()


def test_song_page(imported):
    piece = Piece.objects.get(title="Exercises")
    assert sorted(piece.tags.values_list("name", flat=True)) == sorted(
        ["afro trap r&b", "accordion drill", "koto alt-pop", "doo-wop drumstep"])
    assert piece.duration == "3:27"
    sections = list(piece.sections.order_by("position"))
    assert len(sections) == 9
    assert Line.objects.filter(piece=piece).count() == 52
    choruses = [s for s in sections if s.label == "Chorus"]
    assert choruses[0].repeat_of is None
    assert [s.repeat_of_id for s in choruses[1:]] == [choruses[0].pk, choruses[0].pk]
    texts = " ".join(Line.objects.filter(piece=piece).values_list("text", flat=True))
    assert "Listen on" not in texts and "Readings" not in texts


def test_prose(imported):
    piece = Piece.objects.get(title="The Permanent Thing Is Not the One That Runs")
    assert piece.kind == "prose"
    assert Section.objects.filter(piece=piece, kind="paragraph").count() == 6
    assert Line.objects.filter(piece=piece).count() == 6


def test_dry_run_json_writes_nothing_and_prints_the_parse(capsys):
    call_command("import_catalogue", str(CATALOGUE / "exercises.txt"), "--dry-run", "--json")
    report = json.loads(capsys.readouterr().out)
    assert Piece.objects.count() == 0
    assert report[0]["status"] == "ok" and report[0]["error"] is None
    piece = report[0]["piece"]
    assert piece["title"] == "Exercises"
    assert piece["metadata"]["duration"] == "3:27"
    assert [s["repeat_of"] for s in piece["sections"] if s["label"] == "Chorus"] == [None, 1, 1]
    assert set(piece["sections"][0]["lines"][0]) >= {"n", "text", "echo", "kind"}


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"   \n\t\n  ", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"[Verse 1]\n[Chorus]\n", "no lines"),
    ],
)
def test_bad_files_are_rejected_with_a_reason(tmp_path, capsys, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match="1 of 1 files rejected"):
        call_command("import_catalogue", str(bad))
    out = capsys.readouterr().out
    assert "bad.txt: rejected: " in out
    assert reason.split()[0] in out.lower() or "line" in out.lower()
    assert Piece.objects.count() == 0


def test_a_rejected_file_does_not_stop_the_others(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "exercises.txt").write_bytes((CATALOGUE / "exercises.txt").read_bytes())
    with pytest.raises(CommandError):
        call_command("import_catalogue", str(tmp_path))
    assert Piece.objects.filter(title="Exercises").exists()


def test_a_file_that_cannot_be_read_is_rejected_and_the_others_import(tmp_path, capsys, monkeypatch):
    locked = tmp_path / "a-locked.txt"
    locked.write_bytes(b"Title\n\nsome verse\nmore verse\n")
    (tmp_path / "exercises.txt").write_bytes((CATALOGUE / "exercises.txt").read_bytes())
    real_open = Path.open

    def refusing_open(path, *args, **kwargs):
        if path.name == locked.name:  # as root, chmod would not stop the read
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    with pytest.raises(CommandError, match="1 of 2 files rejected"):
        call_command("import_catalogue", str(tmp_path))
    out = capsys.readouterr().out
    assert f"{locked}: rejected: cannot read the file (Permission denied)" in out
    assert Piece.objects.filter(title="Exercises").exists() and not Piece.objects.filter(title="Title").exists()


def test_dry_run_json_reports_rejections(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("import_catalogue", str(tmp_path), "--dry-run", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report == [{"file": str(tmp_path / "empty.txt"), "status": "rejected",
                       "error": report[0]["error"], "warnings": [], "piece": None}]
    assert report[0]["error"]


def test_a_missing_path_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_catalogue", "/nonexistent/file.txt")


def test_stanza_breaks_inside_a_section_show_on_the_page(imported, client):
    html = client.get(Piece.objects.get(title="Confession of a Softmax Layer").get_absolute_url()).content.decode()
    assert '<div class="row has-break" id="L5">' in html
    assert '<div class="row" id="L4">' in html


# --- Long runs: each file reported as it finishes, failures per file, in the background

class Terminal(io.StringIO):
    """A stdout that says it is a terminal, and keeps what had been flushed at each flush."""

    tty = True

    def __init__(self):
        super().__init__()
        self.flushed = []

    def isatty(self):
        return self.tty

    def flush(self):
        self.flushed.append(self.getvalue())


def two_files(tmp_path):
    for name in ("exercises.txt", "the-space-between-the-seen.txt"):
        (tmp_path / name).write_bytes((CATALOGUE / name).read_bytes())
    return tmp_path


def test_each_file_is_reported_and_flushed_before_the_next_one_is_stored(tmp_path):
    out = Terminal()
    out.tty = False
    seen_while_storing = []

    def look(sender, piece, **kwargs):
        seen_while_storing.append((piece.title, out.flushed[-1] if out.flushed else ""))

    piece_text_imported.connect(look, dispatch_uid="test-look")
    try:
        call_command("import_catalogue", str(two_files(tmp_path)), stdout=out)
    finally:
        piece_text_imported.disconnect(dispatch_uid="test-look")
    (first, before_first), (second, before_second) = seen_while_storing
    assert (first, second) == ("Exercises", "The Space Between The Seen")
    assert "exercises.txt: created" not in before_first
    assert "exercises.txt: created (song, 52 lines" in before_second  # already out when the second is stored
    assert "\r" not in out.getvalue()  # no progress line when stdout is not a terminal


def test_on_a_terminal_a_progress_line_counts_the_files(tmp_path):
    out = Terminal()
    call_command("import_catalogue", str(two_files(tmp_path)), stdout=out)
    text = out.getvalue()
    assert "\r\033[K[1] " in text and "exercises.txt" in text and "\r\033[K[2] " in text
    # Each file's own line replaces the progress line: the lines read as without a terminal.
    assert text.count(": created") == 2 and text.endswith("\n")


def test_a_database_error_on_one_file_is_its_rejected_line_and_the_others_go_on(tmp_path, capsys):
    def fail_for_exercises(sender, piece, **kwargs):
        if piece.title == "Exercises":
            raise DatabaseError("value too long for type character varying(40)")

    piece_text_imported.connect(fail_for_exercises, dispatch_uid="test-fail")
    try:
        with pytest.raises(CommandError, match="1 of 2 files rejected"):
            call_command("import_catalogue", str(two_files(tmp_path)))
    finally:
        piece_text_imported.disconnect(dispatch_uid="test-fail")
    out = capsys.readouterr().out
    assert ("exercises.txt: rejected: storing it failed, so nothing of it was stored "
            "(DatabaseError: value too long for type character varying(40))") in out
    assert "the-space-between-the-seen.txt: created" in out
    assert list(Piece.objects.values_list("title", flat=True)) == ["The Space Between The Seen"]
    assert not Line.objects.filter(piece__title="Exercises").exists()


def test_dry_run_json_is_one_valid_document_written_file_by_file(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("import_catalogue", str(two_files(tmp_path)), "--dry-run", "--json")
    report = json.loads(capsys.readouterr().out)
    assert [entry["status"] for entry in report] == ["rejected", "ok", "ok"]


def test_background_queues_the_files_and_the_worker_imports_them(tmp_path, capsys):
    call_command("import_catalogue", str(two_files(tmp_path)), "--background")
    out = capsys.readouterr().out
    batch = ImportBatch.objects.get()
    assert f"Queued 2 files as import {batch.pk}." in out
    assert f"/admin/catalogue/piece/import/{batch.pk}/" in out
    # Tests run tasks at once; with the database queue, `manage.py db_worker` would run it.
    assert sorted(Piece.objects.values_list("title", flat=True)) == ["Exercises", "The Space Between The Seen"]
    assert batch.uploaded_by is None and batch.confirmed_at is not None


def test_a_background_import_can_be_followed_by_any_admin_who_may_import(tmp_path, admin_client):
    call_command("import_catalogue", str(two_files(tmp_path)), "--background", stdout=io.StringIO())
    batch = ImportBatch.objects.get()
    html = admin_client.get(f"/admin/catalogue/piece/import/{batch.pk}/").content.decode()
    assert "Finished: all 2 files done." in html and "2 created" in html


def test_background_cannot_be_a_dry_run():
    with pytest.raises(CommandError, match="cannot be combined"):
        call_command("import_catalogue", str(CATALOGUE), "--background", "--dry-run")
