"""Plain-text editions round-trip (issue 13 point 4) on every catalogue and test-corpus piece:
import the file, download its plain-text edition, and the edition parses to the same piece
(sections, lines, echoes, directions, metadata); imported over the piece, it keeps the same
imported glosses on the same words (none retired, none added)."""

from dataclasses import asdict
from pathlib import Path

import pytest

from annotations.models import Gloss
from catalogue.importing import parse_text
from catalogue.importing.store import import_file
from exchange.editions import plain_text, reading

from .conftest import CATALOGUE

CORPUS = Path(__file__).resolve().parents[1] / "importing" / "corpus" / "files"
PIECES = [*sorted(CATALOGUE.iterdir()), *sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md"})]


def parsed_shape(parsed) -> dict:
    """What the round trip must keep: title, kind, metadata, sections with every line field."""
    data = asdict(parsed)
    data["metadata"]["tags"] = sorted(data["metadata"]["tags"])  # a piece's tags are a set
    return {key: data[key] for key in ("title", "kind", "metadata", "sections")}


def live_glosses(piece) -> list[dict]:
    """Every gloss a reader or editor could find on the piece, with where it stands."""
    return [
        {"id": gloss.pk, "heading": gloss.heading, "body": gloss.body, "status": gloss.status,
         "anchors": [(a.first_line, a.last_line, a.exact, a.start, a.end, a.is_orphan) for a in gloss.anchor_list]}
        for gloss in Gloss.objects.filter(piece=piece, deleted_at__isnull=True).prefetch_related("anchors")
    ]


def test_the_round_trip_covers_the_catalogue_and_the_whole_corpus():
    assert len([p for p in PIECES if p.parent == CORPUS]) >= 50 and len(PIECES) - 5 == len(
        [p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md"}])


@pytest.mark.parametrize("path", PIECES, ids=lambda path: path.name)
def test_plain_text_edition_imports_back_to_the_same_piece_and_imported_glosses(path, db):
    first = import_file(path.name, path.read_bytes())
    assert first.status == "created", first.error
    piece = first.piece
    before = live_glosses(piece)

    edition = plain_text(reading(piece))
    again = parse_text(edition, filename=f"{piece.slug}.txt")
    assert parsed_shape(again) == parsed_shape(first.parsed), edition

    second = import_file(f"{piece.slug}.txt", edition.encode(), piece=piece)
    assert second.status in {"updated", "unchanged"}, second.error
    assert live_glosses(piece) == before, edition
