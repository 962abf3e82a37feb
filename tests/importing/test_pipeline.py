"""Importing many files through the pool of parsing processes (issue 12.6): the same outcomes,
in the same order, and the same catalogue as parsing each file in turn."""

import os

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from annotations.models import Anchor, Gloss
from bench.import_throughput import generated_files
from catalogue.importing import pipeline
from catalogue.importing.pipeline import POOL_FROM, import_files
from catalogue.importing.store import import_file
from catalogue.importing.uploads import UploadedText
from catalogue.models import Line, Piece, Section

pytestmark = pytest.mark.django_db

# Enough files that import_files starts a pool, plus a few to keep it busy.
GOOD = generated_files(POOL_FROM + 4)


def a_mix_of_files() -> list[UploadedText]:
    """Good files, a binary one, an oversize one, one refused before parsing (as a zip's
    entry can be), and one file twice: its second import finds it unchanged."""
    entries = [UploadedText(name, data) for name, data in GOOD]
    entries.insert(3, UploadedText("binary.txt", b"Title\n\x00\x01\x02 not text\n"))
    entries.insert(7, UploadedText("huge.txt", b"Huge\n" + b"la la la\n" * 5_000))
    entries.insert(9, UploadedText("in.zip/evil.txt", error="refused: encrypted entry"))
    entries.append(UploadedText(*GOOD[0]))
    return entries


def seen(outcomes) -> list[tuple]:
    """What a person is told about each file (the piece by title: ids differ between runs)."""
    return [(o.file, o.status, o.error, o.warnings, o.parsed, o.action, o.source_text,
             o.piece.title if o.piece else None) for o in outcomes]


def catalogue() -> dict:
    """What a reader of the catalogue sees, without ids."""
    return {
        "pieces": list(Piece.objects.order_by("slug").values_list(
            "slug", "title", "kind", "author", "line_count", "first_line", "source_hash", "source_name")),
        "sections": list(Section.objects.order_by("piece__slug", "position").values_list(
            "piece__slug", "position", "label", "kind", "direction", "repeat_of__position")),
        "lines": list(Line.objects.order_by("piece__slug", "n").values_list(
            "piece__slug", "n", "text", "echo", "kind", "break_before", "section__position")),
        "glosses": list(Gloss.objects.order_by("piece__slug", "position", "import_key").values_list(
            "piece__slug", "heading", "body", "body_html", "position", "import_key", "status")),
        "anchors": list(Anchor.objects.order_by("piece__slug", "gloss__import_key", "position").values_list(
            "piece__slug", "gloss__import_key", "position", "first_line", "last_line", "exact", "start")),
    }


def undone(run):
    """``run()``'s result and the catalogue it left, then the catalogue as it was before."""
    with transaction.atomic():
        result = run(), catalogue()
        transaction.set_rollback(True)
    return result


@pytest.fixture
def small_files(settings):
    settings.GLOSSA_IMPORT_MAX_BYTES = 20_000  # huge.txt is 45,005 bytes; the fixtures are smaller


def test_the_pool_gives_the_outcomes_and_catalogue_of_parsing_each_file_in_turn(small_files):
    import_file(*GOOD[1])  # already in the catalogue: unchanged
    one_by_one, stored_one_by_one = undone(lambda: seen(import_files(a_mix_of_files(), workers=0)))
    pooled, stored_pooled = undone(lambda: seen(import_files(a_mix_of_files(), workers=2)))
    assert pooled == one_by_one
    assert stored_pooled == stored_one_by_one
    statuses = {file: status for file, status, *_ in pooled}
    assert statuses["binary.txt"] == statuses["huge.txt"] == statuses["in.zip/evil.txt"] == "rejected"
    assert statuses[GOOD[1][0]] == "unchanged"
    assert [status for file, status, *_ in pooled if file == GOOD[0][0]] == ["created", "unchanged"]
    assert len(stored_pooled["pieces"]) == len(GOOD)


def test_the_pool_imports_files_in_their_order():
    names = [outcome.file for outcome in import_files((UploadedText(*file) for file in GOOD), workers=2)]
    assert names == [name for name, _ in GOOD]
    assert list(Piece.objects.order_by("pk").values_list("source_name", flat=True)) == names


def test_a_parse_that_fails_in_a_worker_rejects_that_file_and_the_others_are_imported(monkeypatch):
    parse_file, failing = pipeline.parse_file, GOOD[5][0]

    def parse_with_a_bug(name, data, **kwargs):
        if name == failing:
            raise RuntimeError(f"parser bug in process {os.getpid()}")
        return parse_file(name, data, **kwargs)

    monkeypatch.setattr(pipeline, "parse_file", parse_with_a_bug)
    outcomes = list(import_files((UploadedText(*file) for file in GOOD), workers=2))
    rejected = [outcome for outcome in outcomes if outcome.status == "rejected"]
    assert [outcome.file for outcome in rejected] == [failing]
    assert "RuntimeError: parser bug in process" in rejected[0].error
    assert f"process {os.getpid()})" not in rejected[0].error  # it failed in a worker, not here
    assert Piece.objects.count() == len(GOOD) - 1


def test_a_worker_that_dies_loses_no_file_and_stores_none_twice(monkeypatch):
    parse_file, parent, fatal = pipeline.parse_file, os.getpid(), GOOD[4][0]

    def parse_or_die(name, data, **kwargs):
        if name == fatal and os.getpid() != parent:
            os._exit(1)  # as if killed: the pool is broken, every parse in flight lost
        return parse_file(name, data, **kwargs)

    monkeypatch.setattr(pipeline, "parse_file", parse_or_die)
    outcomes = list(import_files((UploadedText(*file) for file in GOOD), workers=2))
    assert [(outcome.file, outcome.status) for outcome in outcomes] == [(name, "created") for name, _ in GOOD]
    assert Piece.objects.count() == len(GOOD)


def test_the_command_prints_what_it_printed_without_the_pool(tmp_path, capsys, monkeypatch, small_files):
    for name, data in GOOD:
        (tmp_path / name).write_bytes(data)
    (tmp_path / "binary.txt").write_bytes(b"Title\n\x00\x01\x02 not text\n")

    def command_output(parsers):
        monkeypatch.setattr(pipeline, "parser_count", lambda: parsers)
        with pytest.raises(CommandError, match=f"1 of {len(GOOD) + 1} files rejected"):
            call_command("import_catalogue", str(tmp_path))
        return capsys.readouterr().out

    without_pool, _ = undone(lambda: command_output(0))
    with_pool, _ = undone(lambda: command_output(2))
    assert with_pool == without_pool
    assert f"{GOOD[0][0]}: created (song, " in with_pool
    assert "binary.txt: rejected: " in with_pool
    # A folder's files in the order of their names, as before.
    assert with_pool.index(GOOD[0][0]) < with_pool.index(GOOD[-1][0]) < with_pool.index("binary.txt")


def test_a_handful_of_files_starts_no_pool(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a handful of files")

    monkeypatch.setattr(pipeline, "_start_parsers", no_pool)
    outcomes = list(import_files((UploadedText(*file) for file in GOOD[:3]), workers=2))
    assert [outcome.status for outcome in outcomes] == ["created"] * 3
