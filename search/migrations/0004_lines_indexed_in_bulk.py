"""Issue 12.6: the lines of a piece are indexed with one statement instead of a trigger run per
line (see search/index.py). SQLite: the table of the importer's marks is made, and the line
insert trigger learns to skip a marked piece's lines. PostgreSQL: inserted lines are indexed by
a statement trigger, from the statement's new rows. Nothing indexed changes."""

from django.db import migrations


def _line_triggers(connection, line) -> None:
    from search import index

    fts = line.fts_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_insert")
            cursor.execute(index.sqlite_triggers(line)[f"{fts}_insert"])
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_sync ON {line.table}")
            cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_insert_rows ON {line.table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {fts}_insert_rows()")
            for sql in index.postgresql_triggers(line):
                cursor.execute(sql)


def forwards(apps, schema_editor):
    from search import index

    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(index.deferred_table_sql(index.LINE))
    _line_triggers(connection, index.LINE)


def backwards(apps, schema_editor):
    from search import index
    from search.migrations._sources_0001 import LINE

    connection = schema_editor.connection
    _line_triggers(connection, LINE)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {index.LINE.deferred_table}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_one_kind_of_commentary")]

    operations = [migrations.RunPython(forwards, backwards)]
