"""One line per corpus file: PASS, or which parts of its parse differ from the expected one.

    .venv/bin/python tests/importing/corpus/summary.py

For working on the importer: the test prints a full diff per file; this shows the whole corpus
at a glance (title, kind, each metadata field, page text kept as lines, lines of the piece lost,
glosses, commentary, too few warnings).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from catalogue.importing import ImportRejected, parse_bytes  # noqa: E402
from tests.importing.test_corpus import corpus_files, expected_path, normalise_expected, project  # noqa: E402


def differences(path: Path) -> list[str]:
    expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
    try:
        parsed = parse_bytes(path.read_bytes(), filename=path.name)
    except ImportRejected as rejection:
        return [f"rejected: {rejection}"]
    want = normalise_expected(expected)
    got = project(parsed.as_json(), want)
    found = [f"{key}: {got[key]!r}" for key in ("title", "kind") if got[key] != want[key]]
    found += [f"metadata.{k}: {got['metadata'][k]!r}" for k in want["metadata"] if got["metadata"][k] != want["metadata"][k]]
    got_lines = [line for section in got["sections"] for line in section["lines"]]
    want_lines = [line for section in want["sections"] for line in section["lines"]]
    extra = [line["text"] for line in got_lines if line not in want_lines]
    lost = [line["text"] for line in want_lines if line not in got_lines]
    if extra:
        found.append(f"{len(extra)} lines that are not the piece's: {extra[:3]!r}…")
    if lost:
        found.append(f"{len(lost)} lines of the piece lost or changed: {lost[:2]!r}…")
    if got["sections"] != want["sections"] and not extra and not lost:
        found.append("sections differ (labels, kinds, directions or repeats)")
    for key in ("glosses", "commentary"):
        if got[key] != want[key]:
            found.append(f"{key}: {len(got[key])} parsed, {len(want[key])} expected (or anchors/bodies differ)")
    if len(parsed.warnings) < expected.get("warnings_min", 0):
        found.append(f"warnings: {len(parsed.warnings)}, at least {expected['warnings_min']} expected")
    return found


def main() -> None:
    passed = 0
    for path in corpus_files():
        found = differences(path)
        passed += not found
        print(("PASS " if not found else "FAIL ") + path.name)
        for line in found:
            print(f"     {line[:200]}")
    print(f"{passed} of {len(corpus_files())} files parse as meant")


if __name__ == "__main__":
    main()
