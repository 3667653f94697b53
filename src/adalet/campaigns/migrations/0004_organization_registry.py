"""The registry of organizations, and a mailbox at an organization's web domain no longer verifies its name.

Organizations verified only by their domain ("domain") lose that verification: anyone can register a domain that
looks like an organization's, so those listings go back to the moderators' queue (approving one adds it to the
registry, and its later signatures from that domain are verified without a moderator)."""

from typing import Any

from django.db import migrations, models


def unverify_domain_matches(apps: Any, schema_editor: Any) -> None:
    apps.get_model("campaigns", "Signature").objects.filter(verified_by="domain").update(verified_by="")


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0003_signature_language_confirmationdue_again'),
    ]

    operations = [
        migrations.RunPython(unverify_domain_matches, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='signature',
            name='verified_by',
            field=models.CharField(blank=True, choices=[('', 'Not verified'), ('moderator', 'Approved by a moderator'), ('registry', 'Name and mailbox domain match an organization approved before')], default='', max_length=16),
        ),
        migrations.CreateModel(
            name='KnownOrganization',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('name_key', models.CharField(max_length=200)),
                ('domain', models.CharField(max_length=253)),
                ('approved_by', models.CharField(blank=True, max_length=150)),
                ('approved_at', models.DateTimeField()),
            ],
            options={
                'ordering': ['name', 'domain'],
                'constraints': [models.UniqueConstraint(fields=('name_key', 'domain'), name='campaigns_one_registry_entry')],
            },
        ),
    ]
