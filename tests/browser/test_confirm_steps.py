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


@pytest.fixture(params=["with JavaScript", "without JavaScript"])
def reader_page(request, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=request.param == "with JavaScript")
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def test_delete_asks_on_a_page_then_deletes(reader_page, editor, gloss):
    page = reader_page
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
    assert page.dialogs == []  # asked by a page, never by confirm()
