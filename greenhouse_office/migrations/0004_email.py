"""Notice becomes Email: the outbox holds emails; "notice" is kept for the s33 notices. Rows are kept."""

import django.db.models.deletion
from django.db import migrations, models

ACTIONS = ("add", "change", "delete", "view")


def _rename_permissions(apps, schema_editor, old: str, new: str):
    """Rename the model's default permissions too, so no stale "Can view notice" is left behind."""
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(schema_editor.connection.alias).filter(
        content_type__app_label="greenhouse_office", codename__in=[f"{a}_{old}" for a in ACTIONS]
    )
    for permission in permissions:
        action = permission.codename.split("_", 1)[0]
        permission.codename = f"{action}_{new}"
        permission.name = f"Can {action} {new}"
        permission.save(update_fields=["codename", "name"])


def forwards(apps, schema_editor):
    _rename_permissions(apps, schema_editor, "notice", "email")


def backwards(apps, schema_editor):
    _rename_permissions(apps, schema_editor, "email", "notice")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("greenhouse_office", "0003_notice"),
    ]

    operations = [
        migrations.RenameModel(old_name="Notice", new_name="Email"),
        migrations.RenameField(model_name="email", old_name="event", new_name="template"),
        migrations.AlterField(
            model_name="email",
            name="template",
            field=models.CharField(
                help_text="Which template, e.g. application_state_changed (templates/emails/).", max_length=60
            ),
        ),
        migrations.AddField(
            model_name="email",
            name="record_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="email",
            name="record_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="email",
            name="event_hash",
            field=models.CharField(
                blank=True,
                db_index=True,
                default="",
                help_text="Hash of the logged event that caused this email (events are hash-chained).",
                max_length=64,
            ),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="email",
            index=models.Index(fields=["record_type", "record_id"], name="email_record_idx"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
