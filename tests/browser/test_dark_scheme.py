"""The dark scheme (prefers-color-scheme: dark) is dark and readable: axe-core finds no violation
of impact "moderate" or worse — contrast above all — in the light scheme or in the dark one."""

from pathlib import Path

import pytest

from tests.browser.test_accessibility import catalogue, violations  # noqa: F401  (a fixture and the axe run)
from tests.conftest import login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
PIECE = "/pieces/the-space-between-the-seen/"


def checked(page, paths: list[str], name: str) -> list[str]:
    """axe-core over each path; a screenshot of each page that has a violation, to look at."""
    found = []
    for path in paths:
        problems = violations(page, path)
        if problems:
            OUTPUT.mkdir(exist_ok=True)
            page.screenshot(path=str(OUTPUT / f"{name}-{len(found)}.png"), full_page=True)
        found += problems
    return found


def luminance(css_colour: str) -> float:
    """Relative luminance (WCAG) of an "rgb(r, g, b)" computed colour."""
    channels = [int(part) / 255 for part in css_colour[css_colour.index("(") + 1:-1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def page_colours(page) -> tuple[float, float]:
    background, text = page.evaluate(
        "() => { const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]; }")
    return luminance(background), luminance(text)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_piece_page_has_no_violations_in_either_scheme(page, catalogue, scheme):  # noqa: F811
    from annotations.models import Gloss

    gloss = Gloss.objects.filter(piece__slug="the-space-between-the-seen", anchors__isnull=False).first()
    page.emulate_media(color_scheme=scheme)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        paths = [PIECE, f"{PIECE}?gloss={gloss.pk}#L{gloss.first_line}", f"{PIECE}?line=1"]
        assert checked(page, paths, f"axe-{scheme}-{width}") == []


def test_the_other_pages_have_no_violations_in_the_dark(page, catalogue):  # noqa: F811
    page.emulate_media(color_scheme="dark")
    paths = ["/", "/search/?q=softmax", "/concepts/", "/concepts/temperature/", "/accounts/login/",
             "/pieces/let-the-softmax-testify/", "/pieces/exercises/"]
    assert checked(page, paths, "axe-dark-pages") == []


def test_editors_pages_have_no_violations_in_the_dark(page, catalogue, editor):  # noqa: F811
    from annotations.models import Gloss

    gloss = Gloss.objects.filter(piece__slug="the-space-between-the-seen", anchors__isnull=False).first()
    gloss.revise(user=editor, based_on=gloss.version, reason="Edited", body=gloss.body.replace("This", "That", 1))
    gloss.created_by = editor
    gloss.save(update_fields=["created_by"])
    page.emulate_media(color_scheme="dark")
    login_in_browser(page, "editor", "editor-pass-1234")
    paths = [PIECE, f"/glosses/{gloss.pk}/history/", f"/glosses/{gloss.pk}/edit/", f"/glosses/{gloss.pk}/delete/confirm/",
             "/editors/editor/", f"{PIECE}glosses/new/?first_line=2", "/orphans/"]
    assert checked(page, paths, "axe-dark-editor") == []


def test_the_dark_scheme_is_light_text_on_a_dark_page_and_the_light_one_the_reverse(page, catalogue):  # noqa: F811
    page.emulate_media(color_scheme="dark")
    page.goto(PIECE)
    background, text = page_colours(page)
    assert background < 0.05 and text > 0.6
    page.emulate_media(color_scheme="light")
    background, text = page_colours(page)
    assert background > 0.8 and text < 0.05


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_saved_is_shown_as_a_success_not_as_an_error(page, catalogue, editor, scheme):  # noqa: F811
    from annotations.models import Gloss

    gloss = Gloss.objects.filter(piece__slug="the-space-between-the-seen", anchors__isnull=False).first()
    page.emulate_media(color_scheme=scheme)
    login_in_browser(page, "editor", "editor-pass-1234")
    page.goto(f"/glosses/{gloss.pk}/edit/")
    page.locator("#pane").get_by_role("button", name="Save", exact=True).click()
    saved = page.locator("#pane .notice", has_text="Saved.")
    saved.wait_for()
    colours = saved.evaluate("""element => {
        const style = getComputedStyle(element), root = getComputedStyle(document.documentElement);
        const probe = document.createElement('span');
        document.body.append(probe);
        const resolve = name => { probe.style.color = root.getPropertyValue(name); return getComputedStyle(probe).color; };
        const colours = {ground: style.backgroundColor, rule: style.borderLeftColor,
                         ok: resolve('--ok'), okGround: resolve('--ok-bg'), errorGround: resolve('--error-bg')};
        probe.remove();
        return colours;
    }""")
    if colours["ground"] != colours["okGround"]:
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"saved-{scheme}.png"))
    assert colours["ground"] == colours["okGround"] != colours["errorGround"]
    assert colours["rule"] == colours["ok"]
