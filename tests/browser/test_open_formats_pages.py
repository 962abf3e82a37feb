"""The pages issue 13 adds, in Chromium: axe-core finds nothing blocking, and an editor makes
a token, sees it once, and revokes it."""

import pytest

from exchange.models import ApiToken
from tests.browser.test_accessibility import catalogue, violations  # noqa: F401 (fixture)
from tests.conftest import login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_token_and_import_pages_are_accessible_and_a_token_is_shown_once(page, catalogue, editor):  # noqa: F811
    login_in_browser(page, "editor", "editor-pass-1234")
    paths = ["/account/tokens/", "/pieces/the-space-between-the-seen/annotations/import/"]
    assert [problem for path in paths for problem in violations(page, path)] == []
    page.goto("/account/tokens/")
    page.get_by_label("Name").fill("my script")
    page.get_by_role("button", name="Create a token").click()
    token = page.get_by_label("Copy it now: it will not be shown again.").input_value()
    assert ApiToken.user_for(token) == editor
    assert violations(page, "/account/tokens/") == []
    page.get_by_role("button", name="Revoke my script").click()
    assert "no longer works" in page.content()
    assert ApiToken.user_for(token) is None
