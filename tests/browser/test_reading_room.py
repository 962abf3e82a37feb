"""A reader in a real Chromium: catalogue → piece → the first line with its gloss beside it."""

from pathlib import Path

import pytest
from django.core.management import call_command

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_follows_a_piece_from_the_catalogue_and_sees_a_gloss_beside_its_line(page):
    call_command("import_catalogue", str(CATALOGUE), stdout=open("/dev/null", "w"))
    page.goto("/")
    page.get_by_role("link", name="The Space Between The Seen").click()
    page.wait_for_url("**/pieces/the-space-between-the-seen/")

    first_line = page.locator("#L1 .line")
    assert "In hidden realms where numbers dream," in first_line.inner_text()
    gloss = page.locator(".margin-note[data-at='1']").first
    assert "non-observable inner workings" in gloss.inner_text()

    # Beside, not below: on a wide screen the gloss starts level with its line, to its right.
    page.wait_for_selector(".reading-room.is-placed")
    line_box, gloss_box = first_line.bounding_box(), gloss.bounding_box()
    assert gloss_box["x"] > line_box["x"] + line_box["width"]
    assert abs(gloss_box["y"] - line_box["y"]) < 2

    # Folded on a narrow screen: a mark at the end of the line opens the note below it.
    page.set_viewport_size({"width": 420, "height": 900})
    page.wait_for_function("!document.querySelector('.reading-room.is-placed')")
    assert gloss.is_hidden()
    page.locator("#L1 .note-mark").click()
    page.wait_for_selector("#pane.is-inline .pane-title")
    line_box, pane_box = first_line.bounding_box(), page.locator("#pane").bounding_box()
    assert "non-observable inner workings" in page.locator("#pane").inner_text()
    assert pane_box["y"] >= line_box["y"] + line_box["height"] - 1
