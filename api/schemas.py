"""The API's documented shapes (pydantic, through django-ninja): what the OpenAPI schema says."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class Error(Schema):
    detail: str


class PieceCard(Schema):
    slug: str
    title: str
    kind: str
    author: str
    written: date | None
    key: str
    tempo_bpm: int | None
    first_line: str
    gloss_count: int
    tags: list[str]
    url: str
    api_url: str


class PieceList(Schema):
    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None
    problems: list[str]
    results: list[PieceCard]


class LineOut(Schema):
    n: int
    text: str
    echo: str
    kind: str
    break_before: bool


class SectionOut(Schema):
    label: str
    kind: str
    direction: str
    repeat_of: int | None  # index in ``sections`` of the section it repeats
    lines: list[LineOut]


class AnchorOut(Schema):
    first_line: int
    last_line: int
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None


class ConceptRef(Schema):
    name: str
    slug: str
    url: str


class GlossOut(Schema):
    id: int
    heading: str
    body: str
    body_html: str
    anchors: list[AnchorOut]
    concepts: list[ConceptRef]
    created: datetime
    modified: datetime
    url: str
    annotation_url: str


class PieceOut(Schema):
    slug: str
    title: str
    kind: str
    author: str
    written: date | None
    status: str
    style: str
    tempo_bpm: int | None
    key: str
    duration: str
    tags: list[str]
    url: str
    text_url: str
    annotations_url: str
    editions: dict[str, str]
    sections: list[SectionOut]
    glosses: list[GlossOut]


class SearchLine(Schema):
    n: int
    text_html: str  # escaped, matches in <mark>
    echo_html: str
    is_match: bool  # False: a neighbour shown for context


class SearchMatch(Schema):
    kind: str  # "gloss" (on lines) or "commentary" (on the whole piece)
    line: int | None
    heading_html: str
    snippet_html: str
    url: str


class SearchPiece(Schema):
    slug: str
    title: str
    kind: str
    author: str
    url: str
    title_html: str
    lines: list[SearchLine]
    glosses: list[SearchMatch]
    more: int


class SearchOut(Schema):
    q: str
    capped: bool
    total_pieces: int
    pieces: list[SearchPiece]


class ConceptOut(Schema):
    name: str
    slug: str
    gloss_count: int
    url: str
    api_url: str


class ConceptGloss(Schema):
    id: int
    piece: str
    piece_title: str
    heading: str
    body_html: str
    lines: list[int]
    url: str


class ConceptDetail(Schema):
    name: str
    slug: str
    url: str
    glosses: list[ConceptGloss]
