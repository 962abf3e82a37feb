"""A reader in a real Chromium types "softmax" in the header and lands on the right line."""

from pathlib import Path

import pytest
from django.core.management import call_command

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_types_a_word_and_follows_a_result_to_the_highlighted_line(page):
    call_command("import_catalogue", str(CATALOGUE), stdout=open("/dev/null", "w"))
    page.goto("/")
    page.get_by_label("Search").press_sequentially("softmax", delay=20)

    # htmx replaces the page's content as the reader types, and the address follows.
    results = page.locator("#search-results")
    results.get_by_role("heading", name="Search: “softmax”").wait_for()
    page.wait_for_url("**/search/?q=softmax")
    songs = results.locator(".search-piece h2").all_inner_texts()
    assert {"Confession of a Softmax Layer", "Let the softmax testify"} <= set(songs)

    piece = results.locator(".search-piece", has_text="Let the softmax testify")
    match = piece.locator(".excerpt-line.is-match a").first
    assert match.locator("mark").first.inner_text().lower() == "softmax"
    href = match.get_attribute("href")
    line = href.rsplit("#", 1)[1]
    match.click()

    page.wait_for_url(f"**{href}")
    target = page.locator(":target")
    assert target.get_attribute("id") == line
    assert "softmax" in target.locator(".line").inner_text().lower()
    assert target.is_visible() and target.locator(".line").evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    # The line is marked as the one the link pointed to.
    assert target.locator(".line").evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"

    # Back returns to the results.
    page.go_back()
    page.wait_for_url("**/search/?q=softmax")
    assert page.locator("#search-results .search-piece").count() >= 2


def test_without_javascript_the_search_box_still_finds_the_line(browser, live_server):
    call_command("import_catalogue", str(CATALOGUE), stdout=open("/dev/null", "w"))
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/")
        page.get_by_label("Search").fill('"gentle executioner"')
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/search/?q=*")
        link = page.locator(".excerpt-line.is-match a").first
        assert "gentle executioner" in link.inner_text()
        link.click()
        page.wait_for_url("**/pieces/confession-of-a-softmax-layer/#L*")
    finally:
        context.close()
