"""The contract of the case summary's items: what an app contributes to "the current plan", the risks and the child's
voice on a child's case summary, without importing the layer that builds the page (joinedup/chronology/, ADR 0020).

Declare them in your app's ``chronology.py`` beside its chronology sources::

    from joinedup.core.summary import SummaryItem, SummarySection, SummarySource

    def current_plan(*, child_id, user):
        plan = ChildProtectionPlan.objects.filter(child_id=child_id, ended_on__isnull=True).first()  # one query
        if plan is None:
            return []
        return [SummaryItem(section=SummarySection.PLAN, title="Child protection plan",
                            detail=f"Since {plan.started_on:%-d %B %Y}", url=reverse(...), on=plan.started_on)]

    SUMMARY_SOURCES = [
        SummarySource("child_protection.plan", current_plan,
                      presence=lambda child_id: ChildProtectionPlan.objects.filter(child_id=child_id)),
    ]

A source is called once per summary page with the child's id (already checked visible to ``user``) and must use
one or two queries. Sources are read only for local authority caseworkers unless declared with ``partners=True``
(then the function must itself return only what a partner reader may see). Give ``presence`` (a function of the
child's id returning a queryset of the rows read) and the summary asks once, in one query for every source, whether
there is anything to read; a source without ``presence`` is always called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from django.db.models import QuerySet


class SummarySection(StrEnum):
    PLAN = "plan"
    RISK = "risk"
    PEOPLE = "people"
    VOICE = "voice"
    HAPPENED = "happened"


@dataclass(frozen=True, slots=True)
class SummaryItem:
    section: str
    title: str
    detail: str = ""
    url: str = ""
    on: dt.date | None = None


class SummaryReader(Protocol):
    """A summary source's function: the child's items for `user`."""

    def __call__(self, *, child_id: int, user: Any) -> Iterable[SummaryItem]: ...


SummaryPresence = Callable[[int], QuerySet[Any]]


@dataclass(frozen=True)
class SummarySource:
    """A source of case summary items as an app declares it in its ``chronology.py`` (``SUMMARY_SOURCES``)."""

    name: str
    fn: Callable[..., Iterable[SummaryItem]]
    partners: bool = False
    presence: SummaryPresence | None = None
