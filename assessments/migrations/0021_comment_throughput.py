# The duplicate check compares emails case-insensitively (services.comments._earlier_same): an index on
# the upper-cased email it can use, instead of the plain one it could not (issue 14).

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0020_public_page_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="comment",
            name="assessments_applica_a6e508_idx",
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                models.F("application"),
                django.db.models.functions.text.Upper("email"),
                models.F("received_at"),
                name="comment_same_email_idx",
            ),
        ),
    ]
