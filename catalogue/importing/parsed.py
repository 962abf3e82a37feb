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
class ParsedGloss:
    quote: str  # the phrase exactly as it stands in the line(s); "\n" between lines
    line: int  # n of the first line the quote stands on
    body: str  # Markdown
    last_line: int | None = None  # n of the last line, when the quote spans lines
    start: int = 0  # offset of the quote in the first line's text
    prefix: str = ""  # up to 32 characters before the quote (W3C TextQuoteSelector)
    suffix: str = ""  # up to 32 characters after it


@dataclass
class ParsedCommentary:
    heading: str
    body: str  # Markdown


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
        return data


class ImportRejected(ValueError):
    """A file that cannot become a piece; the message says why, for a person to read."""
