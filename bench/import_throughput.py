"""Import throughput (issue 12.6): a folder of generated files in the catalogue's shapes, parsed
and imported into a fresh database, each file its own transaction, as `import_catalogue` does.

    .venv/bin/python bench/import_throughput.py [--files 1000]
    DATABASE_URL=postgres://… .venv/bin/python bench/import_throughput.py

Prints files/s for parsing alone and for parse + store. The files are the five catalogue
fixtures under new titles (each title a new piece), so every import creates a piece with its
sections, lines, glosses and history.

The import is ``import_catalogue``'s own path, ``catalogue.importing.pipeline.import_files``:
this process stores each file in its own transaction, in order, while a small pool of forked
processes parses the next few (none on one CPU). Also printed: the CPU rate of this process,
which on SQLite (in-process) is what storing costs whatever else the machine does, and the CPU
the parsing processes spent a file; on PostgreSQL the server's work is in neither.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def generated_files(count: int) -> list[tuple[str, bytes]]:
    fixtures = sorted((ROOT / "fixtures" / "catalogue").iterdir())
    files = []
    for i in range(count):
        source = fixtures[i % len(fixtures)]
        text = source.read_text(encoding="utf-8")
        title = f"Generated {i:04d} {source.stem.replace('-', ' ')}"
        if source.suffix == ".md":
            text = text.replace(text.split("\n", 1)[0], f"# {title}", 1)
        elif text.startswith("Created"):  # the gist export: its title stands before the table
            text = text.replace("Let the softmax testify", title, 1)
        else:
            text = title + "\n" + text.split("\n", 1)[1]
        files.append((f"{i:04d}-{source.name}", text.encode("utf-8")))
    return files


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    database = None
    if "DATABASE_URL" not in os.environ:
        database = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False).name
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # As in production: DEBUG off (it would keep every query in memory), so a key is needed.
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from catalogue.importing import parse_bytes
    from catalogue.importing.pipeline import import_files, parser_count
    from catalogue.importing.uploads import UploadedText

    call_command("flush", interactive=False, verbosity=0) if database is None else None
    call_command("migrate", verbosity=0)
    files = generated_files(args.files)

    start, cpu = time.perf_counter(), time.process_time()
    for name, data in files:
        parse_bytes(data, filename=name)
    parse_rate = len(files) / (time.perf_counter() - start)
    parse_cpu = (time.process_time() - cpu) / len(files)

    start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    statuses = [outcome.status for outcome in import_files(UploadedText(name, data) for name, data in files)]
    import_rate = len(files) / (time.perf_counter() - start)
    cpu_seconds = time.process_time() - cpu
    # The parsing processes, counted once they have ended (import_files waits for them).
    worker_cpu = (_children_cpu() - children) / len(files)
    # The CPU time of this process alone: with SQLite (in-process) it is what storing costs
    # whatever else the machine is doing; the wall-clock figure is what a person waits.
    cpu_rate = len(files) / max(cpu_seconds, 1e-9)
    assert statuses.count("created") == len(files), {s: statuses.count(s) for s in set(statuses)}

    engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(connection.vendor, connection.vendor)
    workers = parser_count()
    parsers = f"{workers} parsing process{'es' if workers != 1 else ''}" if workers else "no pool, parsed in-process"
    print(f"{engine}: {len(files)} files, each its own transaction; parse alone {parse_rate:,.0f} files/s "
          f"({parse_cpu * 1000:.1f} ms a file); parse + store {import_rate:,.0f} files/s with {parsers} "
          f"({cpu_rate:,.0f} files/s of this process's CPU, {cpu_seconds / len(files) * 1000:.1f} ms a file; "
          f"parsing processes {worker_cpu * 1000:.1f} ms a file); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if database:
        os.unlink(database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
