"""The piece page: verse with commentary beside it, cheap to serve however long the piece."""

import pytest
from django.urls import reverse

from annotations.anchoring import anchor_lines, anchor_quote
from annotations.models import Anchor, Gloss
from tests.builders import make_commentary, make_gloss, make_piece, numbered_lines, notes_beside

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
    # The gloss stands beside line 2, not elsewhere on the page.
    row = notes_beside(html, 2)
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
    note = make_commentary(piece, heading="The Temperature Conceit", body="T → 0 is *cruelty*.")
    html = client.get(url(piece)).content.decode()
    commentary = html.split('aria-label="Commentary on the piece"')[1].split("</section>")[0]
    assert "The Temperature Conceit" in commentary and "<em>cruelty</em>" in commentary
    assert f'id="g{note.pk}"' in commentary


def test_glosses_on_a_chorus_show_on_its_repeats(client):
    piece = make_piece("Chorus Song", lines=["Count the patterns", "Measure the load"] * 2, lines_per_section=2)
    first, second = piece.sections.order_by("position")
    second.repeat_of = first
    second.save()
    make_gloss(piece, line=1, body="Capacity of a Hopfield net")
    html = client.get(url(piece)).content.decode()
    assert '<a class="repeat-mark" href="#s0">repeats Verse 1</a>' in html
    repeat_row = notes_beside(html, 3)
    assert "Capacity of a Hopfield net" in repeat_row and 'href="#L1"' in repeat_row


def test_unknown_piece_is_404(client):
    assert client.get(reverse("piece_detail", args=["no-such-piece"])).status_code == 404


def test_post_is_not_allowed(client):
    piece = make_piece("Read Only")
    assert client.post(url(piece)).status_code == 405


def many_places(piece, glosses: int, places: int) -> None:
    """``glosses`` glosses of ``places`` whole-line anchors each, written in bulk."""
    rows = Gloss.objects.bulk_create(Gloss(piece=piece, body=f"Gloss {n}", body_html=f"<p>Gloss {n}</p>")
                                     for n in range(1, glosses + 1))
    texts = dict(numbered_lines(piece))
    Anchor.objects.bulk_create(
        Anchor(gloss=gloss, piece=piece, position=k, first_line=line, last_line=line, anchor_text=texts[line])
        for i, gloss in enumerate(rows) for k, line in enumerate(range(i * places + 1, i * places + places + 1))
    )
    piece.glosses_changed()


@pytest.mark.parametrize("cached", [False, True])
def test_query_count_does_not_grow_with_glosses_or_their_anchors(client, django_assert_max_num_queries, cached):
    from django.core.cache import cache

    # Every field the page shows filled in: none of them may cost a query of its own.
    metadata = {"author": "A. Writer", "written": "2024-03-01", "status": "Released", "style": "synth pop",
                "tempo_bpm": 120, "key": "B♭ major", "duration_seconds": 207}
    small = make_piece("Small", n_lines=10, **metadata)
    large = make_piece("Large", n_lines=1500, **metadata)
    many_places(large, 500, 3)
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
    if not cached:
        cache.clear()
    # Uncached: the piece's versions, the piece, its sections, lines, glosses, anchors, concepts, tags.
    with django_assert_max_num_queries(8 if not cached else 1):
        body = client.get(url(large)).content.decode()
    assert "A. Writer" in body and "B♭ major" in body and "120" in body
    assert body.count("<p>Gloss 500</p>") == 1 and 'id="L1500"' in body
    last = Gloss.objects.get(piece=large, body="Gloss 500")
    assert body.count(f'data-glosses="{last.pk}"') == 3  # each of its three lines carries it


def test_the_editor_page_query_count_does_not_grow_with_anchors(client, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = make_piece("Editors Small", n_lines=10), make_piece("Editors Large", n_lines=1500)
    make_gloss(small, line=1, body="Only one")
    many_places(large, 500, 3)
    client.force_login(editor)
    counts = []
    for piece in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(piece)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


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


# --- One gloss on several places -------------------------------------------------------------

LINES = ["Between the seen and the unseen", "a layer of noise", "the wrong someone",
         "a space between", "the wrong someone again"]


def write(piece, *places, body, status="published") -> Gloss:
    return Gloss.write(piece, list(places), body=body, status=status, user=None)


def quote(piece, line, phrase):
    return anchor_quote([item for item in numbered_lines(piece) if item[0] == line], phrase)


def test_a_gloss_on_three_phrases_marks_each_and_reads_whole_once_beside_the_first(client):
    piece = make_piece("Seen", lines=LINES, lines_per_section=5)
    body = ('The "seen and the unseen" is the data; "a layer of noise" hides it, '
            'which the speaker misreads as "the wrong someone".')
    gloss = write(piece, quote(piece, 1, "seen and the unseen"), quote(piece, 2, "a layer of noise"),
                  quote(piece, 3, "the wrong someone"), body=body)
    html = client.get(url(piece)).content.decode()
    anchors = gloss.anchor_list
    for anchor in anchors:
        row = html.split(f'id="L{anchor.first_line}"')[1].split('class="row')[0]
        assert f'data-gloss="{gloss.pk}" data-anchor="{anchor.pk}"' in row and f">{anchor.exact}</mark>" in row
    assert html.count("which the speaker misreads as") == 1
    first_row = notes_beside(html, 1)
    assert "which the speaker misreads as &quot;the wrong someone&quot;." in first_row.replace("&#x27;", "'")
    assert "Also on lines" in first_row
    assert f'href="/pieces/{piece.slug}/?gloss={gloss.pk}&amp;anchor={anchors[2].pk}#L3"' in first_row
    assert "Also on lines" in first_row and ">2</a>, <a" in first_row and ">3</a>" in first_row


def test_a_gloss_on_whole_lines_marks_each_line_and_shows_once(client):
    piece = make_piece("Lines", lines=LINES, lines_per_section=5)
    texts = numbered_lines(piece)
    gloss = write(piece, anchor_lines(texts, 2), anchor_lines(texts, 4), body="Compositional note.")
    html = client.get(url(piece)).content.decode()
    assert html.count("Compositional note.") == 1
    for n in (2, 4):
        row = html.split(f'id="L{n}"')[1].split('class="row')[0]
        assert f'data-glosses="{gloss.pk}"' in row and "is-annotated" in row
    assert "Compositional note." in notes_beside(html, 2)


def test_a_gloss_on_a_chorus_shows_once_per_repeat_whatever_its_places_there(client):
    chorus = ["Count the patterns", "Measure the load"]
    piece = make_piece("Chorus", lines=chorus + ["Bridge", "Over the bridge"] + chorus * 2, lines_per_section=2)
    first, _, again, third = piece.sections.order_by("position")
    for repeat in (again, third):
        repeat.repeat_of = first
        repeat.save()
    texts = numbered_lines(piece)
    write(piece, anchor_lines(texts, 1), anchor_lines(texts, 2), body="Storage *capacity*, said once.")
    html = client.get(url(piece)).content.decode()
    assert html.count("Storage <em>capacity</em>, said once.") == 3  # the chorus and each of its two repeats
    repeat = html.split('id="L5"')[1].split('id="L7"')[0]
    assert repeat.count("said once") == 1 and 'href="#L1"' in repeat


def test_anchor_quotes_and_headings_are_text_everywhere(client, editor):
    hostile = '<img src=x onerror=alert(1)>"quoted"'
    piece = make_piece("Hostile Quotes", lines=[f"A line with {hostile} inside", "Another line"])
    gloss = Gloss.write(piece, [quote(piece, 1, hostile), anchor_lines(numbered_lines(piece), 2)],
                        heading="<script>alert(2)</script>", body=f"It says {hostile}.", status="published", user=None)
    for query in ("", f"?gloss={gloss.pk}", f"?gloss={gloss.pk}&anchor={gloss.anchor_list[0].pk}", "?line=1"):
        for who in (None, editor):
            if who:
                client.force_login(who)
            html = client.get(url(piece) + query).content.decode()
            assert "<img src=x" not in html and "<script>alert(2)" not in html, query
            assert "&lt;img src=x onerror=alert(1)&gt;" in html
    history = client.get(reverse("gloss_history", args=[gloss.pk])).content.decode()
    assert "<img src=x" not in history and "<script>alert(2)" not in history
    # Opened from the hostile phrase, the quote is marked inside the body, still as text.
    opened = client.get(url(piece) + f"?gloss={gloss.pk}&anchor={gloss.anchor_list[0].pk}").content.decode()
    assert '<mark class="quoted">&lt;img src=x onerror=alert(1)&gt;&quot;quoted&quot;</mark>' in opened


def test_a_gloss_says_when_it_changed_in_the_sites_time_zone(client, settings):
    from datetime import datetime, timezone

    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: noon on the 6th is 2 a.m. on the 7th there
    piece = make_piece("Dated Song")
    gloss = make_gloss(piece, line=1, body="When?")
    Gloss.objects.filter(pk=gloss.pk).update(updated_at=datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc))
    html = client.get(url(piece)).content.decode()
    assert 'changed <time datetime="2026-12-07T02:00:00+14:00">7 Dec 2026</time>' in html
