"""Markdown becomes HTML in one place, with raw HTML off and only safe link schemes."""

import pytest

from annotations.markdown import render_markdown


def test_lists_links_and_emphasis_render():
    html = render_markdown("- *one*\n- [two](https://example.org/a?b=1&c=2)\n- <mailto:a@example.org>")
    assert "<li><em>one</em></li>" in html
    assert '<a href="https://example.org/a?b=1&amp;c=2">two</a>' in html
    assert '<a href="mailto:a@example.org">' in html


def test_relative_links_are_allowed():
    assert '<a href="/pieces/x/#L2">line 2</a>' in render_markdown("[line 2](/pieces/x/#L2)")


def test_raw_html_is_shown_as_text():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("source", [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](file:///etc/passwd)",
])
def test_unsafe_link_schemes_never_become_links(source):
    html = render_markdown(source)
    assert "href=" not in html and "src=" not in html


def test_a_quote_in_a_link_cannot_break_out_of_the_attribute():
    html = render_markdown('[x](https://example.org/" onmouseover="alert(1))')
    assert "onmouseover=\"" not in html


def test_empty_body_renders_nothing():
    assert render_markdown("") == "" and render_markdown(None) == ""
