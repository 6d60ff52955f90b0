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

What each section is for:

- ``PLAN``: a plan in force, one item per plan (its kind as the title, what it says as the detail, the day it was
  agreed or started as ``on``). A child with none reads "No plan is in force", so a source that has a plan in force
  must say so.
- ``VOICE``: the child's own words, one item each, ``title`` saying where they were recorded ("Looked-after
  review", "Child protection conference"...), ``on`` the day. A source gives at most ``VOICE_PER_SOURCE`` of the
  most recent (a fixed number, so its cost and the page's length do not grow with the record); the summary shows
  the most recent of them all first. Words recorded once for several brothers and sisters are not one child's own
  words: a source leaves them out of each child's summary rather than show a sister's words as the child's.
- ``RISK``, ``PEOPLE``, ``HAPPENED``: harms and risks, people, events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from django.db.models import QuerySet

# The most recent of the child's words a voice source gives (see the module docstring).
VOICE_PER_SOURCE = 3


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
