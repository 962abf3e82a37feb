# Pending uploads are a day's work in progress: they are dropped, not converted, and the table is
# made anew around batches (a UUID column cannot become a foreign key in place on PostgreSQL).

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0004_piece_title_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.DeleteModel(name="PendingImport"),
        migrations.CreateModel(
            name="ImportBatch",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("confirmed_at", models.DateTimeField(blank=True, help_text="When “Import” was pressed.", null=True)),
                ("task_id", models.CharField(blank=True, help_text="The last task queued for this batch.", max_length=64)),
                ("uploaded_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                                  related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["-created_at"]},
        ),
        migrations.CreateModel(
            name="PendingImport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0)),
                ("name", models.CharField(max_length=500)),
                ("data", models.BinaryField(blank=True, default=b"")),
                ("error", models.TextField(blank=True)),
                ("read_at", models.DateTimeField(blank=True, help_text="When the file was read and parsed.", null=True)),
                ("source_text", models.TextField(blank=True)),
                ("source_hash", models.CharField(blank=True, max_length=64)),
                ("parsed", models.JSONField(blank=True, help_text="The parse, as the importer made it.", null=True)),
                ("summary", models.JSONField(blank=True, help_text="What the preview shows of the parse.", null=True)),
                ("decision", models.CharField(default="import", max_length=10)),
                ("title", models.CharField(blank=True, max_length=300)),
                ("kind", models.CharField(blank=True, choices=[("song", "Song"), ("poem", "Poem"), ("prose", "Prose")], max_length=10)),
                ("create_new", models.BooleanField(default=False, help_text="Create a new piece even if one has this title.")),
                ("outcome", models.CharField(blank=True, choices=[("", "Waiting"), ("created", "Created"), ("updated", "Updated"),
                                                                  ("unchanged", "Unchanged"), ("rejected", "Rejected"),
                                                                  ("cancelled", "Cancelled")], default="", max_length=10)),
                ("message", models.TextField(blank=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("batch", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="files", to="catalogue.importbatch")),
                ("piece", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="catalogue.piece")),
                ("stored_piece", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="catalogue.piece")),
            ],
            options={
                "ordering": ["batch", "position"],
                "indexes": [models.Index(fields=["batch", "outcome", "position"], name="pending_next_file")],
            },
        ),
    ]
