"""Chronology and summary sources for the apps that existed before the case record: the front door (contacts,
decisions, referrals, closures), children in care (periods, placements, missing episodes, reviews, visits) and care
leavers (pathway plans). Registered from CaseRecordConfig.ready(). Each reads all the children at once, one query.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone

from .chronology import Agency, ChronologyEntry, EventType, Period, Presence, register_chronology_source
from .summary_sources import SummaryItem, SummarySection, register_summary_source


def _short(text: str, limit: int = 300) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _urls(name: str, children: Sequence[int]) -> dict[int, str]:
    return {child_id: reverse(name, args=[child_id]) for child_id in set(children)}


def front_door_contacts(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    from joinedup.front_door.codes import ContactKind
    from joinedup.front_door.models import Contact

    kinds = dict(ContactKind.choices)
    urls = _urls("front_door:child_history", children)
    rows = period.filter(Contact.objects.filter(child_id__in=children), "received_on").values_list(
        "id", "child_id", "received_on", "received_at", "kind", "what_happened", "referrer_organisation__name"
    )
    for pk, child_id, on, at, kind, what, organisation in rows:
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            occurred_at=at,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.CONTACT,
            title=f"Contact from {organisation}" if organisation else "Contact",
            detail=f"{kinds.get(kind, kind)}. {_short(what)}",
            url=urls[child_id],
            source_key=f"front_door.contact:{pk}",
        )


def front_door_decisions(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    from joinedup.front_door.codes import DecisionOutcome
    from joinedup.front_door.models import ContactDecision

    outcomes = dict(DecisionOutcome.choices)
    urls = _urls("front_door:child_history", children)
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
            detail=_short(rationale),
            url=urls[child_id],
            source_key=f"front_door.decision:{pk}",
        )


def front_door_referrals(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    from joinedup.front_door.codes import DecisionOutcome
    from joinedup.front_door.models import Referral

    outcomes = dict(DecisionOutcome.choices)
    urls = _urls("front_door:child_history", children)
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


def case_closures(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    from joinedup.episodes.models import CaseEpisode

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
            detail=f"Reason {reason}" if reason else "",
            source_key=f"front_door.case_episode_closed:{pk}",
        )


def care_periods(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    from joinedup.children_in_care.models import PeriodOfCare

    urls = _urls("children_in_care:care_history", children)
    rows = PeriodOfCare.objects.filter(child_id__in=children).values_list("id", "child_id", "started_on", "ended_on")
    for pk, child_id, started, ended in rows:
        if period.contains(started):
            yield ChronologyEntry(
                child_id=child_id,
                occurred_on=started,
                agency=Agency.CHILDRENS_SOCIAL_CARE,
                event_type=EventType.PLACEMENT,
                title="Became looked after",
                url=urls[child_id],
                source_key=f"children_in_care.period_start:{pk}",
            )
        if ended and period.contains(ended):
            yield ChronologyEntry(
                child_id=child_id,
                occurred_on=ended,
                agency=Agency.CHILDRENS_SOCIAL_CARE,
                event_type=EventType.PLACEMENT,
                title="Ceased to be looked after",
                url=urls[child_id],
                source_key=f"children_in_care.period_end:{pk}",
            )


def placements(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    from joinedup.children_in_care.codes import PlacementType
    from joinedup.children_in_care.models import Placement

    types = dict(PlacementType.choices)
    urls = _urls("children_in_care:care_history", children)
    rows = period.filter(Placement.objects.filter(child_id__in=children), "started_on").values_list(
        "id", "child_id", "started_on", "placement_type", "setting_name"
    )
    for pk, child_id, on, kind, setting in rows:
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.PLACEMENT,
            title="Placement began",
            detail=f"{types.get(kind, kind)}{': ' + setting if setting else ''}",
            url=urls[child_id],
            source_key=f"children_in_care.placement:{pk}",
        )


def missing_episodes(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    from joinedup.children_in_care.codes import MissingKind
    from joinedup.children_in_care.models import MissingEpisode

    kinds = dict(MissingKind.choices)
    urls = _urls("children_in_care:care_history", children)
    rows = period.filter(MissingEpisode.objects.filter(child_id__in=children), "started_at__date").values_list(
        "id", "child_id", "started_at", "ended_at", "kind"
    )
    for pk, child_id, started, ended, kind in rows:
        on = timezone.localtime(started).date()
        back = f"; returned {timezone.localtime(ended):%-d %B %Y %H:%M}" if ended else "; not yet returned"
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            occurred_at=started,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.MISSING,
            title=kinds.get(kind, kind),
            detail=f"From {timezone.localtime(started):%H:%M}{back}",
            url=urls[child_id],
            source_key=f"children_in_care.missing:{pk}",
        )


def looked_after_reviews(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    from joinedup.children_in_care.models import LookedAfterReview

    urls = _urls("children_in_care:care_history", children)
    rows = period.filter(LookedAfterReview.objects.filter(child_id__in=children), "held_on").values_list(
        "id", "child_id", "held_on", "number", "child_views"
    )
    for pk, child_id, on, number, views in rows:
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.REVIEW,
            title=f"Looked-after review {number}",
            detail=_short(views),
            url=urls[child_id],
            source_key=f"children_in_care.review:{pk}",
        )


def pathway_plans(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    from joinedup.care_leavers.models import PathwayPlan

    rows = period.filter(PathwayPlan.objects.filter(child_id__in=children), "agreed_on").values_list(
        "id", "child_id", "agreed_on", "summary"
    )
    for pk, child_id, on, summary in rows:
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.LEAVING_CARE,
            title="Pathway plan agreed",
            detail=_short(summary),
            source_key=f"care_leavers.pathway_plan:{pk}",
        )


def significant_events(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    from .models import SignificantEvent

    rows = period.filter(SignificantEvent.objects.filter(child_id__in=children), "occurred_on")
    for pk, child_id, on, agency, kind, title, detail, by in rows.values_list(
        "id", "child_id", "occurred_on", "agency", "event_type", "title", "detail", "recorded_by_name"
    ):
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=agency,
            event_type=kind,
            title=title,
            detail=detail,
            recorded_by=by,
            source_key=f"case_record.significant_event:{pk}",
        )


def significant_notes(*, children: Sequence[int], user: Any, period: Period) -> Iterator[ChronologyEntry]:
    from .models import CaseNoteChild, NoteType

    types = dict(NoteType.choices)
    prefixes = {c: reverse("case_record:notes", args=[c]) for c in set(children)}
    rows = period.filter(
        CaseNoteChild.objects.filter(child_id__in=children, note__is_significant=True), "occurred_on"
    ).values_list(
        "note_id",
        "child_id",
        "occurred_on",
        "note__note_type",
        Substr("note__what_happened", 1, 300),
        "note__author_name",
    )
    for note_id, child_id, on, kind, what, by in rows:
        yield ChronologyEntry(
            child_id=child_id,
            occurred_on=on,
            agency=Agency.CHILDRENS_SOCIAL_CARE,
            event_type=EventType.DIRECT_WORK
            if kind == NoteType.DIRECT_WORK
            else EventType.VISIT
            if kind in (NoteType.VISIT, NoteType.JOINT_VISIT)
            else EventType.CASE_NOTE,
            title=types.get(kind, kind),
            detail=what,
            url=f"{prefixes[child_id]}{note_id}/",
            recorded_by=by,
            source_key=f"case_record.note:{note_id}",
        )


def _presence(model_path: str, child_field: str = "child_id", **conditions: Any) -> Presence:
    """The rows a source reads, for the one-query presence check in chronology.gather."""

    def rows(children: Sequence[int]) -> QuerySet[Any]:
        from django.apps import apps

        return apps.get_model(model_path).objects.filter(**{f"{child_field}__in": children}, **conditions)

    return rows


def register() -> None:
    register_chronology_source("front_door.contacts", front_door_contacts, presence=_presence("front_door.Contact"))
    register_chronology_source(
        "front_door.decisions",
        front_door_decisions,
        presence=_presence("front_door.ContactDecision", "contact__child_id"),
    )
    register_chronology_source("front_door.referrals", front_door_referrals, presence=_presence("front_door.Referral"))
    register_chronology_source(
        "front_door.closures", case_closures, presence=_presence("episodes.CaseEpisode", closed_on__isnull=False)
    )
    register_chronology_source(
        "children_in_care.periods", care_periods, presence=_presence("children_in_care.PeriodOfCare")
    )
    register_chronology_source(
        "children_in_care.placements", placements, presence=_presence("children_in_care.Placement")
    )
    register_chronology_source(
        "children_in_care.missing", missing_episodes, presence=_presence("children_in_care.MissingEpisode")
    )
    register_chronology_source(
        "children_in_care.reviews", looked_after_reviews, presence=_presence("children_in_care.LookedAfterReview")
    )
    register_chronology_source(
        "care_leavers.pathway_plans", pathway_plans, presence=_presence("care_leavers.PathwayPlan")
    )
    register_chronology_source(
        "case_record.significant_events", significant_events, presence=_presence("case_record.SignificantEvent")
    )
    register_chronology_source(
        "case_record.significant_notes",
        significant_notes,
        presence=_presence("case_record.CaseNoteChild", note__is_significant=True),
    )


# -- the case summary's "current plan" and the child's voice from the apps above -----------------------------------


def care_plan_summary(*, child_id: int, user: Any) -> list[SummaryItem]:
    from joinedup.children_in_care.models import CarePlan, PeriodOfCare

    plan = (
        CarePlan.objects.filter(child_id=child_id, period__in=PeriodOfCare.objects.filter(ended_on__isnull=True))
        .order_by("-agreed_on", "-id")
        .values("agreed_on", "arrangements", "permanence_plan", "child_wishes_and_feelings")
        .first()
    )
    if plan is None:
        return []
    items = [
        SummaryItem(
            section=SummarySection.PLAN,
            title="Care plan",
            detail=_short(plan["arrangements"], 500),
            url=reverse("children_in_care:care_history", args=[child_id]),
            on=plan["agreed_on"],
        )
    ]
    if plan["child_wishes_and_feelings"]:
        items.append(
            SummaryItem(
                section=SummarySection.VOICE,
                title="Care plan: wishes and feelings",
                detail=_short(plan["child_wishes_and_feelings"], 500),
                on=plan["agreed_on"],
            )
        )
    return items


def pathway_plan_summary(*, child_id: int, user: Any) -> list[SummaryItem]:
    from joinedup.care_leavers.models import PathwayPlan

    plan = (
        PathwayPlan.objects.filter(child_id=child_id)
        .order_by("-agreed_on", "-id")
        .values("agreed_on", "summary", "young_person_views")
        .first()
    )
    if plan is None:
        return []
    items = [SummaryItem(SummarySection.PLAN, "Pathway plan", _short(plan["summary"], 500), "", plan["agreed_on"])]
    if plan["young_person_views"]:
        items.append(
            SummaryItem(
                SummarySection.VOICE,
                "Pathway plan: their views",
                _short(plan["young_person_views"], 500),
                "",
                plan["agreed_on"],
            )
        )
    return items


def review_voice_summary(*, child_id: int, user: Any) -> list[SummaryItem]:
    from joinedup.children_in_care.models import LookedAfterReview

    rows = (
        LookedAfterReview.objects.filter(child_id=child_id)
        .exclude(child_views="")
        .order_by("-held_on")
        .values_list("held_on", "child_views")[:2]
    )
    return [SummaryItem(SummarySection.VOICE, "Looked-after review", _short(v, 500), "", on) for on, v in rows]


def register_summary() -> None:
    from joinedup.care_leavers.models import PathwayPlan
    from joinedup.children_in_care.models import CarePlan, LookedAfterReview

    register_summary_source(
        "children_in_care.care_plan",
        care_plan_summary,
        presence=lambda child_id: CarePlan.objects.filter(child_id=child_id),
    )
    register_summary_source(
        "care_leavers.pathway_plan",
        pathway_plan_summary,
        presence=lambda child_id: PathwayPlan.objects.filter(child_id=child_id),
    )
    register_summary_source(
        "children_in_care.review_voice",
        review_voice_summary,
        presence=lambda child_id: LookedAfterReview.objects.filter(child_id=child_id).exclude(child_views=""),
    )


def register_sign_off() -> None:
    """Decisions awaiting a manager, for the oversight page: each app's own selector (one query each)."""
    from joinedup.assessments.selectors import awaiting_authorisation_for_teams
    from joinedup.front_door.selectors import decisions_awaiting_sign_off_for_teams

    from .selectors import supervision_awaiting_sign_off_for_teams
    from .sign_off import register_sign_off_source

    register_sign_off_source("case_record.supervision", supervision_awaiting_sign_off_for_teams)
    register_sign_off_source("assessments.authorisation", awaiting_authorisation_for_teams)
    register_sign_off_source("front_door.decision_sign_off", decisions_awaiting_sign_off_for_teams)
