"""Partners' shared events and professional challenges in the multi-agency chronology (joinedup/core/chronology.py).
Shared events are the one source a partner reader is given: only what their own organisation shared and what was
shared with every partner. Declared here, read by the chronology app (ChronologyConfig.ready)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Q
from django.urls import reverse

from joinedup.access.policy import is_partner_practitioner
from joinedup.access.scopes import practitioner_of
from joinedup.core.chronology import ChronologyEntry, ChronologySource, EventType, Period

from .models import ProfessionalChallenge, SharedEvent


def shared_events(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    rows = period.filter(SharedEvent.objects.filter(child_id__in=children), "occurred_on")
    if is_partner_practitioner(user):
        practitioner = practitioner_of(user)
        organisation_id = practitioner.organisation_id if practitioner else None
        rows = rows.filter(Q(organisation_id=organisation_id) | Q(shared_with_partners=True))
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
            source_key=f"sharing.shared_event:{pk}",
        )


def challenges(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    rows = period.filter(ProfessionalChallenge.objects.filter(child_id__in=children), "raised_on")
    for pk, child_id, on, decision, organisation, status in rows.values_list(
        "id", "child_id", "raised_on", "decision", "organisation__name", "status"
    ):
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency="other",
            event_type=EventType.ESCALATION,
            title=f"Professional challenge raised by {organisation}",
            detail=f"About: {decision} ({status})",
            url=reverse("sharing:challenge", args=[pk]),
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
        presence=lambda children: ProfessionalChallenge.objects.filter(child_id__in=children),
    ),
]
