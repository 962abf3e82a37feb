"""decode_bytes: what becomes text, what is refused, and what hidden characters are removed."""

from dataclasses import replace

import pytest

from catalogue.importing import ImportRejected
from catalogue.importing.decode import clean_text, decode_bytes
from catalogue.importing.limits import import_limits


def test_it_decodes_utf8():
    assert decode_bytes("Pure novelty ignites the in\u2011between.\n".encode()) == (
        "Pure novelty ignites the in\u2011between.\n",
        [],
    )


def test_it_strips_a_utf8_bom():
    text, warnings = decode_bytes(b"\xef\xbb\xbf[Verse 1]\nline")
    assert text == "[Verse 1]\nline"
    assert warnings == []


def test_it_turns_crlf_and_cr_into_lf():
    text, _ = decode_bytes(b"one\r\ntwo\rthree\n")
    assert text == "one\ntwo\nthree\n"


def test_it_falls_back_to_windows_1252_with_a_warning():
    text, warnings = decode_bytes(b"She said \x93quoted\x94 \x96 caf\xe9")
    assert text == "She said \u201cquoted\u201d \u2013 caf\u00e9"
    assert warnings == ["decoded as Windows-1252 (the file is not UTF-8)"]


@pytest.mark.parametrize("byte", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_it_refuses_bytes_that_are_neither_utf8_nor_windows_1252(byte):
    with pytest.raises(ImportRejected, match="neither UTF-8 nor Windows-1252"):
        decode_bytes(b"caf\xe9 " + byte)


def test_it_refuses_an_empty_file():
    with pytest.raises(ImportRejected, match="empty"):
        decode_bytes(b"")


@pytest.mark.parametrize("data", [b"   \n\t\n  ", b"\xef\xbb\xbf\r\n\r\n", "\u200b\n\u200d".encode()])
def test_it_refuses_whitespace_only(data):
    with pytest.raises(ImportRejected, match="only whitespace"):
        decode_bytes(data)


def test_it_refuses_a_file_over_the_size_limit():
    with pytest.raises(ImportRejected, match=r"too large \(2\.0 MB\); the limit is 1\.0 MB"):
        decode_bytes(b"la la la\n" * 222_223, limits=replace(import_limits(), max_file_bytes=1_000_000))


def test_the_default_size_limit_is_two_million_bytes():
    decode_bytes(b"a" * 1000 + b"\n" + b"b\n" * 999_499)  # 1,999,999 bytes
    with pytest.raises(ImportRejected, match="too large"):
        decode_bytes(b"ab\n" * 666_667)


def test_it_refuses_nul_bytes_as_binary():
    with pytest.raises(ImportRejected, match="looks binary"):
        decode_bytes(b"lyrics\x00\x00more")


def test_it_refuses_a_file_full_of_control_bytes():
    with pytest.raises(ImportRejected, match="looks binary"):
        decode_bytes(bytes(range(1, 9)) * 20 + b"text")


@pytest.mark.parametrize(
    ("data", "what"),
    [(b"%PDF-1.7\nstuff", "PDF"), (b"PK\x03\x04rest", "ZIP"), (b"\x89PNG\r\n\x1a\n", "PNG")],
)
def test_it_names_common_binary_formats(data, what):
    with pytest.raises(ImportRejected, match=f"looks binary.*{what}"):
        decode_bytes(data)


def test_it_asks_for_utf8_instead_of_utf16():
    with pytest.raises(ImportRejected, match="UTF-16"):
        decode_bytes("[Verse 1]\nline".encode("utf-16"))


def test_it_refuses_a_line_over_the_line_limit():
    with pytest.raises(ImportRejected, match="Line 2 is 10,001 characters long; the limit is 10,000"):
        decode_bytes(b"title\n" + b"x" * 10_001)


def test_a_line_at_the_line_limit_is_accepted():
    text, _ = decode_bytes(b"y" * 50 + b"\n" + b"x" * 50, limits=replace(import_limits(), max_line_chars=50))
    assert text.endswith("x" * 50)


def test_it_removes_bidi_controls_and_names_the_line():
    text, warnings = decode_bytes("title\n\nI am the \u202esoft\u202c in softmax\n".encode())
    assert text == "title\n\nI am the soft in softmax\n"
    assert warnings == [
        "line 3: removed 2 hidden characters (U+202E RIGHT-TO-LEFT OVERRIDE, U+202C POP DIRECTIONAL FORMATTING)"
    ]


def test_it_counts_repeated_hidden_characters_and_names_each_kind_once():
    _, warnings = decode_bytes("a\u202eb\u202ec".encode())
    assert warnings == ["line 1: removed 2 hidden characters (U+202E RIGHT-TO-LEFT OVERRIDE)"]


@pytest.mark.parametrize(
    ("ch", "name"),
    [
        ("\u202a", "LEFT-TO-RIGHT EMBEDDING"),
        ("\u202d", "LEFT-TO-RIGHT OVERRIDE"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\u2069", "POP DIRECTIONAL ISOLATE"),
        ("\u200e", "LEFT-TO-RIGHT MARK"),
        ("\u200f", "RIGHT-TO-LEFT MARK"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u200c", "ZERO WIDTH NON-JOINER"),
        ("\u200d", "ZERO WIDTH JOINER"),
        ("\u2060", "WORD JOINER"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_each_hidden_character_is_removed_with_a_warning(ch, name):
    text, warnings = decode_bytes(f"one\ntwo\nfa{ch}ll".encode())
    assert text == "one\ntwo\nfall"
    assert warnings == [f"line 3: removed 1 hidden character (U+{ord(ch):04X} {name})"]


def test_line_numbers_count_after_crlf_is_normalised():
    _, warnings = decode_bytes("a\r\nb\r\nc\u200bd".encode())
    assert warnings == ["line 3: removed 1 hidden character (U+200B ZERO WIDTH SPACE)"]


def test_visible_characters_stay_as_they_are():
    line = "in\u2011between \u2014 caf\u00e9 \u201cquoted\u201d \u2018single\u2019 \u03c4 \u2192 \u221e"
    assert decode_bytes(line.encode()) == (line, [])


def test_a_non_breaking_space_becomes_a_space_without_warning():
    assert decode_bytes("Too\u00a0cold to save".encode()) == ("Too cold to save", [])


def test_a_windows_1252_non_breaking_space_becomes_a_space():
    text, _ = decode_bytes(b"Too\xa0cold \x93to\x94 save")
    assert text == "Too cold \u201cto\u201d save"


def test_clean_text_is_idempotent():
    once, warnings = clean_text("a\u202eb\r\nc\u00a0d")
    assert warnings
    assert clean_text(once) == (once, [])
