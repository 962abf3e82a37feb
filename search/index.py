"""The full-text index, kept by the database itself so every write path is covered.

Lines, piece titles, glosses and commentary each have an index table named search_<source>,
kept in step by triggers on the table the text lives in. Python signals would miss
``bulk_create``, ``QuerySet.update()`` and the importer's bulk line writes; triggers do not.

- SQLite: FTS5 tables with external content (the text is not stored twice) and AFTER
  INSERT/UPDATE/DELETE triggers.
- PostgreSQL: a table of stored ``tsvector`` documents with a GIN index, a PL/pgSQL
  trigger, and a function that reads matches through the index (see PLANNER). A GIN index on the expression ``to_tsvector(…)`` was tried first and measured at a
  million lines: every phrase query, and every common word the planner reads by sequential
  scan, recomputes to_tsvector for each candidate row (p95 of 90–140 ms). With the document
  stored, a check costs a read, as PostgreSQL's manual advises (textsearch-tables.html).
  Only what readers may see is stored for glosses and commentary: published, not deleted
  (glosses: not orphaned).

The SQL is here rather than in the migration so that ``repair()`` can restore SQLite's
triggers after another app's migration rebuilds a source table (SQLite's ALTER TABLE copies
the table and drops the old one, triggers and all).
"""

from __future__ import annotations

from dataclasses import dataclass

# Porter stemming like PostgreSQL's English configuration; diacritics kept, as PostgreSQL
# keeps them, so "café" and "cafe" differ on both engines.
TOKENIZER = "porter unicode61 remove_diacritics 0"


@dataclass(frozen=True)
class Source:
    name: str
    table: str
    columns: tuple[str, ...]
    # Which rows readers may find, with {row} for the row's name ("NEW." in a trigger).
    visible: str = ""
    # Columns whose change can change the document or whether the row is visible.
    watched: tuple[str, ...] = ()

    @property
    def fts_table(self) -> str:
        return f"search_{self.name}"

    def visible_sql(self, row: str = "") -> str:
        return self.visible.format(row=row) if self.visible else "TRUE"

    def tsvector(self, row: str = "") -> str:
        """PostgreSQL: the document stored for a row.

        Everything but letters and digits becomes a space first, so that PostgreSQL cuts words
        where FTS5 does: its own parser would skip the inside of "<script>…</script>" and keep
        "example.com" or "3.14" whole, and then the two engines would find different lines.
        """
        text = " || ' ' || ".join(f"{row}{column}" for column in self.columns)
        return f"to_tsvector('english', regexp_replace({text}, '[^[:alnum:]]+', ' ', 'g'))"


READER_VISIBLE = "{row}status = 'published' AND {row}deleted_at IS NULL"
LINE = Source("line", "catalogue_line", ("text", "echo"))
TITLE = Source("title", "catalogue_piece", ("title",))
GLOSS = Source("gloss", "annotations_gloss", ("body",), READER_VISIBLE + " AND NOT {row}is_orphan",
               ("status", "deleted_at", "is_orphan"))
COMMENTARY = Source("commentary", "annotations_commentary", ("heading", "body"), READER_VISIBLE,
                    ("status", "deleted_at"))
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


def postgresql_matches(source: Source, query: str = "query", max_rows: str = "max_rows") -> str:
    """The ids of up to max_rows documents matching a tsquery, read through the GIN index."""
    return f"SELECT id FROM {source.fts_table} WHERE document @@ {query} LIMIT {max_rows}"


# The planner cannot know how many rows a phrase really matches (it guesses as for all its
# words anywhere), so under a LIMIT it may walk a whole table expecting an early stop: 100 ms
# for a phrase over 100,000 glosses, where the GIN index answers in 10. The match function
# always reads the index; its cost grows with the words' postings, not with the table.
PLANNER = "SET enable_seqscan = off SET enable_indexscan = off"


def postgresql_statements(source: Source) -> list[str]:
    fts, table = source.fts_table, source.table
    watched = ", ".join(source.columns + source.watched)
    return [
        f"CREATE TABLE {fts} (id bigint PRIMARY KEY, document tsvector NOT NULL)",
        f"CREATE INDEX {fts}_document ON {fts} USING gin (document)",
        f"""CREATE FUNCTION {fts}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR NOT ({source.visible_sql('NEW.')}) THEN
                DELETE FROM {fts} WHERE id = OLD.id;
            ELSE
                INSERT INTO {fts} (id, document) VALUES (NEW.id, {source.tsvector('NEW.')})
                ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
            END IF;
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER {fts}_sync AFTER INSERT OR DELETE OR UPDATE OF {watched} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {fts}_sync()",
        # TRUNCATE fires no row triggers (Django's test flush uses it).
        f"CREATE FUNCTION {fts}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN TRUNCATE {fts}; RETURN NULL; END $$",
        f"CREATE TRIGGER {fts}_truncate AFTER TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {fts}_truncate()",
        f"INSERT INTO {fts} (id, document) SELECT id, {source.tsvector()} FROM {table} WHERE {source.visible_sql()}",
        f"CREATE FUNCTION {fts}_matches(query tsquery, max_rows integer) RETURNS SETOF bigint "
        f"LANGUAGE sql STABLE {PLANNER} AS $$ {postgresql_matches(source)} $$",
    ]


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
                for sql in postgresql_statements(source):
                    cursor.execute(sql)


def drop(connection) -> None:
    with connection.cursor() as cursor:
        for source in SOURCES:
            fts = source.fts_table
            if connection.vendor == "sqlite":
                for name in sqlite_triggers(source):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_sync ON {source.table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_truncate ON {source.table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {fts}_sync(), {fts}_truncate(), {fts}_matches(tsquery, integer)")
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")


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
