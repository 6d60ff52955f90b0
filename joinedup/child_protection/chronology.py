"""Child protection's significant events in the multi-agency chronology (joinedup/core/chronology.py): strategy
discussions, section 47 enquiries and their outcomes, conferences and their decisions, the agencies' reports to them,
plans starting and ending and core group meetings (visits are the visits app's: one visit, recorded once); and in
the case summary (joinedup/core/summary.py) the child protection plan in force, with its categories of abuse and
its next review conference, and the child's views at their conferences. Declared here, read by the chronology app
(ChronologyConfig.ready); a query or two for all the children together.

Every chronology source is read for partners too (``partners=True``): a partner who takes part in a child's child
protection work (a strategy discussion, the enquiry's team, a conference invitation, the core group: access/ decides
it, as it opens the child protection record to them) sees its events. An event is attributed to the agency that
recorded it: the local authority's, or the agency that wrote a report to a conference. The summary's sources are
read for local authority caseworkers only (the default)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from joinedup.agencies.models import chronology_agency
from joinedup.core.chronology import (
    Agency,
    ChronologyEntry,
    ChronologySource,
    EventType,
    PartnerReader,
    Period,
    RecordPart,
)
from joinedup.core.summary import SummaryItem, SummarySection, SummarySource
from joinedup.core.voice import voice_summary_items
from joinedup.timescales.models import Deadline
from joinedup.ui.govuk import uk_date

from .codes import (
    CIN_CATEGORY_LABELS,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    PlanEndReason,
    Section47Outcome,
    StrategyOutcome,
)
from .models import (
    AgencyReport,
    ChildProtectionPlan,
    Conference,
    CoreGroupMeeting,
    Section47Enquiry,
    StrategyContribution,
    StrategyDiscussion,
)

LA = Agency.CHILDRENS_SOCIAL_CARE


def _record(child_id: int) -> str:
    return reverse("child_protection:record", args=[child_id])


def _readable(children: Sequence[int], partner: PartnerReader | None) -> list[int]:
    """The children whose child protection events this reader sees: all of them for the local authority, for a
    partner those whose child protection work they take part in."""
    if partner is None:
        return list(children)
    return partner.children_in(children, RecordPart.CHILD_PROTECTION)


def _by(organisation_type: str | None) -> Agency:
    """The agency of the practitioner who recorded it: the local authority's when nobody is named."""
    return chronology_agency(organisation_type, default=LA)


def strategy_discussions(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    children = _readable(children, partner)
    if not children:
        return
    rows = period.filter(StrategyDiscussion.objects.filter(child_id__in=children), "held_on")
    for row in rows.values(
        "id",
        "child_id",
        "held_on",
        "outcome",
        "recorded_by__organisation__name",
        "recorded_by__organisation__organisation_type",
    ):
        yield ChronologyEntry(
            child_id=row["child_id"],
            occurred_on=row["held_on"],
            agency=_by(row["recorded_by__organisation__organisation_type"]),
            event_type=EventType.STRATEGY_DISCUSSION,
            title="Strategy discussion",
            detail=f"Outcome: {StrategyOutcome(row['outcome']).label}",
            url=_record(row["child_id"]),
            organisation=row["recorded_by__organisation__name"] or "",
            source_key=f"child_protection.strategy_discussion:{row['id']}",
        )


def strategy_contributions(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    """Each agency's contribution to a strategy discussion (issue 19), on the day it was recorded, under that
    agency."""
    children = _readable(children, partner)
    if not children:
        return
    rows = period.filter(StrategyContribution.objects.filter(discussion__child_id__in=children), "created_at__date")
    for row in rows.values(
        "id",
        "discussion_id",
        "discussion__child_id",
        "discussion__held_on",
        "created_at",
        "practitioner__given_name",
        "practitioner__family_name",
        "practitioner__organisation__name",
        "practitioner__organisation__organisation_type",
    ):
        organisation = row["practitioner__organisation__name"] or ""
        who = f"{row['practitioner__given_name']} {row['practitioner__family_name']}".strip()
        yield ChronologyEntry(
            child_id=row["discussion__child_id"],
            occurred_on=timezone.localdate(row["created_at"]),
            agency=chronology_agency(row["practitioner__organisation__organisation_type"]),
            event_type=EventType.STRATEGY_DISCUSSION,
            title=f"Contribution to the strategy discussion from {organisation}",
            detail=f"{who}, for the strategy discussion on {uk_date(row['discussion__held_on'])}",
            url=_record(row["discussion__child_id"]) + f"#strategy-{row['discussion_id']}",
            organisation=organisation,
            source_key=f"child_protection.strategy_contribution:{row['id']}",
        )


def section_47_outcomes(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    children = _readable(children, partner)
    if not children:
        return
    rows = period.filter(
        Section47Enquiry.objects.filter(child_id__in=children, concluded_on__isnull=False), "concluded_on"
    )
    for row in rows.values("id", "child_id", "concluded_on", "outcome"):
        yield ChronologyEntry(
            child_id=row["child_id"],
            occurred_on=row["concluded_on"],
            agency=LA,
            event_type=EventType.SECTION_47,
            title="Section 47 enquiry outcome",
            detail=Section47Outcome(row["outcome"]).label if row["outcome"] else "",
            url=_record(row["child_id"]),
            source_key=f"child_protection.section_47_outcome:{row['id']}",
        )


def conferences(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    children = _readable(children, partner)
    if not children:
        return
    rows = period.filter(Conference.objects.filter(child_id__in=children, status="held"), "held_on")
    for row in rows.values(
        "id",
        "child_id",
        "held_on",
        "kind",
        "decision",
        "cin_category",
        "recorded_by__organisation__name",
        "recorded_by__organisation__organisation_type",
    ):
        detail = ConferenceDecision(row["decision"]).label if row["decision"] else ""
        if row["cin_category"]:
            detail += f" (category: {CIN_CATEGORY_LABELS.get(row['cin_category'], row['cin_category'])})"
        yield ChronologyEntry(
            child_id=row["child_id"],
            occurred_on=row["held_on"],
            agency=_by(row["recorded_by__organisation__organisation_type"]),
            event_type=EventType.CONFERENCE,
            title=ConferenceKind(row["kind"]).label,
            detail=detail,
            url=reverse("child_protection:conference", args=[row["id"]]),
            organisation=row["recorded_by__organisation__name"] or "",
            source_key=f"child_protection.conference:{row['id']}",
        )


def agency_reports(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    """Each agency's written report to a conference, on the day it was submitted, under that agency."""
    children = _readable(children, partner)
    if not children:
        return
    rows = period.filter(AgencyReport.objects.filter(conference__child_id__in=children), "submitted_on")
    for pk, child_id, on, kind, conference_id, organisation, organisation_kind in rows.values_list(
        "id",
        "conference__child_id",
        "submitted_on",
        "conference__kind",
        "conference_id",
        "author__organisation__name",
        "author__organisation__organisation_type",
    ):
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=chronology_agency(organisation_kind),
            event_type=EventType.CONFERENCE,
            title=f"Report to the {ConferenceKind(kind).label.lower()} from {organisation}",
            url=reverse("child_protection:conference", args=[conference_id]),
            organisation=organisation,
            source_key=f"child_protection.agency_report:{pk}",
        )


def plans(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    children = _readable(children, partner)
    if not children:
        return
    qs = ChildProtectionPlan.objects.filter(child_id__in=children)
    for row in qs.values("id", "child_id", "started_on", "ended_on", "end_reason"):
        if period.contains(row["started_on"]):
            yield ChronologyEntry(
                child_id=row["child_id"],
                occurred_on=row["started_on"],
                agency=LA,
                event_type=EventType.PLAN,
                title="Child protection plan started",
                url=_record(row["child_id"]),
                source_key=f"child_protection.plan_started:{row['id']}",
            )
        if row["ended_on"] and period.contains(row["ended_on"]):
            yield ChronologyEntry(
                child_id=row["child_id"],
                occurred_on=row["ended_on"],
                agency=LA,
                event_type=EventType.PLAN,
                title="Child protection plan ended",
                detail=PlanEndReason(row["end_reason"]).label if row["end_reason"] else "",
                url=_record(row["child_id"]),
                source_key=f"child_protection.plan_ended:{row['id']}",
            )


def core_groups(
    *, children: Sequence[int], user: Any, period: Period, partner: PartnerReader | None
) -> Iterator[ChronologyEntry]:
    children = _readable(children, partner)
    if not children:
        return
    rows = period.filter(CoreGroupMeeting.objects.filter(plan__child_id__in=children), "held_on")
    for row in rows.values(
        "id",
        "plan__child_id",
        "held_on",
        "recorded_by__organisation__name",
        "recorded_by__organisation__organisation_type",
    ):
        yield ChronologyEntry(
            child_id=row["plan__child_id"],
            occurred_on=row["held_on"],
            agency=_by(row["recorded_by__organisation__organisation_type"]),
            event_type=EventType.REVIEW,
            title="Core group meeting",
            url=_record(row["plan__child_id"]),
            organisation=row["recorded_by__organisation__name"] or "",
            source_key=f"child_protection.core_group:{row['id']}",
        )


# presence: the rows each source reads, so the chronology asks once whether the child has any (one query for all).
CHRONOLOGY_SOURCES = [
    ChronologySource(
        "child_protection.strategy_discussions",
        strategy_discussions,
        partners=True,
        presence=lambda children: StrategyDiscussion.objects.filter(child_id__in=children),
    ),
    ChronologySource(
        "child_protection.strategy_contributions",
        strategy_contributions,
        partners=True,
        presence=lambda children: StrategyContribution.objects.filter(discussion__child_id__in=children),
    ),
    ChronologySource(
        "child_protection.section_47_outcomes",
        section_47_outcomes,
        partners=True,
        presence=lambda children: Section47Enquiry.objects.filter(child_id__in=children, concluded_on__isnull=False),
    ),
    ChronologySource(
        "child_protection.conferences",
        conferences,
        partners=True,
        presence=lambda children: Conference.objects.filter(child_id__in=children, status="held"),
    ),
    ChronologySource(
        "child_protection.agency_reports",
        agency_reports,
        partners=True,
        presence=lambda children: AgencyReport.objects.filter(conference__child_id__in=children),
    ),
    ChronologySource(
        "child_protection.plans",
        plans,
        partners=True,
        presence=lambda children: ChildProtectionPlan.objects.filter(child_id__in=children),
    ),
    ChronologySource(
        "child_protection.core_groups",
        core_groups,
        partners=True,
        presence=lambda children: CoreGroupMeeting.objects.filter(plan__child_id__in=children),
    ),
]


# -- the case summary: the plan in force, and the child's views at their conferences ------------------------------

REVIEW_CONFERENCE_RULES = ("first_review_conference", "subsequent_review_conference")


def plan_in_force(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The child protection plan in force (not ended), with its categories of abuse (those of the plan's categories
    of harm, as the conference recorded them) and its next review conference: the one arranged, or else the day the
    review conference is due by. One query, one row for each category of harm."""
    rows = (
        ChildProtectionPlan.objects.filter(child_id=child_id, ended_on__isnull=True)
        .annotate(
            review_arranged_for=Subquery(
                Conference.objects.filter(
                    child_id=OuterRef("child_id"), kind=ConferenceKind.REVIEW, status=ConferenceStatus.ARRANGED
                )
                .order_by("planned_for", "id")
                .values("planned_for")[:1]
            ),
            review_due_on=Subquery(
                Deadline.objects.filter(
                    child_id=OuterRef("child_id"), rule_code__in=REVIEW_CONFERENCE_RULES, met_on__isnull=True
                )
                .order_by("due_on", "id")
                .values("due_on")[:1]
            ),
        )
        .order_by("-started_on", "-id")
        .values(
            "id",
            "started_on",
            "latest_category",
            "review_arranged_for",
            "review_due_on",
            "harms__cin_category_of_abuse",
        )
    )
    plans: dict[int, dict[str, Any]] = {}
    for row in rows:
        plan = plans.setdefault(row["id"], {**row, "categories": set()})
        if row["harms__cin_category_of_abuse"]:
            plan["categories"].add(row["harms__cin_category_of_abuse"])
    items = []
    for plan in plans.values():
        codes = plan["categories"] or ({plan["latest_category"]} if plan["latest_category"] else set())
        labels = sorted(CIN_CATEGORY_LABELS.get(code, code) for code in codes)
        if labels:
            category = f"{'Categories' if len(labels) > 1 else 'Category'} of abuse: {', '.join(labels)}."
        else:
            category = "Category of abuse not recorded."
        if plan["review_arranged_for"]:
            review = f"Next review conference arranged for {uk_date(plan['review_arranged_for'])}."
        elif plan["review_due_on"]:
            review = f"Next review conference due by {uk_date(plan['review_due_on'])}, not yet arranged."
        else:
            review = "No review conference arranged."
        items.append(
            SummaryItem(
                section=SummarySection.PLAN,
                title="Child protection plan",
                detail=f"{category} {review}",
                url=_record(child_id),
                on=plan["started_on"],
            )
        )
    return items


def conference_voice(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The child's wishes and feelings in their own words, as each conference that started or reviewed their plan
    recorded them, the most recent first (one query); each item links to its conference."""
    held = Conference.objects.filter(child_id=child_id, status=ConferenceStatus.HELD)
    return voice_summary_items(
        held,
        when="held_on",
        title=lambda row: ConferenceKind(row["kind"]).label,
        url=lambda row: reverse("child_protection:conference", args=[row["id"]]),
        fields=["kind"],
    )


def strategy_voice(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The child's wishes and feelings in their own words, as each strategy discussion recorded them, the most
    recent first (one query). A discussion that could not obtain them shows its reason on the record only."""
    discussions = StrategyDiscussion.objects.filter(child_id=child_id)
    return voice_summary_items(discussions, when="held_on", title="Strategy discussion", url=_record(child_id))


def section_47_voice(*, child_id: int, user: Any) -> list[SummaryItem]:
    """The child's wishes and feelings in their own words at the outcome of each section 47 enquiry, the most
    recent first (one query)."""
    concluded = Section47Enquiry.objects.filter(child_id=child_id, concluded_on__isnull=False)
    return voice_summary_items(
        concluded, when="concluded_on", title="Section 47 enquiry outcome", url=_record(child_id)
    )


SUMMARY_SOURCES = [
    SummarySource(
        "child_protection.plan",
        plan_in_force,
        presence=lambda child_id: ChildProtectionPlan.objects.filter(child_id=child_id, ended_on__isnull=True),
    ),
    SummarySource(
        "child_protection.conference_voice",
        conference_voice,
        presence=lambda child_id: Conference.objects.filter(child_id=child_id, status=ConferenceStatus.HELD).exclude(
            child_voice_words=""
        ),
    ),
    SummarySource(
        "child_protection.strategy_voice",
        strategy_voice,
        presence=lambda child_id: StrategyDiscussion.objects.filter(child_id=child_id).exclude(child_voice_words=""),
    ),
    SummarySource(
        "child_protection.section_47_voice",
        section_47_voice,
        presence=lambda child_id: Section47Enquiry.objects.filter(
            child_id=child_id, concluded_on__isnull=False
        ).exclude(child_voice_words=""),
    ),
]
