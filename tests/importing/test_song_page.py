"""Lyrics copied from a song page (exercises.txt), and the marker/echo/repeat rules all songs share."""

from pathlib import Path

import pytest

from catalogue.importing.page import read_page
from catalogue.importing import parse_bytes, parse_text
from catalogue.importing.parsed import ParsedLine, ParsedSection
from catalogue.importing.shapes import song_page
from catalogue.importing.shapes.common import (
    SectionMarker,
    mark_repeats,
    parse_section_marker,
    section_kind,
    split_echo,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"
EXERCISES = "exercises.txt"


@pytest.fixture(scope="module")
def piece():
    return parse_bytes((FIXTURES / EXERCISES).read_bytes(), filename=EXERCISES)


def test_it_is_a_song_with_its_title(piece):
    assert piece.kind == "song"
    assert piece.title == "Exercises"


def test_it_is_recognised_as_a_song_page():
    assert song_page.looks_like(read_page((FIXTURES / EXERCISES).read_text(encoding="utf-8")))


def test_the_tag_line_gives_tags_and_duration(piece):
    assert piece.metadata.tags == ["afro trap r&b", "accordion drill", "koto alt-pop", "doo-wop drumstep"]
    assert piece.metadata.duration == "3:27"


def test_it_has_nine_sections_and_52_lines(piece):
    assert [s.label for s in piece.sections] == [
        "Verse 1", "Chorus", "Verse 2", "Chorus", "Bridge", "Verse 3", "Verse 4", "Chorus", "Outro",
    ]
    assert len(piece.lines) == 52
    assert [line.n for line in piece.lines] == list(range(1, 53))
    assert piece.lines[0].text == "Start with classical Hopfield, neurons in a grid"
    assert piece.lines[-1].text == "Neural memory's future built upon its storied past"


def test_later_choruses_repeat_the_first(piece):
    assert [s.repeat_of for s in piece.sections] == [None, None, None, 1, None, None, None, 1, None]


def test_repeated_choruses_keep_their_lines(piece):
    assert piece.sections[3].lines[0].text == piece.sections[1].lines[0].text == "Count the patterns, measure the load"
    assert piece.sections[3].lines[0].n == 19


@pytest.mark.parametrize("chrome", ["Listen on 93", "Lyrics", "\u2190 Readings", "Connection to neuroscience", "3:27"])
def test_page_chrome_is_not_lyrics(piece, chrome):
    assert not any(chrome in line.text for line in piece.lines)


def test_its_only_warning_lists_the_page_text_left_out(piece):
    assert piece.warnings == [
        "left out as page text: lines 5–7: 'Listen on 93' · 'Lyrics'; line 79: '← Readings | Connection to neuroscience →'"
    ]


def test_a_tag_line_without_a_duration():
    piece = parse_text("Night Shift\n\nsynthwave, dream pop, lo-fi\n\n[Verse]\nthe night shift hums along\n")
    assert piece.metadata.tags == ["synthwave", "dream pop", "lo-fi"]
    assert piece.metadata.duration == ""


def test_unknown_lines_before_the_lyrics_are_reported():
    piece = parse_text("Night Shift\n\nThis one was written on a train.\n\n[Verse]\nthe night shift hums along\n")
    assert piece.warnings == ["line 3: ignored a line before the lyrics: 'This one was written on a train.'"]
    assert [line.text for line in piece.lines] == ["the night shift hums along"]


def test_marker_directions_and_kinds_from_a_variety_of_markers():
    piece = parse_text(
        "Variety\n\n"
        "[Intro]\nhey\n\n[Verse 2: Artist Name]\nsung by someone\n\n[Verse 3 - whispered]\nquiet now\n\n"
        "[Pre-Chorus]\nrising\n\n[Chorus x2]\nloud\n\n[Hook]\nhooky\n\n[Interlude]\n(strings)\n\n"
        "[Refrain]\nagain\n\n[Drop]\nboom\n\n[Breakdown]\nbreak\n\n[Bridge]\nacross\n\n[Outro]\nbye\n\n"
        "[Spoken Word]\nthis is other\n"
    )
    assert [(s.label, s.kind, s.direction) for s in piece.sections] == [
        ("Intro", "intro", ""),
        ("Verse 2", "verse", "Artist Name"),
        ("Verse 3", "verse", "whispered"),
        ("Pre-Chorus", "pre-chorus", ""),
        ("Chorus", "chorus", "x2"),
        ("Hook", "hook", ""),
        ("Interlude", "interlude", ""),
        ("Refrain", "refrain", ""),
        ("Drop", "drop", ""),
        ("Breakdown", "breakdown", ""),
        ("Bridge", "bridge", ""),
        ("Outro", "outro", ""),
        ("Spoken Word", "other", ""),
    ]
    assert [line.kind for line in piece.sections[-1].lines] == ["spoken"]
    assert [line.kind for line in piece.sections[6].lines] == ["direction"]
    assert {line.kind for section in piece.sections[:6] for line in section.lines} == {"lyric"}


def test_crlf_a_bom_and_hidden_characters_in_a_lyric():
    data = "\ufeffHidden\r\n\r\n[Verse 1]\r\nI am the soft\u202e in\u200b softmax (softmax)\r\n".encode()
    piece = parse_bytes(data)
    assert piece.title == "Hidden"
    assert [(line.text, line.echo) for line in piece.lines] == [("I am the soft in softmax", "softmax")]
    assert piece.warnings == [
        "line 4: removed 2 hidden characters (U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH SPACE)"
    ]


def test_windows_1252_lyrics_decode_with_a_warning():
    piece = parse_bytes(b"Quoted\r\n\r\n[Chorus]\r\nshe said \x93quoted\x94 (quoted)\r\n")
    assert [(line.text, line.echo) for line in piece.lines] == [("she said \u201cquoted\u201d", "quoted")]
    assert piece.warnings == ["decoded as Windows-1252 (the file is not UTF-8)"]


def test_an_empty_marker_after_a_section_with_that_label_repeats_it():
    piece = parse_text("Song\n\n[Chorus]\nla la la\n\n[Verse]\nwords here\n\n[Chorus]\n")
    assert [(s.label, len(s.lines), s.repeat_of) for s in piece.sections] == [
        ("Chorus", 1, None), ("Verse", 1, None), ("Chorus", 0, 0)
    ]


@pytest.mark.parametrize(
    ("line", "marker"),
    [
        ("[Verse 1]", SectionMarker("Verse 1")),
        ("  [Chorus]  ", SectionMarker("Chorus")),
        ("[Verse 1 \u2014 Whispered, close-miked, single guitar]", SectionMarker("Verse 1", "Whispered, close-miked, single guitar")),
        ("[Final line \u2013 Spoken, a breath]", SectionMarker("Final line", "Spoken, a breath")),
        ("[Chorus x2]", SectionMarker("Chorus", "x2")),
        ("[Chorus (x2)]", SectionMarker("Chorus", "x2")),
        ("[Verse 2: Artist Name]", SectionMarker("Verse 2", "Artist Name")),
        ("[Verse 2 - whispered]", SectionMarker("Verse 2", "whispered")),
        ("[Pre-Chorus]", SectionMarker("Pre-Chorus")),
        ("[3.2, 1.1]", None),
        ("> receive logits: [3.2, 1.1]", None),
        ("[Verse] and words", None),
        ("[link](https://example.com)", None),
    ],
)
def test_section_markers(line, marker):
    assert parse_section_marker(line) == marker


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Intro", "intro"), ("Verse 1", "verse"), ("verse two", "verse"), ("Pre-Chorus", "pre-chorus"),
        ("Pre Chorus", "pre-chorus"), ("Chorus", "chorus"), ("Final Chorus", "chorus"), ("Hook", "hook"),
        ("Bridge", "bridge"), ("Breakdown", "breakdown"), ("Outro", "outro"), ("Interlude", "interlude"),
        ("Refrain", "refrain"), ("Drop 2", "drop"), ("Final line", "other"), ("Post-Chorus", "other"),
        ("Guitar Solo", "other"),
    ],
)
def test_section_kinds_from_labels(label, kind):
    assert section_kind(label) == kind


@pytest.mark.parametrize(
    ("line", "split"),
    [
        ("Started with a pencil (arithmetic)", ("Started with a pencil", "arithmetic")),
        ("shimmer and to lift   (and to lift)  ", ("shimmer and to lift", "and to lift")),
        ("a (nested (echo)) here (and (this))", ("a (nested (echo)) here", "and (this)")),
        ("(silence)", ("(silence)", "")),
        ("> apply exp()", ("> apply exp()", "")),
        ("f(x) is smooth", ("f(x) is smooth", "")),
        ("nothing here", ("nothing here", "")),
        ("empty echo ()", ("empty echo ()", "")),
    ],
)
def test_echo_splitting(line, split):
    assert split_echo(line) == split


def test_a_repeat_points_at_the_first_occurrence():
    def section(*lines, echo=""):
        return ParsedSection("Chorus", "chorus", lines=[ParsedLine(0, text, echo) for text in lines])

    sections = [section("a", "b"), section("a", "b"), section("a", "b", echo="x"), section("a", "b")]
    mark_repeats(sections)
    assert [s.repeat_of for s in sections] == [None, 0, None, 0]
