"""The one place Markdown becomes HTML: markdown-it-py, raw HTML off, only safe link schemes.

Bodies are rendered when saved and the HTML is stored beside the source, so a page never
renders Markdown while a reader waits.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

SAFE_SCHEMES = {"http", "https", "mailto"}


def _is_safe_link(url: str) -> bool:
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"),
    # so judge the URL as the browser will read it. markdown-it hands over the link already
    # percent-encoded ("java%09script:"), so decode it first; a link that only looks
    # dangerous once decoded is refused too, which costs nothing real.
    cleaned = "".join(ch for ch in unquote(url) if ch > " " and ch != "\x7f").strip()
    scheme = urlsplit(cleaned).scheme.lower()
    return not scheme or scheme in SAFE_SCHEMES  # no scheme: a relative link


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = _is_safe_link
    return md


_md = _build()


def render_markdown(source: str) -> str:
    return _md.render(source or "")
