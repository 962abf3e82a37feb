"""Gloss.published_at: when a gloss last became published, for feeds of newly published glosses.

Glosses already published get their creation time: when they were published is not recorded
anywhere, and the feeds dated them by creation until now, so nothing in a feed moves.
"""

from django.db import migrations, models
from django.db.models import F


def stamp_published(apps, schema_editor):
    for name in ("Gloss", "HistoricalGloss"):
        model = apps.get_model("annotations", name)
        model.objects.filter(status="published").update(published_at=F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("annotations", "0005_drop_old_anchor_columns"),
    ]

    operations = [
        migrations.AddField(
            model_name="gloss",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalgloss",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(stamp_published, migrations.RunPython.noop),
    ]
