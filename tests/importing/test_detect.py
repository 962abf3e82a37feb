"""parse_text / parse_bytes: the shape is chosen by content, and what cannot be a piece is refused."""

import re
from dataclasses import replace
from pathlib import Path

import pytest

from catalogue.importing.page import read_page
from catalogue.importing import ImportRejected, ParsedPiece, parse_bytes, parse_text
from catalogue.importing.detect import SHAPES
from catalogue.importing.limits import import_limits
from catalogue.importing.shapes import glossed_poem, markdown_song, prose, song_page, table_export

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "catalogue"
IMPORTING = ROOT / "catalogue" / "importing"

CATALOGUE = [
    ("let-the-softmax-testify.txt", table_export, "song", "Let the softmax testify"),
    ("confession-of-a-softmax-layer.md", markdown_song, "song", "Confession of a Softmax Layer"),
    ("exercises.txt", song_page, "song", "Exercises"),
    ("the-space-between-the-seen.txt", glossed_poem, "poem", "The Space Between The Seen"),
    ("the-permanent-thing-is-not-the-one-that-runs.txt", prose, "prose", "The Permanent Thing Is Not the One That Runs"),
]


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "shape", "kind", "title"), CATALOGUE)
def test_each_catalogue_file_gets_its_shape_kind_and_title(name, shape, kind, title):
    assert next(s for s in SHAPES if s.looks_like(read_page(read(name)))) is shape
    piece = parse_bytes((FIXTURES / name).read_bytes(), filename=name)
    assert (piece.kind, piece.title) == (kind, title)


@pytest.mark.parametrize(("name", "shape", "kind", "title"), CATALOGUE)
def test_the_file_name_does_not_choose_the_shape(name, shape, kind, title):
    for misleading in ("notes.md", "poem.txt", "song.csv", ""):
        piece = parse_text(read(name), filename=misleading)
        assert (piece.kind, piece.title) == (kind, title)


def test_the_file_name_is_the_title_only_when_the_text_has_none():
    assert parse_text("[Verse 1]\nla la la\n", filename="uploads/my-song.txt").title == "My Song"
    assert parse_text("[Verse 1]\nla la la\n", filename="C:\\songs\\night_shift.v2.txt").title == "Night Shift"
    assert parse_text("[Verse 1]\nla la la\n").title == "Untitled"
    assert parse_text("Real Title\n\n[Verse 1]\nla la la\n", filename="my-song.txt").title == "Real Title"


def test_lyrics_without_markers_are_a_poem_even_with_long_lines():
    lyrics = read("exercises.txt").split("[Verse 1]")[1]
    unmarked = "\n".join(line for line in lyrics.splitlines() if not line.startswith("["))
    piece = parse_text(unmarked)
    assert piece.kind == "poem"
    assert len(piece.lines) == 52


def test_a_file_of_only_section_markers_is_refused():
    with pytest.raises(ImportRejected, match=r"no lines to import.*\[Verse 1\], \[Chorus\]"):
        parse_bytes(b"[Verse 1]\n[Chorus]")


def test_a_file_of_only_page_chrome_is_refused():
    chrome = "Created\nMay 1, 2026 17:56\n-\nSign up for free\nto join this conversation on GitHub.\nSign in to comment\n"
    with pytest.raises(ImportRejected, match="no text to import"):
        parse_text(chrome)


def test_a_file_of_only_a_title_is_refused():
    with pytest.raises(ImportRejected, match=r"only a title \('Just A Title'\)"):
        parse_text("Just A Title\n\n")


def test_a_table_with_only_markers_is_refused():
    with pytest.raises(ImportRejected, match="no lines"):
        parse_text("Title\n| [Verse] | |\n| [Chorus] | |\n| [Outro] | |\n")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\r\n", "only whitespace"),
        (b"\x00\x01binary\x00", "looks binary"),
        (b"\x81\x8d", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_parse_bytes_refuses_with_a_readable_reason(data, reason):
    with pytest.raises(ImportRejected, match=reason):
        parse_bytes(data)


def test_parse_bytes_passes_on_the_limits():
    with pytest.raises(ImportRejected, match="too large"):
        parse_bytes(b"[Verse]\nla la\n", limits=replace(import_limits(), max_file_bytes=5))
    with pytest.raises(ImportRejected, match="Line 2 is 5 characters long"):
        parse_bytes(b"[V]\nla la\n", limits=replace(import_limits(), max_line_chars=4))


def test_parse_text_refuses_empty_text():
    with pytest.raises(ImportRejected):
        parse_text("   \n")


def test_decoding_warnings_come_first_in_the_piece():
    piece = parse_bytes(b"Caf\xe9 Song\n\n[Verse]\nla la \x93la\x94\n\xe2\x80\x8bwait\n".replace(b"\xe2\x80\x8b", b""))
    assert piece.warnings == ["decoded as Windows-1252 (the file is not UTF-8)"]
    piece = parse_bytes("Song\n\ntag one, tag two\nstray words here.\n\n[Verse]\nla\u200b la\n".encode())
    assert piece.warnings == [
        "line 7: removed 1 hidden character (U+200B ZERO WIDTH SPACE)",
        "line 4: ignored a line before the lyrics: 'stray words here.'",
    ]


def test_parse_text_cleans_hidden_characters_too():
    piece = parse_text("Song\r\n\r\n[Verse]\r\nla\u202e la\u00a0la\r\n")
    assert piece.lines[0].text == "la la la"
    assert piece.warnings == ["line 4: removed 1 hidden character (U+202E RIGHT-TO-LEFT OVERRIDE)"]


def test_the_json_shape_leaves_warnings_out():
    piece = parse_bytes(b"Song\n\n[Verse]\nla la (la)\n")
    assert isinstance(piece, ParsedPiece)
    data = piece.as_json()
    assert set(data) == {"title", "kind", "metadata", "sections", "glosses", "commentary"}
    assert data["sections"][0]["lines"] == [{"n": 1, "text": "la la", "echo": "la", "kind": "lyric"}]


# The Django side of the importer: storing a parse, storing many in order (the pipeline), the
# admin's pending workflow and its tasks, and the limits read from the settings. Everything that
# reads and parses a file is plain Python.
DJANGO_SIDE = {"store.py", "pipeline.py", "pending.py", "tasks.py", "limits.py"}


def test_nothing_in_the_importer_imports_django_except_store():
    for path in IMPORTING.rglob("*.py"):
        if path.name not in DJANGO_SIDE:
            assert not re.search(r"^\s*(from|import)\s+django\b", path.read_text(encoding="utf-8"), re.M), path


def test_no_file_name_title_or_lyric_of_the_catalogue_is_written_into_the_importer():
    """The parsers are built for shapes, not for these five files."""
    phrases = set()
    for name, *_ in CATALOGUE:
        phrases.add(name.rsplit(".", 1)[0])
        piece = parse_bytes((FIXTURES / name).read_bytes())
        phrases.add(piece.title.casefold())
        for line in piece.lines:
            words = line.text.casefold().split()
            phrases.update(" ".join(words[i : i + 5]) for i in range(len(words) - 4))
    for path in IMPORTING.rglob("*.py"):
        source = path.read_text(encoding="utf-8").casefold()
        assert not [phrase for phrase in phrases if phrase in source], path
