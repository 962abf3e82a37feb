"""Text files → ParsedPiece, in plain Python, one pass, each step a function of its own module:

    decode.decode_bytes   bytes → text: size, binary and encoding checks, BOM, line ends, hidden
                          characters (once)
    page.read_page        text → Page: page chrome blanked (chrome.py, a line of it told by
                          page_text.py, what it says of the piece kept by page_facts.py), front
                          matter, title and metadata header read (header.py)
    detect.parse_page     Page → ParsedPiece: the shape chosen and parsed (shapes/)
    store.import_file     ParsedPiece → rows (with pipeline.py, the only Django modules here)
    pipeline.import_files many files stored in order, the next ones parsed meanwhile in a pool

    parse_bytes(data, filename=…)  the whole pass for an uploaded file
    parse_text(text, filename=…)   for text already in hand (cleaned here instead of decoded)
"""

from __future__ import annotations

from catalogue.importing.decode import clean_text, decode_bytes
from catalogue.importing.detect import parse_page
from catalogue.importing.limits import ImportLimits
from catalogue.importing.page import read_page
from catalogue.importing.parsed import ImportRejected, ParsedPiece


def parse_bytes(data: bytes, *, filename: str = "", limits: ImportLimits | None = None) -> ParsedPiece:
    """Decode an uploaded file and parse it; raises ImportRejected with a reason to show.
    ``limits``: the site's (from the settings) unless given."""
    return decode_and_parse(data, filename=filename, limits=limits)[0]


def decode_and_parse(
    data: bytes, *, filename: str = "", limits: ImportLimits | None = None
) -> tuple[ParsedPiece, str]:
    """``parse_bytes``, and the decoded text it parsed (what an import keeps as the source)."""
    text, warnings = decode_bytes(data, limits=limits)
    piece = parse_page(read_page(text), filename=filename)
    piece.warnings = warnings + piece.warnings
    return piece, text


def parse_text(text: str, *, filename: str = "") -> ParsedPiece:
    """Parse a piece from text not read from a file (so not yet cleaned)."""
    text, warnings = clean_text(text)
    piece = parse_page(read_page(text), filename=filename)
    piece.warnings = warnings + piece.warnings
    return piece


__all__ = ["ImportRejected", "ParsedPiece", "decode_and_parse", "decode_bytes", "parse_bytes", "parse_text"]
