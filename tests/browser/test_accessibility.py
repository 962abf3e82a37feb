"""axe-core in Chromium over every kind of page, as a reader and as an editor.

Fails on violations of impact "moderate" or worse (contrast, names, landmarks, labels…), the
same rules as ../shared/checks/a11y_check.py, run here against the live test server.
"""

from pathlib import Path

import axe_playwright_python
import pytest
from django.core.management import call_command

from tests.conftest import login_in_browser

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"
AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
BLOCKING = {"moderate", "serious", "critical"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READER_PAGES = [
    "/",
    "/?kind=song&key=C+minor",
    "/pieces/let-the-softmax-testify/",
    "/pieces/confession-of-a-softmax-layer/",
    "/pieces/the-space-between-the-seen/?line=1",
    "/pieces/exercises/",
    "/pieces/the-permanent-thing-is-not-the-one-that-runs/",
    "/search/?q=softmax",
    "/concepts/",
    "/concepts/temperature/",
    "/accounts/login/",
]


def violations(page, path: str) -> list[str]:
    page.goto(path)
    # Evaluated through the browser's protocol: a <script> tag with axe inline would be refused
    # by the Content-Security-Policy, as it should be.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{path}: {violation['id']} ({violation['impact']}) at {node['target']}"
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"][:3]
    ]


@pytest.fixture
def catalogue(db):
    call_command("import_catalogue", str(CATALOGUE), stdout=open("/dev/null", "w"))


def test_reader_pages_have_no_accessibility_violations(page, catalogue):
    from annotations.models import Gloss

    gloss = Gloss.objects.filter(piece__slug="the-space-between-the-seen", anchors__isnull=False).first()
    opened = f"/pieces/the-space-between-the-seen/?gloss={gloss.pk}&anchor={gloss.anchor_list[-1].pk}"
    found = [problem for path in READER_PAGES + [opened] for problem in violations(page, path)]
    assert found == []


def test_editor_pages_have_no_accessibility_violations(page, catalogue, editor):
    from annotations.models import Gloss

    gloss = Gloss.objects.filter(piece__slug="the-space-between-the-seen", anchors__isnull=False).first()
    anchor = gloss.anchor_list[0]
    login_in_browser(page, "editor", "editor-pass-1234")
    paths = [
        "/pieces/the-space-between-the-seen/",
        "/pieces/the-space-between-the-seen/glosses/new/?first_line=2",
        f"/pieces/the-space-between-the-seen/?gloss={gloss.pk}&anchor={anchor.pk}",  # the pane with its places
        f"/glosses/{gloss.pk}/anchors/new/?first_line=3",
        f"/glosses/{gloss.pk}/anchors/{anchor.pk}/move/",
        "/orphans/",
    ]
    found = [problem for path in paths for problem in violations(page, path)]
    assert found == []
