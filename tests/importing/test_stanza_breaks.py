"""Blank lines inside a section are stanza breaks: kept, so the reader still sees them."""

from pathlib import Path

from catalogue.importing import parse_text

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"


def test_a_blank_line_inside_a_section_marks_the_next_line():
    parsed = parse_text("Song\n\n[Verse 1]\nOne\nTwo\n\nThree\nFour\n\n[Chorus]\nFive\n")
    verse, chorus = parsed.sections
    assert [line.break_before for line in verse.lines] == [False, False, True, False]
    # The blank line before a marker separates sections, not stanzas.
    assert chorus.lines[0].break_before is False


def test_the_confession_keeps_its_quatrains_apart():
    parsed = parse_text((CATALOGUE / "confession-of-a-softmax-layer.md").read_text())
    verse = parsed.sections[0]
    assert [line.text for line in verse.lines if line.break_before] == ["I'm the one who says you have to choose."]
