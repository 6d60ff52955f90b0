"""Hooks for the case summary: other apps contribute "the current plan" (and anything else a new worker must read)
without case_record importing them.

Register from your app's ``AppConfig.ready()``::

    from joinedup.case_record.summary_sources import SummaryItem, SummarySection, register_summary_source

    def current_plan(*, child_id, user):
        plan = ChildProtectionPlan.objects.filter(child_id=child_id, ended_on__isnull=True).first()  # one query
        if plan is None:
            return []
        return [SummaryItem(section=SummarySection.PLAN, title="Child protection plan",
                            detail=f"Since {plan.started_on:%-d %B %Y}", url=reverse(...), on=plan.started_on)]

    register_summary_source("child_protection.plan", current_plan)

A source is called once per summary page with the child's id (already checked visible to ``user``) and must use
one or two queries. Sources are read only for local authority caseworkers unless registered with
``partners=True`` (then the function must itself return only what a partner reader may see). Give ``presence`` (a
function of the child's id returning a queryset of the rows read) and the summary asks once, in one query for every
source, whether there is anything to read; a source without ``presence`` is always called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from joinedup.core.summary import SummaryItem, SummarySection  # noqa: F401 (the contract, re-exported)


@dataclass(frozen=True)
class RegisteredSummarySource:
    name: str
    fn: Callable[..., Iterable[SummaryItem]]
    partners: bool = False
    presence: Callable[[int], QuerySet[Any]] | None = None


_SUMMARY_SOURCES: dict[str, RegisteredSummarySource] = {}


def register_summary_source(
    name: str,
    fn: Callable[..., Iterable[SummaryItem]],
    *,
    partners: bool = False,
    presence: Callable[[int], QuerySet[Any]] | None = None,
) -> None:
    _SUMMARY_SOURCES[name] = RegisteredSummarySource(name=name, fn=fn, partners=partners, presence=presence)


def registered_summary_sources() -> list[RegisteredSummarySource]:
    return list(_SUMMARY_SOURCES.values())


def gather_summary(*, child_id: int, user: Any, partner: bool) -> list[SummaryItem]:
    from .chronology import present

    sources = [s for s in registered_summary_sources() if s.partners or not partner]
    found = present({s.name: s.presence(child_id) for s in sources if s.presence is not None})
    items: list[SummaryItem] = []
    for source in sources:
        if source.presence is not None and source.name not in found:
            continue  # nothing of this kind for the child: skip its query
        items.extend(source.fn(child_id=child_id, user=user))
    return items
