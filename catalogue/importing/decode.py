"""Bytes → clean text: refuse what is not a text file, decode, and remove hidden characters.

Everything a person would not see on the page but that would change how a line is stored,
matched or displayed (bidirectional overrides, zero-width spaces, stray control characters) is
removed here, once, with a warning naming the line, so no parser has to think about it.
"""

from __future__ import annotations

import re
import unicodedata

from catalogue.importing.limits import ImportLimits, import_limits
from catalogue.importing.parsed import ImportRejected

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Signatures of binary formats people upload by mistake. A PDF starts with ASCII, so without
# this it could slip past the NUL check and decode as cp1252 gibberish.
BINARY_SIGNATURES = {
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive or Word/OpenDocument file",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old-style Word/Excel document",
}

# Control bytes other than tab, LF, VT, FF, CR and ESC. A few can be noise in a pasted text; a
# lot of them mean the file is not text at all.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])

# Invisible characters that can make a line read differently from how it is stored (the
# "Trojan Source" bidi tricks) or make two identical-looking lines differ.
HIDDEN_CHARACTERS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]  # LRE, RLE, PDF, LRO, RLO
    + [chr(c) for c in range(0x2066, 0x206A)]  # LRI, RLI, FSI, PDI
    + ["\u200e", "\u200f", "\u061c"]  # LRM, RLM, ARABIC LETTER MARK
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]  # zero-width characters
    + [chr(c) for c in range(0x2061, 0x2065)]  # invisible mathematical operators
    + ["\u00ad"]  # soft hyphen: invisible, but breaks quote matching
)


# Every character ``remove_hidden_characters`` removes: the hidden ones and C0/C1 controls but tab and newline.
_HIDDEN_RE = re.compile(
    "[" + re.escape("".join(sorted(HIDDEN_CHARACTERS))) + "\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def _is_control(ch: str) -> bool:
    """C0/C1 controls other than tab and newline: invisible, and never meant in a lyric."""
    return unicodedata.category(ch) == "Cc" and ch not in "\t\n"


def _character_name(ch: str) -> str:
    name = unicodedata.name(ch, "") or "CONTROL CHARACTER"
    return f"U+{ord(ch):04X} {name}"


def _describe_size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.0f} KB"
    return f"{n} bytes"


def clean_text(text: str) -> tuple[str, list[str]]:
    """For text not read from a file: what ``decode_bytes`` does after decoding (BOM, line
    endings, hidden characters). Idempotent."""
    return remove_hidden_characters(normalise_line_endings(text.removeprefix("\ufeff")))


def normalise_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def remove_hidden_characters(text: str) -> tuple[str, list[str]]:
    """Remove hidden characters and turn NBSP into a space (line endings already "\\n").

    Returns the cleaned text and one warning per line that lost characters.
    """
    if not _HIDDEN_RE.search(text):  # the usual case: one scan of the whole text, in C
        return text.replace("\u00a0", " "), []
    warnings: list[str] = []
    cleaned_lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        removed = [ch for ch in line if ch in HIDDEN_CHARACTERS or _is_control(ch)]
        if removed:
            line = "".join(ch for ch in line if ch not in HIDDEN_CHARACTERS and not _is_control(ch))
            kinds = ", ".join(_character_name(ch) for ch in dict.fromkeys(removed))
            plural = "character" if len(removed) == 1 else "characters"
            warnings.append(f"line {number}: removed {len(removed)} hidden {plural} ({kinds})")
        cleaned_lines.append(line.replace("\u00a0", " "))
    return "\n".join(cleaned_lines), warnings


def _refuse_binary(data: bytes) -> None:
    for signature, description in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ImportRejected(f"This looks binary ({description}), not a text file.")
    if data.startswith(UTF16_BOMS):
        raise ImportRejected("This file is saved as UTF-16; please save it as UTF-8 text and try again.")
    if b"\x00" in data:
        raise ImportRejected("This looks binary (it contains NUL bytes), not a text file.")
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # counted in C, not byte by byte
    if controls >= 8 and controls > len(sample) // 100:
        raise ImportRejected("This looks binary (it is full of control bytes), not a text file.")


def _decode(data: bytes) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        # Strict: the five bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) fail here.
        return data.decode("cp1252"), ["decoded as Windows-1252 (the file is not UTF-8)"]
    except UnicodeDecodeError as error:
        raise ImportRejected(
            f"This file could not be read as text: it is neither UTF-8 nor Windows-1252 "
            f"(byte 0x{data[error.start]:02X} at position {error.start}). Please save it as UTF-8."
        ) from None


def decode_bytes(data: bytes, *, limits: ImportLimits | None = None) -> tuple[str, list[str]]:
    """Turn an uploaded file into clean text with "\\n" line ends, or refuse it.

    Returns (text, warnings). Raises ImportRejected, with a reason a person can act on, for an
    empty, oversized, binary or undecodable file, or one with an absurdly long line. ``limits``
    defaults to the site's (``limits.import_limits()``, from the settings: the one definition).
    """
    limits = limits or import_limits()
    max_bytes, max_line_chars = limits.max_file_bytes, limits.max_line_chars
    if not data:
        raise ImportRejected("The file is empty.")
    if len(data) > max_bytes:
        raise ImportRejected(
            f"The file is too large ({_describe_size(len(data))}); the limit is {_describe_size(max_bytes)}."
        )
    _refuse_binary(data)
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    text, warnings = _decode(data)
    text = normalise_line_endings(text)
    lines = text.split("\n")
    if max(map(len, lines)) <= max_line_chars:  # the usual case, without a loop in Python
        lines = []
    for number, line in enumerate(lines, start=1):
        if len(line) > max_line_chars:
            raise ImportRejected(
                f"Line {number} is {len(line):,} characters long; the limit is {max_line_chars:,}. "
                "Is this really a text of lines?"
            )
    text, hidden_warnings = remove_hidden_characters(text)
    if not text.strip():
        raise ImportRejected("The file is empty: it contains only whitespace.")
    return text, warnings + hidden_warnings

