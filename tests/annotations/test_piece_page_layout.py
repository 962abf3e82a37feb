"""The piece page's markup for margin notes (issue 11): what a reader gets without JavaScript,
who wrote each gloss, the reading mode in the URL, and one partial for each state of the pane."""

import re

import pytest
from django.urls import reverse

from annotations import views
from annotations.models import Origin
from tests.builders import make_commentary, make_gloss, make_piece

pytestmark = pytest.mark.django_db


def url(piece):
    return reverse("piece_detail", args=[piece.slug])


def test_without_javascript_each_sections_notes_follow_its_verse_in_reading_order(client):
    piece = make_piece("Ordered", n_lines=8, lines_per_section=4)
    make_gloss(piece, line=3, body="Note on the third line.")
    make_gloss(piece, line=1, body="Note on the first line.")
    make_gloss(piece, line=6, body="Note on the sixth line.")
    html = client.get(url(piece)).content.decode()
    # Nothing stands between two lines of a stanza: the verse keeps its shape.
    verse = html.split('<div class="verse">')[1].split('<div class="notes"')[0]
    assert "margin-note" not in verse
    # The notes come after their section's last line, first line first, before the next section.
    order = [html.index(text) for text in ('id="L4"', "Note on the first line.", "Note on the third line.",
                                           'id="L5"', 'id="L8"', "Note on the sixth line.")]
    assert order == sorted(order)
    # Each says which line it stands beside; each glossed line carries a mark that opens its note.
    assert re.search(r'class="gloss margin-note"[^>]* data-at="3"', html)
    row = html.split('id="L3"')[1].split('class="row')[0]
    assert 'class="note-mark no-print"' in row and "?gloss=" in row


def test_each_gloss_says_who_wrote_it_and_when_with_a_plain_permalink(client, editor):
    editor.first_name, editor.last_name = "Ada", "Lovelace"
    editor.save()
    piece = make_piece("Signed")
    written = make_gloss(piece, line=1, body="By hand.", created_by=editor)
    imported = make_gloss(piece, line=2, body="From the file.", origin=Origin.IMPORT)
    html = client.get(url(piece)).content.decode()
    mine = html.split(f'id="g{written.pk}"')[1].split("</aside>")[0]
    theirs = html.split(f'id="g{imported.pk}"')[1].split("</aside>")[0]
    assert f'By <a class="gloss-author" href="/editors/{editor.username}/">Ada Lovelace</a>' in mine
    assert "From the source file" in theirs and "gloss-author" not in theirs
    written.refresh_from_db()
    assert f'<time datetime="{written.updated_at.isoformat()}">' in mine
    # "Copy link" is a plain link to the gloss at its line, for readers without JavaScript.
    assert f'<a class="copy-link no-print" href="{url(piece)}?gloss={written.pk}#L1">Copy link</a>' in mine


def test_verse_only_is_in_the_url_and_the_controls_say_which_is_on(client):
    piece = make_piece("Modes")
    make_gloss(piece, line=1)
    plain = client.get(url(piece)).content.decode()
    assert 'class="reading-room" id="reading-room"' in plain
    assert 'data-notes="on" href="/pieces/modes/" aria-current="true"' in plain
    off = client.get(url(piece) + "?notes=off").content.decode()
    assert 'class="reading-room notes-off"' in off
    assert 'data-notes="off" href="/pieces/modes/?notes=off" aria-current="true"' in off
    # The verse and its notes are all there still: hiding them is the stylesheet's business.
    assert "A gloss." in off


def test_piece_commentary_has_a_link_to_it_at_the_top(client):
    piece = make_piece("Commented")
    make_commentary(piece, heading="On the whole", body="Long thoughts.")
    html = client.get(url(piece)).content.decode()
    assert '<a href="#commentary">Commentary on the piece (1) ↓</a>' in html
    assert html.index('id="commentary"') < html.index('class="verse-and-glosses"')


@pytest.mark.parametrize("query, shows", [
    ("?gloss={gloss}", "All glosses on line 1"), ("?line=1", 'tabindex="-1">Line 1</h2>'),
    ("?gloss=999999", "That gloss is not here any more."), ("?line=999", "This piece has no such line."),
])
def test_the_view_picks_the_panes_partial(client, query, shows, monkeypatch):
    piece = make_piece("Panes")
    gloss = make_gloss(piece, line=1)
    picked = []
    page = views._page
    monkeypatch.setattr(views, "_page", lambda request, piece, pane, **kw: picked.append(pane["template"]) or page(request, piece, pane, **kw))
    html = client.get(url(piece) + query.format(gloss=gloss.pk), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="pane").content.decode()
    assert shows in html and html.lstrip().startswith('<aside id="pane"')
    expected = {"All": views.PANE_GLOSS, "tab": views.PANE_LINE}.get(shows[:3], views.PANE_MISSING)
    assert picked == [expected]
