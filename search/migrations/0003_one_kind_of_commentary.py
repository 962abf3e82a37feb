"""Issue 10: commentary is one kind of gloss, so the index of glosses covers heading and body and
the separate index of commentary goes. Rebuilt from the text; nothing is lost."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from search import index
    from search.migrations._sources_0001 import COMMENTARY, GLOSS

    connection = schema_editor.connection
    index.drop(connection, (GLOSS, COMMENTARY), keep_partition_function=True)
    index.create(connection, (index.GLOSS,))
    # SQLite: on a fresh database catalogue's table rebuilds may have run after search 0001.
    index.repair(connection)


def unbuild(apps, schema_editor):
    """Back: the new index goes; the old one cannot come back before the commentary table does,
    which annotations 0005 brings back only after this (search 0001 rebuilds it if run again)."""
    from search import index

    index.drop(schema_editor.connection, (index.GLOSS,), keep_partition_function=True)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_partitioned_index"),
        ("annotations", "0005_drop_old_anchor_columns"),
        ("catalogue", "0004_piece_title_order"),
    ]

    operations = [migrations.RunPython(rebuild, unbuild)]
