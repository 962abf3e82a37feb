"""One small interface over two engines: SQLite FTS5 and PostgreSQL full-text search.

Each engine answers three questions for a parsed query — which lines, titles and glosses
(commentary on the whole piece included) match — as rows of the same shape, with the matches wrapped in two private-use
characters (START, END). Nothing here builds HTML: ``results.py`` escapes the text first and
only then turns the markers into ``<mark>``.

No query orders by rank: ranking every match of a common word costs as much as reading them
all. Each asks for at most ``limit`` rows in the index's own order, and the pieces are ranked
in Python from what came back, the same way on both engines.
"""

from __future__ import annotations

from django.db import connection

from .index import GLOSS, LINE, TITLE, Source
from .query import Query

START, END = "\ue000", "\ue001"
# The line a gloss's result links to: its first placed anchor's (NULL: on the whole piece).
FIRST_LINE = ("(SELECT a.first_line FROM annotations_anchor a WHERE a.gloss_id = {gloss}.id AND NOT a.is_orphan "
              "ORDER BY a.position LIMIT 1)")
SNIPPET_WORDS = 24


class SQLiteFTS5:
    def statement(self, source: Source, query: Query, limit: int) -> tuple[str, list]:
        fts, marks = source.fts_table, [START, END]
        if source is LINE:
            sql = (f"SELECT l.piece_id, l.n, highlight({fts}, 0, %s, %s), highlight({fts}, 1, %s, %s) "
                   f"FROM {fts} JOIN catalogue_line l ON l.id = {fts}.rowid WHERE {fts} MATCH %s LIMIT %s")
            params = marks * 2
        elif source is TITLE:
            sql = f"SELECT rowid, highlight({fts}, 0, %s, %s) FROM {fts} WHERE {fts} MATCH %s LIMIT %s"
            params = marks
        else:
            # One row per gloss however many anchors it has; it links to its first placed one.
            sql = (f"SELECT g.piece_id, g.id, {FIRST_LINE.format(gloss='g')}, highlight({fts}, 0, %s, %s), "
                   f"snippet({fts}, 1, %s, %s, '', {SNIPPET_WORDS}), g.body "
                   f"FROM {fts} JOIN annotations_gloss g ON g.id = {fts}.rowid "
                   f"WHERE {fts} MATCH %s AND {GLOSS.visible_sql('g.')} LIMIT %s")
            params = marks * 2
        return sql, [*params, query.fts5(), limit]


class PostgreSQLFullText:
    # ts_headline's options: the whole text for lines and titles, a fragment for longer writing.
    WHOLE = f'StartSel="{START}", StopSel="{END}", HighlightAll=true'
    FRAGMENT = f'StartSel="{START}", StopSel="{END}", MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, ShortWord=2'

    def statement(self, source: Source, query: Query, limit: int) -> tuple[str, list]:
        # Matched on the stored documents (search/index.py); highlighted on the text itself.
        # The documents of glosses and notes readers may not see are not stored at all, so
        # there is no status to filter on here (and no second index for the planner to prefer).
        # The tsquery is made once: to_tsquery in each ts_headline call would cost a third
        # of the statement again (to_tsquery is only STABLE, so it is not folded).
        fts = source.fts_table
        match = f"FROM q, {fts}_matches(q.query, %s) AS s(id) JOIN {source.table} t ON t.id = s.id"
        if source is LINE:
            columns = ("t.piece_id, t.n, ts_headline('english', t.text, q.query, %s), "
                       "CASE WHEN t.echo = '' THEN '' ELSE ts_headline('english', t.echo, q.query, %s) END")
            options = [self.WHOLE, self.WHOLE]
        elif source is TITLE:
            columns = "t.id, ts_headline('english', t.title, q.query, %s)"
            options = [self.WHOLE]
        else:
            columns = (f"t.piece_id, t.id, {FIRST_LINE.format(gloss='t')}, "
                       "ts_headline('english', t.heading, q.query, %s), ts_headline('english', t.body, q.query, %s), "
                       "t.body")
            options = [self.WHOLE, self.FRAGMENT]
        sql = f"WITH q AS MATERIALIZED (SELECT to_tsquery('english', %s) AS query) SELECT {columns} {match}"
        return sql, [query.tsquery(), *options, limit]


ENGINES = {"sqlite": SQLiteFTS5(), "postgresql": PostgreSQLFullText()}


def engine():
    try:
        return ENGINES[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"Full-text search needs SQLite or PostgreSQL, not {connection.vendor}") from None


def hits(source: Source, query: Query, limit: int) -> list[tuple]:
    """Up to ``limit`` rows of ``source`` that match ``query``, in the index's order."""
    if not query:
        return []
    sql, params = engine().statement(source, query, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


__all__ = ["GLOSS", "LINE", "TITLE", "START", "END", "engine", "hits"]
