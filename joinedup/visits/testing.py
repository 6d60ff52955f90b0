"""A visit to one child, for other apps' tests, benches and synthetic stages (never production code): through the
one visits service (`services.visit_record`), as every visit is recorded (issue 18, ADR 0023)."""

from __future__ import annotations

from datetime import date
from typing import Any

from . import services
from .models import VisitChild, VisitKind


def visit_one(
    *,
    actor: Any,
    child: Any,
    visited_on: date,
    seen: bool = True,
    seen_alone: bool = True,
    reason_not_seen: str = "",
    reason_not_seen_alone: str = "",
    late_reason: str = "",
    kind: str = VisitKind.HOME,
) -> VisitChild:
    """Record a visit to `child` alone and return the child's part of it. A child not seen is given a reason when
    none is, and a child seen but not alone likewise, so a caller need only say what it tests."""
    visit = services.visit_record(
        actor=actor,
        details=services.VisitDetails(visited_on=visited_on, kind=kind, late_reason=late_reason),
        children=[
            services.ChildAnswers(
                child.pk,
                seen=seen,
                seen_alone=seen and seen_alone,
                reason_not_seen=reason_not_seen or ("" if seen else "Not at home"),
                reason_not_seen_alone=reason_not_seen_alone or ("" if not seen or seen_alone else "A parent stayed"),
            )
        ],
    )
    return VisitChild.objects.get(visit=visit, child=child)
