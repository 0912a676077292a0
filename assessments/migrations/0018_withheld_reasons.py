from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0017_ministerial_access"),
    ]

    operations = [
        # Determinations made before reasons were recorded keep an empty text (none exist in
        # production; the demo's are seeded afresh). Every new one gives its reasons.
        migrations.AddField(
            model_name="withheldinformation",
            name="reasons",
            field=models.TextField(
                default="",
                help_text="The Minister's reasons: why publishing the item is not in the public interest "
                "(s42(2)), or why the commercial detriment outweighs it (s42(3)).",
            ),
            preserve_default=False,
        ),
    ]
