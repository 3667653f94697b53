"""The name index relative search looks names up by (adalet.people.namekeys), built for the people already there."""

import django.db.models.deletion
from django.db import migrations, models

CHUNK = 5000


def index_people(apps, schema_editor):  # type: ignore[no-untyped-def]
    from adalet.people.namekeys import rows

    person, name_key = apps.get_model("people", "Person"), apps.get_model("people", "NameKey")
    batch = []
    fields = ("pk", "collection_id", "name", "names", "birth_date")
    people = person.objects.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK)
    for pk, collection, key, born in rows(people):
        batch.append(name_key(person_id=pk, collection_id=collection, key=key, born=born))
        if len(batch) >= CHUNK:
            name_key.objects.bulk_create(batch)
            batch = []
    name_key.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0007_checkpoints"),
        ("people", "0005_person_links_annotations"),
    ]

    operations = [
        migrations.CreateModel(
            name="NameKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=40)),
                ("born", models.DateField(blank=True, null=True)),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="people.person"
                    ),
                ),
                (
                    "collection",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="archive.collection",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["key", "collection", "born"], name="namekey_key_collection_born")],
                "constraints": [models.UniqueConstraint(fields=("person", "key"), name="namekey_person_key")],
            },
        ),
        migrations.RunPython(index_people, migrations.RunPython.noop),
    ]
