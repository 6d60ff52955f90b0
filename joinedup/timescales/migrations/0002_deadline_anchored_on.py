"""Deadline.anchored_on: the expected date of delivery a clock counted in weeks of pregnancy counts back from, kept
so that correcting the clock's start keeps it and a new expected date moves it. Clocks already started take their
child's expected date of delivery (the one they were computed from)."""

from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# The only interval counted in weeks of pregnancy when this migration was written (rules.toml).
PREGNANCY_WEEK_CLOCKS = [("pre_birth_conference", "conference")]


def anchor_existing_clocks(apps: Any, schema_editor: Any) -> None:
    Deadline = apps.get_model("timescales", "Deadline")
    ChildProfile = apps.get_model("people", "ChildProfile")
    expected = ChildProfile.objects.filter(person_id=OuterRef("child_id")).values("expected_date_of_delivery")[:1]
    for rule_code, interval in PREGNANCY_WEEK_CLOCKS:
        Deadline.objects.filter(rule_code=rule_code, interval=interval, anchored_on__isnull=True).update(
            anchored_on=Subquery(expected)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("timescales", "0001_local_rule_settings_deadlines_notifications"),
        ("people", "0005_person_restricted_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="anchored_on",
            field=models.DateField(
                blank=True,
                help_text="For an interval counted in weeks of pregnancy: the expected date of delivery it counts back "
                "from",
                null=True,
            ),
        ),
        migrations.RunPython(anchor_existing_clocks, migrations.RunPython.noop),
    ]
