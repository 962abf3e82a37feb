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
        # The same new fields on the gloss and on its history (there, unique becomes an index).
        *[
            migrations.AddField(model_name=model, name=name, field=field)
            for model in ("gloss", "historicalgloss")
            for name, field in (
                ("heading", models.CharField(blank=True, max_length=300)),
                ("position", models.PositiveIntegerField(default=0)),
                ("anchor_snapshot", models.JSONField(blank=True, default=list, editable=False)),
                ("import_key", models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
                ("retired", models.BooleanField(default=False, editable=False)),
                ("legacy_commentary_id", models.PositiveIntegerField(
                    blank=True, editable=False, null=True,
                    **({"unique": True} if model == "gloss" else {"db_index": True}))),
            )
        ],
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
