"""The read API: shapes, filters and pagination as the page, ETag/304, bad input, and a
schema-driven fuzz run (schemathesis) against a live server."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from annotations.models import Concept
from tests.builders import make_commentary, make_gloss, make_piece

CATALOGUE = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue"


def test_the_catalogue_filters_and_pages_as_the_page_does(client, db):
    for i in range(30):
        make_piece(f"Song {i:02}", kind="song" if i % 3 else "poem", tempo_bpm=60 + i)
    first = client.get("/api/pieces/").json()
    assert first["count"] == 30 and first["pages"] == 2 and len(first["results"]) == 24
    assert first["next"].endswith("/api/pieces/?page=2") and first["previous"] is None
    assert first["results"][0]["title"] == "Song 00" and first["results"][0]["api_url"] == "/api/pieces/song-00/"
    poems = client.get("/api/pieces/", {"kind": "poem", "tempo_min": 70, "sort": "title"}).json()
    assert [p["title"] for p in poems["results"]] == ["Song 12", "Song 15", "Song 18", "Song 21", "Song 24", "Song 27"]
    odd = client.get("/api/pieces/", {"kind": "opera", "page": 99}).json()
    assert odd["count"] == 30 and odd["page"] == 2 and odd["problems"] == [
        "Kind: Select a valid choice. opera is not one of the available choices."]


def test_a_piece_has_its_lines_echoes_directions_and_published_glosses(client, db):
    piece = make_piece("Echoes", lines=["we fall", "(guitar solo)", "we rise up high", "done"])
    piece.lines.filter(n=1).update(echo="we fall")
    piece.lines.filter(n=2).update(kind="direction")
    gloss = make_gloss(piece, line=3, phrase="rise up high", body="Up <b>high</b>", also=({"line": 4},))
    gloss.concepts.add(Concept.objects.create(name="Lift", key="lift", slug="lift"))
    make_gloss(piece, line=1, status="draft", body="not yet")
    make_commentary(piece, heading="All of it", body="On the piece.")
    data = client.get(reverse("api:piece", args=["echoes"])).json()
    lines = data["sections"][0]["lines"]
    assert lines[0] == {"n": 1, "text": "we fall", "echo": "we fall", "kind": "lyric", "break_before": False}
    assert lines[1]["kind"] == "direction"
    bodies = [g["body"] for g in data["glosses"]]
    assert "not yet" not in bodies and "On the piece." in bodies
    glossed = next(g for g in data["glosses"] if g["id"] == gloss.pk)
    assert [a["first_line"] for a in glossed["anchors"]] == [3, 4] and glossed["anchors"][0]["exact"] == "rise up high"
    assert glossed["body_html"] == "<p>Up &lt;b&gt;high&lt;/b&gt;</p>\n"
    assert glossed["concepts"] == [{"name": "Lift", "slug": "lift", "url": "/concepts/lift/"}]
    assert data["editions"]["tei"] == "/pieces/echoes/edition.tei.xml"


def test_search_and_concepts(client, db):
    piece = make_piece("Softmax Song", lines=["the softmax sings", "nothing else"])
    gloss = make_gloss(piece, line=1, body="About temperature.")
    gloss.concepts.add(Concept.objects.create(name="Temperature", key="temperature", slug="temperature"))
    found = client.get("/api/search/", {"q": "softmax"}).json()
    assert found["pieces"][0]["slug"] == "softmax-song"
    assert any("<mark>softmax</mark>" in line["text_html"] for line in found["pieces"][0]["lines"])
    by_gloss = client.get("/api/search/", {"q": "temperature"}).json()
    assert by_gloss["pieces"][0]["glosses"][0]["url"] == "/pieces/softmax-song/#L1"
    assert client.get("/api/search/", {"q": 'NEAR( "*'}).status_code == 200
    refused = client.get("/api/search/", {"q": "a\x00"})  # NUL is bad input: 400, said in JSON
    assert refused.status_code == 400 and "NUL" in refused.json()["detail"]
    assert client.get("/api/concepts/").json() == [
        {"name": "Temperature", "slug": "temperature", "gloss_count": 1, "url": "/concepts/temperature/",
         "api_url": "/api/concepts/temperature/"}]
    detail = client.get("/api/concepts/temperature/").json()
    assert detail["glosses"][0]["lines"] == [1] and detail["glosses"][0]["piece"] == "softmax-song"


def test_etag_304_and_errors(client, db):
    make_piece()
    first = client.get("/api/pieces/")
    assert first["ETag"] and "no-cache" in first["Cache-Control"] and "Accept" in first["Vary"]
    assert client.get("/api/pieces/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    make_piece("Another")
    assert client.get("/api/pieces/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    bad = client.get("/api/pieces/", {"tempo_min": "fast"})
    assert bad.status_code == 400 and "tempo_min" in bad.json()["detail"]
    assert client.get("/api/pieces/", {"page": 0}).status_code == 400
    assert client.get("/api/pieces/nope/").status_code == 404
    assert client.get("/api/concepts/nope/").json() == {"detail": "Not Found"}
    assert client.post("/api/pieces/").status_code == 405


def test_the_schema_is_openapi_3_1_with_a_browsable_page(client, db):
    schema = client.get("/api/schema/").json()
    assert schema["openapi"] == "3.1.0"
    assert set(schema["paths"]) == {"/api/pieces/", "/api/pieces/{slug}/", "/api/search/", "/api/concepts/",
                                    "/api/concepts/{slug}/"}
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
    assert client.get("/api/")["Location"] == "/api/docs/"


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure_against_a_live_server(live_server, tmp_path):
    """A bounded fuzz run of every operation (all checks) against the real server."""
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    if cli is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("schemathesis is not installed (pip install -e '.[test]')")
        pytest.skip("schemathesis is not installed")
    with open(os.devnull, "w") as quiet:
        call_command("import_catalogue", str(CATALOGUE), stdout=quiet)
    result = subprocess.run(
        [cli, "run", f"{live_server.url}/api/schema/", "--checks", "all", "--max-examples", "10",
         "--seed", "13", "--generation-database", "none", "--max-time", "90", "--request-timeout", "20",
         "--phases", "examples,coverage,fuzzing", "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=400, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
