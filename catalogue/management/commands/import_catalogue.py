import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.importing.store import FileOutcome, import_file, upload_limits
from catalogue.importing.uploads import TEXT_SUFFIXES, ZIP_SUFFIX, read_zip

IMPORTABLE_SUFFIXES = {*TEXT_SUFFIXES, ZIP_SUFFIX}


class Command(BaseCommand):
    help = "Import text files (or folders of them) into the catalogue; each file atomically."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders of .txt/.md files, or .zip archives of them")
        parser.add_argument("--dry-run", action="store_true", help="Parse only; write nothing")
        parser.add_argument("--json", action="store_true", help="Print the parse of each file as JSON")

    def handle(self, *args, paths, dry_run=False, json=False, **options):
        files = list(self._files(paths))
        outcomes = []
        for file in files:
            if file.suffix.lower() == ZIP_SUFFIX:
                # The same limits and refusals as an upload in the admin.
                with self._open(file) as stream:
                    entries = read_zip(str(file), stream, upload_limits())
                for entry in entries:
                    if entry.error:
                        outcomes.append(FileOutcome(entry.name, "rejected", error=entry.error))
                    else:
                        outcomes.append(import_file(entry.name, entry.data, dry_run=dry_run))
                continue
            with self._open(file) as stream:
                data = stream.read()
            outcomes.append(import_file(str(file), data, dry_run=dry_run))

        if json:
            self.stdout.write(_dumps([outcome.as_json() for outcome in outcomes]))
        else:
            for outcome in outcomes:
                line = f"{outcome.file}: {outcome.status}"
                if outcome.action:
                    target = f" {outcome.piece.title!r}" if outcome.piece else ""
                    line += f", would {outcome.action}{target}" if outcome.action != "unchanged" else ", unchanged"
                if outcome.error:
                    line += f": {outcome.error}"
                elif outcome.parsed:
                    line += f" ({outcome.parsed.kind}, {len(outcome.parsed.lines)} lines, {len(outcome.parsed.glosses)} glosses)"
                self.stdout.write(line)
                for warning in outcome.warnings or []:
                    self.stdout.write(f"  warning: {warning}")
        rejected = [outcome for outcome in outcomes if outcome.status == "rejected"]
        if rejected:
            raise CommandError(f"{len(rejected)} of {len(outcomes)} files rejected")

    def _open(self, file):
        try:
            return file.open("rb")
        except OSError as error:
            raise CommandError(f"{file}: cannot read ({error.strerror})") from error

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
