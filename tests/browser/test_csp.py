"""Every page works under the Content-Security-Policy (no inline code, no eval), in Chromium.

A violation is caught twice: the page's own ``securitypolicyviolation`` events (recorded by a
script Playwright adds before the page's own) and Chromium's console messages about it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.concepts import get_or_create_concepts
from tests.builders import make_commentary, make_gloss, make_piece
from tests.conftest import login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """The test's page, recording every CSP violation and every console error."""
    page.add_init_script(RECORD)
    page.problems = []
    # Failed loads are reported with their address by "response"; the console only says "404".
    page.on("console", lambda message: page.problems.append(message.text)
            if (message.type == "error" and not message.text.startswith("Failed to load resource"))
            or "Content Security Policy" in message.text else None)
    page.on("response", lambda response: page.problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    return page


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    check(page, path)


def check(page, where: str) -> None:
    violations = page.evaluate("window.__violations || []")
    assert not violations, f"CSP violations on {where}: {violations}"
    assert not page.problems, f"console errors on {where}: {page.problems}"


@pytest.fixture
def catalogue(db):
    piece = make_piece("Policy Song", lines=["the softmax sleeps tonight", "and the logits dream", "of a latent sea"])
    gloss = make_gloss(piece, line=1, body="A **softmax** gloss.")
    gloss.concepts.set(get_or_create_concepts(["softmax"]))
    make_commentary(piece, body="Some *commentary*.")
    make_gloss(piece, line=2, body="A draft.", status="draft")
    piece.glosses_changed(gloss_count=2)
    return piece, gloss


def reader_pages(piece, gloss) -> list[str]:
    return [
        "/", "/?kind=song&sort=glosses", "/?tempo_min=900&tempo_max=1", reverse("concept_list"),
        reverse("concept_detail", args=["softmax"]), "/search/?q=softmax", "/search/?q=%22latent+sea%22",
        f"/pieces/{piece.slug}/", f"/pieces/{piece.slug}/?line=1", f"/pieces/{piece.slug}/?gloss={gloss.pk}",
        reverse("gloss_history", args=[gloss.pk]), "/accounts/login/",
    ]


def test_every_page_for_a_reader_has_no_violation_and_htmx_works(watched, catalogue):
    piece, gloss = catalogue
    for path in reader_pages(piece, gloss):
        visit(watched, path)
    # htmx under the policy: the pane opens in place, and the search answers as one types.
    watched.goto(f"/pieces/{piece.slug}/")
    watched.evaluate("window.__sameDocument = true")
    watched.locator("#reading a[href*='gloss=']").first.click()
    watched.wait_for_function("() => document.querySelector('#pane') && !document.querySelector('#pane').hidden")
    assert watched.evaluate("window.__sameDocument") is True
    watched.get_by_label("Search").fill("logits")
    watched.wait_for_url("**/search/?q=logits")
    assert "logits" in watched.locator("#main").inner_text()
    check(watched, "the pane and the live search")


def test_every_page_for_an_editor_has_no_violation_and_a_gloss_can_be_written(watched, catalogue, editor):
    piece, gloss = catalogue
    login_in_browser(watched, "editor", "editor-pass-1234")
    pages = reader_pages(piece, gloss)[:-1] + [
        reverse("gloss_edit", args=[gloss.pk]), f"/pieces/{piece.slug}/?deleted=1",
        reverse("gloss_new", args=[piece.slug]) + "?line=3", reverse("gloss_new", args=[piece.slug]),
        reverse("orphan_list"),
    ]
    for path in pages:
        visit(watched, path)
    # The annotation JavaScript and htmx together: edit a gloss in the pane, preview and save.
    watched.goto(f"/pieces/{piece.slug}/?gloss={gloss.pk}")
    watched.locator("#pane a[href*='/edit/']").first.click()
    watched.wait_for_selector("#pane #editor-form")
    watched.locator("#id_body").fill("A *rewritten* softmax gloss.")
    watched.locator("#editor-form button[type=submit]").first.click()
    watched.wait_for_function("() => document.querySelector('#reading').textContent.includes('rewritten')")
    check(watched, "writing a gloss")


def test_the_admin_has_no_violation(watched, catalogue, admin_user):
    piece, gloss = catalogue
    login_in_browser(watched, "admin", "admin-pass-1234")
    for path in [
        "/admin/", "/admin/catalogue/piece/", f"/admin/catalogue/piece/{piece.pk}/change/",
        "/admin/catalogue/piece/import/", f"/admin/catalogue/piece/{piece.pk}/sources/",
        "/admin/annotations/gloss/", f"/admin/annotations/gloss/{gloss.pk}/change/",
        f"/admin/annotations/gloss/{gloss.pk}/reattach/", "/admin/auth/user/", "/admin/auth/user/add/",
    ]:
        visit(watched, path)
    # The admin's own scripts work: the change list's "select all" ticks every row.
    watched.goto("/admin/annotations/gloss/")
    watched.locator("#action-toggle").check()
    assert watched.locator("input.action-select:checked").count() == watched.locator("input.action-select").count()
    check(watched, "the admin's change list")
