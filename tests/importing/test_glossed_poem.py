"""A poem with a prose gloss after each stanza: the-space-between-the-seen.txt, and plain poems."""

from pathlib import Path

import pytest

from catalogue.importing.page import read_page
from catalogue.importing import parse_bytes, parse_text
from catalogue.importing.shapes import glossed_poem

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"
POEM = "the-space-between-the-seen.txt"


@pytest.fixture(scope="module")
def piece():
    return parse_bytes((FIXTURES / POEM).read_bytes(), filename=POEM)


def anchor_on(piece, quote_start):
    """The gloss that quotes a phrase, and the anchor of that phrase."""
    return next(
        (gloss, anchor)
        for gloss in piece.glosses
        for anchor in gloss.anchors
        if anchor.quote.casefold().startswith(quote_start.casefold())
    )


def gloss_on(piece, quote_start):
    return anchor_on(piece, quote_start)[0]


def test_it_is_a_poem_with_its_title(piece):
    assert piece.kind == "poem"
    assert piece.title == "The Space Between The Seen"


def test_it_is_recognised_as_a_poem():
    assert glossed_poem.looks_like(read_page((FIXTURES / POEM).read_text(encoding="utf-8")))


def test_it_has_seven_stanzas_of_four_lines(piece):
    assert [(s.label, s.kind, len(s.lines)) for s in piece.sections] == [
        (f"Stanza {i}", "stanza", 4) for i in range(1, 8)
    ]
    assert [line.n for line in piece.lines] == list(range(1, 29))
    assert {line.kind for line in piece.lines} == {"lyric"}
    assert piece.lines[0].text == "In hidden realms where numbers dream,"
    assert piece.lines[-1].text == "A cosmos blooming, one by one."


def test_gloss_paragraphs_are_never_lines(piece):
    assert all(len(line.text) < 60 for line in piece.lines)
    assert not any(line.text.startswith(("This sets", "This captures", '"')) for line in piece.lines)


def test_a_quoted_phrase_becomes_an_anchor_on_its_line(piece):
    gloss, anchor = anchor_on(piece, "hidden realms")
    assert (anchor.line, anchor.last_line) == (1, None)
    assert (anchor.quote, anchor.start, anchor.prefix, anchor.suffix) == ("hidden realms where numbers dream", 3, "In ", ",")
    assert (gloss.quote, gloss.line, gloss.start) == (anchor.quote, 1, 3)  # the first anchor, for old readers


def test_each_gloss_paragraph_is_one_gloss_with_its_whole_text(piece):
    paragraphs = [line for line in (FIXTURES / POEM).read_text(encoding="utf-8").splitlines() if len(line) > 120]
    assert [g.body for g in piece.glosses] == paragraphs
    assert gloss_on(piece, "every weight") is gloss_on(piece, "hidden realms")


def test_a_gloss_is_anchored_to_every_phrase_it_quotes_in_order(piece):
    first = piece.glosses[0]
    assert [(a.line, a.quote) for a in first.anchors] == [
        (1, "hidden realms where numbers dream"),
        (3, "every weight, a whispered trace"),
        (4, "A secret door to latent space"),
    ]


def test_a_sentence_holding_two_quotes_is_not_cut(piece):
    gloss = gloss_on(piece, "A thousand moons")
    assert "\"Gravity of 'might' and 'may'\" is about how these dimensions exert probabilistic influence." in gloss.body
    assert [a.line for a in gloss.anchors] == [9, 10, 11, 12]


def test_phantom_keys_anchors_to_the_first_line_of_stanza_four(piece):
    _, anchor = anchor_on(piece, "phantom keys")
    assert anchor.line == piece.sections[3].lines[0].n == 13
    assert (anchor.quote, anchor.start) == ("phantom keys", 23)


def test_a_quote_with_a_non_breaking_hyphen_anchors(piece):
    _, anchor = anchor_on(piece, "Pure novelty")
    assert anchor.line == piece.sections[1].lines[3].n == 8
    assert anchor.quote == "Pure novelty ignites the in\u2011between"


def test_single_quotes_in_a_gloss_match_double_quotes_in_the_line(piece):
    _, anchor = anchor_on(piece, "gravity")
    assert anchor.line == piece.sections[2].lines[2].n == 11
    assert anchor.quote == 'gravity of "might" and "may"'


def test_every_quoted_line_is_anchored_once(piece):
    # Lines 2 ("A hush pervades…") and 5 ("No pixel sparks…") are never quoted.
    anchors = [a for g in piece.glosses for a in g.anchors]
    assert [a.line for a in anchors] == [n for n in range(1, 29) if n not in (2, 5)]
    assert all(a.last_line is None for a in anchors)
    assert len(piece.glosses) == 7


def test_the_json_lists_every_anchor_beside_the_first_ones_quote_and_line(piece):
    entry = piece.as_json()["glosses"][1]
    assert (entry["quote"], entry["line"]) == ("fertile silence", 6)
    assert entry["anchors"] == [
        {"quote": "fertile silence", "line": 6},
        {"quote": 'Between the bounds of "known" and "seen', "line": 7},
        {"quote": "Pure novelty ignites the in\u2011between", "line": 8},
    ]


def test_nothing_is_left_over_as_commentary(piece):
    assert piece.commentary == []
    assert piece.warnings == []


def test_quotes_only_match_the_stanza_the_gloss_follows():
    text = (
        "Echoes\n"
        "the same line returns\n"
        "and something else\n"
        + "This paragraph is long enough to read as a gloss, and it talks about the first stanza only, "
        "without quoting anything from it at all.\n"
        "the same line returns\n"
        "with a different close\n"
        + 'Here "the same line returns" should anchor to the second stanza, never the first, because '
        "a gloss speaks of the stanza it follows.\n"
    )
    piece = parse_text(text)
    assert [[a.line for a in g.anchors] for g in piece.glosses] == [[3]]
    assert [(c.heading, c.body[:20]) for c in piece.commentary] == [("Stanza 1", "This paragraph is lo")]


def test_a_gloss_with_quotes_that_anchor_nowhere_becomes_commentary_on_the_stanza():
    piece = parse_text(
        "Title\nshort line one\nshort line two\n"
        'A long paragraph of commentary that quotes "something not in the poem at all" and goes on '
        "for a while so that it reads as prose.\n"
    )
    assert piece.glosses == []
    assert piece.commentary[0].heading == "Stanza 1"
    assert '"something not in the poem at all"' in piece.commentary[0].body
    assert any('"something not in the poem at all"' in warning for warning in piece.warnings)


def test_a_quote_not_found_stays_in_the_gloss_and_is_reported():
    piece = parse_text(
        "Title\nthe loss is falling\nthe weights are still\n"
        'A long paragraph of commentary: "the loss is falling" is the descent, while "the wind in the '
        'attic" is not in the poem, and "the weights are still" is where it settles, at length.\n'
    )
    [gloss] = piece.glosses
    assert [(a.line, a.quote) for a in gloss.anchors] == [(1, "the loss is falling"), (2, "the weights are still")]
    assert '"the wind in the attic" is not in the poem' in gloss.body
    assert [w for w in piece.warnings if "the wind in the attic" in w]


def test_stanzas_of_irregular_length_are_separated_by_blank_lines():
    piece = parse_text(
        "Small Hours\n\n"
        "the fan spins\nthe loss falls\nthe night goes on\n\n"
        "one line alone\n\n"
        "two lines here\nand here\n"
    )
    assert piece.kind == "poem"
    assert piece.title == "Small Hours"
    assert [len(s.lines) for s in piece.sections] == [3, 1, 2]
    assert [s.label for s in piece.sections] == ["Stanza 1", "Stanza 2", "Stanza 3"]
    assert piece.glosses == []


def test_a_poem_with_no_title_line_takes_the_title_from_the_file_name():
    piece = parse_text("we are the weights,\nwe are the wind;\n\nand then the rest.\n", filename="weights-and-wind.txt")
    assert piece.kind == "poem"
    assert piece.title == "Weights And Wind"
    assert piece.lines[0].text == "we are the weights,"


def test_a_poem_line_ending_in_brackets_keeps_them():
    piece = parse_text("Title\n\nthe loss (the loss)\nfalls away\n")
    assert (piece.lines[0].text, piece.lines[0].echo) == ("the loss (the loss)", "")


def test_a_poem_of_short_couplets_is_not_mistaken_for_wrapped_prose():
    text = "Couplets\n\n" + "".join(f"short verse line {i},\nanother short line;\n\n" for i in range(10))
    piece = parse_text(text)
    assert piece.kind == "poem"
    assert [len(s.lines) for s in piece.sections] == [2] * 10
