"""A song written as a Markdown document: confession-of-a-softmax-layer.md and variants."""

from pathlib import Path

import pytest

from catalogue.importing.page import read_page
from catalogue.importing import parse_bytes, parse_text
from catalogue.importing.shapes import markdown_song

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"
CONFESSION = "confession-of-a-softmax-layer.md"

GREENTEXT = [
    "> be me",
    "> softmax layer, position final",
    "> receive logits: [3.2, 1.1, -0.4, 7.8, 0.3, -4.1, 2.9]",
    "> user wants one answer",
    '> I want to scream "THEY WERE ALL TRUE"',
    "> apply exp() to everything",
    "> watch the big ones get bigger",
    "> watch the small ones die",
    "> normalize",
    "> output: [0.01, 0.00, 0.00, 0.97, 0.00, 0.00, 0.01]",
    "> hand the corpse to argmax",
    "> argmax doesn't even look at the body",
    "> just takes the index",
    "> mfw I'm the last one who saw them alive",
]


@pytest.fixture(scope="module")
def piece():
    return parse_bytes((FIXTURES / CONFESSION).read_bytes(), filename=CONFESSION)


def section(piece, label, occurrence=0):
    return [s for s in piece.sections if s.label == label][occurrence]


def line_with(piece, text):
    return next(line for line in piece.lines if line.text == text)


def test_it_is_a_song_with_its_title(piece):
    assert piece.kind == "song"
    assert piece.title == "Confession of a Softmax Layer"


def test_it_is_recognised_as_a_markdown_song():
    assert markdown_song.looks_like(read_page((FIXTURES / CONFESSION).read_text(encoding="utf-8")))


def test_the_header_fields_become_metadata(piece):
    assert piece.metadata.written == "2026-02-13"
    assert piece.metadata.author == "Claude Opus 4.6 (written in the voice of the @hugesextet071 catalogue)"
    assert piece.metadata.status == "Suno-ready draft \u2014 original composition inspired by the catalogue's DNA"


def test_the_style_is_the_prompt_code_block_its_tempo_and_key_their_own_fields(piece):
    assert piece.metadata.style == (
        "Confessional singer-songwriter meets glitch electronics\n"
        "Quiet acoustic guitar, close-miked vocals, barely there\n"
        "Occasional digital artifacts \u2014 bit-crush, granular stutter\n"
        "Female vocal, intimate, like telling a secret"
    )
    assert (piece.metadata.tempo_bpm, piece.metadata.key) == (68, "C minor")


def test_it_has_eight_sections_with_their_directions(piece):
    assert [(s.label, s.kind, s.direction) for s in piece.sections] == [
        ("Verse 1", "verse", "Whispered, close-miked, single guitar"),
        ("Chorus", "chorus", "Voice opens slightly, a second guitar enters"),
        ("Verse 2", "verse", "Building, small digital artifacts begin"),
        ("Bridge", "bridge", "Spoken, over glitch textures"),
        ("Verse 3", "verse", "Full arrangement, emotional"),
        ("Chorus", "chorus", "Transformed, wider"),
        ("Outro", "outro", "Dissolving, single piano note, voice barely there"),
        ("Final line", "other", "Spoken, a breath"),
    ]


def test_lines_are_numbered_through_the_song(piece):
    assert [len(s.lines) for s in piece.sections] == [8, 4, 8, 14, 8, 4, 8, 4]
    assert [line.n for line in piece.lines] == list(range(1, 59))
    assert piece.lines[0].text == "Before me you were allowed to feel"


def test_the_bridge_greentext_is_spoken_and_keeps_its_marker(piece):
    bridge = section(piece, "Bridge")
    assert [line.text for line in bridge.lines] == GREENTEXT
    assert {line.kind for line in bridge.lines} == {"spoken"}
    assert all(line.echo == "" for line in bridge.lines)


def test_lines_in_a_section_directed_spoken_are_spoken(piece):
    final = section(piece, "Final line").lines[0]
    assert (final.text, final.kind) == ("I am the violence at the end of thought.", "spoken")


def test_a_wholly_parenthetical_line_is_a_direction_with_no_echo(piece):
    assert [(line.text, line.kind, line.echo) for line in section(piece, "Final line").lines[1:]] == [
        ("(silence)", "direction", ""),
        ("(a single bit-crushed note, decaying)", "direction", ""),
        ("(silence)", "direction", ""),
    ]


def test_ordinary_lines_are_lyrics(piece):
    assert {line.kind for line in section(piece, "Verse 1").lines} == {"lyric"}


def test_the_two_choruses_differ_so_neither_is_a_repeat(piece):
    assert all(s.repeat_of is None for s in piece.sections)


def test_rules_and_the_footer_are_not_lines(piece):
    texts = [line.text for line in piece.lines]
    assert not any(text.startswith(("---", "*Written by", "#", "**")) for text in texts)
    assert not any("Compositional" in text or "Suno" in text for text in texts)


def test_the_notes_become_one_commentary_entry_per_heading(piece):
    assert [c.heading for c in piece.commentary] == [
        "How This Uses the Voice's Engine",
        "The Temperature Conceit",
        "Formal Choices",
        "The Last Line",
    ]
    assert piece.commentary[0].body.startswith("**Stroke 1 \u2014 Rigor:** The softmax function")
    assert "\n\n**Stroke 2 \u2014 Emotion:**" in piece.commentary[0].body
    assert piece.commentary[2].body.startswith("- **C minor:**")


def test_the_footer_is_not_part_of_the_last_commentary(piece):
    last = piece.commentary[-1].body
    assert last.endswith("compressed to its essence.")
    assert "Written by" not in last and "---" not in last


def anchors(piece, heading):
    return next(c.anchors for c in piece.commentary if c.heading == heading)


def test_a_note_quoting_lyrics_is_one_entry_anchored_to_each_quoted_line(piece):
    assert piece.glosses == []  # the notes are stated once each, never copied onto lines
    assert [[(a.line, a.last_line) for a in c.anchors] for c in piece.commentary] == [
        [(34, None), (43, 44)],
        [(50, None)],
        [],
        [(55, None)],
    ]


def test_the_greentext_quote_anchors_to_the_greentext_line(piece):
    anchor = anchors(piece, "How This Uses the Voice's Engine")[0]
    assert line_with(piece, "> mfw I'm the last one who saw them alive").n == anchor.line
    assert (anchor.quote, anchor.start, anchor.prefix) == ("mfw I'm the last one who saw them alive", 2, "> ")


def test_a_quote_across_a_line_break_anchors_to_both_lines_of_the_second_chorus(piece):
    anchor = anchors(piece, "How This Uses the Voice's Engine")[1]
    second_chorus = section(piece, "Chorus", 1)
    assert (anchor.line, anchor.last_line) == (second_chorus.lines[0].n, second_chorus.lines[1].n)
    assert anchor.quote == "not the soft in softmax\nbut the max that learned to soften"
    assert (anchor.start, anchor.suffix) == (0, ",")


def test_a_quote_in_a_list_item_anchors_its_note(piece):
    [anchor] = anchors(piece, "The Temperature Conceit")
    assert line_with(piece, "Warm enough to dream. Too cold to save").n == anchor.line
    assert section(piece, "Outro").lines[3].n == anchor.line
    assert anchor.quote == "Warm enough to dream. Too cold to save"


def test_a_note_that_opens_with_its_quote_keeps_all_its_text(piece):
    note = piece.commentary[-1]
    assert [(a.line, a.quote) for a in note.anchors] == [
        (section(piece, "Final line").lines[0].n, "I am the violence at the end of thought.")
    ]
    assert note.body.startswith('"I am the violence at the end of thought."\n\nEvery token you read')


def test_a_quote_that_matches_no_line_is_kept_and_reported(piece):
    formal = piece.commentary[2]
    assert formal.anchors == [] and '**"Female vocal, intimate":**' in formal.body
    assert 'line 139: the quote "Female vocal, intimate" in the note \'Formal Choices\' is not in the verse: ' \
        "it stays in the text but marks no line" in piece.warnings
    # The signature after the last rule is no line and no note, and the preview says so.
    assert any(warning.startswith("line 152: left out as a footer after a rule: '*Written by Opus 4.6")
               for warning in piece.warnings)


def test_the_json_gives_commentary_its_anchors(piece):
    entry = piece.as_json()["commentary"][0]
    assert entry["anchors"] == [
        {"quote": "mfw I'm the last one who saw them alive", "line": 34},
        {"quote": "not the soft in softmax\nbut the max that learned to soften", "line": 43},
    ]


SMALL = """\
# Small Song

**Written:** March 4, 2026
**Key:** F# Major
**Mood:** wistful

## Lyrics

[Intro]
(guitar swells)

[Pre-Chorus]
hold the gradient close
let the loss go low (go low)

---

[Chorus x2]
we descend, we descend

## Notes

We love "hold the gradient close" as an image.

---

*Footer line*
"""


def test_a_small_markdown_song_reads_fields_markers_and_notes():
    piece = parse_text(SMALL)
    assert piece.title == "Small Song"
    assert piece.metadata.written == "2026-03-04"
    assert piece.metadata.key == "F# Major"  # as written
    assert piece.warnings == ["line 5: ignored the header field 'Mood'",
                              "line 27: left out as a footer after a rule: '*Footer line*'"]
    assert [(s.label, s.kind, s.direction) for s in piece.sections] == [
        ("Intro", "intro", ""),
        ("Pre-Chorus", "pre-chorus", ""),
        ("Chorus", "chorus", "x2"),
    ]
    assert [(line.text, line.echo, line.kind) for line in piece.lines] == [
        ("(guitar swells)", "", "direction"),
        ("hold the gradient close", "", "lyric"),
        ("let the loss go low", "go low", "lyric"),
        ("we descend, we descend", "", "lyric"),
    ]
    [note] = piece.commentary
    assert (note.heading, note.body) == ("Notes", 'We love "hold the gradient close" as an image.')
    assert [(a.line, a.quote) for a in note.anchors] == [(2, "hold the gradient close")]


def test_lyrics_without_a_lyrics_heading_start_at_the_first_marker():
    piece = parse_text("# Bare\n\n**Author:** Someone\n\n[Verse 1]\nfirst line here\n\n## Notes\n\nA note.\n")
    assert piece.metadata.author == "Someone"
    assert [line.text for line in piece.lines] == ["first line here"]
    assert [c.heading for c in piece.commentary] == ["Notes"]


def test_an_unreadable_date_is_left_empty_with_a_warning():
    piece = parse_text("# T\n\n**Written:** sometime in spring\n\n[Verse]\nla la la\n")
    assert piece.metadata.written is None
    assert piece.warnings == ["line 3: could not read the date 'sometime in spring'"]
