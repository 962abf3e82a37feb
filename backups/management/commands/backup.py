import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from backups import native, portable
from backups.portable import BackupError

PORTABLE_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".json.gz")


class Command(BaseCommand):
    help = (
        "Back up the whole database to PATH. SQLite: a copy through SQLite's online backup API; "
        "PostgreSQL: pg_dump's custom format. With --portable, or a PATH ending in .jsonl(.gz) or .json(.gz): "
        "the portable format, which restores into either engine."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--portable", action="store_true", dest="as_portable",
                            help="Write the portable format (JSON Lines; gzip if PATH ends in .gz).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, path, as_portable: bool, database: str, **options):
        connection = connections[database]
        target = Path(path)
        if not target.parent.is_dir():
            raise CommandError(f"There is no folder {target.parent} to write the backup in.")
        as_portable = as_portable or target.name.endswith(PORTABLE_SUFFIXES)
        if not as_portable and connection.vendor == "postgresql" and not native.has_pg_tools():
            self.stderr.write("pg_dump/pg_restore are not installed (Debian: apt-get install postgresql-client): "
                              "writing the portable format instead.")
            as_portable = True
        if not as_portable and connection.vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"No native backup for {connection.vendor}: use --portable.")

        # Written beside the target and then renamed: a failed backup never replaces a good one.
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            if as_portable:
                counts = portable.write(str(partial), database, compress=target.name.endswith(".gz"))
                what = f"portable backup, {sum(counts.values())} rows of {len(counts)} models"
            elif connection.vendor == "sqlite":
                native.sqlite_backup(str(partial), database)
                what = "SQLite backup"
            else:
                native.pg_backup(str(partial), database)
                what = "pg_dump (custom format)"
            os.replace(partial, target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Backed up to {target} ({what}, {target.stat().st_size:,} bytes).")

