from pathlib import Path

from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from backups import native, portable
from backups.portable import BackupError


class Command(BaseCommand):
    help = (
        "Restore the database from a backup made by `manage.py backup` (the kind is read from the file). "
        "A SQLite copy restores into SQLite, a pg_dump into PostgreSQL, a portable backup into either. "
        "Refuses a database that already holds data unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--force", action="store_true",
                            help="Replace everything in a database that already holds data.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, path, force: bool, database: str, **options):
        connection = connections[database]
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"There is no backup file {source}.")
        with open(source, "rb") as handle:
            start = handle.read(16)
        try:
            if portable.is_portable(start):
                header = portable.read_header(str(source))
                # The schema first: a fresh database gets its tables, content types and permissions.
                call_command("migrate", database=database, interactive=False, verbosity=0)
                portable.check_migrations(header, database)
                self.refuse_unless_empty(database, force)
                counts = portable.load(str(source), database)
                what = f"{sum(counts.values())} rows of {len(counts)} models from a portable backup"
            elif start.startswith(native.SQLITE_MAGIC):
                self.same_engine(connection, "sqlite", "a SQLite")
                native.check_sqlite_backup(str(source))
                self.refuse_unless_empty(database, force)
                native.sqlite_restore(str(source), database)
                what = "a SQLite backup"
            elif start.startswith(native.PG_DUMP_MAGIC):
                self.same_engine(connection, "postgresql", "a pg_dump")
                if not native.has_pg_tools():
                    raise CommandError("pg_restore is not installed (Debian: apt-get install postgresql-client).")
                self.refuse_unless_empty(database, force)
                native.pg_restore(str(source), database)
                what = "a pg_dump backup"
            else:
                raise CommandError(f"{source} is not a Glossa backup (neither SQLite, pg_dump nor portable).")
            if not portable.is_portable(start):
                # A copy made by an older Glossa comes up to date (and SQLite's search triggers are checked).
                call_command("migrate", database=database, interactive=False, verbosity=0)
        except BackupError as error:
            raise CommandError(str(error)) from error
        # Cached pages are keyed by piece and version, which the restored rows may reuse.
        cache.clear()
        self.stdout.write(f"Restored {what} into {connection.settings_dict['NAME']}. "
                          "Restart the app's servers so that none serves pages cached from before.")

    def same_engine(self, connection, vendor: str, kind: str) -> None:
        if connection.vendor != vendor:
            raise CommandError(f"This is {kind} backup and the database is {connection.vendor}: it restores only "
                               f"into {vendor}. To move between engines, make a portable backup "
                               "(`manage.py backup --portable PATH.jsonl.gz`) and restore that.")

    def refuse_unless_empty(self, database: str, force: bool) -> None:
        held = portable.data_held(database)
        if held and not force:
            name = connections[database].settings_dict["NAME"]
            largest = sorted(held.items(), key=lambda item: -item[1])[:4]
            listed = ", ".join(f"{rows} {apps.get_model(label)._meta.verbose_name_plural}" for label, rows in largest)
            raise CommandError(
                f"The database {name} already holds data ({listed}{', …' if len(held) > 4 else ''}). "
                "A restore replaces everything in it: run again with --force to do that, or restore into "
                "an empty database."
            )
