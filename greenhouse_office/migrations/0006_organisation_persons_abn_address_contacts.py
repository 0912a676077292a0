"""Organisation: the Bill's persons, a legal and a trading name, a checked ABN, address and contacts.

"private" splits into "individual" and "body_corporate" (s27 and s28 give individuals and bodies
corporate different penalties). Every "private" row becomes a body corporate: an organisation with an
ABN is a body corporate unless known otherwise, and a firm is what the register has held
(docs/INTERPRETATION.md, "An organisation is a body corporate unless known otherwise"). Office staff
re-mark a sole trader as an individual in the admin. A "private" row without an ABN becomes a body
corporate too, and its admin page asks for the ABN (or another kind) when next saved. No ABN is
changed here: one whose check digits do not match is shown as not valid when next saved. Reversing
maps both kinds back to "private".
"""

import django.core.validators
from django.db import migrations, models

import greenhouse_office.abn

PRIVATE = "private"
INDIVIDUAL = "individual"
BODY_CORPORATE = "body_corporate"


def split_private(apps, schema_editor):
    Organisation = apps.get_model("greenhouse_office", "Organisation")
    Organisation.objects.using(schema_editor.connection.alias).filter(kind=PRIVATE).update(
        kind=BODY_CORPORATE
    )


def join_private(apps, schema_editor):
    Organisation = apps.get_model("greenhouse_office", "Organisation")
    Organisation.objects.using(schema_editor.connection.alias).filter(
        kind__in=[INDIVIDUAL, BODY_CORPORATE]
    ).update(kind=PRIVATE)


class Migration(migrations.Migration):
    dependencies = [
        ("greenhouse_office", "0005_organisation_kind_commonwealth_split"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="address_lines",
            field=models.TextField(
                blank=True,
                help_text="Street or PO Box, one line each; the suburb goes below.",
                verbose_name="postal address",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="contact_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="contact email"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="contact_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="contact person"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="contact_phone",
            field=models.CharField(
                blank=True,
                help_text="Include the area code, e.g. 02 6274 1111.",
                max_length=30,
                verbose_name="contact phone",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="postcode",
            field=models.CharField(
                blank=True,
                max_length=4,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{4}\\Z", "A postcode is 4 digits, such as 2600."
                    )
                ],
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="state",
            field=models.CharField(
                blank=True,
                choices=[
                    ("ACT", "Australian Capital Territory"),
                    ("NSW", "New South Wales"),
                    ("NT", "Northern Territory"),
                    ("QLD", "Queensland"),
                    ("SA", "South Australia"),
                    ("TAS", "Tasmania"),
                    ("VIC", "Victoria"),
                    ("WA", "Western Australia"),
                ],
                max_length=3,
                verbose_name="State or Territory",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="suburb",
            field=models.CharField(blank=True, max_length=100, verbose_name="suburb or town"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="trading_name",
            field=models.CharField(
                blank=True,
                help_text="The name it trades under, if different from its legal name.",
                max_length=200,
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="abn",
            field=models.CharField(
                blank=True,
                help_text="Australian Business Number, 11 digits. A body corporate must give its ABN.",
                max_length=11,
                validators=[greenhouse_office.abn.validate_abn],
                verbose_name="ABN",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("individual", "An individual (a natural person, such as a sole trader)"),
                    ("body_corporate", "A body corporate (a company or other incorporated body)"),
                    ("the_commonwealth", "The Commonwealth (a Department or other part of the Crown)"),
                    (
                        "commonwealth_agency",
                        "A Commonwealth authority or agency (a body corporate or office-holder of its own)",
                    ),
                    ("state_or_territory", "A State or Territory government body"),
                ],
                default="body_corporate",
                max_length=32,
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="name",
            field=models.CharField(
                help_text="The name on the Australian Business Register (or the person's full name).",
                max_length=200,
                unique=True,
                verbose_name="legal name",
            ),
        ),
        migrations.RunPython(split_private, join_private),
    ]
