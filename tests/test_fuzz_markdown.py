"""Any text at all becomes safe HTML, in bounded time, without losing its words."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from annotations.markdown import MAX_CHARS, render_markdown
from tests.fuzzing import cpu_seconds, examples

# What markdown-it may produce with raw HTML off (CommonMark, tables, strikethrough).
ALLOWED_TAGS = {"p", "em", "strong", "a", "img", "ul", "ol", "li", "blockquote", "code", "pre", "hr", "br",
                "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "s"}
ALLOWED_ATTRIBUTES = {"href", "src", "alt", "title", "start", "class", "style"}

# Markdown's own characters, drawn often, so the parser's corners are reached.
MARKUP = ["[", "]", "(", ")", "![", "*", "_", "**", "`", "```", "~~", ">", "> ", "<", "&", "#", "- ", "1. ",
          "|", "\\", "\n", "\n\n", "    ", ":", "javascript:", "JaVaScRiPt:", "java\tscript:", "&#106;",
          "data:", "vbscript:", "%6a", "<script>", "<img src=x onerror=alert(1)>", '"', "'", "http://a",
          "mailto:", "[x]: ", "<http://a>", "\x00", "\u202e", "\U0001f600"]
markdown_text = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=8)), max_size=60).map("".join)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def _read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def assert_safe(html: str) -> None:
    for tag, attributes in _read(html).tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        assert set(attributes) <= ALLOWED_ATTRIBUTES, (attributes, html)
        for name in ("href", "src"):
            url = "".join(ch for ch in (attributes.get(name) or "") if ch > " ").lower()
            assert not url.startswith(("javascript:", "vbscript:", "data:")), html
        assert "style" not in attributes or attributes["style"].startswith("text-align:"), html


@examples(300)
@given(markdown_text)
def test_any_text_becomes_safe_html_in_bounded_time(source):
    assert_safe(render_markdown(source))
    assert cpu_seconds(render_markdown, source) < 0.1


@examples(150)
@given(st.text(max_size=300))
def test_any_unicode_text_becomes_safe_html(source):
    assert_safe(render_markdown(source))


WORD = "zebrafinch"
# Every way Markdown nests one thing in another: a word inside a hundred of them is still shown.
# (Not "~~": "~~~~word~~~~" opens a fenced code block whose info string is the word, by the spec.)
CONTAINERS = st.sampled_from([("> ", ""), ("- ", ""), ("1. ", ""), ("* ", ""), ("*", "*"), ("_", "_"),
                              ("**", "**"), ("[", "](http://a)"), ("`", "`")])


@examples(150)
@given(st.lists(CONTAINERS, max_size=120))
def test_a_word_nested_at_any_depth_is_never_dropped(nesting):
    source = WORD
    for opening, closing in nesting:
        source = opening + source + closing
    assert WORD in "".join(_read(render_markdown(source)).text), source


@examples(20)
@given(st.lists(st.sampled_from(MARKUP), min_size=1, max_size=5).map("".join))
def test_any_markup_repeated_up_to_the_limit_renders_in_bounded_time(unit):
    source = (unit * (MAX_CHARS // len(unit) + 1))[:MAX_CHARS]
    assert_safe(render_markdown(source))
    assert cpu_seconds(render_markdown, source) < 0.1, repr(unit)
