"""Import text files (or folders, or zips of them) into the catalogue, each file atomically.

Each file's line is printed (and flushed) as soon as the file is done, so a long run shows how
far it got even if it is stopped; on a terminal a progress line counts the files meanwhile. A
file that fails to store (a database error, say) is that file's ``rejected: <reason>`` line and
the run goes on. While one file is stored, the next few are parsed by a small pool of
processes (``importing/pipeline.py``); each is still stored in its own transaction, in order.
``--background`` queues the files as an import batch for the task worker instead, and says
where to follow it.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from catalogue.importing import pending, tasks
from catalogue.importing.limits import import_limits
from catalogue.importing.pipeline import import_files
from catalogue.importing.store import FileOutcome
from catalogue.importing.uploads import TEXT_SUFFIXES, ZIP_SUFFIX, UploadedText, read_zip

IMPORTABLE_SUFFIXES = {*TEXT_SUFFIXES, ZIP_SUFFIX}


class Command(BaseCommand):
    help = "Import text files (or folders of them) into the catalogue; each file atomically."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders of .txt/.md files, or .zip archives of them")
        parser.add_argument("--dry-run", action="store_true", help="Parse only; write nothing")
        parser.add_argument("--json", action="store_true", help="Print the parse of each file as JSON")
        parser.add_argument("--background", action="store_true",
                            help="Queue the files for the task worker (manage.py db_worker) and return at once")

    def handle(self, *args, paths, dry_run=False, json=False, background=False, **options):
        if background and (dry_run or json):
            raise CommandError("--background imports; it cannot be combined with --dry-run or --json")
        files = list(self._files(paths))
        if background:
            return self._queue(files)
        progress = self.stdout.isatty() and not json
        outcomes = []
        if json:
            self._emit("[", ending="")

        def starting(entry):
            # Overwritten by the file's own line when it is done.
            self._emit(f"\r\033[K[{len(outcomes) + 1}] {entry.name}", ending="")

        for outcome in import_files(self._entries(files), dry_run=dry_run, starting=starting if progress else None):
            if progress:
                self._emit("\r\033[K", ending="")
            if json:
                # Element by element, so what is printed is always the start of a valid array.
                text = _dumps(outcome.as_json()).replace("\n", "\n  ")
                self._emit(("\n  " if not outcomes else ",\n  ") + text, ending="")
            else:
                self._report(outcome)
            outcomes.append(outcome)
        if json:
            self._emit("\n]" if outcomes else "]")
        rejected = [outcome for outcome in outcomes if outcome.status == "rejected"]
        if rejected:
            raise CommandError(f"{len(rejected)} of {len(outcomes)} files rejected")

    def _emit(self, text: str, ending: str = "\n") -> None:
        self.stdout.write(text, ending=ending)
        self.stdout.flush()

    def _entries(self, files):
        """Each text file to import, a zip's entries one by one, read only when its turn comes.

        A file that cannot be read is that file's rejection, like any other bad file: the run
        goes on (the pipeline reads a few files ahead, so stopping here would also leave files
        before it unimported).
        """
        for file in files:
            try:
                with file.open("rb") as stream:
                    if file.suffix.lower() == ZIP_SUFFIX:
                        # The same limits and refusals as an upload in the admin.
                        yield from read_zip(str(file), stream, import_limits())
                    else:
                        yield UploadedText(str(file), stream.read())
            except OSError as error:
                yield UploadedText(str(file), error=f"cannot read the file ({error.strerror or error})")

    def _report(self, outcome: FileOutcome) -> None:
        line = f"{outcome.file}: {outcome.status}"
        if outcome.action:
            target = f" {outcome.piece.title!r}" if outcome.piece else ""
            line += f", would {outcome.action}{target}" if outcome.action != "unchanged" else ", unchanged"
        if outcome.error:
            line += f": {outcome.error}"
        elif outcome.parsed:
            line += f" ({outcome.parsed.kind}, {len(outcome.parsed.lines)} lines, {len(outcome.parsed.glosses)} glosses)"
        self._emit(line)
        for warning in outcome.warnings or []:
            self._emit(f"  warning: {warning}")

    def _queue(self, files) -> None:
        batch = pending.create_batch(None, list(self._entries(files)), confirmed=True)
        count = batch.files.count()
        self._emit(f"Queued {count} file{'s' if count != 1 else ''} as import {batch.pk}.")
        tasks.enqueue(tasks.import_files, batch)
        url = reverse("admin:catalogue_piece_import_preview", args=[batch.pk])
        self._emit(f"The task worker (manage.py db_worker) imports them; follow it in the admin at {url}")

    def _files(self, paths):
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                yield from sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMPORTABLE_SUFFIXES
                )
            elif path.is_file():
                yield path
            else:
                raise CommandError(f"{raw}: no such file or folder")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
