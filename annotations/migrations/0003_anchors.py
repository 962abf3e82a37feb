"""Issue 10, step 1 of 3: the Anchor model and the gloss fields that piece-level commentary needs.

The old anchor columns of Gloss stay until 0004 has copied them into Anchor rows (0005 drops them).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("annotations", "0002_concepts"),
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="gloss", name="heading", field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="gloss", name="position", field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="gloss", name="anchor_snapshot",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="gloss", name="import_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="gloss", name="retired", field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="gloss", name="legacy_commentary_id",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="historicalgloss", name="heading", field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="historicalgloss", name="position", field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="historicalgloss", name="anchor_snapshot",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="historicalgloss", name="import_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="historicalgloss", name="retired", field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="historicalgloss", name="legacy_commentary_id",
            field=models.PositiveIntegerField(blank=True, db_index=True, editable=False, null=True),
        ),
        migrations.CreateModel(
            name="Anchor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0)),
                ("first_line", models.PositiveIntegerField()),
                ("last_line", models.PositiveIntegerField()),
                ("exact", models.TextField(blank=True, help_text="The phrase; empty when the whole lines are meant.")),
                ("prefix", models.CharField(blank=True, max_length=64)),
                ("suffix", models.CharField(blank=True, max_length=64)),
                ("start", models.PositiveIntegerField(blank=True, help_text="Offset in the first line.", null=True)),
                ("end", models.PositiveIntegerField(blank=True, help_text="Offset in the last line.", null=True)),
                ("anchor_text", models.TextField(blank=True)),
                ("is_orphan", models.BooleanField(default=False)),
                ("gloss", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="anchors",
                                            to="annotations.gloss")),
                ("piece", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                            to="catalogue.piece")),
            ],
            options={
                "ordering": ["gloss", "position"],
                "indexes": [
                    models.Index(fields=["piece", "first_line"], name="annotations_piece_i_b3b6d8_idx"),
                    models.Index(fields=["gloss", "position"], name="annotations_gloss_i_073e2d_idx"),
                ],
            },
        ),
    ]
