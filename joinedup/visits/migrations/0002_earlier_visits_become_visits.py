"""The visits recorded before issue 18 become visits (ADR 0023): each child protection visit, each regulation 28
statutory visit and each case note of a visit kind gets a Visit and its child's VisitChild, so a child's visits, last
seen and last seen alone read from one place. The old rows stay as they were (the plan's and the placement's own
record of the visit, each now linked to its VisitChild); a case note stays the note, with its text: the visit made
from it keeps only when, who was seen and seen alone, and its origin, so the note's words are not shown twice."""

from __future__ import annotations

from typing import Any

from django.db import migrations

BATCH = 2000
NOTE_VISIT_KINDS = ("visit", "joint_visit")


def _name(practitioner: Any) -> str:
    if practitioner is None:
        return ""
    return f"{practitioner.given_name} {practitioner.family_name}".strip()[:200]


def forwards(apps: Any, schema_editor: Any) -> None:
    Visit = apps.get_model("visits", "Visit")
    VisitChild = apps.get_model("visits", "VisitChild")
    ChildProtectionVisit = apps.get_model("child_protection", "ChildProtectionVisit")
    StatutoryVisit = apps.get_model("children_in_care", "StatutoryVisit")
    CaseNote = apps.get_model("case_record", "CaseNote")
    CaseNoteChild = apps.get_model("case_record", "CaseNoteChild")

    def move(model: Any, rows: Any, child_of: Any, kind: str, origin: str) -> None:
        rows = list(rows)
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            visits = Visit.objects.bulk_create(
                [
                    Visit(
                        visited_on=r.visited_on,
                        kind=kind,
                        visited_by_id=r.visited_by_id,
                        visited_by_name=_name(r.visited_by),
                        origin=f"{origin}:{r.pk}",
                    )
                    for r in batch
                ]
            )
            links = VisitChild.objects.bulk_create(
                [
                    VisitChild(
                        visit_id=v.pk,
                        child_id=child_of(r),
                        visited_on=r.visited_on,
                        seen=r.child_seen,
                        seen_alone=r.child_seen and r.child_seen_alone,
                        reason_not_seen_alone="" if r.child_seen_alone else r.reason_not_seen_alone,
                    )
                    for r, v in zip(batch, visits, strict=True)
                ]
            )
            for r, link in zip(batch, links, strict=True):
                r.visit_child_id = link.pk
            model.objects.bulk_update(batch, ["visit_child"])

    move(
        ChildProtectionVisit,
        ChildProtectionVisit.objects.filter(visit_child__isnull=True).select_related("plan", "visited_by"),
        lambda r: r.plan.child_id,
        "home",
        "child_protection.visit",
    )
    move(
        StatutoryVisit,
        StatutoryVisit.objects.filter(visit_child__isnull=True).select_related("visited_by"),
        lambda r: r.child_id,
        "placement",
        "children_in_care.statutory_visit",
    )
    notes = list(CaseNote.objects.filter(note_type__in=NOTE_VISIT_KINDS).order_by("id"))
    for start in range(0, len(notes), BATCH):
        batch = notes[start : start + BATCH]
        visits = Visit.objects.bulk_create(
            [
                Visit(
                    visited_on=n.occurred_on,
                    kind="home",
                    visited_by_name=n.author_name[:200],
                    recorded_by_id=n.author_id,
                    origin=f"case_record.note:{n.pk}",
                )
                for n in batch
            ]
        )
        by_note = {n.pk: (n, v) for n, v in zip(batch, visits, strict=True)}
        VisitChild.objects.bulk_create(
            [
                VisitChild(
                    visit_id=by_note[link.note_id][1].pk,
                    child_id=link.child_id,
                    visited_on=link.occurred_on,
                    seen=by_note[link.note_id][0].child_seen,
                    seen_alone=by_note[link.note_id][0].child_seen and by_note[link.note_id][0].child_seen_alone,
                )
                for link in CaseNoteChild.objects.filter(note_id__in=list(by_note))
            ]
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
