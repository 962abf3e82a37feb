"""A counter the database bumps on every change to pieces, genres and pieces' genres.

The readers' page cache (catalogue/pagecache.py) keys the catalogue list, the concept index
and search results by it: one primary-key read per request instead of summing over every
piece. Triggers, not application code, so that every path (save, update(), bulk_create,
the admin, imports, raw SQL) counts. The bump is in the writing transaction, so the counter
and the change become visible together; on PostgreSQL it runs at commit (a deferred
constraint trigger), so the counter's row is locked only for the moment of the commit and
two writers can never deadlock on it.
"""

from django.db import migrations

TABLES = ("catalogue_piece", "catalogue_tag", "catalogue_piece_tags")


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE catalogue_change (id integer PRIMARY KEY, n bigint NOT NULL)")
        cursor.execute("INSERT INTO catalogue_change (id, n) VALUES (1, 0)")
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION catalogue_change_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "INSERT INTO catalogue_change (id, n) VALUES (1, 1) "
                "ON CONFLICT (id) DO UPDATE SET n = catalogue_change.n + 1; RETURN NULL; END $$"
            )
            for table in TABLES:
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER {table}_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalogue_change_bump()"
                )
        else:
            bump = ("INSERT OR REPLACE INTO catalogue_change (id, n) "
                    "VALUES (1, COALESCE((SELECT n FROM catalogue_change WHERE id = 1), 0) + 1)")
            for table in TABLES:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(f"CREATE TRIGGER {table}_change_{event.lower()} AFTER {event} ON {table} "
                                   f"BEGIN {bump}; END")


def drop(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_change ON {table}")
            else:
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_change_{event}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS catalogue_change_bump()")
        cursor.execute("DROP TABLE catalogue_change")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_import_batches")]

    operations = [migrations.RunPython(create, drop)]
