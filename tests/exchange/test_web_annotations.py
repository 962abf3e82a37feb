"""Published glosses as W3C Web Annotations: valid by the W3C test suite's MUSTs (--strict),
and every selector selects its words in the served plain text."""

import json

import pytest
from django.urls import reverse

from annotations.models import Gloss
from exchange import wadm
from tests.builders import make_commentary, make_gloss, make_piece

from .checks import assert_valid_wadm

ANNO = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
SPACE = "the-space-between-the-seen"


def targets_of(annotation):
    targets = annotation["target"]
    return targets if isinstance(targets, list) else [targets]


def selector(target, kind):
    return next(s for s in target["selector"] if s["type"] == kind)


def all_items(client, url):
    """Every annotation of a collection, following its pages."""
    collection = client.get(url, HTTP_ACCEPT=ANNO).json()
    items, page = [], collection.get("first")
    while page:
        items += page["items"]
        page = client.get(page["next"]).json() if page.get("next") else None
    return collection, items


def test_every_fixture_piece_exports_valid_annotations_whose_positions_select_their_quotes(client, catalogue):
    documents = []
    for slug in catalogue:
        url = reverse("exchange:piece_annotations", args=[slug])
        collection, items = all_items(client, url)
        documents.append(collection)
        assert collection["total"] == len(items)
        text = client.get(reverse("exchange:piece_text", args=[slug])).content.decode()
        for item in items:
            for target in targets_of(item):
                if not isinstance(target, dict) or "selector" not in target:
                    continue
                assert target["source"].endswith(f"/pieces/{slug}/text")
                quote = selector(target, "TextQuoteSelector")
                position = selector(target, "TextPositionSelector")
                assert text[position["start"] : position["end"]] == quote["exact"]
                assert text[: position["start"]].endswith(quote["prefix"])
                assert text[position["end"] :].startswith(quote["suffix"])
    assert_valid_wadm(*documents)


def test_the_poem_s_first_gloss_targets_the_phrase_it_quotes(client, catalogue):
    _, items = all_items(client, reverse("exchange:piece_annotations", args=[SPACE]))
    first = next(item for item in items if "hidden realms" in item["body"][0]["items"][0]["value"])
    quotes = [selector(t, "TextQuoteSelector")["exact"] for t in targets_of(first)]
    assert quotes[0] == "hidden realms where numbers dream"
    markdown, html = first["body"][0]["items"]
    assert markdown["format"] == "text/markdown" and html["format"] == "text/html"


def test_a_phrase_anchor_across_lines_and_a_line_anchor_select_exactly_their_words(client, db):
    piece = make_piece("Two Stanzas", lines=["café über naïve", "second line", "third line", "fourth"],
                       lines_per_section=2)
    piece.lines.filter(n=2).update(echo="line two")
    gloss = make_gloss(piece, line=1, phrase="über naïve", also=({"line": 3},), body="On *über*.")
    text = client.get(reverse("exchange:piece_text", args=[piece.slug]))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    body = text.content.decode()
    assert body == "café über naïve\nsecond line (line two)\n\nthird line\nfourth\n"
    data = client.get(reverse("exchange:gloss", args=[gloss.pk]), HTTP_ACCEPT=ANNO).json()
    phrase, line = targets_of(data)
    assert selector(phrase, "TextPositionSelector") == {"type": "TextPositionSelector", "start": 5, "end": 15}
    assert selector(line, "TextQuoteSelector")["exact"] == "third line"
    assert selector(line, "FragmentSelector")["value"] == "line=3,4"  # RFC 5147 counts the blank line
    assert_valid_wadm(data)


def test_a_gloss_on_the_whole_piece_targets_the_piece_s_text(client, db):
    piece = make_piece()
    note = make_commentary(piece, heading="Why", body="Because.")
    data = client.get(reverse("exchange:gloss_annotation", args=[note.pk])).json()
    assert data["target"]["id"].endswith(f"/pieces/{piece.slug}/text")
    assert data["dcterms:title"] == "Why"
    assert_valid_wadm(data)


def test_negotiation_on_the_gloss_and_piece_urls(client, db):
    piece = make_piece()
    gloss = make_gloss(piece, line=2)
    url = reverse("exchange:gloss", args=[gloss.pk])
    as_html = client.get(url, HTTP_ACCEPT="text/html")
    assert as_html.status_code == 302 and as_html["Location"].endswith(f"?gloss={gloss.pk}#L2")
    as_anno = client.get(url, HTTP_ACCEPT=ANNO)
    assert as_anno["Content-Type"] == ANNO and as_anno.json()["id"] == f"http://testserver{url}"
    assert "Accept" in as_anno["Vary"]
    piece_url = piece.get_absolute_url()
    page = client.get(piece_url, HTTP_ACCEPT="text/html")
    assert page["Content-Type"].startswith("text/html") and "Accept" in page["Vary"]
    collection = client.get(piece_url, HTTP_ACCEPT=ANNO)
    assert collection["Content-Type"] == ANNO
    assert collection.json()["type"] == "AnnotationCollection" and collection.json()["total"] == 1
    assert_valid_wadm(collection.json())


def test_drafts_deleted_and_orphaned_glosses_never_leave_the_site(client, editor_client, db):
    piece = make_piece()
    shown = make_gloss(piece, line=1)
    draft = make_gloss(piece, line=2, status="draft")
    orphan = make_gloss(piece, line=3, is_orphan=True)
    deleted = make_gloss(piece, line=4)
    deleted.soft_delete(user=None)
    for hidden in (draft, orphan, deleted):
        assert editor_client.get(reverse("exchange:gloss", args=[hidden.pk]), HTTP_ACCEPT=ANNO).status_code == 404
    data = client.get(reverse("exchange:piece_annotations", args=[piece.slug])).json()
    assert [item["id"] for item in data["first"]["items"]] == [f"http://testserver/glosses/{shown.pk}/"]


def test_collections_are_paged_with_next_prev_part_of_and_total(client, db, monkeypatch):
    monkeypatch.setattr(wadm, "PAGE_SIZE", 2)
    piece = make_piece(n_lines=5)
    for n in range(1, 6):
        make_gloss(piece, line=n, body=f"Gloss {n}")
    url = reverse("exchange:piece_annotations", args=[piece.slug])
    collection = client.get(url).json()
    assert collection["total"] == 5 and collection["last"].endswith("?page=3")
    second = client.get(url + "?page=2").json()
    assert second["prev"].endswith("?page=1") and second["next"].endswith("?page=3")
    assert second["partOf"]["id"] == collection["id"] and second["startIndex"] == 2
    third = client.get(url + "?page=3").json()
    assert "next" not in third and len(third["items"]) == 1
    catalogue = client.get(reverse("exchange:catalogue_annotations")).json()
    assert catalogue["total"] == 5
    assert_valid_wadm(collection, second, third, catalogue)
    assert client.get(url + "?page=4").status_code == 404
    assert client.get(url + "?page=x").status_code == 400
    assert client.get(url + "?page=-1").status_code == 400


def test_html_in_a_body_is_escaped_in_the_rendered_body(client, db):
    piece = make_piece()
    gloss = make_gloss(piece, line=1, body="<script>alert(1)</script> and **bold**")
    data = client.get(reverse("exchange:gloss_annotation", args=[gloss.pk])).json()
    markdown, html = data["body"][0]["items"]
    assert markdown["value"] == "<script>alert(1)</script> and **bold**"
    assert "<script>" not in html["value"] and "&lt;script&gt;" in html["value"]


def test_conditional_get_answers_304(client, db):
    piece = make_piece()
    make_gloss(piece, line=1)
    url = reverse("exchange:piece_annotations", args=[piece.slug])
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.post(url).status_code == 401  # writing needs a token (test_protocol.py)
    assert client.put(url).status_code == 405


def test_unknown_pieces_and_glosses_are_404(client, db):
    assert client.get("/pieces/nope/annotations/").status_code == 404
    assert client.get("/pieces/nope/text").status_code == 404
    assert client.get("/glosses/999999/", HTTP_ACCEPT=ANNO).status_code == 404
