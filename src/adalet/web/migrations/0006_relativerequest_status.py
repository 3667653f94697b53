"""A family's request gets a status (open, in progress, done, declined), the team's note and who answered it last,
for the workspace's queue; the old "handled" mark becomes "done"."""

from django.db import migrations, models


def handled_to_done(apps, schema_editor):  # type: ignore[no-untyped-def]
    RelativeRequest = apps.get_model("web", "RelativeRequest")
    RelativeRequest.objects.filter(handled=True).update(status="done")


def done_to_handled(apps, schema_editor):  # type: ignore[no-untyped-def]
    RelativeRequest = apps.get_model("web", "RelativeRequest")
    RelativeRequest.objects.filter(status="done").update(handled=True)


class Migration(migrations.Migration):

    dependencies = [
        ("web", "0005_watch_alertdigest"),
    ]

    operations = [
        migrations.AddField(
            model_name="relativerequest",
            name="status",
            field=models.CharField(
                choices=[("open", "open"), ("in_progress", "in progress"), ("done", "done"), ("declined", "declined")],
                db_index=True, default="open", max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="relativerequest",
            name="team_note",
            field=models.TextField(blank=True, help_text="The last answer's note to the team (never to the requester)."),
        ),
        migrations.AddField(
            model_name="relativerequest",
            name="answered_by",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name="relativerequest",
            name="answered_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(handled_to_done, done_to_handled),
        migrations.RemoveField(model_name="relativerequest", name="handled"),
    ]
