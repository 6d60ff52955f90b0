"""The visits recorded before issue 18 as visits (ADR 0023): each child protection visit, each regulation 28
statutory visit and each case note of a visit kind gets a Visit and its child's VisitChild, so a child's visits, last
seen and last seen alone read from one place. The old rows stay (the plan's and the placement's own record of the
visit, each now linked to its VisitChild); a case note stays the note with its text, and the visit made from it keeps
only when, who was seen and seen alone, and its origin, so the note's words are not shown twice.

Written once for the data migration (0002, with the migration's historical models) and the synthetic authority's
stage (with the models themselves): the model classes are arguments, so it imports no app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BATCH = 2000
NOTE_VISIT_KINDS = ("visit", "joint_visit")


def _name(practitioner: Any) -> str:
    if practitioner is None:
        return ""
    return f"{practitioner.given_name} {practitioner.family_name}".strip()[:200]


def earlier_visits_become_visits(
    *,
    visit_model: Any,
    visit_child_model: Any,
    child_protection_visit_model: Any,
    statutory_visit_model: Any,
    case_note_model: Any,
    case_note_child_model: Any,
) -> int:
    """Make the visits; return how many children's visits were made. Rows already linked are left alone."""
    made = 0

    def move(model: Any, rows: list[Any], child_of: Callable[[Any], int], kind: str, origin: str) -> None:
        nonlocal made
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            visits = visit_model.objects.bulk_create(
                [
                    visit_model(
                        visited_on=r.visited_on,
                        kind=kind,
                        visited_by_id=r.visited_by_id,
                        visited_by_name=_name(r.visited_by),
                        origin=f"{origin}:{r.pk}",
                    )
                    for r in batch
                ]
            )
            links = visit_child_model.objects.bulk_create(
                [
                    visit_child_model(
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
            model.objects.bulk_update(batch, ["visit_child"], batch_size=BATCH)
            made += len(links)

    move(
        child_protection_visit_model,
        list(
            child_protection_visit_model.objects.filter(visit_child__isnull=True).select_related("plan", "visited_by")
        ),
        lambda r: r.plan.child_id,
        "home",
        "child_protection.visit",
    )
    move(
        statutory_visit_model,
        list(statutory_visit_model.objects.filter(visit_child__isnull=True).select_related("visited_by")),
        lambda r: r.child_id,
        "placement",
        "children_in_care.statutory_visit",
    )
    done = set(visit_model.objects.filter(origin__startswith="case_record.note:").values_list("origin", flat=True))
    notes = [
        n
        for n in case_note_model.objects.filter(note_type__in=NOTE_VISIT_KINDS).order_by("id")
        if f"case_record.note:{n.pk}" not in done
    ]
    for start in range(0, len(notes), BATCH):
        batch = notes[start : start + BATCH]
        visits = visit_model.objects.bulk_create(
            [
                visit_model(
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
        links = visit_child_model.objects.bulk_create(
            [
                visit_child_model(
                    visit_id=by_note[link.note_id][1].pk,
                    child_id=link.child_id,
                    visited_on=link.occurred_on,
                    seen=by_note[link.note_id][0].child_seen,
                    seen_alone=by_note[link.note_id][0].child_seen and by_note[link.note_id][0].child_seen_alone,
                )
                for link in case_note_child_model.objects.filter(note_id__in=list(by_note))
            ],
            batch_size=BATCH,
        )
        made += len(links)
    return made
