"""What a reader types becomes a safe query with the same meaning for FTS5 and PostgreSQL."""

import random

import pytest

from search.query import parse


def test_words_must_all_match():
    query = parse("softmax temperature")
    assert query.fts5() == '("softmax") AND ("temperature")'
    assert query.tsquery() == "((softmax)) & ((temperature))"


def test_a_quoted_phrase_keeps_its_words_together():
    query = parse('"latent space"')
    assert query.fts5() == '("latent space")'
    assert query.tsquery() == "((latent <-> space))"


def test_an_asterisk_asks_for_the_start_of_a_word():
    assert parse("soft*").fts5() == '("soft"*)'
    assert parse("soft*").tsquery() == "((soft:*))"
    assert parse('"latent spa"*').tsquery() == "((latent <-> spa:*))"


def test_a_minus_leaves_lines_with_that_word_out():
    query = parse("softmax -noise")
    assert query.fts5() == '(("softmax")) NOT "noise"'
    assert query.tsquery() == "((softmax)) & !(noise)"


def test_or_in_capitals_offers_a_choice_between_two_terms():
    query = parse("softmax OR logit temperature")
    assert query.fts5() == '("softmax" OR "logit") AND ("temperature")'
    assert query.tsquery() == "((softmax) | (logit)) & ((temperature))"


def test_hyphenated_and_punctuated_words_become_phrases_of_their_parts():
    assert parse("pre-chorus").fts5() == '("pre chorus")'
    assert parse("col:softmax").tsquery() == "((col <-> softmax))"


def test_stop_words_are_dropped_outside_phrases_and_at_their_ends():
    assert parse("the softmax of").fts5() == '("softmax")'
    assert parse('"the space between the seen"').tsquery() == "((space <-> between <-> the <-> seen))"


@pytest.mark.parametrize("typed", ['"unbalanced', "AND OR", "-", ":", "(", ")", "*", "NEAR", "NEAR(a, b)",
                                   '"', '""', "**", "^", "{a b}:c", "softmax AND (", "OR", "-noise", "the",
                                   "'; DROP TABLE catalogue_line; --", "\x00", "%s %(x)s ?"])
def test_anything_typed_by_mistake_gives_a_query_or_nothing_but_never_an_error(typed):
    query = parse(typed)
    for rendered in (query.fts5(), query.tsquery()):
        # Only quoted words, brackets and the engines' own operators come out.
        assert ";" not in rendered and "'" not in rendered and "%" not in rendered and "?" not in rendered


def test_only_punctuation_or_only_exclusions_is_nothing_to_look_for():
    assert not parse("* - : ( )")
    assert not parse("-noise")  # every line but a few is not a search
    assert not parse("the of and")


def test_random_keyboard_mashing_never_raises():
    rng = random.Random(5)
    alphabet = 'ab "*-:()^{}OR AND NEAR+~\\/\'é日本\t'
    for _ in range(2000):
        query = parse("".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30))))
        query.fts5(), query.tsquery()


def test_a_very_long_query_is_cut_to_a_bounded_size():
    query = parse(" ".join(f"word{n}" for n in range(500)))
    assert len(query.groups) <= 12
