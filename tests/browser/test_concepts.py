"""A reader in a real Chromium opens Concepts, then "temperature", and follows a glossed line."""

from pathlib import Path

import pytest
from django.core.management import call_command

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_opens_a_concept_and_follows_a_glossed_line_to_the_piece(page):
    call_command("import_catalogue", str(CATALOGUE), stdout=open("/dev/null", "w"))
    page.goto("/")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Concepts").click()
    page.wait_for_url("**/concepts/")
    index = page.locator(".concept-index")
    assert "6 glosses" in index.locator("li", has_text="latent space").inner_text()  # one per paragraph

    index.get_by_role("link", name="temperature", exact=True).click()
    page.wait_for_url("**/concepts/temperature/")
    assert page.get_by_role("heading", level=1).inner_text() == "temperature"
    piece = page.locator(".concept-piece", has_text="Confession of a Softmax Layer")
    # Two of its notes speak of temperature, each shown on every line it quotes: the one on the
    # voice quotes line 34 and lines 43–44, the one on the Outro "Warm enough to dream".
    assert piece.locator(".excerpt-line.is-match").count() == 4
    glossed = piece.locator(".excerpt-line.is-match", has_text="Warm enough to dream")
    assert glossed.locator("mark").inner_text() == "Warm enough to dream. Too cold to save"
    assert "The actual temperature most LLMs run at" in piece.locator(".markdown").nth(1).inner_text()
    # Its neighbours are there too, for context.
    assert "The production model runs at 0.7." in piece.locator(".excerpt").nth(1).inner_text()

    href = glossed.locator("a").get_attribute("href")
    glossed.locator("a").click()
    page.wait_for_url(f"**{href}")
    target = page.locator(":target")
    assert target.get_attribute("id") == "L50"
    assert "Warm enough to dream" in target.locator(".line").inner_text()
    assert target.locator(".line").evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    # The pane is open on the gloss, and its concept leads back to the concept's page.
    pane = page.locator("#pane")
    assert "The actual temperature" in pane.inner_text()
    pane.get_by_role("link", name="temperature", exact=True).click()
    page.wait_for_url("**/concepts/temperature/")
