"""Filtering and sorting the catalogue: from the URL, with or without htmx, never a 500."""

import datetime
import re

import pytest
from django.urls import reverse

from catalogue.models import Piece, Tag
from tests.builders import make_piece

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    techno = Tag.objects.create(name="industrial techno", slug="industrial-techno")
    folk = Tag.objects.create(name="glitch folk", slug="glitch-folk")
    pieces = {
        "confession": make_piece("Confession of a Softmax Layer", key="C minor", tempo_bpm=128, author="Claude",
                                 written=datetime.date(2025, 3, 1), gloss_count=4),
        "testify": make_piece("Let the Softmax Testify", key="C minor", tempo_bpm=130, author="Suno Rig",
                              written=datetime.date(2024, 6, 1)),
        "exercises": make_piece("Exercises", key="A minor", tempo_bpm=92, author="Claude",
                                written=datetime.date(2023, 1, 1), gloss_count=1),
        "seen": make_piece("The Space Between the Seen", kind="poem", key="C minor", author="Anon", gloss_count=26),
    }
    pieces["confession"].tags.add(techno)
    pieces["testify"].tags.add(techno, folk)
    pieces["exercises"].tags.add(folk)
    return pieces


def listed(client, **params):
    html = client.get(reverse("piece_list"), params).content.decode()
    return re.findall(r'class="piece-card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_a_reader_filters_the_catalogue_to_songs_in_c_minor(client, catalogue):
    assert listed(client, kind="song", key="C minor") == ["Confession of a Softmax Layer", "Let the Softmax Testify"]


def test_each_filter_narrows_the_list(client, catalogue):
    assert listed(client, kind="poem") == ["The Space Between the Seen"]
    assert listed(client, tag="glitch-folk") == ["Exercises", "Let the Softmax Testify"]
    assert listed(client, key="A minor") == ["Exercises"]
    assert listed(client, tempo_min=100, tempo_max=129) == ["Confession of a Softmax Layer"]
    assert listed(client, tempo_min=129) == ["Let the Softmax Testify"]
    assert listed(client, author="claude") == ["Confession of a Softmax Layer", "Exercises"]
    assert listed(client, glossed="on") == ["Confession of a Softmax Layer", "Exercises", "The Space Between the Seen"]


def test_filters_combine(client, catalogue):
    assert listed(client, tag="industrial-techno", author="suno", kind="song") == ["Let the Softmax Testify"]


def test_the_list_sorts_by_title_date_or_number_of_glosses(client, catalogue):
    assert listed(client) == ["Confession of a Softmax Layer", "Exercises", "Let the Softmax Testify",
                              "The Space Between the Seen"]
    # Undated pieces go last either way.
    assert listed(client, sort="newest") == ["Confession of a Softmax Layer", "Let the Softmax Testify", "Exercises",
                                             "The Space Between the Seen"]
    assert listed(client, sort="oldest") == ["Exercises", "Let the Softmax Testify", "Confession of a Softmax Layer",
                                             "The Space Between the Seen"]
    assert listed(client, sort="glosses")[:2] == ["The Space Between the Seen", "Confession of a Softmax Layer"]


def test_the_form_shows_the_filters_from_the_url(client, catalogue):
    html = client.get(reverse("piece_list"), {"key": "C minor", "author": "Claude", "glossed": "on"}).content.decode()
    assert '<option value="C minor" selected>C minor</option>' in html
    assert 'name="author" value="Claude"' in html
    assert re.search(r'name="glossed"[^>]*checked', html)


def test_only_genres_and_keys_the_catalogue_has_are_offered(client, catalogue):
    html = client.get(reverse("piece_list")).content.decode()
    assert '<option value="glitch-folk">glitch folk</option>' in html
    assert [key for key in re.findall(r'<option value="([^"]*)"', html) if "minor" in key] == ["A minor", "C minor"]


@pytest.mark.parametrize("params, message", [
    ({"tempo_min": "fast"}, "Tempo from: Enter a whole number."),
    ({"tempo_min": "140", "tempo_max": "90"}, "The tempo range is empty: 140 BPM is above 90 BPM."),
    ({"tag": "polka"}, "There is no genre “polka” in the catalogue."),
    ({"key": "H major"}, "No piece is in the key “H major”."),
    ({"kind": "opera"}, "Select a valid choice."),
    ({"sort": "random"}, "“random” is not a way to sort; sorted by title."),
    ({"tempo_max": "-5"}, "Ensure this value is greater than or equal to 1."),
])
def test_an_invalid_filter_is_explained_and_left_out_while_the_others_apply(client, catalogue, params, message):
    response = client.get(reverse("piece_list"), {**params, "author": "claude"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "could not be used and were left out" in html
    assert message.replace("“", "&ldquo;").replace("”", "&rdquo;") in html or message in html
    assert listed(client, **params, author="claude") == ["Confession of a Softmax Layer", "Exercises"]


def test_filters_that_match_nothing_say_so_and_offer_a_way_back(client, catalogue):
    html = client.get(reverse("piece_list"), {"kind": "prose"}).content.decode()
    assert "No piece matches these filters." in html and "0 pieces" in html


def test_htmx_gets_only_the_results_fragment(client, catalogue):
    response = client.get(reverse("piece_list"), {"kind": "poem"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="piece-filters"' not in html
    assert html.lstrip().startswith('<section class="piece-results" id="piece-results"')
    assert "The Space Between the Seen" in html and "Exercises" not in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, catalogue):
    response = client.get(reverse("piece_list"), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_the_filter_form_works_without_javascript(client, catalogue):
    html = client.get(reverse("piece_list")).content.decode()
    form = re.search(r'<form class="piece-filters"[^>]*>', html).group(0)
    assert 'method="get"' in form and f'action="{reverse("piece_list")}"' in form
    assert 'hx-push-url="true"' in form  # and with htmx the address bar follows the filters


def test_the_list_refuses_to_be_posted_to(client):
    assert client.post(reverse("piece_list")).status_code == 405


def test_the_list_is_paginated_and_page_links_keep_the_filters(client):
    for n in range(30):
        make_piece(f"Song {n:02}", key="C minor")
    make_piece("Other", key="D major")
    html = client.get(reverse("piece_list"), {"key": "C minor"}).content.decode()
    assert html.count('class="piece-card"') == 24
    assert "30 pieces · page 1 of 2" in html
    assert 'href="?key=C+minor&amp;page=2"' in html
    assert listed(client, key="C minor", page=2) == [f"Song {n:02}" for n in range(24, 30)]
    assert listed(client, key="C minor", page="lots") == listed(client, key="C minor")  # a bad page is page 1


def test_a_filtered_page_costs_five_queries_however_big_the_catalogue(client, django_assert_num_queries):
    tag = Tag.objects.create(name="glitch folk", slug="glitch-folk")
    for n in range(40):
        make_piece(f"Song {n:02}", key="C minor", tempo_bpm=100).tags.add(tag)
    query = {"tag": "glitch-folk", "tempo_min": 90, "sort": "glosses"}
    # the catalogue's version (for the readers' cache), genres, keys, count, the page of pieces, their tags
    with django_assert_num_queries(6):
        html = client.get(reverse("piece_list"), query).content
    assert html.decode().count('class="piece-card"') == 24
    # The next reader gets the same page from the cache: only the version is read.
    with django_assert_num_queries(1):
        assert client.get(reverse("piece_list"), query).content == html
    assert Piece.objects.count() == 40
