"""Native backups: each engine's own copy of the whole database (schema, search index and all).

SQLite through the online backup API (``sqlite3.Connection.backup``): the copy is taken in one
step from one read transaction, so it is of one moment, and in WAL mode (see settings) the app
goes on writing meanwhile. PostgreSQL through ``pg_dump --format=custom`` (one snapshot, no lock
on writers) and ``pg_restore``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

from django.db import connections

from .portable import BackupError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


def sqlite_backup(path: str, using: str = "default") -> None:
    connection = connections[using]
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)  # pages=-1: all at once, one consistent snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        target.close()


def check_sqlite_backup(path: str) -> None:
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            healthy = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            migrated = source.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()[0]
        finally:
            source.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a SQLite database: {error}") from error
    if not healthy:
        raise BackupError(f"{path} is a damaged SQLite database (its integrity check fails).")
    if not migrated:
        raise BackupError(f"{path} is a SQLite database but not a Glossa one (it has no migrations table).")


def sqlite_restore(path: str, using: str = "default") -> None:
    """Copy the backup over the database, page by page, through the same backup API."""
    check_sqlite_backup(path)
    connection = connections[using]
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()  # the next connection sets WAL and the pragmas again


def has_pg_tools() -> bool:
    return bool(shutil.which("pg_dump") and shutil.which("pg_restore"))


def _pg_environment(settings_dict: dict) -> dict:
    env = dict(os.environ)
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    return env


def _run(command: list[str], settings_dict: dict) -> None:
    done = subprocess.run(command, env=_pg_environment(settings_dict), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")


def pg_backup(path: str, using: str = "default") -> None:
    settings_dict = connections[using].settings_dict
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", "--file", path, settings_dict["NAME"]],
         settings_dict)


def pg_restore(path: str, using: str = "default") -> None:
    """Restore a pg_dump into the database, replacing the tables it has (the caller checked it may).

    pg_restore's own --clean cannot drop the search index's partitions ("cannot drop inherited
    constraint"), so what a migrate made here is dropped first, in one transaction; the restore
    is then one transaction of its own. If it fails, the database is left without tables:
    restore again (the backup file is untouched).
    """
    from django.db import transaction

    from search import index

    connection = connections[using]
    tables = connection.introspection.table_names()
    if tables:
        with transaction.atomic(using=using):
            index.drop(connection)
            remaining = connection.introspection.table_names()
            if remaining:
                with connection.cursor() as cursor:
                    cursor.execute("DROP TABLE IF EXISTS " + ", ".join(connection.ops.quote_name(t) for t in remaining)
                                   + " CASCADE")
            # Functions the migrations made (triggers' bodies) are in the dump too: without this
            # pg_restore stops at "function … already exists". Those of extensions are left alone.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    "WHERE n.nspname = current_schema() AND NOT EXISTS ("
                    "  SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
                )
                for (function,) in cursor.fetchall():
                    cursor.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    connection.close()
    _run(["pg_restore", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error",
          "--dbname", connection.settings_dict["NAME"], path], connection.settings_dict)
