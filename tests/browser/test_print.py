"""A piece prints as an edition: title, metadata, the verse with line numbers, and each section's
notes as numbered footnotes after it; no site header, search box, controls or pane. Checked on
the PDF Chromium prints (page.pdf(), its text read back with pypdf) and on the page laid out
for print. The PDF and a screenshot of the print layout are kept in test-output/ to look at."""

import io
import re
from pathlib import Path

import pypdf
import pytest

from tests.browser.test_accessibility import catalogue  # noqa: F401  (the fixtures' pieces)
from tests.conftest import login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
PIECE = "/pieces/the-space-between-the-seen/"
# What the screen shows around the piece, none of which belongs on paper.
SCREEN_ONLY = ["Skip to content", "Sign in", "Sign out", "Catalogue", "Concepts", "Search", "softmax,",
               "Verse only", "With notes", "Copy link", "Close", "Edit", "History", "Delete"]


def printed(page, name: str) -> list[str]:
    """The text of each printed page (A4), with the PDF and a screenshot of the print layout kept."""
    pdf = page.pdf(format="A4")
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / f"{name}.pdf").write_bytes(pdf)
    page.emulate_media(media="print")
    page.screenshot(path=str(OUTPUT / f"{name}-print.png"), full_page=True)
    page.emulate_media(media="screen")
    return [sheet.extract_text() for sheet in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def screen_only_on(sheets: list[str]) -> list[str]:
    return [f"page {number}: {label!r}" for number, sheet in enumerate(sheets, 1) for label in SCREEN_ONLY
            if re.search(rf"(?<![\w]){re.escape(label)}(?![\w])", sheet)]


def note_texts(piece_slug: str) -> list[str]:
    """The first words of each published gloss on a place, in the order of their first line."""
    from annotations.models import Gloss

    glosses = Gloss.objects.shown().filter(piece__slug=piece_slug, anchors__isnull=False).distinct()
    ordered = sorted(glosses, key=lambda gloss: gloss.first_line)
    return [re.sub(r"\s+", " ", gloss.body)[:40] for gloss in ordered]


def test_the_piece_prints_as_an_edition_with_numbered_footnotes(page, catalogue):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(PIECE)
    sheets = printed(page, "print-the-space-between-the-seen")
    text = "\n".join(sheets)
    flat = re.sub(r"\s+", " ", text)
    assert "The Space Between The Seen" in sheets[0] and "Poem" in sheets[0]  # title and metadata
    assert "In hidden realms where numbers dream" in flat and "A cosmos blooming, one by one." in flat
    assert re.search(r"dream,\s*1\b", text) and re.search(r"one by one\.\s*28\b", text)  # line numbers
    notes = note_texts("the-space-between-the-seen")
    assert len(notes) == 7
    for number, note in enumerate(notes, 1):
        assert note in flat, f"footnote {number} is not printed"
        assert re.search(rf"(?<!\d){number}\. Line \d+", flat), f"footnote {number} is not numbered"
    assert screen_only_on(sheets) == []


def test_each_sections_notes_follow_its_verse_on_paper(page, catalogue):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(PIECE)
    page.emulate_media(media="print")
    # For each section: the bottom of its last line, the top of its first note, the top of the next section.
    layout = page.evaluate("""() => [...document.querySelectorAll('.section')].map(section => {
        const lines = section.querySelectorAll('.line'), notes = section.querySelectorAll('.margin-note');
        const next = section.nextElementSibling;
        return {verseBottom: lines[lines.length - 1].getBoundingClientRect().bottom,
                notesTop: notes.length ? notes[0].getBoundingClientRect().top : null,
                notesBottom: notes.length ? notes[notes.length - 1].getBoundingClientRect().bottom : null,
                nextTop: next ? next.getBoundingClientRect().top : Infinity};
    })""")
    if any(section["notesTop"] is None for section in layout):
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "print-sections-failed.png"), full_page=True)
    assert len(layout) == 7
    for number, section in enumerate(layout, 1):
        assert section["notesTop"] is not None, f"section {number} has no notes"
        assert section["verseBottom"] <= section["notesTop"], f"section {number}: a note beside or above the verse"
        assert section["notesBottom"] <= section["nextTop"], f"section {number}: its notes run into the next"


def test_an_editor_prints_the_same_edition_without_the_editing_controls(page, catalogue, editor):  # noqa: F811
    from annotations.models import Gloss

    gloss = Gloss.objects.filter(piece__slug="the-space-between-the-seen", anchors__isnull=False).first()
    login_in_browser(page, "editor", "editor-pass-1234")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{PIECE}?gloss={gloss.pk}#L{gloss.first_line}")  # the pane open on a gloss
    sheets = printed(page, "print-as-editor")
    assert screen_only_on(sheets) == []
    assert [line for line in "\n".join(sheets).splitlines() if line.rstrip().endswith("·")] == []  # "· Edit" gone whole
    assert "editor" not in "\n".join(sheets)  # "Signed in as editor"
    assert "commentary on the piece" not in "\n".join(sheets).lower()  # an editor's empty section
    assert re.sub(r"\s+", " ", gloss.body)[:40] in re.sub(r"\s+", " ", "\n".join(sheets))


def test_the_dark_scheme_prints_black_on_white(page, catalogue):  # noqa: F811
    page.emulate_media(color_scheme="dark", media="print")
    page.goto(PIECE)
    colours = page.evaluate("""() => { const s = getComputedStyle(document.body);
        const line = getComputedStyle(document.querySelector('.line .text'));
        return [s.backgroundColor, line.color]; }""")
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]


def test_piece_commentary_prints_after_the_head_in_full(page, catalogue):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/pieces/confession-of-a-softmax-layer/")
    page.emulate_media(media="print")
    layout = page.evaluate("""() => {
        const top = selector => document.querySelector(selector).getBoundingClientRect().top;
        const bodies = [...document.querySelectorAll('.gloss .note-body, .gloss .markdown')];
        return {head: document.querySelector('.piece-head').getBoundingClientRect().bottom,
                commentary: top('#commentary'), verse: top('.section'),
                cut: bodies.filter(body => body.scrollHeight > body.clientHeight + 1).length,
                faded: bodies.filter(body => getComputedStyle(body).maskImage !== 'none').length};
    }""")
    if not layout["head"] <= layout["commentary"] < layout["verse"] or layout["cut"] or layout["faded"]:
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "print-commentary-failed.png"), full_page=True)
    assert layout["head"] <= layout["commentary"] < layout["verse"]
    assert (layout["cut"], layout["faded"]) == (0, 0)


def test_a_repeated_chorus_prints_each_note_once_and_no_empty_notes(page):
    from catalogue.importing.store import import_file
    from catalogue.models import Piece
    from tests.builders import make_gloss

    import_file("echo.md", b"# Echo Song\n\n[Chorus]\nHold the weights\nLet the loss fall\n\n"
                           b"[Verse 1]\nSomething new\n\n[Chorus]\nHold the weights\nLet the loss fall\n")
    piece = Piece.objects.get(title="Echo Song")
    make_gloss(piece, line=1, body="Said once, read at every chorus.")
    make_gloss(piece, line=3, body="The verse between.")
    page.goto(f"/pieces/{piece.slug}/")
    state = """() => {
        const visible = element => getComputedStyle(element).display !== 'none' && element.getClientRects().length > 0;
        const notes = [...document.querySelectorAll('.section .margin-note')].filter(visible);
        return {ids: notes.map(note => note.dataset.gloss), echoed: [...document.querySelectorAll('.is-echoed')].filter(visible).length,
                empty: [...document.querySelectorAll('.notes')].filter(visible)
                       .filter(box => ![...box.querySelectorAll('.margin-note')].some(visible)).length};
    }"""
    assert page.evaluate(state)["echoed"] == 1  # on screen, the chorus's note again beside its repeat
    page.emulate_media(media="print")
    printed_notes = page.evaluate(state)
    assert sorted(printed_notes["ids"]) == sorted({*printed_notes["ids"]}) and len(printed_notes["ids"]) == 2
    assert (printed_notes["echoed"], printed_notes["empty"]) == (0, 0)
