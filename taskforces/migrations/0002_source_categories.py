"""Kyoto Protocol Annex A's source categories as rows, copied from the statute rules (one place)."""

from django.db import migrations


def seed(apps, schema_editor):
    from taskforces.models.categories import sync_source_categories

    sync_source_categories(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("taskforces", "0001_part_7")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
