"""The index's sources as migrations 0001 and 0002 made them (before issue 10), frozen here so
that those migrations build on a fresh database what they built then, whatever index.py says now.
(The migration loader skips modules whose name starts with "_".)"""

from search.index import Source

READER_VISIBLE = "{row}status = 'published' AND {row}deleted_at IS NULL"
LINE = Source("line", "catalogue_line", ("text", "echo"))
TITLE = Source("title", "catalogue_piece", ("title",))
GLOSS = Source("gloss", "annotations_gloss", ("body",), READER_VISIBLE + " AND NOT {row}is_orphan",
               ("status", "deleted_at", "is_orphan"))
COMMENTARY = Source("commentary", "annotations_commentary", ("heading", "body"), READER_VISIBLE,
                    ("status", "deleted_at"))
SOURCES = (LINE, TITLE, GLOSS, COMMENTARY)
