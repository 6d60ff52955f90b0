"""The visits recorded before issue 18 become visits (joinedup/visits/earlier.py, ADR 0023)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from joinedup.visits.earlier import earlier_visits_become_visits


def forwards(apps: Any, schema_editor: Any) -> None:
    earlier_visits_become_visits(
        visit_model=apps.get_model("visits", "Visit"),
        visit_child_model=apps.get_model("visits", "VisitChild"),
        child_protection_visit_model=apps.get_model("child_protection", "ChildProtectionVisit"),
        statutory_visit_model=apps.get_model("children_in_care", "StatutoryVisit"),
        case_note_model=apps.get_model("case_record", "CaseNote"),
        case_note_child_model=apps.get_model("case_record", "CaseNoteChild"),
    )


def backwards(apps: Any, schema_editor: Any) -> None:
    Visit = apps.get_model("visits", "Visit")
    for prefix in ("child_protection.visit:", "children_in_care.statutory_visit:", "case_record.note:"):
        Visit.objects.filter(origin__startswith=prefix).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_visits_and_each_childs_part"),
        ("child_protection", "0006_visits_linked_to_the_one_visit"),
        ("children_in_care", "0004_statutory_visits_linked_to_the_one_visit"),
        ("case_record", "0003_case_note_draft_audited_at"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
