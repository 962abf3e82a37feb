"""The reading page keeps the verse's shape (issue 11), measured in Chromium at 1280 and 375 px on
a glossed poem (the fixtures' "The Space Between The Seen"), a long song with a repeated chorus
and range glosses, and prose:

(a) within a stanza the gap between consecutive line boxes is the same for glossed and unglossed
    lines (within 2 px): a note never pushes its line's neighbours apart;
(b) no two margin notes overlap;
(c) each note's top is at or below its first anchor's top, and within a viewport's height of it;
(d) after tapping a glossed line at 375 px the line is still fully visible, its note below it.

A failing check leaves a screenshot in test-output/ (git-ignored) so that the layout can be seen.
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from annotations.anchoring import anchor_lines, anchor_quote
from annotations.models import Gloss
from catalogue.models import Section
from tests.builders import make_piece, numbered_lines

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
WIDE, NARROW = (1280, 900), (375, 740)
LONG_NOTE = " ".join(["A long note that goes on about the loss surface and the optimiser's path."] * 12)


# --- The three pieces --------------------------------------------------------------------------


def poem() -> str:
    call_command("import_catalogue", str(CATALOGUE), stdout=open("/dev/null", "w"))
    return "/pieces/the-space-between-the-seen/"


def long_song() -> str:
    """Seven sections of six lines; the fifth repeats the second (a chorus); notes on ranges,
    on neighbouring lines (they must push each other down), long ones, and on the chorus."""
    texts = [f"Line {n}: the gradient hums along the wire and counts the rain" for n in range(1, 43)]
    piece = make_piece("A Long Song", lines=texts, lines_per_section=6)
    sections = list(piece.sections.order_by("position"))
    Section.objects.filter(pk=sections[4].pk).update(repeat_of=sections[1], label="Chorus", kind="chorus")
    Section.objects.filter(pk=sections[1].pk).update(label="Chorus", kind="chorus")
    lines = numbered_lines(piece)

    def gloss(*places, body):
        Gloss.write(piece, list(places), body=body, status="published", user=None)

    gloss(anchor_lines(lines, 2, 3), body="A couplet read together: **two lines**, one note.")
    gloss(anchor_quote(lines, "counts the rain", near=4), body=LONG_NOTE)
    gloss(anchor_lines(lines, 5), body="Right after a long note: pushed down below it.")
    gloss(anchor_lines(lines, 6), body="And one more on the next line.")
    gloss(anchor_lines(lines, 8, 9), body="On the chorus: shown again beside its repeat.")
    gloss(anchor_lines(lines, 13), anchor_lines(lines, 30), body="One note on two places far apart.")
    for n in (20, 21, 22, 23):
        gloss(anchor_lines(lines, n), body=f"Note {n}. " + LONG_NOTE[: 60 * (n - 19)])
    gloss(anchor_lines(lines, 40, 42), body=LONG_NOTE)
    return piece.get_absolute_url()


def prose() -> str:
    paragraph = ("The model reads the page the way water reads a slope: it goes where the gradient "
                 "lets it, and it remembers nothing of the stones. ") * 2  # Piece.first_line holds 300 characters
    piece = make_piece("A Prose Piece", lines=[f"{n}. {paragraph}" for n in range(1, 9)], lines_per_section=4, kind="prose")
    lines = numbered_lines(piece)
    Gloss.write(piece, [anchor_quote(lines, "the way water reads a slope", near=2)], body="A simile. " * 20, status="published", user=None)
    Gloss.write(piece, [anchor_lines(lines, 3)], body="Short.", status="published", user=None)
    Gloss.write(piece, [anchor_lines(lines, 6, 7)], body=LONG_NOTE, status="published", user=None)
    return piece.get_absolute_url()


PIECES = {"poem": poem, "long-song": long_song, "prose": prose}


# --- Measuring ---------------------------------------------------------------------------------

MEASURE = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
  const shown = (el) => el.offsetParent !== null && getComputedStyle(el).display !== 'none';
  const stanzas = [];
  for (const verse of document.querySelectorAll('#reading .verse')) {
    let stanza = [];
    for (const row of verse.querySelectorAll('.row')) {
      if (row.classList.contains('has-break') && stanza.length) { stanzas.push(stanza); stanza = []; }
      const line = row.querySelector('.line');
      stanza.push({n: +line.dataset.line, glossed: line.classList.contains('is-annotated'), ...box(line)});
    }
    if (stanza.length) stanzas.push(stanza);
  }
  const notes = [...document.querySelectorAll('#reading .margin-note, #reading #pane.is-inline')]
    .filter((el) => shown(el) && el.closest('.verse-and-glosses'))
    .map((el) => ({id: el.id || el.dataset.gloss, at: +el.dataset.at, ...box(el),
                   anchorTop: box(document.querySelector(`.line[data-line="${el.dataset.at}"]`)).top}));
  return {stanzas, notes, viewport: innerHeight};
}"""


def check(page, name: str, condition: bool, message: str) -> None:
    """Assert, keeping a screenshot of the page as it failed."""
    if not condition:
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"layout-{name}.png"), full_page=True)
    assert condition, f"{message} (screenshot: test-output/layout-{name}.png)"


def check_layout(page, name: str) -> dict:
    measured = page.evaluate(MEASURE)
    # (a) the same gap between every two lines of a stanza, glossed or not
    glossed_gaps, plain_gaps = [], []
    for stanza in measured["stanzas"]:
        for above, below in zip(stanza, stanza[1:]):
            gap = below["top"] - above["bottom"]
            (glossed_gaps if above["glossed"] or below["glossed"] else plain_gaps).append((gap, above["n"]))
        gaps = [below["top"] - above["bottom"] for above, below in zip(stanza, stanza[1:])]
        if gaps:
            check(page, name, max(gaps) - min(gaps) <= 2,
                  f"lines {stanza[0]['n']}–{stanza[-1]['n']}: gaps between lines differ: {gaps}")
    assert glossed_gaps, "the piece has glossed lines inside stanzas"
    # (b) no two notes overlap
    notes = sorted(measured["notes"], key=lambda note: note["top"])
    for upper, lower in zip(notes, notes[1:]):
        check(page, name, upper["bottom"] <= lower["top"] + 0.5,
              f"notes {upper['id']} (to {upper['bottom']:.0f}) and {lower['id']} (from {lower['top']:.0f}) overlap")
    # (c) each note at or below its line, and within a screen of it
    for note in notes:
        check(page, name, note["top"] >= note["anchorTop"] - 0.5,
              f"note {note['id']} ({note['top']:.0f}) is above its line {note['at']} ({note['anchorTop']:.0f})")
        check(page, name, note["top"] - note["anchorTop"] <= measured["viewport"],
              f"note {note['id']} is more than a screen below its line {note['at']}")
    return measured


# --- The tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", PIECES)
def test_at_1280_px_the_notes_stand_beside_the_verse_without_moving_it(page, kind):
    url = PIECES[kind]()
    page.set_viewport_size({"width": WIDE[0], "height": WIDE[1]})
    page.goto(url)
    page.wait_for_selector(".reading-room.is-placed")
    measured = check_layout(page, f"{kind}-1280")
    # Beside the verse: every note to the right of the lines, as many as the piece has.
    assert measured["notes"], "the notes are shown"
    verse_right = max(line["right"] for stanza in measured["stanzas"] for line in stanza)
    check(page, f"{kind}-1280", all(note["left"] >= verse_right for note in measured["notes"]),
          "a note stands over the verse")

    # Opening a note expands it in place: still no overlap, still at or below its line; the
    # margin note it stands for is hidden (one copy of the gloss), and the verse does not move.
    before = [line["top"] for stanza in measured["stanzas"] for line in stanza]
    page.locator(".margin-note .gloss-link").first.click()
    page.wait_for_selector("#pane.is-inline")
    assert page.locator(".margin-note.is-in-pane").count() == 1
    measured = check_layout(page, f"{kind}-1280-open")
    after = [line["top"] for stanza in measured["stanzas"] for line in stanza]
    check(page, f"{kind}-1280-open", max(abs(a - b) for a, b in zip(before, after)) <= 1, "opening a note moved the verse")


@pytest.mark.parametrize("kind", PIECES)
def test_at_375_px_a_tapped_line_stays_in_view_above_its_note(page, kind):
    url = PIECES[kind]()
    page.set_viewport_size({"width": NARROW[0], "height": NARROW[1]})
    page.goto(url)
    check_layout(page, f"{kind}-375")
    # The notes are folded behind a mark at the end of each glossed line.
    assert page.locator(".verse-and-glosses .margin-note:visible").count() == 0
    mark = page.locator(".line.is-annotated .note-mark").nth(1)
    mark.scroll_into_view_if_needed()
    line = mark.locator("xpath=ancestor::p[contains(@class, 'line')]")
    mark.click()
    page.wait_for_selector("#pane.is-inline .pane-title")
    page.wait_for_timeout(100)
    box = line.bounding_box()
    pane_box = page.locator("#pane").bounding_box()
    check(page, f"{kind}-375-tapped", box["y"] >= 0 and box["y"] + box["height"] <= NARROW[1],
          f"the tapped line is out of view: {box}")
    check(page, f"{kind}-375-tapped", pane_box["y"] >= box["y"] + box["height"] - 1, "the note covers its line")


def test_verse_only_is_remembered_and_a_glossed_phrase_still_opens_its_note(page):
    url = poem()
    page.set_viewport_size({"width": WIDE[0], "height": WIDE[1]})
    page.goto(url)
    notes = page.locator(".verse-and-glosses .margin-note")
    assert notes.first.is_visible()
    page.get_by_role("link", name="Verse only").click()
    page.wait_for_url("**?notes=off")
    assert notes.first.is_hidden()

    # Remembered in this browser: the plain address opens in "Verse only", and says so in the URL.
    page.goto(url)
    page.wait_for_url("**?notes=off")
    assert notes.first.is_hidden()
    assert page.get_by_role("link", name="Verse only").get_attribute("aria-current") == "true"
    # The glossed phrases are still marked, and one opens its note beside the verse.
    page.locator("#L3 mark.phrase").click()
    page.wait_for_selector("#pane.is-inline .pane-title")
    assert "whispered trace" in page.locator("#pane").inner_text()
    assert notes.first.is_hidden()
    check_layout(page, "verse-only-open")

    page.get_by_role("link", name="With notes").click()
    page.wait_for_function("!new URLSearchParams(location.search).has('notes')")
    assert page.locator(".verse-and-glosses .margin-note:not(.is-in-pane)").first.is_visible()
