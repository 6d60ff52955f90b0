"""Learning from serious incidents (issue 22, M30): the notification and its clock, the rapid review, the local review
and its publication, learning actions to completion, who may do each, and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.harms.models import HarmType
from joinedup.learning import selectors, services
from joinedup.learning.errors import LearningError
from joinedup.learning.models import (
    AbuseOrNeglect,
    IncidentOutcome,
    IncidentSetting,
    LearningTheme,
    RecommendationSource,
    SeriousIncident,
)
from joinedup.timescales.engine import due_date
from joinedup.timescales.models import Deadline, record_key

from .conftest import Partnership

pytestmark = pytest.mark.django_db

# Friday 28 August 2026, before the August bank holiday (Monday 31 August).
FRIDAY_BEFORE_AUGUST_BANK_HOLIDAY = dt.date(2026, 8, 28)


def record(world: World, *, aware: dt.date = FRIDAY_BEFORE_AUGUST_BANK_HOLIDAY, **kw: Any) -> SeriousIncident:
    fields: dict[str, Any] = {
        "incident_on": aware - dt.timedelta(days=1),
        "became_aware_on": aware,
        "what_happened": "Admitted to hospital with injuries the parents could not explain.",
        "outcome": IncidentOutcome.SERIOUSLY_HARMED,
        "abuse_or_neglect": AbuseOrNeglect.SUSPECTED,
        "setting": IncidentSetting.OTHER,
        "harm_types": list(HarmType.objects.filter(is_active=True)[:1]),
        "agencies_involved": [world.health_visiting, world.police],
        "themes": [LearningTheme.BABIES],
    }
    fields.update(kw)
    return services.serious_incident_record(actor=world.user("team_manager"), child=world.allocated_child, **fields)


def clock(subject: Any, rule_code: str) -> Deadline:
    return Deadline.objects.get(subject_key=record_key(subject), rule_code=rule_code)


@time_machine.travel("2026-10-01 10:00:00+01:00", tick=False)
def test_recording_an_incident_starts_both_clocks_from_becoming_aware(world: World, partnership: Partnership) -> None:
    incident = record(world)
    notification = clock(incident, services.NOTIFICATION_RULE)
    review = clock(incident, services.RAPID_REVIEW_RULE)
    assert notification.started_on == FRIDAY_BEFORE_AUGUST_BANK_HOLIDAY
    assert notification.due_on == dt.date(2026, 9, 7)  # 5 working days, the bank holiday skipped
    assert review.due_on == dt.date(2026, 9, 21)  # 15 working days
    assert notification.due_on == due_date(services.NOTIFICATION_RULE, FRIDAY_BEFORE_AUGUST_BANK_HOLIDAY)
    # Carried by the manager who recorded it, not the child's social worker: the incident is theirs to know.
    assert notification.assignee_id == world.team_manager.pk
    events = AuditEvent.objects.filter(object_type="learning.seriousincident", action=AuditAction.CREATED)
    assert events.count() == 1


@time_machine.travel("2026-10-01 10:00:00+01:00", tick=False)
def test_what_the_record_knew_is_drawn_from_it_not_typed(world: World, partnership: Partnership) -> None:
    from joinedup.episodes.models import CaseEpisode

    incident = record(world)
    assert (
        incident.known_to_childrens_social_care
        is CaseEpisode.objects.filter(child=world.allocated_child, started_on__lte=incident.incident_on).exists()
    )
    assert incident.on_child_protection_plan is False
    assert incident.looked_after is False


@time_machine.travel("2026-10-01 10:00:00+01:00", tick=False)
def test_the_notification_sent_on_day_four_meets_its_clock(world: World, partnership: Partnership) -> None:
    incident = record(world)
    day_four = dt.date(2026, 9, 4)  # Tue 1, Wed 2, Thu 3, Fri 4 September
    services.serious_incident_notify(
        actor=partnership.lead.user, incident=incident, notified_on=day_four, partners_informed_on=day_four
    )
    notification = clock(incident, services.NOTIFICATION_RULE)
    assert notification.met_on == day_four
    assert notification.met_on <= notification.due_on
    incident.refresh_from_db()
    assert incident.notified_on == day_four


@time_machine.travel("2026-10-01 10:00:00+01:00", tick=False)
def test_ofsted_must_be_told_for_a_child_in_a_regulated_setting(world: World, partnership: Partnership) -> None:
    incident = record(world, setting=IncidentSetting.REGULATED_SETTING)
    with pytest.raises(ValidationError) as caught:
        services.serious_incident_notify(
            actor=partnership.lead.user,
            incident=incident,
            notified_on=dt.date(2026, 9, 2),
            partners_informed_on=dt.date(2026, 9, 2),
        )
    assert caught.value.error_dict["ofsted_informed_on"][0].code == LearningError.OFSTED_NOT_INFORMED


@time_machine.travel("2026-10-01 10:00:00+01:00", tick=False)
def test_a_late_notification_needs_a_reason(world: World, partnership: Partnership) -> None:
    incident = record(world)
    late = dt.date(2026, 9, 8)
    with pytest.raises(ValidationError) as caught:
        services.serious_incident_notify(
            actor=partnership.lead.user, incident=incident, notified_on=late, partners_informed_on=late
        )
    assert caught.value.error_dict["late_reason"][0].code == LearningError.LATE_REASON_REQUIRED
    services.serious_incident_notify(
        actor=partnership.lead.user,
        incident=incident,
        notified_on=late,
        partners_informed_on=late,
        late_reason="The Panel's service was unavailable on the Monday.",
    )
    assert clock(incident, services.NOTIFICATION_RULE).late_reason


@time_machine.travel("2026-10-01 10:00:00+01:00", tick=False)
def test_only_those_who_need_it_may_see_or_manage_an_incident(world: World, partnership: Partnership) -> None:
    incident = record(world)
    for allowed in (partnership.lead, partnership.police_delegate, world.team_manager):
        assert selectors.serious_incident_get(actor=allowed.user, incident_id=incident.pk).pk == incident.pk
    for refused in (world.social_worker, world.other_team_manager, world.health_visitor, world.analyst):
        with pytest.raises(NotFoundOrNotPermitted):
            selectors.serious_incident_get(actor=refused.user, incident_id=incident.pk)
        assert selectors.serious_incident_list(actor=refused.user) == []
    # The social worker may see the child, yet may not record a serious incident on them.
    with pytest.raises(NotFoundOrNotPermitted):
        services.serious_incident_record(
            actor=world.social_worker.user,
            child=world.allocated_child,
            incident_on=dt.date(2026, 9, 1),
            became_aware_on=dt.date(2026, 9, 1),
            what_happened="Anything",
            outcome=IncidentOutcome.DIED,
            abuse_or_neglect=AbuseOrNeglect.KNOWN,
            setting=IncidentSetting.OTHER,
        )


def _through_the_rapid_review(world: World, partnership: Partnership) -> SeriousIncident:
    incident = record(world)
    lead = partnership.lead.user
    services.serious_incident_notify(
        actor=lead, incident=incident, notified_on=dt.date(2026, 9, 4), partners_informed_on=dt.date(2026, 9, 4)
    )
    services.rapid_review_start(
        actor=lead,
        incident=incident,
        chronology_from=dt.date(2026, 1, 1),
        chronology_to=FRIDAY_BEFORE_AUGUST_BANK_HOLIDAY,
        contributors=[world.health_visitor, world.police_officer],
    )
    return incident


@time_machine.travel("2026-10-01 10:00:00+01:00", tick=False)
def test_each_agency_records_its_own_contribution_and_the_decision_waits_for_them(
    world: World, partnership: Partnership
) -> None:
    incident = _through_the_rapid_review(world, partnership)
    review = incident.rapid_review
    asked = {c.organisation_id: c for c in selectors.contributions_for(review)}
    health, police = asked[world.health_visiting.pk], asked[world.police.pk]
    with pytest.raises(NotFoundOrNotPermitted):  # the police officer may not write health's contribution
        services.agency_contribution_record(actor=world.police_officer.user, contribution=health, text="Not mine")
    services.agency_contribution_record(actor=world.health_visitor.user, contribution=health, text="Seen at 6 weeks.")
    decide = {
        "actor": partnership.lead.user,
        "review": review,
        "immediate_learning": "Bruising in non-mobile babies was not escalated.",
        "local_review_needed": True,
        "decision_reason": "Several agencies, and learning beyond this family.",
        "sent_to_panel_on": dt.date(2026, 9, 18),
    }
    with pytest.raises(ValidationError) as caught:
        services.rapid_review_decide(**decide)
    assert caught.value.error_dict["sent_to_panel_on"][0].code == LearningError.CONTRIBUTIONS_OUTSTANDING
    services.agency_contribution_record(actor=world.police_officer.user, contribution=police, text="Two call-outs.")
    services.rapid_review_decide(**decide)
    assert clock(incident, services.RAPID_REVIEW_RULE).met_on == dt.date(2026, 9, 18)
    local = selectors.local_review_of(
        selectors.serious_incident_get(actor=partnership.lead.user, incident_id=incident.pk)
    )
    assert local is not None
    publication = clock(local, services.PUBLICATION_RULE)
    assert publication.started_on == dt.date(2026, 9, 18)
    assert publication.due_on == dt.date(2027, 3, 18)


@time_machine.travel("2026-10-01 10:00:00+01:00", tick=False)
def test_the_rapid_reviews_chronology_is_the_multi_agency_chronology_for_its_dates(
    world: World, partnership: Partnership
) -> None:
    from joinedup.access.factories import InvolvementFactory
    from joinedup.access.models import InvolvementRole
    from joinedup.chronology.selectors import ChronologyFilters, chronology_for_child
    from joinedup.sharing.services import shared_event_record

    InvolvementFactory(
        practitioner=world.police_officer, child=world.allocated_child, role=InvolvementRole.POLICE_CONTACT
    )
    for on in (dt.date(2025, 12, 1), dt.date(2026, 3, 2), dt.date(2026, 9, 20)):
        shared_event_record(
            actor=world.police_officer.user,
            child=world.allocated_child,
            occurred_on=on,
            agency="police",
            event_type="police_incident",
            title="Call-out to the family home",
            detail="Neighbours heard shouting.",
            shared_with_partners=False,
        )
    incident = _through_the_rapid_review(world, partnership)
    rows = selectors.rapid_review_chronology(actor=world.team_manager.user, review=incident.rapid_review)
    expected = chronology_for_child(
        actor=world.team_manager.user,
        child=world.allocated_child,
        filters=ChronologyFilters(start=dt.date(2026, 1, 1), end=FRIDAY_BEFORE_AUGUST_BANK_HOLIDAY),
    ).rows
    assert [r.entry for r in rows] == [r.entry for r in expected]
    assert [r.entry.occurred_on for r in rows if r.entry.title == "Call-out to the family home"] == [
        dt.date(2026, 3, 2)
    ]


@time_machine.travel("2027-04-01 10:00:00+01:00", tick=False)
def test_learning_actions_to_completion_and_the_summary_for_the_year(world: World, partnership: Partnership) -> None:
    incident = _through_the_rapid_review(world, partnership)
    lead = partnership.lead.user
    recommendation = services.recommendation_add(
        actor=lead,
        incident=incident,
        recommendation="Every agency follows the bruising protocol for non-mobile babies.",
        source=RecommendationSource.RAPID_REVIEW,
    )
    done, overdue, later = (
        services.learning_action_add(actor=lead, recommendation=recommendation, action=text, owner=owner, due_on=due)
        for text, owner, due in (
            ("Brief every health visitor on the protocol", world.health_visitor, dt.date(2027, 1, 31)),
            ("Add the protocol to police training", world.police_officer, dt.date(2027, 2, 28)),
            ("Audit ten cases", world.team_manager, dt.date(2027, 6, 30)),
        )
    )
    with pytest.raises(NotFoundOrNotPermitted):  # another agency's action is not the police officer's to update
        services.learning_action_update(actor=world.police_officer.user, action=done, progress="Mine?")
    services.learning_action_update(actor=world.health_visitor.user, action=done, progress="Half the team briefed.")
    with pytest.raises(ValidationError) as caught:
        services.learning_action_complete(
            actor=world.health_visitor.user, action=done, completed_on=dt.date(2027, 1, 20), evidence=" "
        )
    assert caught.value.error_dict["evidence"][0].code == LearningError.REQUIRED
    services.learning_action_complete(
        actor=world.health_visitor.user,
        action=done,
        completed_on=dt.date(2027, 1, 20),
        evidence="Audit of 20 records: every bruise in a non-mobile baby referred.",
    )
    # The owner's own list; the partnership's every action.
    assert [a.pk for a in selectors.learning_action_list(actor=world.police_officer.user)] == [overdue.pk]
    assert {a.pk for a in selectors.learning_action_list(actor=lead, every_agency=True)} == {
        done.pk,
        overdue.pk,
        later.pk,
    }
    # Anyone else asking for every agency's actions gets only their own.
    assert selectors.learning_action_list(actor=world.police_officer.user, every_agency=True) == [overdue]
    # Overdue actions reach the owner's work.
    work = selectors.learning_work(actor=world.police_officer.user, today=dt.date(2027, 4, 1))
    assert sorted((w.title, w.is_overdue(dt.date(2027, 4, 1))) for w in work) == [
        ("Learning action: Add the protocol to police training (serious incident of 27 August 2026)", True),
        ("Your agency's contribution to a rapid review", True),  # never recorded, and the review was due
    ]
    summary = selectors.learning_summary(start=dt.date(2026, 4, 1), end=dt.date(2027, 3, 31))
    assert summary.incidents_aware == 1
    assert (summary.incidents_notified, summary.incidents_notified_on_time) == (1, 1)
    assert summary.actions_by_status == {"open": 1, "overdue": 1, "completed": 1}
    assert summary.actions_completed == 1
    assert ("Babies (under one year old)", 1) in summary.themes
    outside = selectors.learning_summary(start=dt.date(2025, 4, 1), end=dt.date(2026, 3, 31))
    assert (outside.incidents_aware, outside.incidents_notified) == (0, 0)


@time_machine.travel("2026-10-01 10:00:00+01:00", tick=False)
def test_the_learning_log_finds_reviews_by_theme_harm_type_and_words(world: World, partnership: Partnership) -> None:
    incident = _through_the_rapid_review(world, partnership)
    harm = incident.harm_types.get()
    lead = partnership.lead.user
    find = selectors.LearningLogFilters
    assert [i.pk for i in selectors.learning_log(actor=lead, filters=find(theme=LearningTheme.BABIES))] == [incident.pk]
    assert selectors.learning_log(actor=lead, filters=find(theme=LearningTheme.ADULTIFICATION)) == []
    assert [i.pk for i in selectors.learning_log(actor=lead, filters=find(harm_type=harm.code))] == [incident.pk]
    assert [i.pk for i in selectors.learning_log(actor=lead, filters=find(text="could not explain"))] == [incident.pk]
    with pytest.raises(NotFoundOrNotPermitted):
        selectors.learning_log(actor=world.team_manager.user, filters=find())


@time_machine.travel("2027-04-20 10:00:00+01:00", tick=False)
def test_a_local_review_not_published_records_its_reason_and_withdraws_its_clock(
    world: World, partnership: Partnership
) -> None:
    incident = _through_the_rapid_review(world, partnership)
    lead = partnership.lead.user
    for c in selectors.contributions_for(incident.rapid_review):
        services.agency_contribution_record(actor=c.practitioner.user, contribution=c, text="Our part.")
    services.rapid_review_decide(
        actor=lead,
        review=incident.rapid_review,
        immediate_learning="Learning",
        local_review_needed=True,
        decision_reason="Why",
        sent_to_panel_on=dt.date(2026, 9, 18),
    )
    local = selectors.local_review_of(selectors.serious_incident_get(actor=lead, incident_id=incident.pk))
    assert local is not None
    services.local_review_plan(actor=lead, local=local, scope="Agencies' work since birth", reviewer="A. Reviewer")
    services.review_milestone_add(
        actor=lead, local=local, milestone="Practitioners' event", due_on=dt.date(2026, 11, 2)
    )
    services.local_review_publish(
        actor=lead, local=local, published_on=None, not_published_reason="Criminal proceedings are not concluded."
    )
    local.refresh_from_db()
    assert local.not_published_reason
    assert not Deadline.objects.filter(subject_key=record_key(local)).exists()
    assert AuditEvent.objects.filter(object_type="timescales.deadline", action=AuditAction.DELETED).count() == 1
