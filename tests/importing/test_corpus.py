"""The import corpus: every file in tests/importing/corpus/files parses as its author meant.

Each file is a piece written for the corpus, in one of the importer's five shapes, wrapped in a
web page as a person would copy it (gist, music platform, lyrics site, blog) or bare, in UTF-8,
UTF-8 with BOM and CRLF, or Windows-1252. Beside it, ``<name>.expected.json`` holds the parse
its author meant. The comparison rules are in tests/importing/corpus/README.md; in short: the
fields the expected file gives are compared, bodies and prose after whitespace is collapsed,
and the preview must give at least ``warnings_min`` warnings.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from catalogue.importing import ImportRejected, parse_bytes

CORPUS = Path(__file__).resolve().parent / "corpus" / "files"
PIECE_SUFFIXES = {".txt", ".md"}
# Written beside the parse for people reading the corpus, not part of it.
DESCRIPTIVE_KEYS = {"file", "encoding", "frame", "shape", "warnings_min", "site", "note"}


def corpus_files() -> list[Path]:
    return sorted(path for path in CORPUS.iterdir() if path.suffix in PIECE_SUFFIXES)


def expected_path(path: Path) -> Path:
    return path.with_name(path.stem + ".expected.json")


def squash(text: str) -> str:
    """Whitespace runs → one space: a body's line breaks and indentation are layout, not words."""
    return re.sub(r"\s+", " ", text or "").strip()


def normalise_metadata(metadata: dict) -> dict:
    result = dict(metadata)
    if "author" in result:
        result["author"] = (result["author"] or "").strip().removeprefix("@")  # "@handle" is the handle
    if "style" in result:
        result["style"] = squash(result["style"])
    return result


def anchors_of(entry: dict) -> list[dict]:
    """[{quote, line}] of a gloss or commentary entry. A parse from before issue 10 has no
    "anchors": then a gloss has the one anchor its quote/line give, commentary none."""
    if "anchors" in entry:
        return [{"quote": a["quote"], "line": a["line"]} for a in entry["anchors"]]
    if entry.get("quote") is not None and "line" in entry:
        return [{"quote": entry["quote"], "line": entry["line"]}]
    return []


def project(actual: dict, expected: dict) -> dict:
    """The actual parse cut down to the fields the expected parse gives, normalised alike."""
    out: dict = {}
    for key in expected:
        if key in DESCRIPTIVE_KEYS:
            continue
        if key == "metadata":
            out[key] = normalise_metadata({k: actual["metadata"].get(k) for k in expected["metadata"]})
        elif key == "sections":
            wanted_section = set().union(*(s.keys() for s in expected["sections"])) if expected["sections"] else set()
            wanted_line = {"text", "echo", "kind"}
            out[key] = [
                {
                    **{k: section.get(k) for k in wanted_section if k != "lines"},
                    "lines": [
                        {k: (squash(line[k]) if k == "text" and line.get("kind") == "prose" else line.get(k))
                         for k in wanted_line}
                        for line in section["lines"]
                    ],
                }
                for section in actual["sections"]
            ]
        elif key == "glosses":
            out[key] = [{"body": squash(g["body"]), "anchors": anchors_of(g)} for g in actual["glosses"]]
        elif key == "commentary":
            out[key] = [
                {"heading": c.get("heading", ""), "body": squash(c["body"]), "anchors": anchors_of(c)}
                for c in actual["commentary"]
            ]
        else:
            out[key] = actual.get(key)
    return out


def normalise_expected(expected: dict) -> dict:
    out = {key: value for key, value in expected.items() if key not in DESCRIPTIVE_KEYS}
    if "metadata" in out:
        out["metadata"] = normalise_metadata(out["metadata"])
    if "sections" in out:
        out["sections"] = [
            {**s, "lines": [
                {**line, "text": squash(line["text"]) if line.get("kind") == "prose" else line["text"]}
                for line in s["lines"]
            ]}
            for s in out["sections"]
        ]
    for key in ("glosses", "commentary"):
        if key in out:
            out[key] = [{**entry, "body": squash(entry["body"])} for entry in out[key]]
    return out


def readable_diff(expected: dict, actual: dict, name: str) -> str:
    want = json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True).splitlines()
    got = json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True).splitlines()
    return "\n".join(difflib.unified_diff(want, got, f"{name} (expected)", f"{name} (parsed)", lineterm="", n=2))


def test_the_corpus_is_there_and_every_file_has_its_expected_parse():
    files = corpus_files()
    assert len(files) >= 40
    assert [f.name for f in files if not expected_path(f).exists()] == []
    stray = [p.name for p in CORPUS.glob("*.expected.json") if not any(p == expected_path(f) for f in files)]
    assert stray == []


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: path.name)
def test_file_parses_as_its_author_meant(path: Path):
    expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
    try:
        parsed = parse_bytes(path.read_bytes(), filename=path.name)
    except ImportRejected as rejection:
        pytest.fail(f"{path.name} was rejected: {rejection}")
    actual = parsed.as_json()
    want = normalise_expected(expected)
    got = project(actual, want)
    problems = []
    if got != want:
        problems.append(readable_diff(want, got, path.name))
    minimum = expected.get("warnings_min", 0)
    if len(parsed.warnings) < minimum:
        problems.append(f"expected at least {minimum} warnings in the preview, got {len(parsed.warnings)}")
    if problems:
        warnings = "\n".join(f"  - {w}" for w in parsed.warnings) or "  (none)"
        pytest.fail("\n\n".join(problems) + f"\n\nwarnings given:\n{warnings}", pytrace=False)
