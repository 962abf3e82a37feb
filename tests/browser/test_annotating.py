"""The commentary pane and an editor's gloss, in a real Chromium."""

import re

import pytest

from annotations.models import Gloss
from tests.builders import make_gloss, make_piece
from tests.conftest import login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINES = [
    "In hidden realms where numbers dream,",
    "The weights align in silent streams,",
    "A space between the seen and known,",
    "Where gradients have softly grown.",
]


@pytest.fixture
def piece(db):
    piece = make_piece("The Space Between The Seen", lines=LINES)
    make_gloss(piece, line=1, body="The **non-observable** inner workings.")
    make_gloss(piece, line=3, phrase="the seen and known", body="Observed data versus the model's prior.")
    return piece


def wait_for_form(page):
    """htmx wires up swapped-in content when it settles; then the page moves focus to the new
    pane's title. Typing before that would go unseen by the live preview."""
    page.wait_for_function(
        "document.activeElement && document.activeElement.matches('#pane .pane-title')"
        " && document.querySelector('#pane #editor-form') !== null"
    )


def mark_page(page):
    """A flag that survives only as long as this document: gone after any full reload."""
    page.evaluate("window.__sameDocument = true")


def still_same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def test_reader_clicks_a_line_sees_its_gloss_in_the_pane_and_goes_back(page, piece):
    page.goto(f"/pieces/{piece.slug}/")
    pane = page.locator("#pane")
    assert pane.is_hidden()
    mark_page(page)

    page.locator("#L1 .line .text").click()
    page.wait_for_url(re.compile(r"\?line=1#L1$"))
    # The line's gloss in the pane, and the line highlighted, once htmx has settled the swap.
    page.wait_for_selector("#L1 .line.is-current")
    assert "non-observable" in pane.inner_text()
    assert "line 1" in page.locator("#pane .pane-title").inner_text().lower()

    page.locator("#L3 mark.phrase").click()
    page.wait_for_url(re.compile(r"\?gloss=\d+(&anchor=\d+)?#L3$"))
    page.wait_for_selector("#L3 mark.phrase.is-current")
    assert "Observed data versus the model" in pane.inner_text()
    assert "is-current" not in page.locator("#L1 .line").get_attribute("class")
    assert still_same_document(page)

    page.go_back()
    page.wait_for_url(re.compile(r"\?line=1#L1$"))
    page.wait_for_function("document.querySelector('#pane .pane-title').textContent.includes('Line 1')")
    assert "non-observable" in page.locator("#pane").inner_text()
    assert "Observed data" not in page.locator("#pane").inner_text()

    # The same link, opened afresh, shows the same state: the server renders it too.
    page.reload()
    assert "non-observable" in page.locator("#pane").inner_text()


def test_a_shared_link_to_a_gloss_opens_the_page_with_that_gloss_in_the_pane(page, piece):
    gloss = Gloss.objects.get(piece=piece, anchors__first_line=3)
    page.goto(f"/pieces/{piece.slug}/?gloss={gloss.pk}#L3")
    assert "Observed data versus the model" in page.locator("#pane").inner_text()
    page.wait_for_selector(f"#L3 mark[data-gloss='{gloss.pk}'].is-current")


def test_the_pane_works_with_the_keyboard_alone(page, piece):
    page.goto(f"/pieces/{piece.slug}/")
    link = page.locator(".margin-note[data-at='1'] .gloss-link")
    # Tab through the page until the first line's gloss link has the focus.
    for _ in range(40):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the gloss link on line 1")

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?gloss=\d+(&anchor=\d+)?#L1$"))
    pane = page.locator("#pane")
    # Focus moved into the pane, so the next keys act there.
    page.wait_for_function("document.getElementById('pane').contains(document.activeElement)")
    assert "non-observable" in pane.inner_text()

    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(rf"/pieces/{piece.slug}/$"))
    assert pane.is_hidden()
    # And focus is back on the link that opened it.
    page.wait_for_function("document.activeElement && document.activeElement.matches(\".margin-note[data-at='1'] .gloss-link\")")


def select_text(page, line: int, phrase: str):
    """Drag the mouse across ``phrase`` on ``line``, as an editor would.

    The words are measured once the page has stopped moving (an opening pane or a note being
    placed can shift the lines under the mouse on a slow machine), and an editor who missed the
    words drags again: up to three times, then the test fails on what was selected.
    """
    selected = ""
    for _attempt in range(3):
        box = page.evaluate(
            """([line, phrase]) => new Promise((resolve) => {
                const measure = () => {
                    const walker = document.createTreeWalker(document.querySelector(`#L${line} .text`), NodeFilter.SHOW_TEXT);
                    let text = walker.nextNode();
                    while (text && !text.textContent.includes(phrase)) text = walker.nextNode();
                    const at = text.textContent.indexOf(phrase);
                    const range = document.createRange();
                    range.setStart(text, at); range.setEnd(text, at + 1);
                    const first = range.getBoundingClientRect();
                    range.setStart(text, at + phrase.length - 1); range.setEnd(text, at + phrase.length);
                    const last = range.getBoundingClientRect();
                    return {x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2};
                };
                // Steady when two frames in a row measure the same place.
                let before = measure(), frames = 0;
                const next = () => requestAnimationFrame(() => {
                    const now = measure();
                    const same = JSON.stringify(now) === JSON.stringify(before);
                    before = now;
                    if ((same && frames > 0) || ++frames > 60) resolve(now); else next();
                });
                next();
            })""",
            [line, phrase],
        )
        page.mouse.move(box["x1"], box["y1"])
        page.mouse.down()
        page.mouse.move(box["x2"], box["y2"], steps=8)
        page.mouse.up()
        selected = page.evaluate("String(window.getSelection()).trim()")
        if selected == phrase:
            return
    raise AssertionError(f"selecting {phrase!r} on line {line} selected {selected!r}")


def test_editor_selects_a_phrase_writes_markdown_and_sees_it_beside_the_line_without_a_reload(page, piece, editor):
    login_in_browser(page, "editor", "editor-pass-1234")
    page.goto(f"/pieces/{piece.slug}/")
    mark_page(page)

    select_text(page, 2, "silent streams")
    offer = page.locator(".annotate-link")
    # The offer follows the selection as it grows; wait for the whole phrase (slow machines).
    page.wait_for_function("(document.querySelector('.annotate-link') || {}).textContent === 'Gloss “silent streams”'")
    offer.click()

    page.locator("#pane form#editor-form").wait_for()
    wait_for_form(page)
    assert page.locator("#id_exact").input_value() == "silent streams"
    assert page.locator("#id_first_line").input_value() == "2"

    page.locator("#id_body").fill("Two readings:\n\n- a *river* of data\n- [the paper](https://example.org/paper)")
    # The preview renders as the editor types.
    page.wait_for_function("document.querySelector('#preview li') !== null")
    assert page.locator("#preview a").get_attribute("href") == "https://example.org/paper"

    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"\?gloss=\d+(&anchor=\d+)?#L2$"))
    gloss = Gloss.objects.get(piece=piece, anchors__first_line=2)
    anchor = gloss.first_anchor
    assert (anchor.exact, anchor.start, anchor.end) == ("silent streams", LINES[1].index("silent streams"), LINES[1].index("silent streams") + len("silent streams"))
    assert anchor.prefix.endswith("in ") and anchor.suffix == ","

    # Rendered in the pane and beside its line, the phrase marked in the verse — same document.
    page.wait_for_selector(f"#L2 mark[data-gloss='{gloss.pk}']")
    margin = page.locator(f"#g{gloss.pk}[data-at='2']")
    assert margin.locator("li").count() == 2
    assert margin.locator("a[href='https://example.org/paper']").count() == 1
    assert page.locator(f"#L2 mark[data-gloss='{gloss.pk}']").inner_text() == "silent streams"
    # And the editor can select words inside a glossed phrase to gloss them too.
    select_text(page, 2, "silent")
    page.locator(".annotate-link").wait_for(state="visible")
    assert page.locator("#pane .markdown li").count() == 2
    assert still_same_document(page)


def test_editor_edits_a_gloss_in_place_and_reads_its_history(page, piece, editor):
    gloss = Gloss.objects.get(piece=piece, anchors__first_line=1)
    login_in_browser(page, "editor", "editor-pass-1234")
    page.goto(f"/pieces/{piece.slug}/")
    mark_page(page)
    page.locator(f"#g{gloss.pk} .gloss-edit").click()
    page.locator("#id_body").wait_for()
    wait_for_form(page)
    page.locator("#id_body").fill("The hidden layers, **never observed**.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(f"#g{gloss.pk} strong:text('never observed')", state="attached")

    page.locator("#pane").get_by_role("link", name="History").click()
    history = page.locator("#pane .history")
    history.wait_for()
    assert history.locator("ins").first.inner_text().strip() != ""
    assert "by editor" in history.inner_text()
    page.get_by_role("button", name="Restore version 1").click()
    page.wait_for_selector(f"#g{gloss.pk} strong:text('non-observable')", state="attached")
    assert still_same_document(page)


def test_an_editor_whose_session_ends_while_writing_signs_in_again_and_saves_the_same_words(page, piece, editor):
    from django.contrib.sessions.models import Session

    login_in_browser(page, "editor", "editor-pass-1234")
    page.goto(f"/pieces/{piece.slug}/glosses/new/?first_line=4")
    page.wait_for_load_state("load")
    page.locator("#id_body").fill("Half an hour of *careful* words")
    page.wait_for_selector("#preview em")

    Session.objects.all().delete()  # the session ends on the server, as after SESSION_COOKIE_AGE
    page.locator("#id_body").fill("Half an hour of *careful* words, and a few more")
    page.wait_for_selector("#preview :text('You are signed out')")
    assert page.locator("#id_body").input_value().endswith("a few more")  # the page stayed put

    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("editor-pass-1234")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#pane :text('You were signed out before this was saved')")
    assert page.locator("#id_body").input_value() == "Half an hour of *careful* words, and a few more"
    assert page.locator("#id_first_line").input_value() == "4"
    assert not Gloss.objects.filter(piece=piece, anchors__first_line=4).exists()

    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".margin-note[data-at='4'] em:text('careful')", state="attached")
    assert Gloss.objects.get(piece=piece, anchors__first_line=4).body.endswith("a few more")


def test_a_reader_sees_no_edit_controls(page, piece, reader):
    login_in_browser(page, "reader", "reader-pass-1234")
    page.goto(f"/pieces/{piece.slug}/")
    page.locator("#L1 .line .text").click()
    page.wait_for_selector("#pane .pane-title")
    assert page.get_by_role("link", name="Edit", exact=True).count() == 0
    assert page.get_by_role("button", name="Delete").count() == 0


def test_the_readme_walkthrough_on_the_real_catalogue(page, editor):
    """Sign in as an editor, gloss a phrase of "The Space Between The Seen", edit it, read its
    history, sign out, and see it as a reader."""
    from pathlib import Path

    from django.core.management import call_command

    catalogue = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"
    call_command("import_catalogue", str(catalogue), stdout=open("/dev/null", "w"))
    login_in_browser(page, "editor", "editor-pass-1234")
    page.goto("/")
    page.get_by_role("link", name="The Space Between The Seen").click()
    page.wait_for_url("**/pieces/the-space-between-the-seen/")

    select_text(page, 1, "numbers dream")
    page.wait_for_function("(document.querySelector('.annotate-link') || {}).textContent === 'Gloss “numbers dream”'")
    page.locator(".annotate-link").click()
    page.locator("#id_body").wait_for()
    wait_for_form(page)
    page.locator("#id_body").fill("Latent variables, **dreaming**.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"\?gloss=\d+(&anchor=\d+)?#L1$"))
    gloss = Gloss.objects.get(anchors__exact="numbers dream")
    page.wait_for_selector(f"#g{gloss.pk}[data-at='1'] strong", state="attached")

    page.locator("#pane").get_by_role("link", name="Edit", exact=True).click()
    page.locator("#id_body").wait_for()
    wait_for_form(page)
    page.locator("#id_body").fill("Latent variables, **dreaming** of data.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(f"#g{gloss.pk}:has-text('of data')", state="attached")
    page.locator("#pane").get_by_role("link", name="History").click()
    page.wait_for_selector("#pane .history ins:has-text('data.')")

    page.get_by_role("button", name="Sign out").click()
    page.goto("/pieces/the-space-between-the-seen/")
    beside = page.locator(f"#g{gloss.pk}[data-at='1']")
    assert "dreaming of data." in beside.inner_text()
    assert beside.get_by_role("link", name="Edit", exact=True).count() == 0
    assert page.locator(f"#L1 mark[data-gloss='{gloss.pk}']").inner_text() == "numbers dream"


# --- One gloss on several places: add, move, remove from the pane (issue 10) ---------------


def wait_for_pane_gloss(page, gloss_pk: int):
    page.wait_for_function(f"(document.getElementById('pane') || {{}}).dataset && document.getElementById('pane').dataset.gloss === '{gloss_pk}'")


def test_editor_adds_a_second_place_moves_it_reads_both_in_the_history_and_restores_the_first_version(page, piece, editor):
    gloss = Gloss.objects.get(piece=piece, anchors__first_line=3)
    login_in_browser(page, "editor", "editor-pass-1234")
    page.goto(f"/pieces/{piece.slug}/")
    mark_page(page)

    # Open the gloss from its phrase, then select other words: "Add to this gloss".
    page.locator("#L3 mark.phrase").click()
    wait_for_pane_gloss(page, gloss.pk)
    select_text(page, 1, "numbers dream")
    add = page.locator(".selection-actions .add-anchor-button")
    add.wait_for(state="visible")
    page.wait_for_function("(document.querySelector('.annotate-link') || {}).textContent === 'Gloss “numbers dream”'")
    add.click()
    page.wait_for_selector("#pane .notice:text('Saved.')")
    page.wait_for_selector(f"#L1 mark[data-gloss='{gloss.pk}']")
    assert [(a.first_line, a.exact) for a in Gloss.objects.get(pk=gloss.pk).anchor_list] == [
        (3, "the seen and known"), (1, "numbers dream")]
    # The page marks both places; the gloss stands once, beside its first place, listing the other.
    assert page.locator(f"#L1 mark[data-gloss='{gloss.pk}']").inner_text() == "numbers dream"
    assert page.locator(f".gloss[data-gloss='{gloss.pk}']:not(#pane *)").count() == 1
    assert "Also on line 1" in page.locator(f"#g{gloss.pk}[data-at='3']").text_content()
    # Focusing the gloss (shown once: in the pane, in its place), or hovering it, lights up both its places.
    page.locator("#pane .gloss .also-link").focus()
    page.wait_for_selector(f"#L1 mark[data-gloss='{gloss.pk}'].is-lit")
    assert "is-lit" in page.locator(f"#L3 mark[data-gloss='{gloss.pk}']").get_attribute("class")
    page.evaluate("document.activeElement.blur()")
    page.wait_for_function("!document.querySelector('#reading .is-lit')")
    page.locator("#pane .markdown").hover()
    page.wait_for_selector(f"#L1 mark[data-gloss='{gloss.pk}'].is-lit")

    # The pane was opened from the new place: select other words and "Move line 1 here".
    assert page.locator("#pane").get_attribute("data-first") == "1"
    select_text(page, 4, "softly grown")
    move = page.locator(".selection-actions .move-anchor-button")
    page.wait_for_function("(document.querySelector('.move-anchor-button') || {}).textContent === 'Move line 1 here'")
    page.wait_for_function("(document.querySelector('.annotate-link') || {}).textContent === 'Gloss “softly grown”'")
    move.click()
    page.wait_for_selector(f"#L4 mark[data-gloss='{gloss.pk}']")
    assert page.locator(f"#L1 mark[data-gloss='{gloss.pk}']").count() == 0
    assert [(a.first_line, a.exact) for a in Gloss.objects.get(pk=gloss.pk).anchor_list] == [
        (3, "the seen and known"), (4, "softly grown")]

    # Both changes are versions in the history; restoring the first brings back one place.
    page.locator("#pane").get_by_role("link", name="History").click()
    history = page.locator("#pane .history")
    history.wait_for()
    text = history.inner_text()
    assert "Anchors: line 3 → lines 3, 1" in text and "Anchors: lines 3, 1 → lines 3, 4" in text
    page.get_by_role("button", name="Restore version 1").click()
    page.wait_for_function(f"document.querySelectorAll(\"#reading mark[data-gloss='{gloss.pk}']\").length === 1")
    assert [(a.first_line, a.exact) for a in Gloss.objects.get(pk=gloss.pk).anchor_list] == [(3, "the seen and known")]
    assert still_same_document(page)
    assert not page.dialogs


def test_editor_removes_a_place_from_the_pane_and_the_gloss_keeps_the_other(page, piece, editor):
    from annotations.anchoring import anchor_lines
    from tests.builders import numbered_lines

    gloss = Gloss.objects.get(piece=piece, anchors__first_line=1)
    gloss.add_anchor(anchor_lines(numbered_lines(piece), 4), user=None, based_on=gloss.version)
    login_in_browser(page, "editor", "editor-pass-1234")
    page.goto(f"/pieces/{piece.slug}/?gloss={gloss.pk}")
    places = page.locator("#pane .place-list li")
    assert places.count() == 2
    places.nth(0).get_by_role("button", name="Remove").click()
    page.wait_for_selector("#pane .notice:text('Saved.')")
    page.wait_for_function(f"!document.querySelector('#L1 .line[data-glosses~=\"{gloss.pk}\"]')")
    assert page.locator(f"#g{gloss.pk}[data-at='4']").count() == 1
    assert [a.first_line for a in Gloss.objects.get(pk=gloss.pk).anchor_list] == [4]


def test_without_javascript_an_editor_adds_a_place_by_line_number(browser, live_server, piece, editor):
    from tests.conftest import login_in_browser as sign_in

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "editor", "editor-pass-1234")
        gloss = Gloss.objects.get(piece=piece, anchors__first_line=1)
        page.goto(f"/pieces/{piece.slug}/?gloss={gloss.pk}")
        page.get_by_role("link", name="Add a place by line number").click()
        page.get_by_label("From line").fill("2")
        page.get_by_label("Phrase").fill("silent streams")
        page.get_by_role("button", name="Add this place").click()
        page.wait_for_url(re.compile(r"\?gloss=\d+&anchor=\d+#L2$"))
        assert page.locator(f"#L2 mark[data-gloss='{gloss.pk}']").inner_text() == "silent streams"
        page.locator("#pane .place-list li").nth(1).get_by_role("link", name="Move").click()
        page.get_by_label("From line").fill("4")
        page.get_by_label("Phrase").fill("")
        page.get_by_role("button", name="Move it here").click()
        page.wait_for_url(re.compile(r"#L4$"))
        assert [(a.first_line, a.exact) for a in Gloss.objects.get(pk=gloss.pk).anchor_list] == [(1, ""), (4, "")]
    finally:
        context.close()
