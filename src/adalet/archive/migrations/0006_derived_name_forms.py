"""The search index gains a third stream, the derived forms of the names and places passages mention (Uyghur Latin,
Arabic script, pinyin, a transcribed name's characters without the middle dot, a county in any script:
adalet.archive.search.derived): the index is made again with it and every passage indexed again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import migrations

if TYPE_CHECKING:
    from django.apps.registry import Apps
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def reindex(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from adalet.archive import search

    search.uninstall(schema_editor)  # SQLite: an FTS5 table's columns are fixed when it is made
    search.install(schema_editor)
    search.rebuild(apps.get_model("archive", "Passage").objects)


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_withheld_items")]
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
