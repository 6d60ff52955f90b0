"""The contract between the one visit (joinedup/visits/, issue 18) and the apps whose statutory clocks a visit meets.

A visit (or other direct contact with a child) is recorded once, with one answer per child present. The visits app
stands below child protection, children in care, Family Help and care leavers, so it may not import them, and it
must not know their rules: each of those apps keeps its own. Instead each declares, in its own ``visits.py``, what a
visit does for its clocks, as data (found by ``joinedup.core.discovery.declared``, as ``chronology.py`` is)::

    # joinedup/child_protection/visits.py
    from joinedup.core.visits import ChildVisited, VisitClock

    def check(visit: ChildVisited) -> Iterable[VisitProblem]:     # before anything is written
        ...
    def record(visit: ChildVisited) -> None:                       # inside the visit's transaction
        ...                                                        # meet the open clock, start the next

    VISIT_CLOCKS = [VisitClock("child_protection.plan_visit", check=check, record=record)]

The contract for a declaration
------------------------------
- ``check`` is called for every child in the visit, seen or not, before the visits service writes anything. It
  returns the problems that would stop the visit being recorded (a late visit with no reason, say), each naming
  the form's field (``late_reason`` for the visit's shared reason; ``child_<id>_<answer>`` for one child's answer).
  It writes nothing.
- ``record`` is called for every child in the visit, seen or not, after the visit and its ``VisitChild`` rows are
  saved, inside the same transaction and before the visits service's audit events (ADR 0021): an error raised here
  undoes the whole visit. It asks no permission (the visits service asked, for every child) and decides, by its own
  rule, whether the visit meets anything: a child NOT seen meets no visiting clock.
- A declaration that does nothing for a child (no plan in force, not looked after on the day) returns quietly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ChildVisited:
    """One child's part of a visit, as the apps with visiting clocks are told of it. ``visit_child`` is the saved
    ``visits.VisitChild`` row in ``record`` (the subject of the clocks it starts) and None in ``check``."""

    actor: Any
    child: Any  # people.Person
    visited_on: dt.date
    seen: bool
    seen_alone: bool
    reason_not_seen_alone: str = ""
    late_reason: str = ""
    visit_child: Any = None


@dataclass(frozen=True, slots=True)
class VisitProblem:
    """Why a visit can not be recorded as it is: shown on `field` of the visit form."""

    field: str
    message: str
    code: str


def late_visit_problem(visit: ChildVisited, *, duty: str, due_on: str, kind: str = "visit") -> VisitProblem:
    """The problem of a visit after the day a clock it meets was due, given without a reason: shown on the visit
    form's late reason. `duty` names the clock in the guidance's words ("child protection visit"), `due_on` is the
    day as shown, `kind` what the form calls the visit ("visit", "contact")."""
    return VisitProblem(
        "late_reason",
        f"{visit.child.display_name}'s {duty} was due on {due_on}: say why this {kind} was after it",
        "late_reason_required",
    )


@dataclass(frozen=True)
class VisitClock:
    """What one app's visiting duty does with a visit (see the module's docstring)."""

    name: str
    record: Callable[[ChildVisited], None]
    check: Callable[[ChildVisited], Iterable[VisitProblem]] | None = None
