"""The full-text index, kept by the database itself so every write path is covered.

Lines, piece titles, glosses and commentary are indexed where they are stored. Python signals
would miss ``bulk_create``, ``QuerySet.update()`` and the importer's bulk line writes; triggers
and expression indexes do not.

- SQLite: FTS5 tables with external content (the text is not stored twice) and AFTER
  INSERT/UPDATE/DELETE triggers on each source table.
- PostgreSQL: GIN indexes on ``to_tsvector('english', …)`` of the same columns; nothing to
  keep in sync. The gloss and commentary indexes are partial: only what readers may see.

The SQL is here rather than in the migration so that ``repair()`` can restore SQLite's
triggers after another app's migration rebuilds a source table (SQLite's ALTER TABLE copies
the table and drops the old one, triggers and all).
"""

from __future__ import annotations

from dataclasses import dataclass

# Porter stemming like PostgreSQL's English configuration; diacritics kept, as PostgreSQL
# keeps them, so "café" and "cafe" differ on both engines.
TOKENIZER = "porter unicode61 remove_diacritics 0"
READER_VISIBLE = "status = 'published' AND deleted_at IS NULL"


@dataclass(frozen=True)
class Source:
    name: str  # the FTS5 table is search_<name>
    table: str
    columns: tuple[str, ...]
    visible: str = ""  # which rows readers may find (PostgreSQL's partial index predicate)

    @property
    def fts_table(self) -> str:
        return f"search_{self.name}"

    def tsvector(self) -> str:
        """PostgreSQL: the indexed document, spelled exactly as queries must spell it to use the index.

        Everything but letters and digits becomes a space first, so that PostgreSQL cuts words
        where FTS5 does: its own parser would skip the inside of "<script>…</script>" and keep
        "example.com" or "3.14" whole, and then the two engines would find different lines.
        """
        text = " || ' ' || ".join(self.columns)
        return f"to_tsvector('english', regexp_replace({text}, '[^[:alnum:]]+', ' ', 'g'))"


LINE = Source("line", "catalogue_line", ("text", "echo"))
TITLE = Source("title", "catalogue_piece", ("title",))
GLOSS = Source("gloss", "annotations_gloss", ("body",), f"{READER_VISIBLE} AND NOT is_orphan")
COMMENTARY = Source("commentary", "annotations_commentary", ("heading", "body"), READER_VISIBLE)
SOURCES = (LINE, TITLE, GLOSS, COMMENTARY)


def _values(source: Source, row: str) -> str:
    return ", ".join(f"{row}.{column}" for column in source.columns)


def sqlite_triggers(source: Source) -> dict[str, str]:
    fts, columns = source.fts_table, ", ".join(source.columns)
    insert = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {_values(source, 'new')});"
    delete = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {_values(source, 'old')});"
    return {
        f"{fts}_insert": f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {source.table} BEGIN {insert} END",
        f"{fts}_delete": f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {source.table} BEGIN {delete} END",
        f"{fts}_update": (
            f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {columns} ON {source.table} "
            f"BEGIN {delete} {insert} END"
        ),
    }


def create(connection) -> None:
    with connection.cursor() as cursor:
        for source in SOURCES:
            if connection.vendor == "sqlite":
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {source.fts_table} USING fts5({', '.join(source.columns)}, "
                    f"content='{source.table}', content_rowid='id', tokenize='{TOKENIZER}')"
                )
                for sql in sqlite_triggers(source).values():
                    cursor.execute(sql)
                cursor.execute(f"INSERT INTO {source.fts_table}({source.fts_table}) VALUES ('rebuild')")
            elif connection.vendor == "postgresql":
                where = f" WHERE {source.visible}" if source.visible else ""
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {source.fts_table}_english ON {source.table} "
                    f"USING gin ({source.tsvector()}){where}"
                )


def drop(connection) -> None:
    with connection.cursor() as cursor:
        for source in SOURCES:
            if connection.vendor == "sqlite":
                for name in sqlite_triggers(source):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"DROP TABLE IF EXISTS {source.fts_table}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP INDEX IF EXISTS {source.fts_table}_english")


def repair(connection) -> list[str]:
    """SQLite: put back any trigger a table rebuild dropped, and re-index what it may have missed.

    Returns the names of the FTS tables rebuilt. Called after every ``migrate``.
    """
    if connection.vendor != "sqlite":
        return []
    rebuilt = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        for source in SOURCES:
            if source.fts_table not in present:
                continue  # not migrated yet
            missing = [sql for name, sql in sqlite_triggers(source).items() if name not in present]
            if missing:
                for sql in missing:
                    cursor.execute(sql)
                cursor.execute(f"INSERT INTO {source.fts_table}({source.fts_table}) VALUES ('rebuild')")
                rebuilt.append(source.fts_table)
    return rebuilt
