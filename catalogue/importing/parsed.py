"""The one contract between the shape parsers and everything that stores or shows a parse.

Plain dataclasses, no Django: a parser returns a ParsedPiece, ``store.py`` turns it into rows,
and ``import_catalogue --dry-run --json`` prints ``ParsedPiece.as_json()``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class ParsedLine:
    n: int  # 1-based number within the whole piece
    text: str  # what is sung or said, echo removed; greentext keeps its "> "
    echo: str = ""  # the trailing parenthetical backing vocal, without brackets
    kind: str = "lyric"  # lyric | spoken | direction | prose
    break_before: bool = False  # a blank line stood before it within its section: a stanza break


@dataclass
class ParsedSection:
    label: str  # "Verse 1", "Chorus", "Stanza 3", "Paragraph 2"
    kind: str  # verse | chorus | pre-chorus | bridge | intro | outro | breakdown | hook | stanza | paragraph | other
    direction: str = ""  # performance direction from the marker ("Whispered, close-miked")
    repeat_of: int | None = None  # index of the earlier section with identical lines
    lines: list[ParsedLine] = field(default_factory=list)


@dataclass
class ParsedAnchor:
    """One place a gloss stands on: a phrase, or whole lines when ``quote`` is ""."""

    quote: str  # the phrase exactly as it stands in the line(s); "\n" between lines; "" = whole line(s)
    line: int  # n of the first line the quote stands on
    last_line: int | None = None  # n of the last line, when the quote spans lines
    start: int = 0  # offset of the quote in the first line's text
    prefix: str = ""  # up to 32 characters before the quote (W3C TextQuoteSelector)
    suffix: str = ""  # up to 32 characters after it


_ANCHOR_FIELDS = ("quote", "line", "last_line", "start", "prefix", "suffix")


@dataclass
class ParsedGloss:
    """One gloss: its body stated once, anchored to one or more places, in order.

    The first-anchor fields (quote … suffix) repeat ``anchors[0]`` for readers that know only
    one anchor per gloss; give either them or ``anchors``.
    """

    quote: str
    line: int
    body: str  # Markdown
    last_line: int | None = None
    start: int = 0
    prefix: str = ""
    suffix: str = ""
    anchors: list[ParsedAnchor] = field(default_factory=list)
    heading: str = ""

    def __post_init__(self) -> None:
        if not self.anchors:
            self.anchors = [ParsedAnchor(*(getattr(self, name) for name in _ANCHOR_FIELDS))]
        else:
            for name in _ANCHOR_FIELDS:
                setattr(self, name, getattr(self.anchors[0], name))

    @classmethod
    def on(cls, anchors: list[ParsedAnchor], body: str, heading: str = "") -> ParsedGloss:
        first = anchors[0]
        return cls(quote=first.quote, line=first.line, body=body, anchors=list(anchors), heading=heading)


@dataclass
class ParsedCommentary:
    """Commentary; with anchors it is stored as one gloss (heading kept) on each quoted place."""

    heading: str
    body: str  # Markdown
    anchors: list[ParsedAnchor] = field(default_factory=list)  # empty: on the piece as a whole


@dataclass
class ParsedMetadata:
    author: str = ""
    written: str | None = None  # YYYY-MM-DD
    status: str = ""
    tempo_bpm: int | None = None
    key: str = ""
    tags: list[str] = field(default_factory=list)
    duration: str = ""  # "3:27"
    style: str = ""


@dataclass
class ParsedPiece:
    title: str
    kind: str  # song | poem | prose
    metadata: ParsedMetadata = field(default_factory=ParsedMetadata)
    sections: list[ParsedSection] = field(default_factory=list)
    glosses: list[ParsedGloss] = field(default_factory=list)
    commentary: list[ParsedCommentary] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[ParsedLine]:
        return [line for section in self.sections for line in section.lines]

    def as_json(self) -> dict:
        data = asdict(self)
        del data["warnings"]  # reported beside the piece, not inside it
        for section in data["sections"]:
            for line in section["lines"]:
                del line["break_before"]  # layout, not part of the documented JSON shape
        # An anchor's offsets and context are for storing; readers of the JSON see where it is.
        for entry in (*data["glosses"], *data["commentary"]):
            entry["anchors"] = [{"quote": a["quote"], "line": a["line"]} for a in entry["anchors"]]
        return data


class ImportRejected(ValueError):
    """A file that cannot become a piece; the message says why, for a person to read."""
