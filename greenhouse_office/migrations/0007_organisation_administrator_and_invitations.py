"""An organisation's administrator (who created it) and its invitations, by email, kept as token hashes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('greenhouse_office', '0006_organisation_persons_abn_address_contacts'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='administers_organisation',
            field=models.BooleanField(default=False, help_text='Invites people into the organisation and keeps its details (whoever created it).', verbose_name='administers the organisation'),
        ),
        migrations.CreateModel(
            name='OrganisationInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='email address')),
                ('key', models.CharField(editable=False, help_text='SHA-256 of the token.', max_length=64, unique=True)),
                ('created_at', models.DateTimeField()),
                ('expires_at', models.DateTimeField()),
                ('accepted_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('invited_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='greenhouse_office.organisation')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['organisation', 'email'], name='invitation_org_email_idx')],
            },
        ),
    ]
