"""Any bytes given to the importer become a piece or a clear rejection, never a crash; and
what it reads once, it reads the same way again.

Through the importer's public functions only (catalogue.importing and its store), so the
shape parsers can change beneath these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import assume, given
from hypothesis import strategies as st

from catalogue.importing import ImportRejected, ParsedPiece, decode_and_parse, decode_bytes, parse_bytes, parse_text
from catalogue.importing.store import import_file
from tests.fuzzing import examples

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "catalogue"

# Pieces of every shape the importer knows, to cut up and recombine.
SHAPE_LINES = [
    "# A Title", "## Lyrics", "[Verse 1]", "[Chorus: whispered]", "[Bridge]", "(Intro)", "Genre: synthwave",
    "Tempo: 120 BPM", "Key: A minor", "Author: someone", "Written: 2024-02-30", "Duration: 3:27",
    "| Section | Lyrics |", "|---|---|", "| Verse | the softmax sings |", "| | (echo) |", "---", "```",
    "> greentext line", "**Gloss:** the *softmax* turns logits into probabilities", '"the softmax" means',
    "Style: dark, slow", "Suno prompt:", "3:27", "Listen on 93", "Lyrics", "Stanza 1", "1.", "- a list",
    "the softmax of the seen (the seen)", "temperature rises, the latent space", "", "", "\t", "    indented",
    "\u202eRTL override", "zero\u200bwidth", "non\u00a0breaking", "caf\u00e9", "\ufeffBOM in the middle",
]
lines_of_text = st.lists(st.one_of(st.sampled_from(SHAPE_LINES), st.text(max_size=30)), max_size=40)
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252"]


@st.composite
def files(draw) -> bytes:
    """Bytes as people upload them: text of some shape, in some encoding and line ending, or
    anything at all."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=400))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(draw(lines_of_text))
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # a fixture, cut and spliced: real shapes, broken anywhere
        fixture = draw(st.sampled_from(sorted(FIXTURES.iterdir()))).read_bytes()
        start = draw(st.integers(0, len(fixture)))
        data = fixture[:start] + data + fixture[start + draw(st.integers(0, 2000)):]
    return data


def _parse(data: bytes) -> tuple[ParsedPiece, str] | None:
    try:
        return decode_and_parse(data, filename="fuzzed.txt")
    except ImportRejected as rejection:
        assert str(rejection).strip(), "a rejection says why"
        return None


@examples(400)
@given(files())
def test_any_bytes_become_a_piece_or_a_rejection(data):
    parsed = _parse(data)  # any other exception fails the test
    if parsed is not None:
        piece, _ = parsed
        assert piece.title.strip() and piece.lines and piece.kind in {"song", "poem", "prose"}
        assert [line.n for line in piece.lines] == list(range(1, len(piece.lines) + 1))


@examples(200)
@given(files())
def test_decoding_is_idempotent(data):
    try:
        text, _ = decode_bytes(data)
    except ImportRejected:
        return
    again, warnings = decode_bytes(text.encode("utf-8"))
    assert again == text and warnings == []


@examples(200)
@given(files())
def test_reading_the_decoded_text_again_gives_the_same_piece(data):
    parsed = _parse(data)
    assume(parsed is not None)
    piece, text = parsed
    assert parse_text(text, filename="fuzzed.txt").as_json() == piece.as_json()
    assert parse_bytes(text.encode("utf-8"), filename="fuzzed.txt").as_json() == piece.as_json()


@pytest.mark.django_db
@examples(40)
@given(files())
def test_any_bytes_are_stored_or_rejected_and_a_second_import_changes_nothing(data):
    """On the database too (PostgreSQL refuses what SQLite accepts, e.g. NUL): the outcome is
    created or rejected, and importing the same bytes again is "unchanged"."""
    with transaction.atomic():
        first = import_file("fuzzed.txt", data)
        assert first.status in {"created", "rejected"}, first.error
        if first.status == "created":
            assert first.piece.lines.count() == len(first.parsed.lines)
            assert import_file("fuzzed.txt", data).status == "unchanged"
        transaction.set_rollback(True)
