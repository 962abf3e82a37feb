"""The full-text index, kept by the database itself so every write path is covered.

Lines, piece titles, glosses and commentary each have an index table named search_<source>,
kept in step by triggers on the table the text lives in. Python signals would miss
``bulk_create``, ``QuerySet.update()`` and the importer's bulk line writes; triggers do not.

- SQLite: FTS5 tables with external content (the text is not stored twice) and AFTER
  INSERT/UPDATE/DELETE triggers.
- PostgreSQL: a table of stored ``tsvector`` documents with a GIN index, partitioned by id,
  a PL/pgSQL trigger, and a function that reads matches through the index, oldest partition
  first (see postgresql_matches). A GIN index on the expression ``to_tsvector(…)`` was tried
  first and measured at a
  million lines: every phrase query, and every common word the planner reads by sequential
  scan, recomputes to_tsvector for each candidate row (p95 of 90–140 ms). With the document
  stored, a check costs a read, as PostgreSQL's manual advises (textsearch-tables.html).
  Only what readers may see is stored for glosses and commentary: published, not deleted
  (glosses: not orphaned).

Lines are most of what an import writes, and a trigger run per line was the largest part of
storing a file (an FTS5 insert per row costs three times one INSERT … SELECT of all of them). So
on SQLite an importer writing all the lines of a piece in bulk may say so (``defer_lines``):
the insert trigger then skips that piece's lines, and ``index_deferred_lines`` indexes them
with one statement, in the same transaction. The mark is a row of ``search_line_deferred``,
written and deleted inside that transaction, so no other connection ever sees it, and a
rollback takes it away with the lines. On PostgreSQL a statement trigger indexes the rows of
each INSERT at once (a transition table), for every writer. Updates and deletes, and every
other writer on SQLite, go through the row triggers.

The SQL is here rather than in the migration so that ``repair()`` can restore SQLite's
triggers after another app's migration rebuilds a source table (SQLite's ALTER TABLE copies
the table and drops the old one, triggers and all).
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.visibility import WATCHED_COLUMNS, reader_sql

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
    # The column by which rows are written in bulk (lines: by piece; see defer_lines); "" for none.
    deferrable_by: str = ""

    @property
    def fts_table(self) -> str:
        return f"search_{self.name}"

    @property
    def deferred_table(self) -> str:
        return f"search_{self.name}_deferred"

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


LINE = Source("line", "catalogue_line", ("text", "echo"), deferrable_by="piece_id")
TITLE = Source("title", "catalogue_piece", ("title",))
# Glosses (piece-level commentary included, since issue 10): the one rule of who sees what,
# written once in annotations/visibility.py, decides which are stored for readers.
GLOSS = Source("gloss", "annotations_gloss", ("heading", "body"), reader_sql("{row}"), WATCHED_COLUMNS)
SOURCES = (LINE, TITLE, GLOSS)


def _values(source: Source, row: str) -> str:
    return ", ".join(f"{row}.{column}" for column in source.columns)


def deferred_table_sql(source: Source) -> str:
    """The table of marks "this importer indexes these rows itself" (empty outside a transaction)."""
    return f"CREATE TABLE IF NOT EXISTS {source.deferred_table} ({source.deferrable_by} bigint PRIMARY KEY)"


def sqlite_triggers(source: Source) -> dict[str, str]:
    fts, columns = source.fts_table, ", ".join(source.columns)
    insert = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {_values(source, 'new')});"
    delete = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {_values(source, 'old')});"
    when = ""
    if source.deferrable_by:
        key = source.deferrable_by
        when = f"WHEN NOT EXISTS (SELECT 1 FROM {source.deferred_table} WHERE {key} = new.{key}) "
    return {
        f"{fts}_insert": (
            f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {source.table} {when}BEGIN {insert} END"
        ),
        f"{fts}_delete": f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {source.table} BEGIN {delete} END",
        f"{fts}_update": (
            f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {columns} ON {source.table} "
            f"BEGIN {delete} {insert} END"
        ),
    }


# Each index table is split by id into partitions of this many ids (about 8 for a million
# lines), so that a search reads the oldest partition's GIN index first. See postgresql_matches.
PARTITION_IDS = 1 << 17


def postgresql_matches(source: Source, query: str = "query", max_rows: str = "max_rows") -> str:
    """The ids of up to max_rows documents matching a tsquery, read through the GIN index.

    A bitmap scan of a GIN index reads every posting of every word before it returns a row:
    about 10 ms for a word on a tenth of a million lines, and 16 ms for two such words, even
    under LIMIT 200. Over partitions the scan reads one partition's index after another and
    stops once it has max_rows, so a common word costs one partition's postings and only a
    rare one visits them all (cheaply, since its postings are short). The rows come
    partition by partition, in id order of the partitions, whatever the query.
    """
    return f"SELECT id FROM {source.fts_table} WHERE document @@ {query} LIMIT {max_rows}"


# The planner cannot know how many rows a phrase really matches (it guesses as for all its
# words anywhere), so under a LIMIT it may walk a whole table expecting an early stop: 100 ms
# for a phrase over 100,000 glosses, where the GIN index answers in 10. The match function
# always reads the index, one partition after another (a parallel plan would interleave them).
PLANNER = "SET enable_seqscan = off SET enable_indexscan = off SET max_parallel_workers_per_gather = 0"

# A partition is made when the first row of its ids arrives, as a table of its own attached
# to the index: ATTACH locks the index table only against other schema changes (SHARE UPDATE
# EXCLUSIVE), so searches and writes go on meanwhile. The advisory lock makes two writers
# that both found the partition missing wait for one another rather than both make it.
POSTGRESQL_PARTITION_FUNCTION = f"""
CREATE OR REPLACE FUNCTION search_partition(parent text, row_id bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    first_id bigint := row_id / {PARTITION_IDS} * {PARTITION_IDS};
    part_name text := parent || '_p' || (row_id / {PARTITION_IDS});
BEGIN
    IF to_regclass(part_name) IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(part_name));
    IF to_regclass(part_name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I (LIKE %I)', part_name, parent);
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)',
                       parent, part_name, first_id, first_id + {PARTITION_IDS});
    END IF;
END $$"""


def postgresql_sync_function(source: Source) -> str:
    """The row trigger's function: the document of an inserted or changed row, or its removal."""
    fts = source.fts_table
    return f"""CREATE OR REPLACE FUNCTION {fts}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR NOT ({source.visible_sql('NEW.')}) THEN
                DELETE FROM {fts} WHERE id = OLD.id;
            ELSE
                PERFORM search_partition('{fts}', NEW.id);
                INSERT INTO {fts} (id, document) VALUES (NEW.id, {source.tsvector('NEW.')})
                ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
            END IF;
            RETURN NULL;
        END $$"""


def postgresql_triggers(source: Source) -> list[str]:
    """The triggers of a source. A source written in bulk (lines) has its inserts indexed once
    per statement, from the statement's new rows (a transition table), instead of once per row:
    a piece's lines, inserted with one statement, cost one INSERT … SELECT into the index."""
    fts, table = source.fts_table, source.table
    watched = ", ".join(source.columns + source.watched)
    if not source.deferrable_by:
        return [f"CREATE TRIGGER {fts}_sync AFTER INSERT OR DELETE OR UPDATE OF {watched} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {fts}_sync()"]
    return [
        f"CREATE TRIGGER {fts}_sync AFTER DELETE OR UPDATE OF {watched} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {fts}_sync()",
        f"""CREATE OR REPLACE FUNCTION {fts}_insert_rows() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM search_partition('{fts}', first_id)
            FROM (SELECT DISTINCT id / {PARTITION_IDS} * {PARTITION_IDS} AS first_id FROM new_rows) AS spans;
            INSERT INTO {fts} (id, document) SELECT id, {source.tsvector()} FROM new_rows WHERE {source.visible_sql()}
            ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER {fts}_insert_rows AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fts}_insert_rows()",
    ]


def postgresql_statements(source: Source) -> list[str]:
    fts, table = source.fts_table, source.table
    return [
        f"CREATE TABLE {fts} (id bigint PRIMARY KEY, document tsvector NOT NULL) PARTITION BY RANGE (id)",
        f"CREATE INDEX {fts}_document ON {fts} USING gin (document)",
        postgresql_sync_function(source),
        *postgresql_triggers(source),
        # TRUNCATE fires no row triggers (Django's test flush uses it).
        f"CREATE FUNCTION {fts}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN TRUNCATE {fts}; RETURN NULL; END $$",
        f"CREATE TRIGGER {fts}_truncate AFTER TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {fts}_truncate()",
        # The first partition always, so that no test or first import pays for making it.
        f"SELECT search_partition('{fts}', 0)",
        f"SELECT search_partition('{fts}', first_id) FROM (SELECT DISTINCT id / {PARTITION_IDS} * {PARTITION_IDS} "
        f"AS first_id FROM {table}) AS spans",
        f"INSERT INTO {fts} (id, document) SELECT id, {source.tsvector()} FROM {table} WHERE {source.visible_sql()}",
        # The planner's guess for a function is 1,000 rows; told 50 (the limits are 50 to 200),
        # it joins the matches to their table by primary key rather than by hashing the table.
        f"CREATE FUNCTION {fts}_matches(query tsquery, max_rows integer) RETURNS SETOF bigint "
        f"LANGUAGE sql STABLE ROWS 50 {PLANNER} AS $$ {postgresql_matches(source)} $$",
    ]


def create(connection, sources=SOURCES) -> None:
    """Make the index of ``sources`` (a migration passes the sources as they were at its time)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_PARTITION_FUNCTION)  # shared by every source's trigger
        for source in sources:
            if connection.vendor == "sqlite":
                if source.deferrable_by:
                    cursor.execute(deferred_table_sql(source))
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


def drop(connection, sources=SOURCES, *, keep_partition_function: bool = False) -> None:
    with connection.cursor() as cursor:
        for source in sources:
            fts = source.fts_table
            if connection.vendor == "sqlite":
                for name in sqlite_triggers(source):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")
                if source.deferrable_by:
                    cursor.execute(f"DROP TABLE IF EXISTS {source.deferred_table}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_sync ON {source.table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_insert_rows ON {source.table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_truncate ON {source.table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {fts}_sync(), {fts}_insert_rows(), {fts}_truncate(), "
                               f"{fts}_matches(tsquery, integer)")
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")  # and its partitions
        if connection.vendor == "postgresql" and not keep_partition_function:
            cursor.execute("DROP FUNCTION IF EXISTS search_partition(text, bigint)")


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
                if source.deferrable_by:
                    cursor.execute(deferred_table_sql(source))
                for sql in missing:
                    cursor.execute(sql)
                cursor.execute(f"INSERT INTO {source.fts_table}({source.fts_table}) VALUES ('rebuild')")
                rebuilt.append(source.fts_table)
    return rebuilt


# --- Lines written in bulk (see the module's docstring) -------------------------------------


def defer_lines(connection, piece_id: int) -> None:
    """Inside a transaction, before inserting ALL the lines of a piece that has none: the insert
    trigger skips them, and ``index_deferred_lines`` must be called before the transaction ends.
    SQLite only: PostgreSQL indexes each INSERT statement's rows at once anyway."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {LINE.deferred_table} ({LINE.deferrable_by}) VALUES (%s)", [piece_id])


def index_deferred_lines(connection, piece_id: int) -> None:
    """Index every line of the piece with one statement, and take the mark of ``defer_lines`` away."""
    if connection.vendor != "sqlite":
        return
    fts, columns = LINE.fts_table, ", ".join(LINE.columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {fts}(rowid, {columns}) SELECT id, {columns} FROM {LINE.table} "
                       f"WHERE {LINE.deferrable_by} = %s", [piece_id])
        cursor.execute(f"DELETE FROM {LINE.deferred_table} WHERE {LINE.deferrable_by} = %s", [piece_id])


# --- Many files imported one transaction each ---------------------------------------------
# FTS5 writes each transaction's rows as a new segment and, by default ('automerge' 4), merges
# four segments of a level into one as soon as there are four: an import of 1,000 files, each its
# own transaction, spent a quarter of its storing time merging (1,000 files: 2.5 -> 1.9 ms a file
# of CPU with 16). While the importer's pool stores, a level holds up to BULK_AUTOMERGE segments
# before it is merged: fewer, larger merges; a search meanwhile reads a few more segments. The
# setting is the index's own (FTS5 keeps it in the index), so it is put back as it was after the
# import; a process killed in between leaves 16, which only slows searches a little until the
# next import puts it back.
BULK_AUTOMERGE = 16
DEFAULT_AUTOMERGE = 4  # FTS5's own


def merge_less(connection) -> dict[str, int] | None:
    """SQLite: let each search index hold BULK_AUTOMERGE segments a level before merging;
    returns the settings it changed, to give back to ``merge_as_before``."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    before: dict[str, int] = {}
    with connection.cursor() as cursor:
        for source in SOURCES:
            fts = source.fts_table
            cursor.execute(f"SELECT v FROM {fts}_config WHERE k = 'automerge'")
            row = cursor.fetchone()
            automerge = int(row[0]) if row else DEFAULT_AUTOMERGE
            if automerge < BULK_AUTOMERGE:
                before[fts] = automerge
                cursor.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('automerge', %s)", [BULK_AUTOMERGE])
    return before


def merge_as_before(connection, before: dict[str, int] | None) -> None:
    if not before or connection.connection is None:
        return
    with connection.cursor() as cursor:
        for fts, automerge in before.items():
            cursor.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('automerge', %s)", [automerge])
