"""The involvements child protection created were marked by a row of their own (ChildProtectionInvolvement); they are
now marked on the involvement itself (access.Involvement.work), so access/ reads only its own table (issue 16)."""

from django.db import migrations


def mark(apps, schema_editor):  # type: ignore[no-untyped-def]
    marker = apps.get_model("child_protection", "ChildProtectionInvolvement")
    involvement = apps.get_model("access", "Involvement")
    involvement.objects.filter(pk__in=marker.objects.values("involvement_id")).update(work="child_protection")


def unmark(apps, schema_editor):  # type: ignore[no-untyped-def]
    marker = apps.get_model("child_protection", "ChildProtectionInvolvement")
    involvement = apps.get_model("access", "Involvement")
    marker.objects.bulk_create(
        marker(involvement_id=pk, child_id=child_id)
        for pk, child_id in involvement.objects.filter(work="child_protection").values_list("pk", "child_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0005_involvement_work"),
        ("child_protection", "0004_case_episode_in_episodes_app"),
    ]

    operations = [
        migrations.RunPython(mark, unmark),
        migrations.DeleteModel(name="ChildProtectionInvolvement"),
    ]
