"""The page around a piece: chrome recognised by its shape, metadata headers in any shape, and a
preview that says what it left out. Texts here are made up for these tests, on a site nobody
wrote rules for."""

import pytest

from catalogue.importing import parse_text
from catalogue.importing.page_text import is_chrome
from catalogue.importing.header import read_header
from catalogue.importing.page import read_page

# A music site invented for this test: its words are not in any list the importer keeps.
PAGE = """\
Soundloft
Browse
Library
Log in
Sign up
Backprop Ballad
@gradientgirl
v2
12.4K
Play
318
Share
Remix
Download

[Verse]
Turning, turning
the error flows back home
Play it back
one weight at a time

[Chorus]
Lights on
we learn

Show less
Published March 9, 2026

More from @gradientgirl
Second Song
3:01
1.1K

About · Privacy · Terms
© 2026 Soundloft
"""


@pytest.fixture(scope="module")
def piece():
    return parse_text(PAGE)


def test_the_page_around_a_song_is_not_lyrics(piece):
    assert [line.text for line in piece.lines] == [
        "Turning, turning",
        "the error flows back home",
        "Play it back",
        "one weight at a time",
        "Lights on",
        "we learn",
    ]


def test_the_title_author_and_date_come_from_the_page(piece):
    assert piece.title == "Backprop Ballad"
    assert (piece.metadata.author, piece.metadata.written) == ("gradientgirl", "2026-03-09")


def test_the_preview_lists_every_line_left_out_with_its_number(piece):
    [warning] = [w for w in piece.warnings if w.startswith("left out as page text")]
    assert "lines 1–14: 'Soundloft' · 'Browse'" in warning
    assert "'Show less' · 'Published March 9, 2026'" in warning
    assert "'© 2026 Soundloft'" in warning


@pytest.mark.parametrize(
    "line",
    ["Sign in", "Download ZIP", "1.2K", "184", "Revisions 3", "12 Likes", "@someone", "Show more",
     "Skip to main content", "More from The Band", "You might also like", "© 2026 Anyone",
     "About · Privacy · Terms", "Home › Artists › Someone › A Song", "« Previous post",
     "Write a comment…", "3 weeks ago", "Published on May 1, 2026", "someone/song.md"],
)
def test_chrome_is_recognised_by_what_it_is(line):
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    ["Turning, turning", "Play it back", "Coin flip", "Lights on", "Look at me", "Converged",
     "Show more, the screen said, and I did", "Broken down", "the loss goes down (goes down)",
     "[Chorus]", "## Lyrics", "Verse 1 of 3", "Released from the weights I carried",
     "Next to you I feel the gradient", "save me at the end of the night", "I sign in to the dark for you",
     "see all the stars tonight", "more from the weights than I could ever give",
     "and then she wrote on the wall of night", "Yesterday", "Today",
     # A title with a number is not a page's count ("Revisions 3"):
     "Song Number 3", "Part 2", "Chapter 12", "Epoch 40"],
)
def test_lines_of_a_piece_are_never_chrome(line):
    assert not is_chrome(line)


def test_an_ad_inside_the_lyrics_is_left_out():
    piece = parse_text(
        "Song\n\n[Verse]\nfirst line here\nsecond line here\n\nAdvertisement\nYou might also like\n"
        "Another Song\nAnother Band\n\n[Chorus]\nthe chorus line\n"
    )
    assert [line.text for line in piece.lines] == ["first line here", "second line here", "the chorus line"]


@pytest.mark.parametrize(
    "header",
    [
        "Tempo: 128 BPM\nKey: B♭ major\nTags: dark pop, glitch, lo-fi\nDuration: 3:27\nAuthor: Ada\nDate: March 3, 2026\n",
        "TEMPO: 128bpm\nKEY: B♭ major\nGenre: dark pop, glitch, lo-fi\nLength: 3:27\nBy: Ada\nWritten: 3 March 2026\n",
        "**Tempo:** 128\n**Key**: B♭ major\n**Tags:** dark pop, glitch, lo-fi\n**Duration:** 3:27\n"
        "**Author:** Ada\n**Date:** 2026-03-03\n",
        "---\ntitle: The Song\ntempo: 128\nkey: B♭ major\ntags: [dark pop, glitch, lo-fi]\nduration: \"3:27\"\n"
        "author: Ada\ndate: 2026-03-03\n---\n",
        "---\ntitle: The Song\nbpm: 128\nkey: B♭ major\ntags:\n  - dark pop\n  - glitch\n  - lo-fi\nlength: 3:27\n"
        "author: Ada\nwritten: Mar 3, 2026\n---\n",
    ],
)
def test_a_metadata_header_in_any_shape_fills_the_metadata_and_is_never_verse(header):
    text = header if header.startswith("---") else f"The Song\n{header}"
    piece = parse_text(text + "\n[Verse]\nthe first line\nthe second line\n")
    meta = piece.metadata
    assert piece.title == "The Song"
    assert (meta.tempo_bpm, meta.key, meta.tags, meta.duration) == (128, "B♭ major", ["dark pop", "glitch", "lo-fi"], "3:27")
    assert (meta.author, meta.written) == ("Ada", "2026-03-03")
    assert [line.text for line in piece.lines] == ["the first line", "the second line"]


def test_a_genre_line_with_the_duration_fills_tags_and_duration():
    piece = parse_text("The Song\n\nsynthwave, dream pop • 4:05\n\n[Verse]\nthe first line\n")
    assert (piece.metadata.tags, piece.metadata.duration) == (["synthwave", "dream pop"], "4:05")


def test_an_unreadable_tempo_fills_nothing_and_is_reported_with_its_line():
    piece = parse_text("The Song\nTempo: fast, then slow\nKey: E minor\n\n[Verse]\nthe first line\n")
    assert piece.metadata.tempo_bpm is None and piece.metadata.key == "E minor"
    assert any(w.startswith("line 2: could not read the tempo 'fast, then slow'") for w in piece.warnings)
    assert [line.text for line in piece.lines] == ["the first line"]


def test_a_verse_line_with_a_colon_is_not_a_header():
    header = read_header(["Title", "Un, be, liev, able: they cut my name", "Patience, she said: wait"])
    assert header.lines[1:] == ["Un, be, liev, able: they cut my name", "Patience, she said: wait"]


def test_a_title_from_the_file_name_is_reported():
    piece = parse_text("[Verse]\nla la la\n", filename="night-shift.txt")
    assert piece.title == "Night Shift"
    assert any("taken from the file name" in w and w.startswith("line 1:") for w in piece.warnings)


def test_a_section_ending_in_what_looks_like_page_text_is_doubted_but_kept():
    piece = parse_text("Song\n\n[Verse]\nthe first line\nthe second line\nShare\n\n[Chorus]\nla la la\n")
    assert piece.lines[2].text == "Share"
    assert any(w.startswith("line 6: the last line of Verse, 'Share', looks like page text") for w in piece.warnings)


def test_a_posts_lead_sentence_is_left_out_and_the_pieces_title_kept():
    page = read_page("I wrote this one on a long train ride.\n\nSmall Hours\n\nthe fan spins\nthe loss falls\n")
    assert page.title == "Small Hours"
    assert "'I wrote this one on a long train ride.'" in page.warnings[0]


BLOG = """\
Pixel & Prose
Home  |  Poems  |  About  |  Subscribe

Posted by Juno Park on 7 February 2026

Two stanzas about attention

Here is a small poem I wrote over the weekend. Feedback welcome!

Keys and Queries

the query leans toward every key,
asking who will answer me;

the heads divide the work in eight,
each one a lens, each one a weight.

Share this post
Facebook | Twitter | LinkedIn | Email
3 comments
Leave a comment
← Older post
Newer post →
© Pixel & Prose 2026 · Powered by Ghost
"""


def test_on_a_blog_the_title_is_the_heading_right_before_the_piece():
    piece = parse_text(BLOG)
    assert (piece.kind, piece.title) == ("poem", "Keys and Queries")
    assert (piece.metadata.author, piece.metadata.written) == ("Juno Park", "2026-02-07")
    assert [len(s.lines) for s in piece.sections] == [2, 2]
    assert any("'Two stanzas about attention' · 'Here is a small poem" in w for w in piece.warnings)


def test_a_footer_glued_to_the_last_stanza_goes_and_the_stanza_stays():
    piece = parse_text(
        "Small Hours\n\nthe fan spins\nthe loss falls\nthe night goes on\nQ&A\nTags\nLo-Fi\n27 Likes\n"
        "Comments\nAdd a comment\n© 2026 Somewhere\n"
    )
    assert [line.text for line in piece.lines] == ["the fan spins", "the loss falls", "the night goes on"]
