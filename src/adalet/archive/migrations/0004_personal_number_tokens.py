"""Index every passage again: personal numbers (ID numbers in any spelling, runs of 10+ digits) become keyed-hash
tokens (adalet.lib.personal), so the index no longer holds their digits for anyone to ask for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import migrations

if TYPE_CHECKING:
    from django.apps.registry import Apps
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def reindex(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from adalet.archive import search

    search.rebuild(apps.get_model("archive", "Passage").objects)


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_photos_public")]
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
