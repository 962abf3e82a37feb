"""Text files → ParsedPiece, in plain Python: decode, pick the shape, parse.

    parse_bytes(data, filename=…)  decode_bytes + parse_text; decoding warnings are kept
    parse_text(text, filename=…)   for text already in hand

Nothing here imports Django except ``store.py``, which turns a ParsedPiece into rows.
"""

from __future__ import annotations

from catalogue.importing.decode import decode_bytes
from catalogue.importing.detect import parse_text
from catalogue.importing.parsed import ImportRejected, ParsedPiece

MAX_BYTES = 2_000_000
MAX_LINE_CHARS = 10_000


def parse_bytes(
    data: bytes, *, filename: str = "", max_bytes: int = MAX_BYTES, max_line_chars: int = MAX_LINE_CHARS
) -> ParsedPiece:
    """Decode an uploaded file and parse it; raises ImportRejected with a reason to show."""
    return decode_and_parse(data, filename=filename, max_bytes=max_bytes, max_line_chars=max_line_chars)[0]


def decode_and_parse(
    data: bytes, *, filename: str = "", max_bytes: int = MAX_BYTES, max_line_chars: int = MAX_LINE_CHARS
) -> tuple[ParsedPiece, str]:
    """``parse_bytes``, and the decoded text it parsed (what an import keeps as the source)."""
    text, warnings = decode_bytes(data, max_bytes=max_bytes, max_line_chars=max_line_chars)
    piece = parse_text(text, filename=filename)
    piece.warnings = warnings + piece.warnings
    return piece, text


__all__ = ["ImportRejected", "ParsedPiece", "decode_and_parse", "decode_bytes", "parse_bytes", "parse_text"]
