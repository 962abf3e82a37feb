"""The commentary pane: ?gloss=ID and ?line=N as a whole page, as an htmx fragment, and refused methods."""

import pytest
from django.urls import reverse

from tests.builders import make_gloss, make_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece():
    piece = make_piece("Pane Song", lines=["Count the patterns", "Measure the load"] * 2, lines_per_section=2)
    first, second = piece.sections.order_by("position")
    second.repeat_of = first
    second.save()
    return piece


def url(piece, query=""):
    return reverse("piece_detail", args=[piece.slug]) + query


def pane_of(html: str) -> str:
    return html.split('<aside id="pane"')[1].split("</aside>\n")[0]


def test_a_shared_gloss_link_renders_the_page_with_the_gloss_in_the_pane(client, piece):
    gloss = make_gloss(piece, line=2, phrase="the load", body="Storage *capacity*.")
    response = client.get(url(piece, f"?gloss={gloss.pk}"))
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    pane = pane_of(html)
    assert "Gloss on line 2" in pane and "<em>capacity</em>" in pane and "the load" in pane
    # The pane names its anchor, so the page can highlight it.
    assert f'data-gloss="{gloss.pk}"' in pane and 'data-first="2"' in pane


def test_an_htmx_request_gets_only_the_pane(client, piece):
    gloss = make_gloss(piece, line=2, body="Storage capacity.")
    response = client.get(url(piece, f"?gloss={gloss.pk}"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="pane")
    html = response.content.decode()
    assert "<html" not in html and "Count the patterns" not in html
    assert html.strip().startswith('<aside id="pane"') and "Storage capacity." in html
    assert "HX-Request" in response["Vary"]


def test_back_and_forward_without_a_snapshot_get_the_whole_page(client, piece):
    gloss = make_gloss(piece, line=2, body="Storage capacity.")
    response = client.get(url(piece, f"?gloss={gloss.pk}"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_after_a_write_the_page_fetches_only_the_reading(client, piece):
    make_gloss(piece, line=1, body="Hopfield")
    html = client.get(url(piece), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="reading-slot").content.decode()
    assert html.strip().startswith("<article") and "Hopfield" in html and 'id="pane"' not in html


def test_a_line_link_shows_every_gloss_on_the_line_and_those_of_the_line_it_repeats(client, piece):
    make_gloss(piece, line=1, body="Capacity of a Hopfield net")
    make_gloss(piece, line=3, phrase="the patterns", body="Said again")
    pane = pane_of(client.get(url(piece, "?line=3")).content.decode())
    assert "Line 3" in pane and "Said again" in pane
    assert "As on line 1" in pane and "Capacity of a Hopfield net" in pane


def test_a_line_without_glosses_says_so(client, piece):
    assert "No glosses on this line yet." in pane_of(client.get(url(piece, "?line=2")).content.decode())


def test_unknown_or_malformed_gloss_and_line_links_say_what_is_missing(client, piece):
    for query, message in [("?gloss=999999", "not here any more"), ("?gloss=abc", "not here any more"),
                           ("?line=99", "no such line"), ("?line=x", "no such line")]:
        response = client.get(url(piece, query))
        assert response.status_code == 200 and message in pane_of(response.content.decode())


def test_annotated_lines_and_phrases_link_to_their_pane_with_a_real_href(client, piece):
    gloss = make_gloss(piece, line=1, phrase="the patterns", body="x")
    html = client.get(url(piece)).content.decode()
    base = url(piece)
    anchor = gloss.first_anchor
    assert (f'<mark class="phrase" data-gloss="{gloss.pk}" data-anchor="{anchor.pk}" data-glosses="{gloss.pk}">'
            "the patterns</mark>") in html
    assert (f'class="gloss-link" href="{base}?gloss={gloss.pk}&amp;anchor={anchor.pk}#L1" '
            f'hx-get="{base}?gloss={gloss.pk}&amp;anchor={anchor.pk}"') in html
    assert f'href="{base}?line=1#L1" hx-get="{base}?line=1"' in html
    # Line 3 repeats line 1, so it is annotated too.
    assert f'href="{base}?line=3#L3" hx-get="{base}?line=3"' in html
    # An unannotated line keeps its plain permalink, for readers.
    assert 'href="#L4"' in html


def test_the_pane_is_hidden_when_nothing_is_chosen(client, piece):
    assert 'class="pane no-print" aria-label="Commentary pane"' in client.get(url(piece)).content.decode()
    assert " hidden>" in pane_of(client.get(url(piece)).content.decode())


def test_the_pane_is_outside_the_cached_reading(client, piece, django_assert_max_num_queries):
    gloss = make_gloss(piece, line=2, body="x")
    client.get(url(piece))
    # The reading comes from the cache; the pane costs its own few queries (the piece's
    # versions, the piece, the gloss, its anchors, its concepts), whatever the piece and however
    # many places it has; once rendered it is cached for readers too, until the piece changes.
    with django_assert_max_num_queries(5):
        html = client.get(url(piece, f"?gloss={gloss.pk}")).content.decode()
    assert 'id="L4"' in html and "Gloss on line 2" in html
    with django_assert_max_num_queries(1):
        assert client.get(url(piece, f"?gloss={gloss.pk}")).content.decode() == html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_piece_page_only_answers_get(client, piece, method):
    assert getattr(client, method)(url(piece, "?line=1")).status_code == 405


def test_a_phrase_inside_another_glossed_phrase_is_marked_for_both(client, piece):
    outer = make_gloss(piece, line=1, phrase="Count the patterns", body="Outer")
    inner = make_gloss(piece, line=1, phrase="the patterns", body="Inner")
    html = client.get(url(piece)).content.decode()
    outer_anchor, inner_anchor = outer.first_anchor, inner.first_anchor
    assert (f'<mark class="phrase" data-gloss="{outer.pk}" data-anchor="{outer_anchor.pk}" '
            f'data-glosses="{outer.pk}">Count </mark>') in html
    assert (f'<mark class="phrase is-overlap" data-gloss="{inner.pk}" data-anchor="{inner_anchor.pk}" '
            f'data-glosses="{inner.pk} {outer.pk}">the patterns</mark>') in html


def test_a_gloss_opened_from_one_of_its_places_marks_that_quote_in_its_body_and_lists_the_others(client, piece):
    from annotations.anchoring import anchor_quote
    from annotations.models import Gloss
    from tests.builders import numbered_lines

    lines = numbered_lines(piece)
    gloss = Gloss.write(piece, [anchor_quote(lines[:1], "the patterns"), anchor_quote(lines[1:2], "the load")],
                        body="First *the* patterns, then the load <b>x</b>.", status="published", user=None)
    first, second = gloss.anchor_list
    pane = pane_of(client.get(url(piece, f"?gloss={gloss.pk}&anchor={second.pk}")).content.decode())
    assert 'then <mark class="quoted">the load</mark> &lt;b&gt;x&lt;/b&gt;.' in pane
    assert f'data-anchor="{second.pk}"' in pane and 'data-first="2"' in pane
    assert "Also on line" in pane and f'href="/pieces/{piece.slug}/?gloss={gloss.pk}&amp;anchor={first.pk}#L1"' in pane
    # Opened from the first place: its words are cut by a tag, so nothing is marked and nothing breaks.
    pane = pane_of(client.get(url(piece, f"?gloss={gloss.pk}&anchor={first.pk}")).content.decode())
    assert '<mark class="quoted">' not in pane and "First <em>the</em> patterns" in pane
    # A place it does not have, or none, opens it from its first place.
    for query in (f"&anchor=999999", "&anchor=x", ""):
        pane = pane_of(client.get(url(piece, f"?gloss={gloss.pk}{query}")).content.decode())
        assert 'data-first="1"' in pane and "Also on line" in pane


def test_the_opened_quote_is_marked_in_text_only_never_inside_a_tag():
    from annotations.markdown import render_markdown
    from annotations.reading import mark_quote

    html = render_markdown('See [the load](https://example.org/the%20load "the load") and *the load* & "the load".')
    marked = mark_quote(html, "the load")
    assert marked.count('<mark class="quoted">') == 1
    assert 'href="https://example.org/the%20load" title="the load"' in marked  # the attribute is untouched
    assert '<a href="https://example.org/the%20load" title="the load"><mark class="quoted">the load</mark></a>' in marked
    # Two lines quoted with a slash or a line break between them, any case, are found too.
    two_lines = render_markdown("As the poem says, “Count the patterns / measure the load”.")
    assert '<mark class="quoted">Count the patterns / measure the load</mark>' in mark_quote(
        two_lines, "count the patterns\nMeasure the load")
    assert mark_quote(html, "not quoted at all") == html
    assert mark_quote(render_markdown("a < b"), "a < b") == '<p><mark class="quoted">a &lt; b</mark></p>\n'
