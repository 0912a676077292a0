# The public pages' versions (assessments.public_versions) read the latest change of what they show on
# every request, before a 304: the applications' latest update and the documents' latest supersession
# (the registers), and an application's latest comment moderation and consideration (its page), each
# through an index instead of a scan (issue 14). The comment indexes are partial: recording a comment
# writes neither. And the register's default order (newest first) over the published states only.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0019_ministerial_opinions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["updated_at"], name="application_updated_idx"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(
                    (
                        "state__in",
                        ("open_for_comment", "comments_closed", "advice_given", "approved", "refused"),
                    )
                ),
                fields=["-gazette_date", "-id"],
                name="application_register_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                condition=models.Q(("moderated_at__isnull", False)),
                fields=["application", "moderated_at"],
                name="comment_moderated_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                condition=models.Q(("considered_at__isnull", False)),
                fields=["application", "considered_at"],
                name="comment_considered_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                condition=models.Q(("superseded_at__isnull", False)),
                fields=["superseded_at"],
                name="document_superseded_idx",
            ),
        ),
    ]
