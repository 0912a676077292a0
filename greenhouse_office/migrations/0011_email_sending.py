"""The outbox row is the send's idempotency key: a send task claims it (status sending, claimed_at)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("greenhouse_office", "0010_emission_targets"),
    ]

    operations = [
        migrations.AlterField(
            model_name="email",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("failed", "Failed"),
                ],
                db_index=True,
                default="queued",
                max_length=7,
            ),
        ),
        migrations.AddField(
            model_name="email",
            name="claimed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When a send task claimed it; a claim older than the lease is a dead worker's.",
                null=True,
            ),
        ),
    ]
