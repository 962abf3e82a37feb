"""Feeds of newly published glosses, and the head tags pages include for them."""

import xml.etree.ElementTree as ET

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from annotations.models import Concept
from tests.builders import make_commentary, make_gloss, make_piece

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response):
    assert response.status_code == 200
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def test_the_catalogue_feed_lists_published_glosses_newest_first(client, db):
    piece = make_piece("Song A")
    make_gloss(piece, line=1, body="Older")
    make_gloss(piece, line=2, body="Draft", status="draft")
    newer = make_gloss(piece, line=3, body="<script>x</script> newer")
    response = client.get(reverse("exchange:feed_rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(response) == ["Song A, line 3", "Song A, line 1"]
    item = ET.fromstring(response.content).find("channel/item")
    assert "&lt;script&gt;" in item.findtext("description")  # shown as text by readers, never run
    assert item.findtext("link").endswith(f"?gloss={newer.pk}#L3")
    atom = client.get(reverse("exchange:feed_atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(atom.content).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Song A, line 3", "Song A, line 1"]


def test_piece_editor_and_concept_feeds_hold_only_their_glosses(client, editor, db):
    one, two = make_piece("One"), make_piece("Two")
    mine = make_gloss(one, line=1, body="Mine", created_by=editor)
    make_gloss(two, line=2, body="Imported")
    make_commentary(two, heading="About", body="On the whole piece.")
    concept = Concept.objects.create(name="Softmax", key="softmax", slug="softmax")
    mine.concepts.add(concept)
    assert rss_titles(client.get(reverse("exchange:piece_feed_rss", args=["two"]))) == [
        "Two, the whole piece: About", "Two, line 2"]
    assert rss_titles(client.get(reverse("exchange:editor_feed_rss", args=[editor.username]))) == ["One, line 1"]
    assert rss_titles(client.get(reverse("exchange:concept_feed_rss", args=["softmax"]))) == ["One, line 1"]
    assert client.get(reverse("exchange:concept_feed_atom", args=["softmax"])).status_code == 200
    for url in ("/pieces/nope/feed.rss", "/editors/nobody/feed.atom", "/concepts/nope/feed.rss"):
        assert client.get(url).status_code == 404


def test_head_tags_link_the_feeds_and_preview_a_gloss_by_its_line_and_note(client, db):
    piece = make_piece("Preview Song", lines=["the first line", "a second line"])
    gloss = make_gloss(piece, line=2, body="A note about **this** line " + "long " * 80)
    html = client.get(f"/pieces/{piece.slug}/", {"gloss": gloss.pk}).content.decode()
    assert f'type="application/rss+xml" title="New glosses on Preview Song (RSS)" href="/pieces/{piece.slug}/feed.rss"' in html
    assert '<meta property="og:title" content="Preview Song: “a second line”">' in html
    assert '<meta property="og:description" content="A note about this line long' in html
    assert f'href="/pieces/{piece.slug}/edition.tei.xml"' in html
    plain = client.get(f"/pieces/{piece.slug}/", {"gloss": "x<"}).content.decode()
    assert '<meta property="og:title" content="Preview Song">' in plain and 'content="the first line"' in plain
    assert 'href="/feeds/glosses.rss"' in client.get("/").content.decode()
