"""Editions of a piece to download: TEI P5, plain text in the importer's own format, Markdown.

Built from plain values (``catalogue.models.piece_reading`` and the published glosses), so
each costs a fixed number of queries. Only published glosses go into an edition.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.utils import timezone

from annotations.imported import import_key
from annotations.models import Gloss, Origin
from catalogue.importing.shapes.common import is_stage_direction
from catalogue.models import Piece, piece_reading

from .text import build_text, rendered_line
from .wadm import published_glosses

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ET.register_namespace("", TEI_NS)


@dataclass
class Reading:
    """A piece's sections (each with its lines, as dicts) and its published glosses."""

    piece: Piece
    sections: list[dict]
    glosses: list[Gloss]

    @property
    def lines(self) -> list[dict]:
        return [line for section in self.sections for line in section["lines"]]


def reading(piece: Piece) -> Reading:
    sections, lines = piece_reading(piece.pk)
    by_id = {section["id"]: {**section, "lines": []} for section in sections}
    for n, text, echo, kind, section_id, break_before in lines:
        by_id[section_id]["lines"].append(
            {"n": n, "text": text, "echo": echo, "kind": kind, "break_before": break_before}
        )
    glosses = list(published_glosses(Gloss.objects.filter(piece=piece)))
    return Reading(piece=piece, sections=[by_id[s["id"]] for s in sections], glosses=glosses)


def _gloss_order(gloss: Gloss):
    anchors = gloss.anchor_list
    if anchors:
        return (0, anchors[0].first_line, anchors[0].start or 0, gloss.pk)
    return (1, gloss.position, 0, gloss.pk)


def ordered_glosses(data: Reading) -> list[Gloss]:
    """Reading order, as the page shows them: by first anchor, then glosses on the whole piece."""
    return sorted(data.glosses, key=_gloss_order)


# --- TEI P5 ---------------------------------------------------------------------------------


def _el(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{TEI_NS}}}{tag}", {k: str(v) for k, v in attrs.items() if v not in (None, "")})
    if text:
        element.text = text
    return element


def _header(tei: ET.Element, piece: Piece, url: str) -> None:
    header = _el(tei, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", piece.title)
    if piece.author:
        _el(title_stmt, "author", piece.author)
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", "Glossa")
    _el(publication, "idno", url, type="URI")
    _el(publication, "date", when=timezone.now().date().isoformat())
    source = _el(file_desc, "sourceDesc")
    details = [f"Imported from {piece.source_name}." if piece.source_name else "Entered in Glossa."]
    if piece.status:
        details.append(f"Status: {piece.status}.")
    _el(source, "p", " ".join(details))
    if piece.style or piece.tempo_bpm or piece.key or piece.duration_seconds is not None:
        encoding = _el(header, "encodingDesc")
        performance = [
            f"Style: {piece.style}" if piece.style else "",
            f"Tempo: {piece.tempo_bpm} BPM" if piece.tempo_bpm else "",
            f"Key: {piece.key}" if piece.key else "",
            f"Duration: {piece.duration}" if piece.duration_seconds is not None else "",
        ]
        _el(_el(encoding, "projectDesc"), "p", "Performance notes. " + "; ".join(p for p in performance if p))
    profile = _el(header, "profileDesc")
    if piece.written:
        _el(_el(profile, "creation"), "date", piece.written.isoformat(), when=piece.written.isoformat())
    tags = list(piece.tags.values_list("name", flat=True))
    keywords = _el(_el(profile, "textClass"), "keywords")
    _el(keywords, "term", piece.get_kind_display())
    for name in tags:
        _el(keywords, "term", name)


def _line(parent, line: dict) -> None:
    if line["kind"] == "direction":
        _el(parent, "stage", line["text"], type="direction")
        return
    element = _el(parent, "l", line["text"], n=line["n"], rend="spoken" if line["kind"] == "spoken" else None)
    element.set(XML_ID, f"L{line['n']}")
    if line["echo"]:
        element.text += " "
        _el(element, "seg", line["echo"], type="echo")


def _verse_section(parent, section: dict, index: int) -> None:
    if not section["lines"]:
        # A bare repeat mark ("[Chorus]"): the text says "sing it again" and holds no lines.
        target = section["repeat_of_id"]
        stage = _el(parent, "stage", f"{section['label']} (repeat)", type="repeat",
                    corresp=f"#s{target}" if target else None)
        return stage
    group = _el(parent, "lg", type=section["kind"], n=index)
    group.set(XML_ID, f"s{section['id']}")
    if section["repeat_of_id"]:
        group.set("sameAs", f"#s{section['repeat_of_id']}")
    _el(group, "head", section["label"])
    if section["direction"]:
        _el(group, "stage", section["direction"], type="delivery")
    stanzas = [[]]
    for line in section["lines"]:
        if line["break_before"] and stanzas[-1]:
            stanzas.append([])
        stanzas[-1].append(line)
    if len(stanzas) == 1:
        for line in stanzas[0]:
            _line(group, line)
        return
    for stanza in stanzas:
        inner = _el(group, "lg", type="stanza")
        for line in stanza:
            _line(inner, line)


def _prose_section(parent, section: dict) -> None:
    division = _el(parent, "div", type=section["kind"])
    division.set(XML_ID, f"s{section['id']}")
    for line in section["lines"]:
        paragraph = _el(division, "p", line["text"], n=line["n"])
        paragraph.set(XML_ID, f"L{line['n']}")


def _targets(gloss: Gloss) -> str:
    parts = []
    for anchor in gloss.anchor_list:
        if anchor.is_phrase and anchor.first_line == anchor.last_line and anchor.end is not None:
            # TEI's string-range() pointer: the phrase's offset and length in the line.
            parts.append(f"#string-range(L{anchor.first_line},{anchor.start},{anchor.end - anchor.start})")
        else:
            parts.extend(f"#L{n}" for n in range(anchor.first_line, anchor.last_line + 1))
    return " ".join(parts)


def tei(data: Reading, url: str) -> bytes:
    """A TEI P5 document: teiHeader from the metadata, one ``lg`` per section (``l`` per line,
    echoes as ``seg type="echo"``, directions as ``stage``), glosses as ``note``s in ``back``
    pointing at their lines or phrases."""
    piece = data.piece
    root = ET.Element(f"{{{TEI_NS}}}TEI")
    root.set(XML_LANG, "en")
    _header(root, piece, url)
    body = _el(_el(root, "text"), "body")
    if piece.kind == Piece.Kind.PROSE:
        for section in data.sections:
            _prose_section(body, section)
    else:
        whole = _el(body, "lg", type=piece.kind)
        for index, section in enumerate(data.sections, start=1):
            if section["lines"] and all(line["kind"] == "direction" for line in section["lines"]):
                for line in section["lines"]:
                    _line(whole, line)
                continue
            _verse_section(whole, section, index)
    glosses = ordered_glosses(data)
    if glosses:
        back = _el(root.find(f"{{{TEI_NS}}}text"), "back")
        division = _el(back, "div", type="glosses")
        _el(division, "head", "Glosses")
        for gloss in glosses:
            note = _el(division, "note", type="gloss", target=_targets(gloss) or None)
            note.set(XML_ID, f"g{gloss.pk}")
            if gloss.heading:
                _el(note, "label", gloss.heading)
            for paragraph in _paragraphs(gloss.body):
                _el(note, "p", paragraph)
    ET.indent(root)
    for line in root.iter(f"{{{TEI_NS}}}l"):
        for child in line:  # mixed content: indenting inside a line would add words' spaces
            child.tail = None
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _paragraphs(markdown: str) -> list[str]:
    return [" ".join(block.split()) for block in markdown.replace("\r\n", "\n").split("\n\n") if block.strip()]


# --- Plain text in the importer's own format ------------------------------------------------
#
# The file an import would have read: the piece, its metadata, and the commentary that came
# with its source file, in the importer's own gloss format, so that importing the edition over
# the piece gives back the same piece and the same imported glosses on the same words (a
# re-import recognises them by ``import_key``: what the file said). What editors wrote is not
# the file's: it travels as Web Annotations, and an import never touches it.


def imported_commentary(data: Reading) -> list[Gloss]:
    """The published glosses that came with the source file and still say what it said, in the
    order the file had them. (One an editor reworded is theirs now; it is left out, and a
    re-import leaves it be.)"""
    return [gloss for gloss in sorted(data.glosses, key=lambda g: (g.position, g.pk))
            if gloss.origin == Origin.IMPORT and gloss.import_key
            and gloss.import_key == import_key(gloss.heading, gloss.body)]


def _is_native_poem(data: Reading) -> bool:
    """A poem the glossed-poem shape reads back as it is: "Stanza N" sections, nothing else."""
    piece = data.piece
    return piece.kind == Piece.Kind.POEM and all(
        s["label"] == f"Stanza {i}" and s["kind"] == "stanza" and not s["direction"]
        and all(line["kind"] == "lyric" and not line["echo"] and not line["break_before"] for line in s["lines"])
        for i, s in enumerate(data.sections, start=1)
    )


def _is_native_prose(data: Reading) -> bool:
    piece = data.piece
    return piece.kind == Piece.Kind.PROSE and all(
        s["label"] == f"Paragraph {i}" and s["kind"] == "paragraph" and len(s["lines"]) == 1
        for i, s in enumerate(data.sections, start=1)
    )


def _fields(piece: Piece) -> list[tuple[str, str]]:
    """The metadata as the importer's header fields, in the order a file gives them."""
    fields = [
        ("Written", piece.written.isoformat() if piece.written else ""),
        ("Author", piece.author),
        ("Status", piece.status),
        ("Tempo", f"{piece.tempo_bpm} BPM" if piece.tempo_bpm else ""),
        ("Key", piece.key),
        ("Tags", ", ".join(piece.tags.order_by("name").values_list("name", flat=True))),
        ("Duration", piece.duration if piece.duration_seconds is not None else ""),
    ]
    return [(name, value) for name, value in fields if value]


def plain_text(data: Reading) -> str:
    """The piece as a text file the importer reads back into the same piece, with its imported
    commentary.

    Poems of plain stanzas and prose of paragraphs are written as such: title, "Key: value"
    header fields, stanzas (each imported gloss as its paragraph after the stanza it quotes) or
    paragraphs. Anything else — songs, and poems with section markers — as a Markdown song:
    header fields, a "Style" code block, "## Lyrics" with "[Label — direction]" markers,
    echoes in brackets and stanza breaks as blank lines, and the imported commentary under
    "## Commentary", one "###" entry each.
    """
    commentary = imported_commentary(data)
    if _is_native_poem(data) and _poem_carries(data, commentary):
        return _poem(data, commentary)
    if _is_native_prose(data) and not commentary:
        return _head(data.piece) + "\n\n".join(s["lines"][0]["text"] for s in data.sections) + "\n"
    return _markdown_song(data, commentary)


def _head(piece: Piece) -> str:
    """Title, header fields (a multi-line style one "Style:" line per line), blank line."""
    out = [piece.title]
    out += [f"{name}: {value}" for name, value in _fields(piece)]
    out += [f"Style: {line}".rstrip() for line in piece.style.split("\n")] if piece.style else []
    return "\n".join(out) + "\n\n"


def _poem_carries(data: Reading, commentary: list[Gloss]) -> bool:
    """Whether every imported gloss can stand as a gloss paragraph: one line, and on a poem's
    stanzas or headed as one of them (what the glossed-poem shape makes of a paragraph)."""
    labels = {"", *(s["label"] for s in data.sections)}
    return all("\n" not in gloss.body.strip() and (gloss.anchor_list or gloss.heading in labels)
               for gloss in commentary)


def _poem(data: Reading, commentary: list[Gloss]) -> str:
    """The stanzas with the gloss paragraphs after them.

    The glossed-poem shape looks a paragraph's quotes up in the stanzas since the previous
    paragraph. So a gloss goes after the stanza of its last anchor, but never so that a
    paragraph stands between two of one gloss's anchors; a paragraph with no anchor (headed
    with its stanza's label) goes after that stanza.
    """
    stanza_of = {line["n"]: i for i, s in enumerate(data.sections, start=1) for line in s["lines"]}
    spans, fixed = {}, set()
    for gloss in commentary:
        stanzas = [stanza_of[n] for a in gloss.anchor_list for n in (a.first_line, a.last_line) if n in stanza_of]
        if stanzas:
            spans[gloss.pk] = (min(stanzas), max(stanzas))
        else:
            index = next((i for i, s in enumerate(data.sections, start=1) if s["label"] == gloss.heading), 0)
            spans[gloss.pk] = (index, index)
            fixed.add(index)
    candidates = {last for _, last in spans.values()}
    breaks = sorted(b for b in candidates
                    if b in fixed or not any(first <= b < last for first, last in spans.values()))
    after: dict[int, list[str]] = {}
    for gloss in commentary:
        stanza = next(b for b in breaks if b >= spans[gloss.pk][1])
        after.setdefault(stanza, []).append(gloss.body.strip())
    blocks = ["\n".join(after[0])] if 0 in after else []
    for i, section in enumerate(data.sections, start=1):
        blocks.append("\n".join([*(line["text"] for line in section["lines"]), *after.get(i, [])]))
    return _head(data.piece) + "\n\n".join(blocks) + "\n"


def _markdown_song(data: Reading, commentary: list[Gloss]) -> str:
    piece = data.piece
    out = [f"# {piece.title}", ""]
    out += [f"**{name}:** {value}" for name, value in _fields(piece)]
    if piece.style:
        out += ["", "## Style", "", "```", piece.style, "```"]
    out += ["", "## Lyrics", ""]
    for section in data.sections:
        marker = section["label"] + (f" — {section['direction']}" if section["direction"] else "")
        out.append(f"[{marker}]")
        for line in section["lines"]:
            if line["break_before"]:
                out.append("")
            out.append(rendered_line(line["text"], line["echo"]))
        out.append("")
    if commentary:
        # Every entry under a "###" of its own: the "##" heading is then no entry's.
        out += ["## Commentary", ""]
        for gloss in commentary:
            out += [f"### {gloss.heading}", "", gloss.body.strip(), ""]
    return "\n".join(out)


# --- Markdown with the glosses as footnotes -------------------------------------------------


def _escape_markdown_line(text: str) -> str:
    """A verse line as literal Markdown text (a leading ">" or "#" is the poet's, not syntax)."""
    escaped = text.replace("\\", "\\\\")
    for ch in "*_`[]<":
        escaped = escaped.replace(ch, "\\" + ch)
    if escaped[:1] in ("#", ">", "-", "+") or escaped[:1].isdigit():
        escaped = "\\" + escaped
    return escaped


def markdown(data: Reading, url: str) -> str:
    """The piece with its published glosses as footnotes: a marker after each gloss's first
    line, the note at the end; glosses on the whole piece as notes on the title."""
    piece = data.piece
    glosses = ordered_glosses(data)
    number = {gloss.pk: i for i, gloss in enumerate(glosses, start=1)}
    markers: dict[int, list[int]] = {}
    on_piece = []
    for gloss in glosses:
        anchors = gloss.anchor_list
        if anchors:
            for anchor in anchors:
                markers.setdefault(anchor.last_line, []).append(number[gloss.pk])
        else:
            on_piece.append(number[gloss.pk])
    title_marks = "".join(f"[^{n}]" for n in on_piece)
    out = [f"# {_escape_markdown_line(piece.title)}{title_marks}", ""]
    details = [piece.author, piece.written.isoformat() if piece.written else ""]
    if any(details):
        out += [" · ".join(d for d in details if d), ""]
    for section in data.sections:
        heading = section["label"] + (f" — {section['direction']}" if section["direction"] else "")
        out += [f"## {_escape_markdown_line(heading)}", ""]
        for line in section["lines"]:
            if line["break_before"]:
                out.append("")
            marks = "".join(f"[^{n}]" for n in dict.fromkeys(markers.get(line["n"], [])))
            text = _escape_markdown_line(rendered_line(line["text"], line["echo"]))
            if line["kind"] == "direction" or is_stage_direction(line["text"]):
                text = f"*{text}*"
            # Two trailing spaces: a hard line break, so verse keeps its lines.
            out.append(f"{text}{marks}  " if piece.kind != Piece.Kind.PROSE else f"{text}{marks}\n")
        out.append("")
    if glosses:
        out += ["---", ""]
    for gloss in glosses:
        where = gloss.where_label
        heading = f"**{gloss.heading}** ({where}): " if gloss.heading else f"({where}) "
        body = gloss.body.strip().replace("\r\n", "\n").replace("\n", "\n    ")
        out += [f"[^{number[gloss.pk]}]: {heading}{body}", ""]
    out += [f"From {url}", ""]
    return "\n".join(out)
