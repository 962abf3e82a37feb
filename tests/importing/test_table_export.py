"""A song exported as a Markdown table (gist page): let-the-softmax-testify.txt and variants."""

from pathlib import Path

import pytest

from catalogue.importing.page import read_page
from catalogue.importing import parse_bytes, parse_text
from catalogue.importing.shapes import table_export

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"
GIST = "let-the-softmax-testify.txt"


@pytest.fixture(scope="module")
def piece():
    return parse_bytes((FIXTURES / GIST).read_bytes(), filename=GIST)


def test_it_is_a_song_with_its_title(piece):
    assert piece.kind == "song"
    assert piece.title == "Let the softmax testify"


def test_it_is_recognised_as_a_table_export():
    assert table_export.looks_like(read_page((FIXTURES / GIST).read_text(encoding="utf-8")))


def test_it_has_the_eleven_sections_in_order(piece):
    assert [s.label for s in piece.sections] == [
        "Intro", "Verse 1", "Verse 2", "Chorus", "Verse 3", "Verse 4",
        "Breakdown", "Chorus", "Bridge", "Final Chorus", "Outro",
    ]
    assert [s.kind for s in piece.sections] == [
        "intro", "verse", "verse", "chorus", "verse", "verse",
        "breakdown", "chorus", "bridge", "chorus", "outro",
    ]
    assert all(s.direction == "" for s in piece.sections)


def test_it_has_66_lines_numbered_from_one(piece):
    assert [line.n for line in piece.lines] == list(range(1, 67))
    assert [len(s.lines) for s in piece.sections] == [4, 6, 6, 8, 6, 6, 6, 8, 4, 8, 4]


def test_each_line_has_its_echo_split_off(piece):
    first = piece.lines[0]
    assert (first.text, first.echo, first.kind) == ("Started with a pencil and a page of arithmetic", "arithmetic", "lyric")
    assert all(line.echo and not line.text.endswith((")", " ")) for line in piece.lines)
    last = piece.lines[-1]
    assert (last.text, last.echo) == ("I made it, it made me, and we're one in the flame", "in the flame")


def test_both_style_rows_are_kept_labelled_as_the_style(piece):
    style_guide, inherited = piece.metadata.style.split("\n")
    assert style_guide == "style guide: Dolby atmos, 3d audio effects, atmosphere, epic 808 electric synth song"
    assert inherited.startswith("inherited style guide: Industrial techno with heavy EBM influences, ")
    assert inherited.endswith("processed with short room reverb and bitcrushing")


def test_tempo_and_key_are_read_from_the_style(piece):
    assert piece.metadata.tempo_bpm == 130
    assert piece.metadata.key == "C minor"


def test_the_style_rows_and_the_divider_are_not_lines(piece):
    assert not any("style guide" in line.text or line.text.startswith("--") for line in piece.lines)


@pytest.mark.parametrize(
    "chrome",
    [
        "Created",
        "May 1, 2026",
        "Save 19h/",
        "This file contains hidden or bidirectional Unicode text",
        "Learn more about bidirectional Unicode characters",
        "Sign up for free",
        "to join this conversation on GitHub.",
        "Already have an account?",
        "Sign in to comment",
    ],
)
def test_page_chrome_is_neither_a_line_nor_the_title(piece, chrome):
    assert chrome not in piece.title
    assert not any(chrome in line.text for line in piece.lines)


def test_a_lone_dash_is_not_a_line(piece):
    assert "-" not in [line.text for line in piece.lines]


def test_the_two_choruses_differ_so_neither_is_a_repeat(piece):
    choruses = [s for s in piece.sections if s.label == "Chorus"]
    assert len(choruses) == 2
    assert choruses[0].lines != choruses[1].lines
    assert all(s.repeat_of is None for s in piece.sections)


def test_its_only_warning_lists_the_page_text_left_out(piece):
    [warning] = piece.warnings
    assert warning.startswith("left out as page text: lines 1–8: 'Created' · 'May 1, 2026 17:56'")
    assert warning.endswith("lines 89–92: 'Sign up for free' · 'to join this conversation on GitHub.' · "
                            "'Already have an account?' · 'Sign in to comment'")


def test_another_export_with_different_rows_and_no_style_guide():
    text = (
        "Created\nJune 3, 2026 09:12\n-\nSave someone/abc to your computer and use it in GitHub Desktop.\n"
        "Gradient Lullaby\n"
        "| [Verse] | |\n"
        "| Hush now, the loss is low (so low) | |\n"
        "| Sleep while the weights still grow | |\n"
        "| | |\n"
        "| [Hook] | |\n"
        "| Descend, descend (descend) | |\n"
        "| (humming) | |\n"
        "Sign in to comment\n"
    )
    piece = parse_text(text)
    assert piece.kind == "song"
    assert piece.title == "Gradient Lullaby"
    assert [(s.label, s.kind) for s in piece.sections] == [("Verse", "verse"), ("Hook", "hook")]
    assert [(line.n, line.text, line.echo, line.kind) for line in piece.lines] == [
        (1, "Hush now, the loss is low", "so low", "lyric"),
        (2, "Sleep while the weights still grow", "", "lyric"),
        (3, "Descend, descend", "descend", "lyric"),
        (4, "(humming)", "", "direction"),
    ]
    assert piece.metadata.style == ""
    assert (piece.metadata.tempo_bpm, piece.metadata.key) == (None, "")
    assert piece.warnings == [
        "left out as page text: lines 1–4: 'Created' · 'June 3, 2026 09:12' · '-' · "
        "'Save someone/abc to your computer and use it in GitHub Desktop.'; line 13: 'Sign in to comment'"
    ]


def test_known_fields_after_the_divider_fill_the_metadata():
    text = (
        "Title Here\n"
        "| [Chorus] | |\n| la la la | |\n| la la la la | |\n"
        "| ---- | |\n"
        "| tags: synthwave, lo-fi | |\n| tempo: 96 | |\n| mystery: row | |\n"
    )
    piece = parse_text(text)
    assert piece.metadata.tags == ["synthwave", "lo-fi"]
    assert piece.metadata.tempo_bpm == 96
    assert piece.warnings == ["line 8: ignored a row after the lyrics: 'mystery: row'"]
    assert len(piece.lines) == 2


def test_a_markdown_header_and_alignment_row_are_not_lyrics():
    text = "Song\n| Lyrics | Notes |\n|---|---|\n| [Verse 1] | |\n| one two three | |\n| four five six | |\n"
    piece = parse_text(text)
    assert [line.text for line in piece.lines] == ["one two three", "four five six"]
    assert piece.sections[0].label == "Verse 1"


def test_lines_before_the_first_marker_go_into_an_untitled_section():
    piece = parse_text("Song\n| first line here | |\n| second line here | |\n| [Chorus] | |\n| la la | |\n")
    assert [(s.label, s.kind, len(s.lines)) for s in piece.sections] == [("Untitled section", "other", 2), ("Chorus", "chorus", 1)]


def test_an_escaped_pipe_stays_in_the_line():
    piece = parse_text("Song\n| [Verse] | |\n| this \\| that | |\n| and the other | |\n")
    assert piece.lines[0].text == "this | that"


def test_text_outside_the_table_is_kept_as_a_note_never_dropped():
    from catalogue.importing import parse_text

    piece = parse_text("Table Song\n\n| [Verse] | |\n| one line here | |\n| two line here | |\n| three line here | |\n\n"
                       "A note I wrote after the table\nabout this song.\n")
    assert [line.text for line in piece.lines] == ["one line here", "two line here", "three line here"]
    assert [(note.heading, note.body) for note in piece.commentary] == [
        ("", "A note I wrote after the table about this song.")]
