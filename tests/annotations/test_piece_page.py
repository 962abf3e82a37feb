"""The piece page: verse with commentary beside it, cheap to serve however long the piece."""

import pytest
from django.urls import reverse

from annotations.models import Gloss
from tests.builders import make_commentary, make_gloss, make_piece

pytestmark = pytest.mark.django_db


def url(piece):
    return reverse("piece_detail", args=[piece.slug])


def test_shows_each_line_with_a_permalink_and_its_gloss_beside_it(client):
    piece = make_piece("Attention Song", lines=["Queries kiss the keys (the keys)", "Values start to sing"])
    piece.lines.filter(n=1).update(echo="the keys", text="Queries kiss the keys")
    make_gloss(piece, line=2, phrase="start to sing", body="The **weighted sum** of values.")
    html = client.get(url(piece)).content.decode()
    assert 'id="L1"' in html and 'href="#L1"' in html
    assert '<span class="echo" title="Echo">(the keys)</span>' in html
    assert '<mark class="phrase" data-gloss=' in html and ">start to sing</mark>" in html
    assert "<strong>weighted sum</strong>" in html
    # The gloss stands in the same row as line 2, not elsewhere on the page.
    row = html.split('id="L2"')[1].split('class="row"')[0]
    assert "weighted sum" in row


def test_markdown_raw_html_is_shown_as_text(client):
    piece = make_piece("Escapes")
    make_gloss(piece, line=1, body="<script>alert(1)</script> and <b>bold</b>")
    html = client.get(url(piece)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_titles_and_lines_are_escaped(client):
    piece = make_piece("<img src=x onerror=alert(1)>", slug="img", lines=["<b>not bold</b>"])
    html = client.get(url(piece)).content.decode()
    assert "<img src=x" not in html and "<b>not bold</b>" not in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html


def test_draft_glosses_are_hidden_from_readers_and_shown_to_editors(client, editor):
    piece = make_piece("Drafty")
    make_gloss(piece, line=1, body="Unfinished thought", status="draft")
    assert "Unfinished thought" not in client.get(url(piece)).content.decode()
    client.force_login(editor)
    assert "Unfinished thought" in client.get(url(piece)).content.decode()


def test_deleted_glosses_are_not_shown(client):
    piece = make_piece("Deleted")
    gloss = make_gloss(piece, line=1, body="Soon gone")
    from django.utils import timezone

    Gloss.objects.filter(pk=gloss.pk).update(deleted_at=timezone.now())
    piece.glosses_changed()
    assert "Soon gone" not in client.get(url(piece)).content.decode()


def test_a_new_gloss_shows_at_once_although_the_page_is_cached(client):
    piece = make_piece("Cached")
    client.get(url(piece))
    make_gloss(piece, line=2, body="Fresh commentary")
    assert "Fresh commentary" in client.get(url(piece)).content.decode()


def test_an_unchanged_page_answers_304_to_its_etag(client):
    piece = make_piece("Etagged")
    first = client.get(url(piece))
    again = client.get(url(piece), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    make_gloss(piece, line=1, body="Changes the page")
    changed = client.get(url(piece), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Changes the page" in changed.content.decode()


def test_piece_commentary_is_shown_with_its_heading(client):
    piece = make_piece("Noted")
    make_commentary(piece, heading="The Temperature Conceit", body="T → 0 is *cruelty*.")
    html = client.get(url(piece)).content.decode()
    assert "The Temperature Conceit" in html and "<em>cruelty</em>" in html


def test_glosses_on_a_chorus_show_on_its_repeats(client):
    piece = make_piece("Chorus Song", lines=["Count the patterns", "Measure the load"] * 2, lines_per_section=2)
    first, second = piece.sections.order_by("position")
    second.repeat_of = first
    second.save()
    make_gloss(piece, line=1, body="Capacity of a Hopfield net")
    html = client.get(url(piece)).content.decode()
    assert '<a class="repeat-mark" href="#s0">repeats Verse 1</a>' in html
    repeat_row = html.split('id="L3"')[1].split('class="row"')[0]
    assert "Capacity of a Hopfield net" in repeat_row and 'href="#L1"' in repeat_row


def test_unknown_piece_is_404(client):
    assert client.get(reverse("piece_detail", args=["no-such-piece"])).status_code == 404


def test_post_is_not_allowed(client):
    piece = make_piece("Read Only")
    assert client.post(url(piece)).status_code == 405


@pytest.mark.parametrize("cached", [False, True])
def test_query_count_does_not_grow_with_the_piece(client, django_assert_max_num_queries, cached):
    small = make_piece("Small", n_lines=10)
    large = make_piece("Large", n_lines=1000)
    for n in range(1, 501):
        make_gloss(large, line=n * 2, body=f"Gloss {n}")
    make_gloss(small, line=1, body="Only one")
    if cached:
        client.get(url(small)), client.get(url(large))
    counts = {}
    for piece in (small, large):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(piece))
        assert response.status_code == 200
        counts[piece.title] = len(queries)
    assert counts["Small"] == counts["Large"]
    with django_assert_max_num_queries(6 if not cached else 1):
        body = client.get(url(large)).content.decode()
    assert "Gloss 500" in body and 'id="L1000"' in body


def test_the_page_cached_for_anonymous_readers_is_not_served_to_a_signed_in_reader(client, reader):
    piece = make_piece("Shared Page")
    assert "Sign in" in client.get(url(piece)).content.decode()
    client.force_login(reader)
    html = client.get(url(piece)).content.decode()
    assert "Signed in as" in html and "reader" in html


def test_an_anonymous_reader_is_served_the_cached_page_with_one_query(client, django_assert_num_queries):
    piece = make_piece("Popular", n_lines=300)
    first = client.get(url(piece)).content
    with django_assert_num_queries(1):
        again = client.get(url(piece))
    assert again.content == first and again["ETag"]
