"""On PostgreSQL, the database itself refuses a child's overlapping periods of care, legal statuses and placements
(exclusion constraints over half-open date ranges, [started_on, ended_on)). btree_gist lets the child's id take
part in a GiST index; it is a trusted extension, so the database owner may create it. SQLite has no exclusion
constraints: there the services' checks (and the "one open" unique constraints of 0001) hold the rule."""

from django.db import migrations

TABLES = {
    "children_in_care_periodofcare": "period_of_care_no_overlap",
    "children_in_care_legalstatus": "legal_status_no_overlap",
    "children_in_care_placement": "placement_no_overlap",
}


def add_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for table, name in TABLES.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist "
            "(child_id WITH =, daterange(started_on, ended_on, '[)') WITH &&)"
        )


def remove_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in TABLES.items():
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("children_in_care", "0001_periods_placements_reviews_visits_health_education_missing")]

    operations = [migrations.RunPython(add_exclusion_constraints, remove_exclusion_constraints)]
