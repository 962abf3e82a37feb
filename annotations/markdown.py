"""The one place Markdown becomes HTML: markdown-it-py, raw HTML off, only safe link schemes.

Bodies are rendered when saved and the HTML is stored beside the source, so a page never
renders Markdown while a reader waits.

Rendering is bounded, because an editor's preview runs while others wait for the same worker:
a body over ``MAX_CHARS`` is never rendered (``render_preview`` says so instead), and up to it
no input costs more than about ``WORK_SECONDS`` of CPU. markdown-it-py is linear but pure
Python, and some inputs cost far more per character than prose (20,000 ``[`` took 0.25 s,
prose of that length 6 ms), so: a ``[`` with no ``]`` after it is read as text at once
instead of being tried as a link at every position; and whatever still runs over the budget is
shown as plain text. Text nested deeper than ``MAX_NESTING`` is shown as text too, where
markdown-it would drop it.
"""

from __future__ import annotations

import time
from urllib.parse import unquote, urlsplit

from django.utils.html import escape, format_html
from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = {"http", "https", "mailto"}

# The longest body an editor may write and the longest text ever rendered: glosses,
# commentary and the preview all refuse more, before rendering anything.
MAX_CHARS = 20_000
# Blockquotes count one level, lists two (list and item). Deeper text is shown as text.
MAX_NESTING = 20
# CPU time one rendering may take before the rest is shown as plain text. Bodies people write
# take a few milliseconds; only pathological input comes near this.
WORK_SECONDS = 0.03


class _OverBudget(Exception):
    """Raised inside the parser when a rendering has used up its time."""


class _Budget:
    __slots__ = ("deadline", "ticks", "spent")

    def __init__(self, seconds: float):
        self.deadline = time.thread_time() + seconds
        self.ticks = 0
        self.spent = False

    def tick(self) -> None:
        # thread_time() costs about a microsecond, so look at the clock every 16th step; a
        # step is one try of the rule chain, a few microseconds at most.
        self.ticks += 1
        if self.spent or (self.ticks & 15 == 0 and time.thread_time() > self.deadline):
            self.spent = True
            raise _OverBudget


def _is_safe_link(url: str) -> bool:
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"),
    # so judge the URL as the browser will read it. markdown-it hands over the link already
    # percent-encoded ("java%09script:"), so decode it first; a link that only looks
    # dangerous once decoded is refused too, which costs nothing real.
    cleaned = "".join(ch for ch in unquote(url) if ch > " " and ch != "\x7f").strip()
    scheme = urlsplit(cleaned).scheme.lower()
    return not scheme or scheme in SAFE_SCHEMES  # no scheme: a relative link


def _meter_inline(state, silent: bool) -> bool:
    """First inline rule: counts each try of the chain against the budget, matches nothing."""
    state.env["budget"].tick()
    return False


def _meter_block(state, start_line: int, end_line: int, silent: bool) -> bool:
    state.env["budget"].tick()
    return False


def _unclosed_bracket(state, silent: bool) -> bool:
    """A run of ``[``/``![`` with no ``]`` after it cannot open a link or an image: text.

    Without this, markdown-it tries a link at every ``[`` of such a run, each try looking
    ahead up to its nesting limit: 20,000 ``[`` cost a quarter of a second.
    """
    src, pos, end = state.src, state.pos, state.posMax
    if src[pos] != "[" and not (src[pos] == "!" and pos + 1 < end and src[pos + 1] == "["):
        return False
    last_close = state.env["last_close"]  # per inline text and end (links parse a sub-range)
    key = (id(src), end)
    if key not in last_close:
        last_close[key] = src.rfind("]", 0, end)
    if last_close[key] > pos:
        return False
    run_end = pos
    while run_end < end and src[run_end] in "![":
        run_end += 1
    if not silent:
        state.pending += src[pos:run_end]
    state.pos = run_end
    return True


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                   "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.validateLink = _is_safe_link
    md.inline.ruler.before("text", "meter", _meter_inline)
    md.inline.ruler.before("link", "unclosed_bracket", _unclosed_bracket)
    # Also a terminator rule, so that the rules looping over lines (a paragraph, a list, a table
    # of thousands of lines) count each line.
    md.block.ruler.before("table", "meter", _meter_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    _show_deep_blocks_as_text(md)
    _show_inline_over_budget_as_text(md)
    return md


def _show_deep_blocks_as_text(md: MarkdownIt) -> None:
    """At the nesting limit markdown-it skips the rest of a block; show it as a paragraph of
    text instead (the markers of the deeper levels included), so nothing written is lost."""
    tokenize = md.block.tokenize

    def tokenize_or_show_as_text(state, start_line: int, end_line: int) -> None:
        if state.level < md.options["maxNesting"]:
            return tokenize(state, start_line, end_line)
        line = state.skipEmptyLines(start_line)
        if line >= end_line or state.sCount[line] < state.blkIndent:
            state.line = line
            return None
        state.push("paragraph_open", "p", 1).map = [line, end_line]
        text = state.push("inline", "", 0)  # inline Markdown still applies: emphasis, links
        text.content = state.getLines(line, end_line, state.blkIndent, False).strip()
        text.map, text.children = [line, end_line], []
        state.push("paragraph_close", "p", -1)
        state.line = end_line
        return None

    md.block.tokenize = tokenize_or_show_as_text


def _show_inline_over_budget_as_text(md: MarkdownIt) -> None:
    """A paragraph (or table cell, heading…) whose parsing runs out of time is its plain text."""
    parse = md.inline.parse

    def parse_or_show_as_text(src, md_, env, tokens):
        before = len(tokens)
        try:
            return parse(src, md_, env, tokens)
        except _OverBudget:
            del tokens[before:]
            text = Token("text", "", 0)
            text.content = src
            tokens.append(text)
            return tokens

    md.inline.parse = parse_or_show_as_text


_md = _build()


def render_markdown(source: str) -> str:
    """Markdown → safe HTML, in bounded time. Callers keep ``source`` within ``MAX_CHARS``."""
    source = source or ""
    env = {"budget": _Budget(WORK_SECONDS), "last_close": {}}
    try:
        return _md.render(source, env)
    except _OverBudget:
        # Out of time before the paragraphs were even found: every paragraph as text.
        return "".join(f"<p>{escape(part.strip())}</p>\n" for part in source.split("\n\n") if part.strip())


def too_long_message(length: int) -> str:
    return (f"This text has {length:,} characters; the limit is {MAX_CHARS:,}. "
            "Shorten it to see a preview and to save it.")


def render_preview(source: str) -> str:
    """The preview of a body being written: its HTML, or, over the limit, a note saying so
    (nothing is rendered)."""
    source = source or ""
    if len(source) > MAX_CHARS:
        return format_html('<p class="conflict" role="alert">{}</p>', too_long_message(len(source)))
    return render_markdown(source)
