"""The importer's lines are indexed once per piece (issue 12.6), not by a trigger run per line:
what readers find must be exactly what the per-line triggers gave. Runs on both engines."""

import pytest
from django.db import connection

from catalogue.importing.store import import_file
from catalogue.models import Line, Piece, Section
from search import index
from search.results import search

pytestmark = pytest.mark.django_db


def song(title: str, *lines: str) -> bytes:
    return ("\n".join([title, "", "[Verse 1]", *lines]) + "\n").encode()


def found(text: str) -> dict[str, list[int]]:
    """Each piece found, with the numbers of its matching lines."""
    return {piece.title: [line.n for item in piece.items if item.kind == "excerpt"
                          for line in item.lines if line.is_match]
            for piece in search(text).pieces}


def test_every_line_of_an_imported_file_is_found_at_its_number():
    outcome = import_file("quokka.txt", song("Quokka Song", "a quokka in the weights", "nothing here",
                                             "the quokka again, with an echo (quokka)"))
    assert outcome.status == "created", outcome.error
    assert found("quokka") == {"Quokka Song": [1, 3]}
    assert found("weights") == {"Quokka Song": [1]}


def test_a_reimport_finds_the_new_lines_and_forgets_the_old():
    import_file("marsupial.txt", song("Marsupial", "a quokka in the weights", "and a second line"))
    outcome = import_file("marsupial.txt", song("Marsupial", "a wombat in the weights", "and a second line"))
    assert outcome.status == "updated", outcome.error
    assert found("quokka") == {}
    assert found("wombat") == {"Marsupial": [1]}


def test_lines_written_after_an_import_by_any_other_writer_are_still_indexed():
    """The importer's mark ("I index this piece's lines myself") ends with its transaction."""
    import_file("later.txt", song("Later", "the first line"))
    piece = Piece.objects.get(slug="later")
    section = Section.objects.get(piece=piece)
    Line.objects.bulk_create([Line(piece=piece, section=section, n=2, text="a numbat arrives late")])
    assert found("numbat") == {"Later": [2]}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {index.LINE.deferred_table}")
            assert cursor.fetchone() == (0,)


def test_an_import_that_fails_midway_leaves_no_lines_and_no_mark(monkeypatch):
    from annotations import imported

    def fail(*args, **kwargs):
        raise RuntimeError("the commentary could not be stored")

    monkeypatch.setattr(imported, "_sync_imported", fail)
    with pytest.raises(RuntimeError):
        import_file("broken.txt", song("Broken", "a bilby in the weights"))
    assert not Piece.objects.filter(slug="broken").exists()
    assert found("bilby") == {}

    monkeypatch.undo()
    assert import_file("broken.txt", song("Broken", "a bilby in the weights")).status == "created"
    assert found("bilby") == {"Broken": [1]}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's own check of index against content")
def test_the_sqlite_index_matches_the_stored_lines_exactly_after_imports():
    for n in range(3):
        import_file(f"{n}.txt", song(f"Piece {n}", *(f"line {i} of piece {n} about softmax" for i in range(20))))
    import_file("0.txt", song("Piece 0", "rewritten entirely"))
    with connection.cursor() as cursor:
        # Raises "database disk image is malformed" when the index and the lines disagree.
        cursor.execute(f"INSERT INTO {index.LINE.fts_table}({index.LINE.fts_table}, rank) VALUES ('integrity-check', 1)")


def automerge() -> dict[str, int]:
    with connection.cursor() as cursor:
        settings = {}
        for source in index.SOURCES:
            cursor.execute(f"SELECT v FROM {source.fts_table}_config WHERE k = 'automerge'")
            row = cursor.fetchone()
            settings[source.fts_table] = int(row[0]) if row else index.DEFAULT_AUTOMERGE
        return settings


@pytest.mark.django_db(transaction=True)
def test_a_pooled_import_merges_the_index_less_often_and_puts_the_setting_back():
    # FTS5 is SQLite's index; PostgreSQL has no segments to merge.
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's full-text index")
    from catalogue.importing.pipeline import POOL_FROM, import_files
    from catalogue.importing.uploads import UploadedText

    before = automerge()
    files = [UploadedText(f"wombat-{i}.txt", song(f"Wombat {i}", f"a wombat numbered w{i}x in the weights"))
             for i in range(POOL_FROM + 2)]
    outcomes = import_files(files, workers=1)
    first = next(outcomes)
    during = automerge()
    rest = list(outcomes)
    assert [o.status for o in [first, *rest]] == ["created"] * len(files)
    assert set(during.values()) == {index.BULK_AUTOMERGE}
    assert automerge() == before
    # Every file's lines are found, each at its number, after the segments were left unmerged.
    assert found("w0x") == {"Wombat 0": [1]} and found(f"w{len(files) - 1}x") == {f"Wombat {len(files) - 1}": [1]}
    assert len(search("wombat").pieces) == len(files)
