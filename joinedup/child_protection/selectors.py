"""Reads of child protection, always through access/scopes.py and access/policy.py. Each read of a child's record
page is audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import child_read_through_scope, has_permission
from joinedup.access.scopes import children_visible_to, practitioner_of
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import NotFoundOrNotPermitted, field_error
from joinedup.core.work import WorkItem, WorkKind
from joinedup.front_door.models import ContactDecision, DecisionHarm
from joinedup.people.identifiers import nhs_number_is_valid, normalise_nhs_number
from joinedup.people.models import Person
from joinedup.prompts.selectors import AnswerShown, prompt_answers_by_record, prompt_answers_of
from joinedup.timescales.calendar import CALENDAR
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
    ChildProtectionTeamMember,
    ChildProtectionVisit,
    Conference,
    ConferenceCarer,
    ConferenceInvitation,
    CoreGroupMeeting,
    CoreGroupMember,
    PlanAction,
    PreProceedings,
    Section47Enquiry,
    StrategyAction,
    StrategyContribution,
    StrategyDiscussion,
    StrategyParticipant,
)

CHILD_PROTECTION_RULES = (
    "strategy_discussion",
    "section_47_outcome",
    "initial_child_protection_conference",
    "first_core_group",
    "core_group_interval",
    "first_review_conference",
    "subsequent_review_conference",
    "child_protection_visit",
    "pre_birth_conference",
    "transfer_in_conference",
)


# An invited partner keeps taking part for this long after the conference is held, to read (and check) its
# minutes, which local procedures circulate within about four weeks. A named local figure, not a statutory one.
CONFERENCE_MINUTES_WINDOW = timedelta(days=28)

# A partner who took part in a strategy discussion that started no section 47 enquiry keeps taking part until they
# have recorded their contribution in their own login (information shared, view on the threshold, the actions they
# own), and for at most this many working days after the discussion. Neither Working Together 2023 nor the project's
# rules (RULES.md) give a figure; a working week is a local working figure, long enough for a police officer or a
# health visitor on shifts or part-time to be back on duty and record what they shared while it is fresh (and while it
# can still inform the assessment that continues), short enough that sight of the child gained for one meeting does
# not outlast it. Counted in working days (timescales' calendar, bank holidays excluded), as RULES.md counts.
STRATEGY_CONTRIBUTION_WINDOW_WORKING_DAYS = 5


def strategy_contribution_due(held_on: date) -> date:
    """The last day a partner may record their contribution to a strategy discussion held on `held_on` that started
    no enquiry (STRATEGY_CONTRIBUTION_WINDOW_WORKING_DAYS after it): also the day it is due on their work list."""
    return CALENDAR.add_working_days(held_on, STRATEGY_CONTRIBUTION_WINDOW_WORKING_DAYS)


# The practitioner takes part in open-ended work (an enquiry not concluded, a conference not yet held, the core
# group of an open plan): no last day yet.
STILL_OPEN = None


def _enquiry_end(prefix: str) -> Case:
    """When a section 47 enquiry's work ends (`prefix` leads from the row to the enquiry): the day it concluded, or,
    when it concluded recommending a conference, the day that conference was held (none yet: still open)."""
    held = Conference.objects.filter(
        enquiry_id=OuterRef(f"{prefix}id" if prefix else "id"),
        kind__in=[ConferenceKind.INITIAL, ConferenceKind.PRE_BIRTH],
        status=ConferenceStatus.HELD,
    ).order_by("held_on")
    return Case(
        When(
            **{f"{prefix}outcome": Section47Outcome.INITIAL_CONFERENCE},
            then=Subquery(held.values("held_on")[:1]),
        ),
        default=F(f"{prefix}concluded_on"),
        output_field=DateField(),
    )


def _part_rows(child_ids: Iterable[int], practitioner_ids: Iterable[int] | None) -> QuerySet[Any]:
    """Each piece of the children's child protection work the practitioners (all, for None) take part in, in one
    query (a UNION): (child, practitioner, kind, the linked record's id, the work's date, the linked record's end)."""
    children = list(child_ids)
    ids = None if practitioner_ids is None else list(practitioner_ids)

    def rows(qs: QuerySet[Any], child: str, who: str, kind: str, day: str, linked: str, end: str) -> QuerySet[Any]:
        qs = qs.filter(**{f"{child}__in": children})
        if ids is not None:
            qs = qs.filter(**{f"{who}__in": ids})
        return (
            qs.annotate(
                cp_child=F(child),
                cp_who=F(who),
                cp_kind=_text(kind),
                cp_day=F(day),
                cp_linked=F(linked),
                cp_end=F(end),
            )
            .values_list("cp_child", "cp_who", "cp_kind", "cp_day", "cp_linked", "cp_end")
            .order_by()
        )

    # A strategy discussion that started no enquiry: the day the participant's contribution was recorded (none yet:
    # NULL, and parts_last_days gives the window's last day).
    contributed = (
        StrategyContribution.objects.filter(
            discussion_id=OuterRef("discussion_id"), practitioner_id=OuterRef("practitioner_id")
        )
        .annotate(day=TruncDate("created_at"))
        .values("day")[:1]
    )
    parts = [
        rows(
            StrategyParticipant.objects.filter(practitioner__isnull=False).annotate(
                cp_enquiry_end=Case(
                    When(discussion__enquiry__isnull=True, then=Subquery(contributed)),
                    default=_enquiry_end("discussion__enquiry__"),
                    output_field=DateField(),
                )
            ),
            "discussion__child_id",
            "practitioner_id",
            "strategy",
            "discussion__held_on",
            "discussion__enquiry__id",
            "cp_enquiry_end",
        ),
        rows(
            ChildProtectionTeamMember.objects.annotate(cp_enquiry_end=_enquiry_end("enquiry__")),
            "enquiry__child_id",
            "practitioner_id",
            "team",
            "enquiry__started_on",
            "enquiry_id",
            "cp_enquiry_end",
        ),
        rows(
            Section47Enquiry.objects.filter(lead_practitioner__isnull=False).annotate(cp_enquiry_end=_enquiry_end("")),
            "child_id",
            "lead_practitioner_id",
            "lead",
            "started_on",
            "id",
            "cp_enquiry_end",
        ),
        rows(
            ConferenceInvitation.objects.all(),
            "conference__child_id",
            "practitioner_id",
            "invited",
            "conference__planned_for",
            "conference_id",
            "conference__held_on",
        ),
        rows(
            CoreGroupMember.objects.all(),
            "plan__child_id",
            "practitioner_id",
            "core_group",
            "plan__started_on",
            "plan_id",
            "plan__ended_on",
        ),
    ]
    return parts[0].union(*parts[1:], all=True)


def parts_last_days(
    child_ids: Iterable[int], practitioner_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], date | None]:
    """For each (child, practitioner) taking (or having taken) part in the child's child protection work, the last
    day they take part: STILL_OPEN while any of it is open. A strategy discussion's part lasts, when it started a
    section 47 enquiry, as long as the enquiry; when it did not, until the day the participant's contribution is
    recorded, and no later than strategy_contribution_due (the contribution window after it was held); the child
    protection team's and the lead's as long as the enquiry (up to the conference it recommended, when it
    recommended one: _enquiry_end); a conference invitation's until the conference is held and
    CONFERENCE_MINUTES_WINDOW after; the core group's as long as the plan. One query, whatever the number of
    children."""
    last: dict[tuple[int, int], date | None] = {}
    for child, who, kind, day, linked, end in _part_rows(child_ids, practitioner_ids):
        if kind == "strategy" and linked is None:
            window_ends = strategy_contribution_due(day)
            until: date | None = window_ends if end is None else min(end, window_ends)
        elif kind == "invited" and end is not None:
            until = end + CONFERENCE_MINUTES_WINDOW
        else:
            until = end
        key = (child, who)
        if key not in last:
            last[key] = until
            continue
        known = last[key]
        if known is not None and (until is None or until > known):
            last[key] = until
    return last


def part_last_days(child_id: int, practitioner_ids: Iterable[int]) -> dict[int, date | None]:
    """parts_last_days for one child, by practitioner."""
    return {who: until for (_, who), until in parts_last_days([child_id], practitioner_ids).items()}


def practitioner_takes_part(practitioner_id: int, child_id: int, on: date | None = None) -> bool:
    """The practitioner takes part in this child's child protection work on `on` (today): a strategy discussion,
    the multi-agency child protection team, an invitation to a conference, or the core group of a plan, while that
    work is open (part_last_days)."""
    on = on or timezone.localdate()
    last = part_last_days(child_id, [practitioner_id])
    if practitioner_id not in last:
        return False
    until = last[practitioner_id]
    return until is STILL_OPEN or until >= on


@dataclass
class ChildProtectionRecord:
    child: Person
    can_record: bool
    is_partner: bool
    discussions: list[StrategyDiscussion]
    enquiries: list[Section47Enquiry]
    conferences: list[Conference]
    plans: list[ChildProtectionPlan]
    open_plan: ChildProtectionPlan | None
    deadlines: list[Deadline]
    pre_proceedings: list[PreProceedings]
    today: date = field(default_factory=timezone.localdate)
    # The practice prompts answered at each strategy discussion (M32), by its id: the local authority's only.
    discussion_prompt_answers: dict[int, list[AnswerShown]] = field(default_factory=dict)
    # The signed-in practitioner: the discussions they may still record their contribution to, the plans whose core
    # group they record for (a current member, or the local authority's caseworker), and the actions they update.
    me_id: int | None = None
    contribute_to: set[int] = field(default_factory=set)
    on_behalf_to: set[int] = field(default_factory=set)
    core_group_of: set[int] = field(default_factory=set)


def child_protection_record_get(*, actor: Any, child_id: int) -> ChildProtectionRecord:
    """The child's child protection record: a fixed number of queries whatever its length; the read is audited."""
    child = access_child(
        actor, child_id, permission=Permission.VIEW_CHILD_PROTECTION, purpose="Child protection record"
    )
    can_record = has_permission(actor, Permission.RECORD_CHILD_PROTECTION, child)
    discussions = list(
        StrategyDiscussion.objects.filter(child=child)
        .select_related("recorded_by")
        .prefetch_related(
            "harms",
            Prefetch("participants", StrategyParticipant.objects.all()),
            Prefetch("actions", StrategyAction.objects.select_related("owner__organisation")),
            Prefetch(
                "contributions",
                StrategyContribution.objects.select_related("practitioner__organisation", "recorded_by"),
            ),
        )
        .order_by("-held_on", "-id")
    )
    enquiries = list(
        Section47Enquiry.objects.filter(child=child)
        .select_related("lead_practitioner__organisation", "strategy_discussion")
        .prefetch_related(
            Prefetch("team_members", ChildProtectionTeamMember.objects.select_related("practitioner__organisation"))
        )
        .order_by("-started_on", "-id")
    )
    conferences = list(
        Conference.objects.filter(child=child)
        .select_related("chair")
        .prefetch_related("harms")
        .order_by("-planned_for", "-id")
    )
    plans = list(
        ChildProtectionPlan.objects.filter(child=child)
        .prefetch_related(
            "harms",
            Prefetch("actions", PlanAction.objects.select_related("owner", "added_by", "updated_by")),
            Prefetch("core_group", CoreGroupMember.objects.select_related("practitioner__organisation")),
            "core_group_carers",
            Prefetch(
                "core_group_meetings",
                CoreGroupMeeting.objects.select_related("recorded_by__organisation").order_by("-held_on", "-id"),
            ),
            Prefetch("visits", ChildProtectionVisit.objects.order_by("-visited_on", "-id")),
        )
        .order_by("-started_on", "-id")
    )
    open_plan = next((p for p in plans if p.ended_on is None), None)
    deadlines = list(
        Deadline.objects.filter(child=child, rule_code__in=CHILD_PROTECTION_RULES).order_by("met_on", "due_on", "id")
    )
    pre_proceedings = list(
        PreProceedings.objects.filter(child=child)
        .select_related("family_group_decision_making")
        .prefetch_related("meetings")
    )
    return ChildProtectionRecord(
        child=child,
        can_record=can_record,
        is_partner=not can_record,
        discussions=discussions,
        enquiries=enquiries,
        conferences=conferences,
        plans=plans,
        open_plan=open_plan,
        deadlines=deadlines,
        pre_proceedings=pre_proceedings,
        discussion_prompt_answers=prompt_answers_by_record(StrategyDiscussion, [d.pk for d in discussions])
        if can_record
        else {},
        **_my_part(actor, discussions, plans, can_record),
    )


def _my_part(
    actor: Any,
    discussions: list[StrategyDiscussion],
    plans: list[ChildProtectionPlan],
    can_record: bool,
) -> dict[str, Any]:
    """What the signed-in practitioner (who may see the record: VIEW_CHILD_PROTECTION) may record of their own part,
    from what the record page has already read (no further query): access/policy.py decides the same at the
    services."""
    me = practitioner_of(actor)
    if me is None:
        return {}
    contribute_to: set[int] = set()
    on_behalf_to: set[int] = set()
    for d in discussions:
        takers = {p.practitioner_id for p in d.participants.all() if p.practitioner_id and not p.carer_role}
        given = {c.practitioner_id for c in d.contributions.all()}
        if me.pk in takers and me.pk not in given and d.recorded_by_id != me.pk:
            contribute_to.add(d.pk)
        if can_record and takers - given - {d.recorded_by_id}:
            on_behalf_to.add(d.pk)
    core_group_of = {
        p.pk
        for p in plans
        if p.ended_on is None and (can_record or any(m.practitioner_id == me.pk for m in p.core_group.all()))
    }
    return {
        "me_id": me.pk,
        "contribute_to": contribute_to,
        "on_behalf_to": on_behalf_to,
        "core_group_of": core_group_of,
    }


def discussion_for(*, actor: Any, discussion_id: int, permission: Permission, purpose: str = "") -> StrategyDiscussion:
    """A strategy discussion whose child the actor may see, when they hold `permission` on it (a contribution is
    asked of the discussion): 404 otherwise. With a purpose, the read is audited."""
    discussion = StrategyDiscussion.objects.select_related("child").filter(pk=discussion_id).first()
    if discussion is None:
        raise NotFoundOrNotPermitted
    child = children_visible_to(actor).filter(pk=discussion.child_id).first()
    if child is None:
        raise NotFoundOrNotPermitted
    child_read_through_scope(actor, child)
    discussion.child = child
    if not has_permission(actor, permission, discussion):
        raise NotFoundOrNotPermitted
    if purpose:
        with transaction.atomic():
            auditor.record_viewed(actor=actor, obj=discussion, child_id=child.pk, reason=purpose)
    return discussion


def plan_for_core_group(*, actor: Any, plan_id: int, purpose: str = "") -> ChildProtectionPlan:
    """A plan whose core group the actor records for (a current member, or the local authority's caseworker): 404
    otherwise. With a purpose, the read is audited."""
    plan = ChildProtectionPlan.objects.select_related("child").filter(pk=plan_id).first()
    if plan is None:
        raise NotFoundOrNotPermitted
    child = children_visible_to(actor).filter(pk=plan.child_id).first()
    if child is None:
        raise NotFoundOrNotPermitted
    child_read_through_scope(actor, child)
    plan.child = child
    if not has_permission(actor, Permission.RECORD_CORE_GROUP, plan):
        raise NotFoundOrNotPermitted
    if purpose:
        with transaction.atomic():
            auditor.record_viewed(actor=actor, obj=plan, child_id=child.pk, reason=purpose)
    return plan


@dataclass(frozen=True)
class FrontDoorCarriedOver:
    """What the front door already knows when it decided on a strategy discussion (issue 19, never type twice):
    the harms it identified, the day it decided (reasonable cause to suspect significant harm), whether the child was
    in immediate danger, and who raised the concern (when they use JoinedUp)."""

    harm_ids: list[int]
    decided_on: date
    immediate_danger: bool
    referrer_id: int | None
    referrer_role: str


def front_door_carried_over(child: Person, *, outcome: str = "strategy_discussion") -> FrontDoorCarriedOver | None:
    """The latest front door decision about `child` with `outcome` that was not returned by the manager: two
    queries (the decision with its contact, and its harms)."""
    decision = (
        ContactDecision.objects.filter(contact__child=child, outcome=outcome)
        .exclude(sign_off="returned")
        .select_related("contact__referrer")
        .order_by("-decided_at", "-id")
        .first()
    )
    if decision is None:
        return None
    harm_ids = list(DecisionHarm.objects.filter(decision=decision).values_list("harm_type_id", flat=True))
    contact = decision.contact
    referrer = contact.referrer
    return FrontDoorCarriedOver(
        harm_ids=harm_ids or list(contact.harms.values_list("pk", flat=True)),
        decided_on=timezone.localdate(decision.decided_at),
        immediate_danger=contact.immediate_danger,
        referrer_id=referrer.pk if referrer is not None else None,
        referrer_role=referrer.role if referrer is not None else "",
    )


def conference_for(*, actor: Any, conference_id: int, permission: Permission, purpose: str = "") -> Conference:
    """A conference whose child the actor may see with `permission` (on the child, or on the conference for an
    agency's report and the minutes)."""
    conference = (
        Conference.objects.select_related("child", "chair", "enquiry", "plan", "episode")
        .filter(pk=conference_id)
        .first()
    )
    if conference is None:
        raise NotFoundOrNotPermitted
    child = children_visible_to(actor).filter(pk=conference.child_id).first()
    if child is None:
        raise NotFoundOrNotPermitted
    child_read_through_scope(actor, child)
    target: Any = (
        conference if permission in (Permission.SUBMIT_AGENCY_REPORT, Permission.VIEW_CONFERENCE_MINUTES) else child
    )
    if not has_permission(actor, permission, target):
        raise NotFoundOrNotPermitted
    if purpose:
        with transaction.atomic():
            auditor.record_viewed(actor=actor, obj=conference, child_id=conference.child_id, reason=purpose)
    return conference


@dataclass
class ChronologyEntry:
    on: date
    what: str
    detail: str = ""


@dataclass
class ConferencePack:
    conference: Conference
    invitations: list[ConferenceInvitation]
    reports: list[AgencyReport]
    chronology: list[ChronologyEntry]
    plan: ChildProtectionPlan | None
    enquiry: Section47Enquiry | None
    can_record: bool
    minutes_visible: bool
    carers: list[ConferenceCarer] = field(default_factory=list)
    # The practice prompts answered at the conference (M32): the local authority's only, not the invited agencies'.
    prompt_answers: list[AnswerShown] = field(default_factory=list)

    @property
    def carers_described(self) -> str:
        """The carers the child lives with who were invited (M21), and whether they attended once it is held."""
        held = self.conference.held_on is not None
        return ", ".join(
            c.described + ((": attended" if c.attended else ": did not attend") if held else "") for c in self.carers
        )


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def _chronology(child_id: int) -> list[ChronologyEntry]:
    """Child protection's significant events for the child, newest first (the conference pack's chronology
    extract): one query (a UNION of each record's dates) whatever the history's length."""

    def rows(qs: QuerySet[Any], on: str, what: str, *columns: str) -> QuerySet[Any]:
        named = [*columns, "", "", ""][:3]
        # Named annotations: identical unnamed expressions would be collapsed into one column.
        return (
            qs.annotate(
                cp_on=F(on),
                cp_what=_text(what),
                **{f"cp_{n}": F(c) if c else _text("") for n, c in enumerate(named)},
            )
            .values_list("cp_on", "cp_what", "cp_0", "cp_1", "cp_2")
            .order_by()
        )

    parts = [
        rows(StrategyDiscussion.objects.filter(child_id=child_id), "held_on", "strategy", "outcome"),
        rows(Section47Enquiry.objects.filter(child_id=child_id), "started_on", "s47_started"),
        rows(
            Section47Enquiry.objects.filter(child_id=child_id, concluded_on__isnull=False),
            "concluded_on",
            "s47_outcome",
            "outcome",
        ),
        rows(
            Conference.objects.filter(child_id=child_id, status=ConferenceStatus.HELD),
            "held_on",
            "conference",
            "kind",
            "decision",
            "cin_category",
        ),
        rows(ChildProtectionPlan.objects.filter(child_id=child_id), "started_on", "plan_started"),
        rows(
            ChildProtectionPlan.objects.filter(child_id=child_id, ended_on__isnull=False),
            "ended_on",
            "plan_ended",
            "end_reason",
        ),
        rows(CoreGroupMeeting.objects.filter(plan__child_id=child_id), "held_on", "core_group"),
    ]
    entries: list[ChronologyEntry] = []
    for on, what, detail, extra, category in parts[0].union(*parts[1:], all=True):
        if what == "strategy":
            entries.append(ChronologyEntry(on, "Strategy discussion", StrategyOutcome(detail).label))
        elif what == "s47_started":
            entries.append(ChronologyEntry(on, "Section 47 enquiry started"))
        elif what == "s47_outcome":
            label = Section47Outcome(detail).label if detail else ""
            entries.append(ChronologyEntry(on, "Section 47 enquiry outcome", label))
        elif what == "conference":
            decided = ConferenceDecision(extra).label if extra else ""
            if category:
                decided += f" (category: {CIN_CATEGORY_LABELS.get(category, category)})"
            entries.append(ChronologyEntry(on, ConferenceKind(detail).label, decided))
        elif what == "plan_started":
            entries.append(ChronologyEntry(on, "Child protection plan started"))
        elif what == "plan_ended":
            entries.append(ChronologyEntry(on, "Child protection plan ended", PlanEndReason(detail).label))
        else:
            entries.append(ChronologyEntry(on, "Core group meeting"))
    entries.sort(key=lambda e: e.on, reverse=True)
    return entries


def conference_pack_get(*, actor: Any, conference_id: int) -> ConferencePack:
    """The conference pack: every agency's report, the chronology extract, the plan and earlier conferences. The
    local authority's caseworkers and the invited agencies see it; the read is audited."""
    conference = conference_for(
        actor=actor, conference_id=conference_id, permission=Permission.VIEW_CHILD_PROTECTION, purpose="Conference pack"
    )
    can_record = has_permission(actor, Permission.RECORD_CHILD_PROTECTION, conference.child)
    invitations = list(conference.invitations.select_related("practitioner__organisation").order_by("agency", "id"))
    reports = list(conference.reports.select_related("author__organisation").order_by("agency", "id"))
    plan = conference.plan  # read with the conference
    if plan is not None:
        prefetch_related_objects([plan], "harms", Prefetch("actions", PlanAction.objects.select_related("owner")))
    minutes_visible = can_record or (
        conference.minutes_shared_on is not None
        and has_permission(actor, Permission.VIEW_CONFERENCE_MINUTES, conference)
    )
    return ConferencePack(
        conference=conference,
        invitations=invitations,
        reports=reports,
        chronology=_chronology(conference.child_id),
        plan=plan,
        enquiry=conference.enquiry,
        can_record=can_record,
        minutes_visible=minutes_visible,
        carers=list(conference.carers.all()),
        prompt_answers=prompt_answers_of(conference) if can_record else [],
    )


def invitations_for(*, actor: Any) -> list[ConferenceInvitation]:
    """The partner portal: the conferences the actor is invited to, with their report if sent."""
    practitioner = practitioner_of(actor)
    if practitioner is None:
        return []
    visible = children_visible_to(actor).values("id")
    return list(
        ConferenceInvitation.objects.filter(practitioner=practitioner, conference__child_id__in=visible)
        .select_related("conference__child", "report")
        .order_by("-conference__planned_for", "-id")[:100]
    )


def open_enquiry_for(child: Person) -> Section47Enquiry | None:
    return Section47Enquiry.objects.filter(child=child).order_by("-started_on", "-id").first()


def open_plan_for(child: Person) -> ChildProtectionPlan | None:
    return ChildProtectionPlan.objects.filter(child=child, ended_on__isnull=True).first()


# -- the NHS Child Protection Information Sharing shape ----------------------------------------------------------
# A health partner looks up one child at a time by NHS number (an unborn child by the pregnant person's NHS number),
# as the national service answers unscheduled care; only a named partner system receives every plan (issue 26).


def _cp_is_plans() -> QuerySet[ChildProtectionPlan]:
    """Plans open, or ended in the last year, of children CP-IS can name: by their own NHS number, or, unborn, by
    the pregnant person's. Restricted records are never shared this way."""
    since = timezone.localdate().replace(day=1)
    since = since.replace(year=since.year - 1)
    named = Q(child__nhs_number__isnull=False) & ~Q(child__nhs_number="")
    unborn = Q(
        child__child_profile__is_unborn=True,
        child__child_profile__pregnant_person__nhs_number__isnull=False,
    ) & ~Q(child__child_profile__pregnant_person__nhs_number="")
    return (
        ChildProtectionPlan.objects.filter(named | unborn, child__is_restricted=False)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since))
        .select_related("child", "child__child_profile", "child__child_profile__pregnant_person")
        .order_by("id")
    )


CP_IS_LOOKUP = "CP-IS lookup by NHS number"


def cp_is_lookup(*, actor: Any, nhs_number: str) -> QuerySet[ChildProtectionPlan]:
    """The CP-IS plans of the child with this NHS number, or of the unborn children of the pregnant person with it:
    for health partners (access/policy.py), one NHS number at a time, never a list of everyone. Each child found is
    a read of their record, in the audit trail whether or not they have a plan (what is found is the answer)."""
    if not has_permission(actor, Permission.VIEW_CHILD_PROTECTION_STATUS):
        raise NotFoundOrNotPermitted
    number = normalise_nhs_number(nhs_number)
    if not number:
        raise field_error(
            "nhs_number",
            "Enter the child's NHS number (or, for an unborn child, the pregnant person's)",
            "nhs_number_required",
        )
    if not nhs_number_is_valid(number):
        raise field_error("nhs_number", "Enter a real NHS number: 10 digits", "invalid_nhs_number")
    found = list(
        Person.objects.filter(is_child_record=True, merged_into__isnull=True, is_restricted=False)
        .filter(
            Q(nhs_number=number) | Q(child_profile__is_unborn=True, child_profile__pregnant_person__nhs_number=number)
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    with transaction.atomic():
        auditor.audit_events_record(
            actor=actor,
            events=[
                auditor.EventSpec(AuditAction.SEARCHED, "people.person", pk, child_id=pk, reason=CP_IS_LOOKUP)
                for pk in found
            ],
        )
    return _cp_is_plans().filter(child_id__in=found)


def cp_is_feed(*, actor: Any) -> QuerySet[ChildProtectionPlan]:
    """Every plan CP-IS shares, for a named partner system whose API token grants the bulk feed (access/policy.py);
    a person, whatever their role, is refused."""
    if not has_permission(actor, Permission.RECEIVE_CP_IS_BULK_FEED):
        raise NotFoundOrNotPermitted
    return _cp_is_plans()


def kinds_offered(child: Person) -> list[str]:
    kinds = [ConferenceKind.INITIAL, ConferenceKind.REVIEW, ConferenceKind.TRANSFER_IN]
    if getattr(getattr(child, "child_profile", None), "is_unborn", False):
        kinds.insert(1, ConferenceKind.PRE_BIRTH)
    return [str(k) for k in kinds]


# -- work waiting for a person (issue 19; joinedup/core/work.py, declared in work.py) ------------------------------


def contributions_to_record_work(*, actor: Any, today: date) -> list[WorkItem]:
    """The strategy discussions the actor took part in and has not yet recorded their contribution to, about
    children they may still see (one query). Due by the end of the contribution window (strategy_contribution_due),
    after which a partner whose discussion started no enquiry no longer takes part."""
    me = practitioner_of(actor)
    if me is None:
        return []
    rows = (
        StrategyParticipant.objects.filter(
            practitioner_id=me.pk, carer_role="", discussion__child_id__in=children_visible_to(actor).values("pk")
        )
        .exclude(discussion__recorded_by_id=me.pk)
        .exclude(discussion__contributions__practitioner_id=me.pk)
        .select_related("discussion__child")
        .order_by("discussion__held_on", "discussion_id")
        .distinct()
    )
    items: dict[int, WorkItem] = {}
    for row in rows:
        d = row.discussion
        items.setdefault(
            d.pk,
            WorkItem(
                kind=WorkKind.CONTRIBUTION,
                title=f"Record your contribution to the strategy discussion about {d.child.display_name}",
                url=reverse("child_protection:contribution_new", args=[d.pk]),
                child_id=d.child_id,
                child_name=d.child.display_name,
                due_on=strategy_contribution_due(d.held_on),
                is_urgent=d.immediate_danger,
                since=d.held_on,
                detail=f"Strategy discussion on {uk_date(d.held_on)}",
                object_type="child_protection.strategydiscussion",
                object_id=d.pk,
            ),
        )
    return list(items.values())


def strategy_actions_owned_work(*, actor: Any, today: date) -> list[WorkItem]:
    """The actions from strategy discussions the actor owns and has not done, about children they may still see
    (one query)."""
    me = practitioner_of(actor)
    if me is None:
        return []
    rows = StrategyAction.objects.filter(
        owner_id=me.pk, completed_on__isnull=True, discussion__child_id__in=children_visible_to(actor).values("pk")
    ).select_related("discussion__child")
    return [
        WorkItem(
            kind=WorkKind.ACTION,
            title=f"{a.action} ({a.discussion.child.display_name})",
            url=reverse("child_protection:record", args=[a.discussion.child_id]) + f"#strategy-{a.discussion_id}",
            child_id=a.discussion.child_id,
            child_name=a.discussion.child.display_name,
            due_on=a.due_on,
            since=a.discussion.held_on,
            detail=f"From the strategy discussion on {uk_date(a.discussion.held_on)}",
            object_type="child_protection.strategyaction",
            object_id=a.pk,
        )
        for a in rows
    ]


def plan_actions_owned_work(*, actor: Any, today: date) -> list[WorkItem]:
    """The actions in child protection plans still in force that the actor owns and has not done, about children
    they may still see (one query)."""
    me = practitioner_of(actor)
    if me is None:
        return []
    rows = PlanAction.objects.filter(
        owner_id=me.pk,
        completed_on__isnull=True,
        plan__ended_on__isnull=True,
        plan__child_id__in=children_visible_to(actor).values("pk"),
    ).select_related("plan__child")
    return [
        WorkItem(
            kind=WorkKind.ACTION,
            title=f"{a.action} ({a.plan.child.display_name})",
            url=reverse("child_protection:action_update", args=[a.pk]),
            child_id=a.plan.child_id,
            child_name=a.plan.child.display_name,
            due_on=a.due_on,
            since=a.plan.started_on,
            detail=f"In {a.plan.child.display_name}'s child protection plan",
            object_type="child_protection.planaction",
            object_id=a.pk,
        )
        for a in rows
    ]
