# Person links across collections (adalet xref people) and tags and notes on items and people.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0007_checkpoints'),
        ('people', '0004_post_area_facility_place'),
    ]

    operations = [
        migrations.CreateModel(
            name='Annotation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('tag', 'Tag'), ('note', 'Note')], max_length=10)),
                ('text', models.TextField()),
                ('author', models.CharField(max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('published', models.BooleanField(default=False)),
                ('collection', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='archive.collection')),
                ('item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='archive.item')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='annotations', to='people.person')),
            ],
            options={
                'indexes': [models.Index(fields=['item', 'kind'], name='people_anno_item_id_dbf524_idx'), models.Index(fields=['collection', 'kind'], name='people_anno_collect_kind_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('item__isnull', False), ('person__isnull', False), _connector='OR'), name='annotation_has_subject')],
            },
        ),
        migrations.CreateModel(
            name='PersonLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('method', models.CharField(help_text='id_number (equal) or name_birth_date.', max_length=30)),
                ('score', models.FloatField()),
                ('evidence', models.JSONField(default=dict)),
                ('status', models.CharField(choices=[('proposed', 'Proposed'), ('confirmed', 'Confirmed'), ('rejected', 'Rejected')], default='proposed', max_length=20)),
                ('reviewed_by', models.CharField(blank=True, max_length=200)),
                ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                ('first', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.person')),
                ('second', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.person')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('first', 'second'), name='personlink_unique')],
            },
        ),
    ]
