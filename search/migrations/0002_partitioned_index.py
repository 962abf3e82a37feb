"""PostgreSQL: the index tables become partitioned by id (see search/index.py, PARTITION_IDS).

The index is rebuilt from the text it indexes; nothing is lost. Nothing changes on SQLite.
"""

from django.db import migrations


def rebuild_index(apps, schema_editor):
    from search import index
    from search.migrations._sources_0001 import SOURCES

    if schema_editor.connection.vendor == "postgresql":
        index.drop(schema_editor.connection, SOURCES)
        index.create(schema_editor.connection, SOURCES)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_full_text_index")]

    # Going back keeps the partitioned tables: the code of 0001 reads them as it read one table.
    operations = [migrations.RunPython(rebuild_index, migrations.RunPython.noop)]
