"""The search page: a whole page without JavaScript, a fragment for htmx, GET only."""

import re

import pytest
from django.urls import reverse

from tests.builders import make_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def songs():
    make_piece("Confession of a Softmax Layer", lines=["I am the soft in softmax,", "the gentle executioner"])
    make_piece("Let the Softmax Testify", lines=["Logits in a line", "Softmax testify"])


def test_without_javascript_the_header_form_gets_the_whole_results_page(client, songs):
    html = client.get(reverse("piece_list")).content.decode()
    form = re.search(r'<form class="site-search"[^>]*>', html).group(0)
    assert 'method="get"' in form and f'action="{reverse("search")}"' in form
    assert '<label for="site-search-q">Search</label>' in html

    response = client.get(reverse("search"), {"q": "softmax"})
    html = response.content.decode()
    assert "<html" in html and "<title>“softmax” · Search · Glossa</title>" in html
    assert 'name="q" value="softmax"' in html  # the box keeps what was typed
    assert "2 pieces match “softmax”." in html
    assert 'href="/pieces/let-the-softmax-testify/#L2"' in html


def test_htmx_gets_only_the_results_fragment(client, songs):
    response = client.get(reverse("search"), {"q": "softmax"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'class="site-search"' not in html
    assert html.lstrip().startswith('<section class="search-results" id="search-results"')
    assert "I am the soft in <mark>softmax</mark>," in html
    assert "HX-Request" in response["Vary"]


def test_the_header_box_searches_as_you_type_and_keeps_the_url(client):
    html = client.get(reverse("piece_list")).content.decode()
    box = re.search(r'<input type="search" id="site-search-q"[^>]*>', html, re.S).group(0)
    assert f'hx-get="{reverse("search")}"' in box and 'hx-push-url="true"' in box
    assert 'hx-trigger="input changed delay:250ms, search"' in box and 'hx-target="#main"' in box


def test_an_empty_search_explains_how_to_search(client):
    html = client.get(reverse("search")).content.decode()
    assert "Search the catalogue" in html and "a phrase in quotes" in html


def test_a_query_of_only_punctuation_says_there_is_nothing_to_search_for(client, songs):
    html = client.get(reverse("search"), {"q": '" * ( -'}).content.decode()
    assert "Nothing to search for" in html


def test_no_match_says_so(client, songs):
    assert "No piece matches “zyzzyva”." in client.get(reverse("search"), {"q": "zyzzyva"}).content.decode()


def test_a_capped_search_asks_the_reader_to_narrow_it(client):
    for p in range(5):
        make_piece(f"Noise {p}", lines=[f"softmax again {n}" for n in range(50)])
    html = client.get(reverse("search"), {"q": "softmax"}).content.decode()
    # 250 matching lines, 200 read: which pieces they come from is the index's order (on
    # PostgreSQL, where a rolled-back test's free space put them), so four or five.
    assert re.search(r"At least [45] pieces match", html)
    assert "add a word or use a “phrase” to narrow the search" in html
    assert re.search(r"\d+ more matches in this piece", html)


def test_search_refuses_post(client):
    assert client.post(reverse("search"), {"q": "softmax"}).status_code == 405
