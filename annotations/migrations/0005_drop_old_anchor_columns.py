"""Issue 10, step 3 of 3: the anchor columns of Gloss and the Commentary model go (0004 moved them)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("annotations", "0004_anchors_data"),
        # The search index of the old tables is made (on a fresh database) before they change,
        # and rebuilt for the new ones in search 0003.
        ("search", "0002_partitioned_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="gloss", name="annotations_piece_i_da2c48_idx"),
        *[
            operation
            for field in ("first_line", "last_line", "exact", "prefix", "suffix", "start", "end", "anchor_text")
            for operation in (
                migrations.RemoveField(model_name="gloss", name=field),
                migrations.RemoveField(model_name="historicalgloss", name=field),
            )
        ],
        migrations.AlterModelOptions(
            name="gloss",
            options={"ordering": ["piece", "position", "pk"], "verbose_name_plural": "glosses"},
        ),
        migrations.DeleteModel(name="HistoricalCommentary"),
        migrations.DeleteModel(name="Commentary"),
    ]
