"""The full-text index over lines, titles, glosses and commentary (see search/index.py)."""

from django.db import migrations


def create_index(apps, schema_editor):
    from search import index
    from search.migrations._sources_0001 import SOURCES

    index.create(schema_editor.connection, SOURCES)


def drop_index(apps, schema_editor):
    from search import index
    from search.migrations._sources_0001 import SOURCES

    index.drop(schema_editor.connection, SOURCES)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("annotations", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
