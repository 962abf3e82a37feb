"""`import_catalogue --dry-run --json` keeps its shape; glosses and commentary list their anchors."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"


@pytest.mark.django_db
def test_the_json_gives_every_gloss_and_note_its_anchors_beside_the_first_ones_quote_and_line():
    out = io.StringIO()
    files = [str(CATALOGUE / "the-space-between-the-seen.txt"), str(CATALOGUE / "confession-of-a-softmax-layer.md")]
    call_command("import_catalogue", *files, "--dry-run", "--json", stdout=out)
    poem, song = (entry["piece"] for entry in json.loads(out.getvalue()))
    first = poem["glosses"][0]
    assert (first["quote"], first["line"]) == ("hidden realms where numbers dream", 1)
    assert first["anchors"] == [
        {"quote": "hidden realms where numbers dream", "line": 1},
        {"quote": "every weight, a whispered trace", "line": 3},
        {"quote": "A secret door to latent space", "line": 4},
    ]
    assert first["body"].startswith("This sets the scene:") and first["body"].endswith("meaning becomes geometry.")
    assert song["glosses"] == []
    assert [len(note["anchors"]) for note in song["commentary"]] == [2, 1, 0, 1]
    assert song["commentary"][3]["anchors"] == [{"quote": "I am the violence at the end of thought.", "line": 55}]
