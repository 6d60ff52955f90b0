"""Recording a visit (issue 18, ADR 0023): once, for every child present, each with their own answers.

`visit_record` asks permission for EVERY child in the visit (through access/, a child the actor may not record for
is a 404 and nothing is saved), checks every answer and every app's visiting duty before the first write, then, in
one transaction, writes the visit, a row per child, tells each app with a visiting clock (its own ``visits.py``,
joinedup/core/visits.py) so it meets its open clock and starts the next, and appends an audit event per child last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.scopes import practitioner_of
from joinedup.audit import services as auditor
from joinedup.audit.drafts import draft_keep
from joinedup.core.errors import FieldErrors
from joinedup.core.visits import ChildVisited
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.services import prompt_answers_record, prompts_asked

from .errors import VisitError as E
from .models import BedroomSeen, Visit, VisitChild, VisitDraft, VisitKind
from .registry import visit_clocks


@dataclass(frozen=True)
class VisitDetails:
    """The shared part of a visit, said once."""

    visited_on: dt.date
    kind: str
    visited_at: dt.time | None = None
    place: str = ""
    others_present: str = ""
    account: str = ""
    late_reason: str = ""


@dataclass(frozen=True)
class ChildAnswers:
    """One child's own answers. `seen`/`seen_alone` are None when not answered."""

    child_id: int
    seen: bool | None
    seen_alone: bool | None = None
    reason_not_seen: str = ""
    reason_not_seen_alone: str = ""
    childs_words: str = ""
    observations: str = ""
    bedroom_seen: str = ""


def child_field(child_id: int, answer: str) -> str:
    """The form field of one child's answer: the service's errors name it."""
    return f"child_{child_id}_{answer}"


def _check_child(errors: FieldErrors, a: ChildAnswers) -> None:
    name = lambda answer: child_field(a.child_id, answer)  # noqa: E731
    if a.seen is None:
        errors.add(name("seen"), "Select yes if the child was seen", E.REQUIRED)
        return
    if not a.seen:
        if a.seen_alone:
            errors.add(name("seen_alone"), "A child seen alone was seen: check your answers", E.SEEN_ALONE_NEEDS_SEEN)
        if not a.reason_not_seen.strip():
            errors.add(name("reason_not_seen"), "Say why the child was not seen", E.REQUIRED)
        return
    if a.seen_alone is None:
        errors.add(name("seen_alone"), "Select yes if the child was seen alone", E.REQUIRED)
    elif not a.seen_alone and not a.reason_not_seen_alone.strip():
        errors.add(name("reason_not_seen_alone"), "Say why the child was not seen alone", E.REQUIRED)
    if a.bedroom_seen and a.bedroom_seen not in BedroomSeen.values:
        errors.add(name("bedroom_seen"), "Select whether the child's bedroom was seen", E.INVALID_CHOICE)


def visit_record(
    *,
    actor: Any,
    details: VisitDetails,
    children: Sequence[ChildAnswers],
    draft: VisitDraft | None = None,
    prompt_answers: Mapping[int, str] | None = None,
) -> Visit:
    """A visit to one child or several brothers and sisters at once: the shared part once, each child's answers
    their own. Meets every statutory visiting clock it satisfies for each child seen (each app's own rule). The practice
    prompts asked are those that apply to any child present; each answer is kept for each child it applies to."""
    answers: dict[int, ChildAnswers] = {}
    for a in children:
        answers.setdefault(a.child_id, a)
    # Permission, once, for every child in the visit: a child the actor may not record for is a 404, nothing saved.
    people: dict[int, Person] = {
        child_id: access_child(actor, child_id, permission=Permission.RECORD_VISIT) for child_id in answers
    }
    errors = FieldErrors()
    if not answers:
        errors.add("children", "Select at least one child the visit was to", E.NO_CHILD)
    if details.visited_on > timezone.localdate():
        errors.add("visited_on", "The date of the visit must be today or in the past", E.DATE_IN_FUTURE)
    if details.kind not in VisitKind.values:
        errors.add("kind", "Select what kind of visit it was", E.REQUIRED)
    for a in answers.values():
        _check_child(errors, a)
    asked = prompts_asked(moment=PromptMoment.VISIT, children=list(people.values()))
    given = asked.check(prompt_answers or {}, errors) if answers else {}
    errors.raise_if_any()
    told = {
        child_id: ChildVisited(
            actor=actor,
            child=people[child_id],
            visited_on=details.visited_on,
            seen=bool(a.seen),
            seen_alone=bool(a.seen and a.seen_alone),
            reason_not_seen_alone="" if a.seen_alone else a.reason_not_seen_alone.strip(),
            late_reason=details.late_reason.strip(),
        )
        for child_id, a in answers.items()
    }
    clocks = visit_clocks()
    for clock in clocks:
        if clock.check is None:
            continue
        for visited in told.values():
            for problem in clock.check(visited):
                errors.add(problem.field, problem.message, problem.code)
    errors.raise_if_any()

    practitioner = practitioner_of(actor)
    with transaction.atomic(), auditor.audit_last():
        visit = Visit.objects.create(
            visited_on=details.visited_on,
            visited_at=details.visited_at,
            kind=details.kind,
            place=details.place.strip(),
            visited_by=practitioner,
            visited_by_name=practitioner.full_name if practitioner is not None else _name_of(actor),
            others_present=details.others_present.strip(),
            account=details.account.strip(),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        rows = [
            VisitChild(
                visit=visit,
                child=people[child_id],
                visited_on=details.visited_on,
                seen=bool(a.seen),
                seen_alone=bool(a.seen and a.seen_alone),
                reason_not_seen="" if a.seen else a.reason_not_seen.strip(),
                reason_not_seen_alone="" if (not a.seen or a.seen_alone) else a.reason_not_seen_alone.strip(),
                childs_words=a.childs_words.strip(),
                observations=a.observations.strip(),
                bedroom_seen=a.bedroom_seen if a.seen else "",
            )
            for child_id, a in answers.items()
        ]
        for row in rows:
            row.save()
        for row in rows:
            visited = replace(told[row.child_id], visit_child=row)
            for clock in clocks:
                clock.record(visited)
        if draft is not None and draft.pk is not None:
            VisitDraft.objects.filter(pk=draft.pk, author=actor).delete()
        for row in rows:
            auditor.record_created(actor=actor, obj=row, child_id=row.child_id)
        prompt_answers_record(actor=actor, asked=asked, record=visit, answers=given)
    return visit


def _name_of(actor: Any) -> str:
    full = getattr(actor, "get_full_name", None)
    return str(full() if callable(full) else getattr(actor, "username", ""))[:200]


# -- drafts (as the case record's note drafts: kept as typed, valid or not) ----------------------------------------


def visit_draft_save(*, actor: Any, child: Person, data: dict[str, Any], draft_id: int | None = None) -> VisitDraft:
    """Keep what the worker has typed, exactly as typed. Creating a draft is audited; re-saving it at most once
    per draft per `draft_audit_interval()` (the record shows that and when the draft changed, never its text)."""
    return draft_keep(VisitDraft, actor=actor, child=child, data=data, draft_id=draft_id)
