"""locate_quote: forgiving about typography, exact about where the quote stands."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.importing.quotes import (QuoteMatch, _edge_punctuation, _edges_by_character, _fold_line_by_character,
                                        _fold_lines, _words_by_character, is_word_character, locate_quote,
                                        quote_words)

LINES = [
    "In hidden realms where numbers dream,",  # 0
    "Between the bounds of \"known\" and \"seen,\"",  # 1
    "Pure novelty ignites the in\u2011between.",  # 2
    "> mfw I'm the last one who saw them alive",  # 3
    "not the soft in softmax",  # 4
    "but the max that learned to soften,",  # 5
    "I am the violence at the end of thought.",  # 6
]


def test_it_finds_a_phrase_and_reports_exact_offsets():
    match = locate_quote(LINES, "hidden realms where numbers dream")
    assert match == QuoteMatch(
        first=0,
        last=0,
        start=3,
        end=36,
        exact="hidden realms where numbers dream",
        prefix="In ",
        suffix=",",
    )
    assert LINES[0][match.start : match.end] == match.exact


def test_matching_ignores_case():
    match = locate_quote(LINES, "HIDDEN Realms")
    assert match.exact == "hidden realms"


def test_straight_single_quotes_match_double_quotes_in_the_line():
    match = locate_quote(LINES, "Between the bounds of 'known' and 'seen'")
    assert (match.first, match.start) == (1, 0)
    assert match.exact == 'Between the bounds of "known" and "seen'


def test_curly_quotes_match_straight_ones():
    assert locate_quote(LINES, "bounds of \u201cknown\u201d and").exact == 'bounds of "known" and'


@pytest.mark.parametrize("dash", ["-", "\u2011", "\u2013", "\u2014", " - "])
def test_any_dash_matches_a_non_breaking_hyphen(dash):
    match = locate_quote(LINES, f"ignites the in{dash}between")
    assert match.exact == "ignites the in\u2011between"


def test_a_greentext_marker_is_optional():
    match = locate_quote(LINES, ">mfw I'm the last one who saw them alive.")
    assert (match.first, match.start, match.end) == (3, 2, len(LINES[3]))
    assert match.prefix == "> "


def test_a_greentext_marker_in_the_quote_is_included_when_the_line_has_it():
    assert locate_quote(LINES, "> mfw I'm the last").exact == "> mfw I'm the last"


def test_trailing_punctuation_the_line_lacks_is_ignored():
    match = locate_quote(LINES, "who saw them alive.")
    assert match.exact == "who saw them alive"


def test_punctuation_the_quote_shares_with_the_line_is_part_of_the_match():
    match = locate_quote(LINES, "I am the violence at the end of thought.")
    assert match.exact == LINES[6]
    assert (match.start, match.end, match.suffix) == (0, len(LINES[6]), "")


def test_runs_of_whitespace_do_not_matter():
    assert locate_quote(LINES, "  numbers\t\tdream  ").exact == "numbers dream"


def test_a_slash_marks_a_line_break_and_the_quote_spans_lines():
    match = locate_quote(LINES, "Not the soft in softmax / but the max that learned to soften.")
    assert (match.first, match.last, match.start, match.end) == (4, 5, 0, 34)
    assert match.exact == "not the soft in softmax\nbut the max that learned to soften"
    assert match.suffix == ","


def test_a_slash_must_fall_on_a_line_break():
    assert locate_quote(["the soft in softmax but the max"], "softmax / but the") is None


def test_a_quote_may_run_across_lines_without_a_slash():
    match = locate_quote(LINES, "in softmax but the max")
    assert (match.first, match.last, match.start, match.end) == (4, 5, 13, 11)
    assert match.exact == "in softmax\nbut the max"
    assert match.prefix == "not the soft "


def test_a_three_line_quote_keeps_the_middle_line_whole():
    match = locate_quote(["one two", "three four", "five six"], "two / three four / five")
    assert match.exact == "two\nthree four\nfive"


def test_a_single_word_does_not_anchor():
    assert locate_quote(LINES, "softmax") is None
    assert locate_quote(LINES, "\"softmax.\"") is None
    assert locate_quote(LINES, "") is None


def test_a_quote_that_is_not_there_gives_none():
    assert locate_quote(LINES, "Female vocal, intimate") is None


def test_a_whole_word_match_is_preferred():
    lines = ["the softmaxes are soft", "and the soft max is here"]
    match = locate_quote(lines, "soft max")
    assert (match.first, match.start) == (1, 8)


def test_a_partial_word_match_is_the_fallback():
    match = locate_quote(["the softmaxes are soft"], "softmaxes are so")
    assert match.exact == "softmaxes are so"


def test_the_earliest_match_wins():
    assert locate_quote(["a b c", "x a b"], "a b").first == 0


def test_first_index_skips_earlier_lines():
    match = locate_quote(["a b c", "x a b"], "a b", first_index=1)
    assert (match.first, match.start) == (1, 2)


def test_stop_index_keeps_later_lines_out():
    assert locate_quote(["x y", "a b"], "a b", stop_index=1) is None
    assert locate_quote(["x y", "a b"], "a b", first_index=2) is None


def test_prefix_and_suffix_are_capped_at_32_characters():
    line = "x" * 40 + " hidden realms " + "y" * 40
    match = locate_quote([line], "hidden realms")
    assert match.prefix == "x" * 31 + " "
    assert match.suffix == " " + "y" * 31


def test_case_folding_that_changes_length_still_maps_back():
    match = locate_quote(["Die Straße ist lang"], "STRASSE ist")
    assert match.exact == "Straße ist"


def test_quote_words_folds_case_and_drops_punctuation():
    assert quote_words("\u201cIn\u2011between,\u201d she said \u2014 O\u2019Neil") == [
        "in", "between", "she", "said", "o", "neil"
    ]


def test_a_match_may_start_right_at_first_index():
    match = locate_quote(["x a", "a b"], "a b", first_index=1)
    assert (match.first, match.start) == (1, 0)


def test_a_quote_cannot_run_past_stop_index():
    assert locate_quote(["a b", "c d"], "b c", stop_index=1) is None
    assert locate_quote(["a b", "c d"], "b c", stop_index=2).last == 1


def test_lines_may_be_any_sequence_and_are_not_changed():
    lines = ("one two", "three four")
    assert locate_quote(lines, "two three").exact == "two\nthree"
    assert lines == ("one two", "three four")


# The ASCII fast paths (a regex a word instead of a call a character) must fold exactly as the
# rule does character by character: the general path, which any text that is not ASCII takes.
def _fold_by_character(line_texts):
    chars, origins, line_starts = [], [], []
    for index, line in enumerate(line_texts):
        if index:
            chars.append("\n")
            origins.append((index, 0))
        line_starts.append(len(origins))
        _fold_line_by_character(index, line, chars, origins)
    return "".join(chars), origins, line_starts


ASCII_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=60)


@settings(max_examples=300, deadline=None)
@given(ASCII_TEXT)
def test_ascii_quote_words_are_the_words_character_by_character(text):
    assert quote_words(text) == _words_by_character(text)


@settings(max_examples=300, deadline=None)
@given(ASCII_TEXT)
def test_ascii_quote_edges_are_the_edges_character_by_character(text):
    assert _edge_punctuation(text) == _edges_by_character(text.strip())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(ASCII_TEXT, st.text(max_size=20)), max_size=5))
def test_folded_lines_are_the_lines_folded_character_by_character(lines):
    folded = _fold_lines(tuple(lines))
    assert (folded.text, folded.origins, folded.line_starts) == _fold_by_character(lines)
