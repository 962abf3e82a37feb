"""Nothing an editor writes or an imported file brings can run script in a reader's browser.

Classic payloads go everywhere text reaches a page — gloss bodies (Markdown), the quoted phrase,
piece titles, lines, echoes, section labels, tag names, source file names, commentary — and
the pages are opened in Chromium as a reader and as an editor (edit form, history, live preview,
htmx-swapped pane). No dialog may ever open, no script or handler of ours may appear, and the
text must show as text.
"""

import re

import pytest

from annotations.anchoring import anchor_lines, anchor_phrase
from annotations.models import Gloss
from catalogue.models import Tag
from tests.browser.test_annotating import wait_for_form
from tests.builders import make_piece
from tests.conftest import login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "<svg><script>alert(4)</script></svg>",
    "[click](javascript:alert(5))",
    "[click](JAVASCRIPT:alert(6))",
    "[click](javascript&#58;alert(7))",
    "[click](&#106;avascript:alert(8))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==)",
    '<iframe src="javascript:alert(10)"></iframe>',
    '"><script>alert(11)</script>',
    "'><img src=x onerror=alert(12)>",
    "{{ alert(13) }} {% now 'Y' %}",
    "<javascript:alert(14)>",
    "[click][ref]\n\n[ref]: javascript:alert(15)",
    "![pic](javascript:alert(16))",
    '![pic](x" onerror="alert(17))',
    '<a href="javascript:alert(18)">click</a>',
    "[click](<java\tscript:alert(19)>)",
    "<body onload=alert(20)>",
    "<details open ontoggle=alert(21)>",
    "[click](vbscript:alert(22))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(24)>",
    '<div hx-get="/" hx-trigger="load" hx-on::load="alert(25)">htmx</div>',
    '[click](" onmouseover="alert(26))',
    "`<script>alert(27)</script>`",
    "</textarea><script>alert(28)</script>",
    "<a href='&#x6A;avascript:alert(29)'>click</a>",
]

# What a page of ours may contain, whatever the text in it.
DOM_IS_CLEAN = """() => {
    const problems = [];
    for (const script of document.querySelectorAll('script')) {
        const src = script.getAttribute('src') || '';
        if (!src.startsWith('/static/')) problems.push('script: ' + script.outerHTML.slice(0, 80));
    }
    for (const tag of ['iframe', 'object', 'embed', 'svg', 'math', 'base', 'meta[http-equiv]', 'style']) {
        if (document.body.querySelector(tag)) problems.push('element: ' + tag);
    }
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            if (attr.name.startsWith('on') || attr.name.startsWith('hx-on')) problems.push('handler: ' + attr.name);
            if (['href', 'src', 'action', 'formaction', 'hx-get', 'hx-post'].includes(attr.name)) {
                const value = attr.value.replace(/[\\x00-\\x20]/g, '').toLowerCase();
                if (/^(javascript|vbscript|data):/.test(value)) problems.push(attr.name + ': ' + attr.value);
            }
        }
    }
    return problems;
}"""


def make_hostile_piece(index: int, payload: str):
    piece = make_piece(payload, slug=f"xss-{index}", lines=[f"{payload} — line", "A plain second line"],
                       source_name=f"{payload}.txt", author=payload, style=payload)
    piece.lines.filter(n=1).update(echo=payload)
    piece.sections.update(label=payload, direction=payload)
    piece.tags.add(Tag.objects.create(name=f"{payload} #{index}", slug=f"xss-tag-{index}"))
    lines = list(piece.lines.order_by("n").values_list("n", "text"))
    phrase = anchor_phrase(lines, 1, 0, 1, len(payload), payload)
    # A gloss on the payload and on line 2, its body quoting the payload: the pane marks the
    # quote inside the body, and lists the other place.
    quoting = Gloss.write(piece, [phrase, anchor_lines(lines, 2)], heading=payload, body=f"It says {payload}.",
                          status="published", user=None)
    gloss = Gloss.write(piece, [anchor_lines(lines, 2)], body=f"Plain words, then {payload}", status="published",
                        user=None)
    Gloss.write(piece, [], heading=payload, body=payload, status="published", user=None)
    piece.quoting = quoting
    piece.glosses_changed()
    return piece, gloss


def assert_safe(page, where: str):
    problems = page.evaluate(DOM_IS_CLEAN)
    assert problems == [], f"{where}: {problems}"
    assert page.dialogs == [], f"{where}: a dialog opened: {page.dialogs}"


@pytest.fixture
def hostile_pieces(db):
    return [make_hostile_piece(index, payload) for index, payload in enumerate(PAYLOADS)]


def test_there_are_at_least_twenty_payloads():
    assert len(PAYLOADS) >= 20


def test_no_payload_runs_for_a_reader_and_each_shows_as_text(page, hostile_pieces):
    page.goto("/")
    page.wait_for_timeout(100)
    assert_safe(page, "catalogue")
    for (piece, gloss), payload in zip(hostile_pieces, PAYLOADS):
        page.goto(f"/pieces/{piece.slug}/")
        first_line = " ".join(payload.split())
        assert page.locator("h1#piece-title").inner_text() == first_line
        assert page.locator("#L1 .text").inner_text() == f"{first_line} — line"
        assert first_line in page.locator(".tags").inner_text()
        # The pane, swapped in by htmx, shows the same text as text.
        page.locator("#L1 a.ln").click()
        page.wait_for_selector("#pane .pane-title")
        assert page.locator(f"#pane .gloss-link[href*='gloss={gloss.pk}']").count() == 0  # line 1 only
        page.goto(f"/pieces/{piece.slug}/?gloss={gloss.pk}#L2")
        assert "Plain words, then" in page.locator("#pane .markdown").inner_text()
        page.wait_for_timeout(50)
        assert_safe(page, payload)
        # Opened from the payload itself: the quote is marked inside the body, as text.
        quoting = piece.quoting
        page.goto(f"/pieces/{piece.slug}/?gloss={quoting.pk}&anchor={quoting.anchor_list[0].pk}#L1")
        assert page.locator("#pane .markdown").inner_text().startswith("It says")
        assert page.locator("#pane .markdown mark.quoted").count() <= 1
        assert page.locator("#pane .pane-title").inner_text().startswith(first_line)
        page.wait_for_timeout(50)  # give any onload/onerror the chance to fire
        assert_safe(page, payload)


def test_no_payload_runs_for_an_editor_in_forms_history_and_preview(page, hostile_pieces, editor):
    login_in_browser(page, "editor", "editor-pass-1234")
    for (piece, gloss), payload in zip(hostile_pieces, PAYLOADS):
        page.goto(f"/pieces/{piece.slug}/")
        page.locator(f"#g{gloss.pk} .gloss-edit").click()
        textarea = page.locator("#id_body")
        textarea.wait_for()
        wait_for_form(page)
        # The body comes back into the textarea exactly as written, not as markup.
        assert textarea.input_value() == f"Plain words, then {payload}"
        textarea.fill(f"{payload}\n\n{payload}")
        page.wait_for_function(
            "document.querySelector('#preview') && !document.querySelector('#preview .muted')"
        )
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(rf"\?gloss={gloss.pk}(&anchor=\d+)?#L2$"))
        page.goto(f"/glosses/{gloss.pk}/history/")
        assert re.search(r"Version 2", page.locator("#pane").inner_text())
        page.wait_for_timeout(50)
        assert_safe(page, payload)
