"""The front door's part of the multi-agency chronology and the case summary (joinedup/core/chronology.py): contacts,
decisions, referrals and closed episodes of need in the chronology; the harms named at the front door among the case
summary's harms and risks, and what the child said, as each contact reported it, among the child's words. Declared
here, read by the chronology app (ChronologyConfig.ready). Each source reads all the children at once, in one query;
read for local authority caseworkers only, but for contacts, which a partner sees when they raised them
(access/scopes.py decides)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from joinedup.access.scopes import contact_scope
from joinedup.agencies.models import chronology_agency
from joinedup.core.chronology import (
    Agency,
    ChronologyEntry,
    ChronologySource,
    EventType,
    PartnerReader,
    Period,
    shorten,
)
from joinedup.core.summary import VOICE_PER_SOURCE, SummaryItem, SummarySection, SummarySource
from joinedup.core.voice import voice_summary_items
from joinedup.episodes.codes import ClosureReason, ReferralSource
from joinedup.episodes.models import CaseEpisode

from .codes import ContactKind, DecisionOutcome
from .models import Contact, ContactDecision, ContactHarm, DecisionHarm, Referral


def _history(children: Sequence[int]) -> dict[int, str]:
    return {child_id: reverse("front_door:child_history", args=[child_id]) for child_id in set(children)}


# Where a contact comes from when no organisation raised it (a member of the public, the family, an anonymous caller):
# its CIN census source, by the national statistics' families.
_SOURCE_AGENCY = {
    ReferralSource.INDIVIDUAL_FAMILY: Agency.FAMILY,
    ReferralSource.INDIVIDUAL_SELF: Agency.FAMILY,
    ReferralSource.SCHOOLS: Agency.EDUCATION,
    ReferralSource.EDUCATION_SERVICES: Agency.EDUCATION,
    ReferralSource.HEALTH_GP: Agency.HEALTH,
    ReferralSource.HEALTH_VISITOR: Agency.HEALTH,
    ReferralSource.HEALTH_SCHOOL_NURSE: Agency.HEALTH,
    ReferralSource.HEALTH_OTHER_PRIMARY: Agency.HEALTH,
    ReferralSource.HEALTH_A_AND_E: Agency.HEALTH,
    ReferralSource.HEALTH_OTHER: Agency.HEALTH,
    ReferralSource.LA_SOCIAL_CARE: Agency.CHILDRENS_SOCIAL_CARE,
    ReferralSource.LA_EARLY_HELP: Agency.FAMILY_HELP,
    ReferralSource.LA_OTHER_INTERNAL: Agency.YOUTH_JUSTICE,
    ReferralSource.POLICE: Agency.POLICE,
}


def contact_agency(organisation_type: str | None, source: str) -> Agency:
    """The agency a contact comes from: its referrer's organisation's, or, raised by no organisation, its source's."""
    if organisation_type:
        return chronology_agency(organisation_type)
    return _SOURCE_AGENCY.get(source, Agency.OTHER)  # type: ignore[call-overload]


def contacts(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    """Each contact under the agency that raised it (a school's contact is the school's). A partner sees only the
    contacts access/ lets them (contact_scope: those they raised; a designated safeguarding lead, their setting's)."""
    kinds = dict(ContactKind.choices)
    urls = _history(children)
    rows = period.filter(Contact.objects.filter(child_id__in=children), "received_on")
    if partner is not None:
        rows = rows.filter(contact_scope(user))
    for pk, child_id, on, at, kind, what, organisation, organisation_type, source in rows.values_list(
        "id",
        "child_id",
        "received_on",
        "received_at",
        "kind",
        "what_happened",
        "referrer_organisation__name",
        "referrer_organisation__organisation_type",
        "source",
    ):
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            occurred_at=at,
            agency=contact_agency(organisation_type, source),
            event_type=EventType.CONTACT,
            title=f"Contact from {organisation}" if organisation else "Contact",
            detail=f"{kinds.get(kind, kind)}. {shorten(what)}",
            url=urls[child_id] if partner is None else "",
            organisation=organisation or "",
            source_key=f"front_door.contact:{pk}",
        )


def decisions(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    outcomes = dict(DecisionOutcome.choices)
    urls = _history(children)
    rows = period.filter(ContactDecision.objects.filter(contact__child_id__in=children), "decided_at__date")
    for pk, child_id, at, outcome, rationale in rows.values_list(
        "id", "contact__child_id", "decided_at", "outcome", "rationale"
    ):
        on = timezone.localtime(at).date()
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            occurred_at=at,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.DECISION,
            title=f"Front door decision: {outcomes.get(outcome, outcome)}",
            detail=shorten(rationale),
            url=urls[child_id],
            source_key=f"front_door.decision:{pk}",
        )


def referrals(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    outcomes = dict(DecisionOutcome.choices)
    urls = _history(children)
    rows = period.filter(Referral.objects.filter(child_id__in=children), "referral_date").values_list(
        "id", "child_id", "referral_date", "route", "is_re_referral"
    )
    for pk, child_id, on, route, again in rows:
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.REFERRAL,
            title="Re-referral" if again else "Referral",
            detail=f"To {outcomes.get(route, route).lower()}",
            url=urls[child_id],
            source_key=f"front_door.referral:{pk}",
        )


_CLOSURE_REASONS = dict(ClosureReason.choices)


def closures(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    rows = period.filter(
        CaseEpisode.objects.filter(child_id__in=children, closed_on__isnull=False), "closed_on"
    ).values_list("id", "child_id", "closed_on", "closure_reason")
    for pk, child_id, on, reason in rows:
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.CLOSURE,
            title="Episode of need closed",
            detail=_CLOSURE_REASONS.get(reason, reason),  # in words, not the census's code (issue 19)
            source_key=f"front_door.case_episode_closed:{pk}",
        )


# presence: the rows each source reads, so the chronology asks once whether the child has any (one query for all).
CHRONOLOGY_SOURCES = [
    ChronologySource(
        "front_door.contacts",
        contacts,
        partners=True,
        presence=lambda children: Contact.objects.filter(child_id__in=children),
    ),
    ChronologySource(
        "front_door.decisions",
        decisions,
        presence=lambda children: ContactDecision.objects.filter(contact__child_id__in=children),
    ),
    ChronologySource(
        "front_door.referrals", referrals, presence=lambda children: Referral.objects.filter(child_id__in=children)
    ),
    ChronologySource(
        "front_door.closures",
        closures,
        presence=lambda children: CaseEpisode.objects.filter(child_id__in=children, closed_on__isnull=False),
    ),
]


# -- the case summary ----------------------------------------------------------------------------------------------


def harms(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The harms named on the child's contacts and on the decisions about them, each once, in alphabetical order (one
    query): the first of the summary's harms and risks."""
    labels = (
        ContactHarm.objects.filter(contact__child_id=child_id)
        .values_list("harm_type__label", flat=True)
        .union(
            DecisionHarm.objects.filter(decision__contact__child_id=child_id).values_list("harm_type__label", flat=True)
        )
    )
    return [SummaryItem(SummarySection.RISK, label) for label in sorted(set(labels))]


def contact_voice(*, child_id: int, user: Any) -> list[SummaryItem]:
    """What the child said, in their own words, as the person who raised each contact reported it, the most recent
    first (one query)."""
    url = reverse("front_door:child_history", args=[child_id])
    rows = (
        Contact.objects.filter(child_id=child_id)
        .exclude(childs_words="")
        .order_by("-received_at", "-id")
        .values_list("received_on", "childs_words", "referrer_organisation__name")[:VOICE_PER_SOURCE]
    )
    return [
        SummaryItem(
            section=SummarySection.VOICE,
            title=f"Contact from {organisation}, as they reported it" if organisation else "Contact, as reported",
            detail=shorten(words, 500),
            url=url,
            on=on,
        )
        for on, words, organisation in rows
    ]


def decision_voice(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The child's wishes and feelings in their own words, as the front door recorded them at each decision on a
    contact about the child, the most recent first (one query). A decision that could not obtain them gives
    nothing here: it is shown, with its reason, on the contact."""
    decisions = ContactDecision.objects.filter(contact__child_id=child_id)
    url = reverse("front_door:child_history", args=[child_id])
    return voice_summary_items(decisions, when="decided_at", title="At the front door's decision", url=url)


# Harms are named on a contact or on a decision about one: a child with no contact has none, and is not asked.
SUMMARY_SOURCES = [
    SummarySource("front_door.harms", harms, presence=lambda child_id: Contact.objects.filter(child_id=child_id)),
    SummarySource(
        "front_door.contact_voice",
        contact_voice,
        presence=lambda child_id: Contact.objects.filter(child_id=child_id).exclude(childs_words=""),
    ),
    SummarySource(
        "front_door.decision_voice",
        decision_voice,
        presence=lambda child_id: ContactDecision.objects.filter(contact__child_id=child_id).exclude(
            child_voice_words=""
        ),
    ),
]
