import os
import shutil

import pytest
from django.contrib.auth import get_user_model

from annotations.permissions import ensure_editors_group

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def reader(db):
    return get_user_model().objects.create_user("reader", password="reader-pass-1234")


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("editor", password="editor-pass-1234")
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def other_editor(db):
    user = get_user_model().objects.create_user("other-editor", password="editor-pass-1234")
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "admin-pass-1234")


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _catalogue_changes_counted_at_once(request):
    """On PostgreSQL the catalogue's change counter is bumped at commit (catalogue migration
    0005). A test that runs inside one transaction never commits, so there the triggers run
    at the end of each statement instead, as a committed change would be seen by then."""
    marker = request.node.get_closest_marker("django_db")
    if "db" not in request.fixturenames and not (marker and not marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("db")
    from django.db import connection

    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS catalogue_piece_change, catalogue_tag_change, "
                           "catalogue_piece_tags_change IMMEDIATE")


# --- Real browser -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"No Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " — browser tests must run in CI")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django must allow ORM calls from the test body.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    # Playwright evaluates a bare expression given to wait_for_function with eval() inside the
    # page, which the Content-Security-Policy refuses (no 'unsafe-eval'); a function is passed
    # to the page as a function. So every expression is made a function here.
    wait_for_function = page.wait_for_function

    def wait_for_function_under_csp(expression, *args, **kwargs):
        if isinstance(expression, str) and "=>" not in expression and not expression.lstrip().startswith(
            ("function", "async")
        ):
            expression = f"() => ({expression})"
        return wait_for_function(expression, *args, **kwargs)

    page.wait_for_function = wait_for_function_under_csp
    yield page
    context.close()


def login_in_browser(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
