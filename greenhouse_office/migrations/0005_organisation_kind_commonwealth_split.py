"""Organisation.kind: "commonwealth" splits into "the_commonwealth" and "commonwealth_agency".

s4(2) keeps the Crown (the Commonwealth itself) from prosecution, not every Commonwealth agency, so
the two are told apart (docs/INTERPRETATION.md, "Who can be penalised"). The old kind said "the
Commonwealth or a Commonwealth authority" and cannot say which a row is: every such row becomes a
Commonwealth agency, the kind an organisation record (a named authority or body) usually is; Office
staff change a Department of State to "the Commonwealth" in the admin. s32(2) treats both alike, so
no auditor's independence changes. Reversing maps both back to "commonwealth".
"""

from django.db import migrations, models

OLD = "commonwealth"
THE_COMMONWEALTH = "the_commonwealth"
COMMONWEALTH_AGENCY = "commonwealth_agency"


def split(apps, schema_editor):
    Organisation = apps.get_model("greenhouse_office", "Organisation")
    Organisation.objects.using(schema_editor.connection.alias).filter(kind=OLD).update(
        kind=COMMONWEALTH_AGENCY
    )


def join(apps, schema_editor):
    Organisation = apps.get_model("greenhouse_office", "Organisation")
    Organisation.objects.using(schema_editor.connection.alias).filter(
        kind__in=[THE_COMMONWEALTH, COMMONWEALTH_AGENCY]
    ).update(kind=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("greenhouse_office", "0004_email"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("private", "Business, individual or other non-government body"),
                    ("the_commonwealth", "The Commonwealth (a Department or other part of the Crown)"),
                    (
                        "commonwealth_agency",
                        "A Commonwealth authority or agency (a body corporate or office-holder of its own)",
                    ),
                    ("state_or_territory", "A State or Territory government body"),
                ],
                default="private",
                max_length=32,
            ),
        ),
        migrations.RunPython(split, join),
    ]
