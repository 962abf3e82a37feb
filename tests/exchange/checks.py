"""The shared peer checkers (../shared/checks), run as their authors run them: a subprocess.

The folder sits beside the repository (``<repo>/../shared/checks``). Without it the tests
that need it are skipped, except under CI=true, where a missing checker is a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHECKS = REPO.parent / "shared" / "checks"


def _checker(name: str) -> Path:
    script = CHECKS / name
    if not script.exists():
        message = f"{script} is missing: the shared peer checks live beside the repository"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return script


def _run(script: str, payloads: list[tuple[str, bytes]], *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, data in payloads:
            path = Path(folder) / name
            path.write_bytes(data)
            paths.append(str(path))
        return subprocess.run([sys.executable, str(_checker(script)), *args, *paths],
                              capture_output=True, text=True, timeout=300)


def assert_valid_wadm(*documents) -> None:
    """Every document (dict/list or JSON bytes) passes validate_wadm.py --strict."""
    payloads = [(f"export-{i}.json", d if isinstance(d, bytes) else json.dumps(d).encode())
                for i, d in enumerate(documents)]
    result = _run("validate_wadm.py", payloads, "--strict", "-q")
    assert result.returncode == 0, result.stdout + result.stderr


def assert_valid_tei(*documents: bytes, verse: bool = False) -> None:
    """Every document passes validate_tei.py against tei_all (and --require-verse if asked)."""
    args = ["-q"] + (["--require-verse"] if verse else [])
    result = _run("validate_tei.py", [(f"edition-{i}.xml", d) for i, d in enumerate(documents)], *args)
    assert result.returncode == 0, result.stdout + result.stderr
