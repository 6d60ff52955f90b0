"""Load the harm taxonomy and the early indicators from data/taxonomy.toml into their tables.

Self-contained (no application imports, as migrations must be): it reads the file as it is when the migration
runs and upserts by code. Later changes to the file are brought in by `manage.py sync_harm_taxonomy` (the same
upsert, with the file checked by joinedup/harms/taxonomy.py) or by a later data migration.
"""

import tomllib
from pathlib import Path

from django.db import migrations

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "taxonomy.toml"


def load(apps, schema_editor):
    HarmType = apps.get_model("harms", "HarmType")
    RiskIndicatorType = apps.get_model("harms", "RiskIndicatorType")
    with TAXONOMY_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    for n, harm in enumerate(data.get("harms", []), start=1):
        HarmType.objects.update_or_create(
            code=harm["code"],
            defaults={
                "group": harm["group"],
                "label": harm["label"],
                "description": harm["description"],
                "cin_assessment_factors": " ".join(harm.get("cin_assessment_factors", [])),
                "cin_category_of_abuse": harm.get("cin_category_of_abuse", ""),
                "ssda903_category_of_need": harm.get("ssda903_category_of_need", ""),
                "added_2026": bool(harm.get("added_2026", False)),
                "display_order": n,
                "is_active": bool(harm.get("active", True)),
            },
        )
    by_code = {row.code: row for row in HarmType.objects.all()}
    for harm in data.get("harms", []):
        if harm.get("parent"):
            row = by_code[harm["code"]]
            row.parent = by_code[harm["parent"]]
            row.save(update_fields=["parent"])
    for n, indicator in enumerate(data.get("indicators", []), start=1):
        RiskIndicatorType.objects.update_or_create(
            code=indicator["code"],
            defaults={
                "label": indicator["label"],
                "description": indicator["description"],
                "cin_assessment_factors": " ".join(indicator.get("cin_assessment_factors", [])),
                "ssda903_missing": indicator.get("ssda903_missing", ""),
                "display_order": n,
                "is_active": bool(indicator.get("active", True)),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("harms", "0001_harm_types_indicators_escalations")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
