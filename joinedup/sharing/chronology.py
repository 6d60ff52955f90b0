"""Partners' shared events and professional challenges in the multi-agency chronology (joinedup/core/chronology.py).
A partner reader sees what access/ lets them of each: what their own organisation shared, what was shared with every
partner, and the challenges their own organisation raised. Declared here, read by the chronology app
(ChronologyConfig.ready)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.urls import reverse

from joinedup.access.scopes import challenge_scope, shared_event_scope
from joinedup.agencies.models import chronology_agency
from joinedup.core.chronology import ChronologyEntry, ChronologySource, EventType, PartnerReader, Period

from .models import ProfessionalChallenge, SharedEvent


def shared_events(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    """Each event as its organisation shared it, under the agency it gave. A partner sees those access/ lets them
    (shared_event_scope: their own organisation's, and those shared with every partner)."""
    rows = period.filter(SharedEvent.objects.filter(child_id__in=children), "occurred_on")
    if partner is not None:
        rows = rows.filter(shared_event_scope(user))
    for pk, child_id, on, agency, kind, title, detail, by, organisation in rows.values_list(
        "id",
        "child_id",
        "occurred_on",
        "agency",
        "event_type",
        "title",
        "detail",
        "shared_by_name",
        "organisation__name",
    ):
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=agency,
            event_type=kind,
            title=title,
            detail=detail,
            recorded_by=f"{by}, {organisation}",
            organisation=organisation,
            source_key=f"sharing.shared_event:{pk}",
        )


def challenges(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    """Each challenge under the agency of the organisation that raised it. A partner sees those their own
    organisation raised (challenge_scope)."""
    rows = period.filter(ProfessionalChallenge.objects.filter(child_id__in=children), "raised_on")
    if partner is not None:
        rows = rows.filter(challenge_scope(user))
    for pk, child_id, on, decision, organisation, kind, status in rows.values_list(
        "id", "child_id", "raised_on", "decision", "organisation__name", "organisation__organisation_type", "status"
    ):
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=chronology_agency(kind),
            event_type=EventType.ESCALATION,
            title=f"Professional challenge raised by {organisation}",
            detail=f"About: {decision} ({status})",
            url=reverse("sharing:challenge", args=[pk]),
            organisation=organisation,
            source_key=f"sharing.challenge:{pk}",
        )


# presence: so the chronology asks once whether the child has any (for a partner the source still filters).
CHRONOLOGY_SOURCES = [
    ChronologySource(
        "sharing.shared_events",
        shared_events,
        partners=True,
        presence=lambda children: SharedEvent.objects.filter(child_id__in=children),
    ),
    ChronologySource(
        "sharing.challenges",
        challenges,
        partners=True,
        presence=lambda children: ProfessionalChallenge.objects.filter(child_id__in=children),
    ),
]
