"""The full-text index over lines, titles, glosses and commentary (see search/index.py)."""

from django.db import migrations


def create_index(apps, schema_editor):
    from search import index

    index.create(schema_editor.connection)


def drop_index(apps, schema_editor):
    from search import index

    index.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("annotations", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
