"""Finding a gloss's place again in a changed text: plain functions over numbered lines."""

from annotations.anchoring import anchor_lines, anchor_quote, line_moves, reanchor

OLD = [(1, "Queries kiss the keys"), (2, "Values start to sing"), (3, "Softmax spreads the weight"),
       (4, "Queries kiss the keys"), (5, "Values start to sing")]


def numbered(*texts):
    return list(enumerate(texts, start=1))


def test_unchanged_lines_are_mapped_to_their_new_numbers_around_an_insertion():
    new = numbered("A new opening", *[text for _, text in OLD])
    assert line_moves(OLD, new) == {1: 2, 2: 3, 3: 4, 4: 5, 5: 6}


def test_a_gloss_on_a_repeated_line_keeps_to_its_own_repeat_when_the_lines_are_mapped():
    gloss = anchor_lines(OLD, 5)
    added = ["An added line", "and another", "and a third", "and a fourth"]
    new = numbered(*[text for _, text in OLD[:3]], *added, *[text for _, text in OLD[3:]])
    assert reanchor(gloss, new, line_moves(OLD, new)).first_line == 9
    # Without the mapping, the nearest repeat to the old place wins, which here is the first one.
    assert reanchor(gloss, new).first_line == 2


def test_a_mapping_is_not_trusted_when_the_gloss_stood_on_other_text():
    stale = anchor_lines(numbered("Something else", "b", "c", "d", "e"), 1)
    new = list(OLD)
    assert reanchor(stale, new, line_moves(OLD, new)) is None


def test_a_phrase_is_found_by_its_context_when_it_occurs_twice():
    lines = numbered("the keys, the keys", "open the keys now")
    phrase = anchor_quote(lines, "the keys now")
    moved = numbered("open the keys now", "the keys, the keys")
    new = reanchor(phrase, moved)
    assert (new.first_line, new.exact, new.suffix) == (1, "the keys now", "")


def test_a_slightly_edited_phrase_is_found_fuzzily():
    phrase = anchor_quote(OLD, "Softmax spreads the weight")
    new = reanchor(phrase, numbered("Softmax spreads the weights", "Values start to sing"))
    assert (new.first_line, new.exact) == (1, "Softmax spreads the weight")


def test_a_phrase_whose_text_is_gone_cannot_be_placed():
    phrase = anchor_quote(OLD, "Softmax spreads the weight")
    assert reanchor(phrase, numbered("Queries kiss the keys", "Values start to sing")) is None
    assert reanchor(phrase, []) is None
