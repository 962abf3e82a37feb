"""Delete asks first, on its own page, and the same with JavaScript and without."""

import pytest

from annotations.models import Gloss
from tests.builders import make_gloss, make_piece
from tests.conftest import login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gloss(db):
    piece = make_piece("Confirm Song", lines=["Queries kiss the keys", "Values start to sing"])
    return make_gloss(piece, line=2, body="Soon to go.")


def test_delete_asks_on_a_page_then_deletes_with_javascript(page, editor, gloss):
    delete_through_the_question(page, gloss)
    assert page.dialogs == []  # asked by a page, never by confirm()


def test_delete_asks_on_a_page_then_deletes_without_javascript(browser, live_server, editor, gloss):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        delete_through_the_question(context.new_page(), gloss)
    finally:
        context.close()


def delete_through_the_question(page, gloss):
    login_in_browser(page, "editor", "editor-pass-1234")
    page.goto(f"/pieces/confirm-song/?gloss={gloss.pk}#L2")
    page.locator("#pane").get_by_role("link", name="Delete").click()
    page.wait_for_url(f"**/glosses/{gloss.pk}/delete/confirm/")
    assert page.get_by_role("heading", name="Delete this gloss?").is_visible()
    assert Gloss.objects.live().filter(pk=gloss.pk).exists()

    page.get_by_role("link", name="Keep it").click()
    page.wait_for_url(f"**/pieces/confirm-song/?gloss={gloss.pk}#L2")
    assert Gloss.objects.live().filter(pk=gloss.pk).exists()

    page.goto(f"/glosses/{gloss.pk}/delete/confirm/")
    page.get_by_role("button", name="Delete the gloss").click()
    page.wait_for_url(f"**/glosses/{gloss.pk}/history/")
    assert not Gloss.objects.live().filter(pk=gloss.pk).exists()
