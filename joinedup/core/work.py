"""The contract of work waiting for a person (issue 19): the one shape every app gives the home page and My work,
without importing the layer that reads them (ADR 0020's pattern, as ``sign_off.py`` and ``flags.py``).

Each app with something a person must do that is not a statutory deadline (a request to answer, a draft to finish,
a contribution to record, a challenge to respond to, an action they own) declares a source in its own ``work.py``::

    # joinedup/front_door/work.py
    from joinedup.core.work import WorkKind, WorkSource

    from .selectors import information_requests_to_answer_work

    WORK_SOURCES = [WorkSource("front_door.requests", WorkKind.REQUEST, information_requests_to_answer_work)]

    # joinedup/front_door/selectors.py
    def information_requests_to_answer_work(*, actor, today) -> list[WorkItem]:
        ...  # ONE query (or a fixed few, whatever their number): only what `actor` may see and do

A source is called once per page with the signed-in user and today's date. It returns only what that user may see
(through ``access/``), in at most a fixed number of queries whatever the number of items, and says each item in
plain words: no codes, no record numbers. The reader sorts items urgent first, then overdue, then soonest due, and
audits the children they name in one bulk write. Statutory deadlines stay in ``timescales/`` (they are not work
items); the reader shows both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from django.utils import timezone


class WorkKind(StrEnum):
    """What kind of work an item is; the home page groups items by kind under these headings, in this order."""

    REQUEST = "request"  # a request to answer: an information request, an invitation to contribute
    SIGN_OFF = "sign_off"  # a decision waiting for this manager's sign-off
    CONTRIBUTION = "contribution"  # a part this person records in a multi-agency meeting or plan
    ACTION = "action"  # an action this person owns (a strategy discussion's, a plan's, a supervision's)
    CHALLENGE = "challenge"  # a professional challenge to respond to
    DRAFT = "draft"  # something this person started and has not finished
    REVIEW = "review"  # a break-glass access to review, and the like
    ALLOCATION = "allocation"  # children waiting for a worker, for the manager who allocates them


WORK_KIND_HEADINGS: dict[WorkKind, str] = {
    WorkKind.REQUEST: "Requests to answer",
    WorkKind.SIGN_OFF: "Waiting for your sign-off",
    WorkKind.CONTRIBUTION: "Contributions to record",
    WorkKind.ACTION: "Actions you own",
    WorkKind.CHALLENGE: "Challenges to respond to",
    WorkKind.DRAFT: "Your drafts",
    WorkKind.REVIEW: "Access to review",
    WorkKind.ALLOCATION: "Children waiting for a worker",
}


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One thing waiting for a person: what, in plain words ("Information request about Amy Smith"), where they do
    it, about which child, and by when. `object_type` and `object_id` name the record for the audit trail."""

    kind: WorkKind
    title: str
    url: str
    child_id: int | None = None
    child_name: str = ""
    due_on: dt.date | None = None
    is_urgent: bool = False
    since: dt.date | None = None
    detail: str = ""  # one more line in plain words, when it helps ("Asked by Sam Duty, front door")
    object_type: str = ""
    object_id: int | None = None

    def is_overdue(self, today: dt.date) -> bool:
        return self.due_on is not None and self.due_on < today


class WorkReader(Protocol):
    """A work source's function: what waits for `actor` today, in a fixed number of queries."""

    def __call__(self, *, actor: Any, today: dt.date) -> Sequence[WorkItem]: ...


@dataclass(frozen=True)
class WorkSource:
    """A source of work items as an app declares it in its ``work.py`` (``WORK_SOURCES``)."""

    name: str
    kind: WorkKind
    fn: Callable[..., Sequence[WorkItem]]


def sorted_work(items: Sequence[WorkItem], today: dt.date) -> list[WorkItem]:
    """Urgent first, then overdue, then soonest due (undated last), then oldest waiting; items alike keep the order
    their source gave (a stable sort), never their titles' alphabetical order ("9 October" after "18 November")."""
    return sorted(
        items,
        key=lambda i: (
            not i.is_urgent,
            not i.is_overdue(today),
            i.due_on or dt.date.max,
            i.since or dt.date.max,
        ),
    )


def drafts_as_work(
    drafts: Iterable[Any], *, title: Callable[[Any], str], url: Callable[[Any], str], object_type: str
) -> list[WorkItem]:
    """Drafts a person started and has not finished, as work items: each app keeps its own drafts (a case note's, a
    visit's), read in its own query with the child loaded, and says each in the same way here. A draft has a
    `child` (or None, when it names no child's record yet: a concern being raised), a `child_id`, an `updated_at`
    and a `pk`."""
    items = []
    for d in drafts:
        saved = timezone.localtime(d.updated_at)
        items.append(
            WorkItem(
                kind=WorkKind.DRAFT,
                title=title(d),
                url=url(d),
                child_id=d.child_id,
                child_name=d.child.display_name if d.child is not None else "",
                since=saved.date(),
                detail=f"Last saved {saved:%-d %B %Y}",
                object_type=object_type,
                object_id=d.pk,
            )
        )
    return items
