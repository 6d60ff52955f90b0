"""The three clocks of learning from serious incidents (rules.toml: `serious_incident_notification`, `rapid_review`,
`local_practice_review_publication`) on bank-holiday weekends, at Easter, over Christmas and at month ends, as the
services start them: the clock a recorded incident, or a decision for a local review, starts is the rule's own."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from joinedup.core.tests.personas import World
from joinedup.learning import selectors, services
from joinedup.learning.models import AbuseOrNeglect, IncidentOutcome, IncidentSetting, SeriousIncident
from joinedup.timescales.engine import due_date
from joinedup.timescales.models import Deadline, record_key
from joinedup.timescales.selectors import figure_in_force

from .conftest import Partnership

pytestmark = pytest.mark.django_db

D = dt.date
# (became aware, notification due, rapid review due)
AWARE = [
    # Friday before the August bank holiday (Monday 31 August 2026)
    pytest.param(D(2026, 8, 28), D(2026, 9, 7), D(2026, 9, 21), id="friday-before-august-bank-holiday"),
    # Friday before the spring bank holiday (Monday 25 May 2026): the notification falls due across a month end
    pytest.param(D(2026, 5, 22), D(2026, 6, 1), D(2026, 6, 15), id="friday-before-spring-bank-holiday"),
    # Christmas Eve 2026: Christmas Day (Friday), Boxing Day's substitute (Monday 28) and New Year's Day
    pytest.param(D(2026, 12, 24), D(2027, 1, 5), D(2027, 1, 19), id="christmas-eve"),
    # Maundy Thursday 2027: Good Friday (26 March) and Easter Monday (29 March), over the year end of the returns
    pytest.param(D(2027, 3, 25), D(2027, 4, 5), D(2027, 4, 19), id="maundy-thursday"),
    # The last day of April 2027, a Friday, before the early May bank holiday (Monday 3 May)
    pytest.param(D(2027, 4, 30), D(2027, 5, 10), D(2027, 5, 24), id="month-end-before-may-day"),
]


@pytest.mark.parametrize(("aware", "notification_due", "review_due"), AWARE)
def test_the_notification_and_rapid_review_clocks_skip_bank_holidays(
    world: World, partnership: Partnership, aware: dt.date, notification_due: dt.date, review_due: dt.date
) -> None:
    with time_machine.travel(dt.datetime(2027, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        incident = services.serious_incident_record(
            actor=world.user("team_manager"),
            child=world.allocated_child,
            incident_on=aware,
            became_aware_on=aware,
            what_happened="Admitted to hospital with an unexplained injury.",
            outcome=IncidentOutcome.SERIOUSLY_HARMED,
            abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
            setting=IncidentSetting.OTHER,
        )
    clocks = {d.rule_code: d for d in Deadline.objects.filter(subject_key=record_key(incident))}
    assert clocks[services.NOTIFICATION_RULE].due_on == notification_due
    assert clocks[services.RAPID_REVIEW_RULE].due_on == review_due
    # The figures are the rules' own, read from rules.toml, never typed here.
    for rule_code in (services.NOTIFICATION_RULE, services.RAPID_REVIEW_RULE):
        assert clocks[rule_code].due_on == due_date(rule_code, aware)
        assert clocks[rule_code].figure_applied == figure_in_force(rule_code, on=aware)


# (the decision for a local review, its publication due): 6 months; a shorter month gives its last day.
DECIDED = [
    pytest.param(D(2026, 8, 31), D(2027, 2, 28), id="august-31-to-february"),
    pytest.param(D(2027, 8, 31), D(2028, 2, 29), id="august-31-to-a-leap-february"),
    pytest.param(D(2027, 3, 31), D(2027, 9, 30), id="march-31-to-september"),
    pytest.param(D(2026, 12, 31), D(2027, 6, 30), id="new-years-eve-to-june"),
]


def _decided_incident(world: World, partnership: Partnership, decided: dt.date) -> SeriousIncident:
    aware = decided - dt.timedelta(days=14)
    lead = partnership.lead.user
    incident = services.serious_incident_record(
        actor=world.user("team_manager"),
        child=world.allocated_child,
        incident_on=aware,
        became_aware_on=aware,
        what_happened="Found unresponsive at home.",
        outcome=IncidentOutcome.DIED,
        abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
        setting=IncidentSetting.OTHER,
    )
    services.serious_incident_notify(actor=lead, incident=incident, notified_on=aware, partners_informed_on=aware)
    review = services.rapid_review_start(
        actor=lead, incident=incident, chronology_from=aware, chronology_to=aware, contributors=[world.police_officer]
    )
    contribution = review.contributions.get()
    services.agency_contribution_record(actor=world.police_officer.user, contribution=contribution, text="Known.")
    services.rapid_review_decide(
        actor=lead,
        review=review,
        immediate_learning="Learning",
        local_review_needed=True,
        decision_reason="Several agencies",
        sent_to_panel_on=decided,
        late_reason="Sent after the bank holiday",
    )
    return incident


@pytest.mark.parametrize(("decided", "due"), DECIDED)
def test_a_local_reviews_publication_is_due_six_months_from_the_decision(
    world: World, partnership: Partnership, decided: dt.date, due: dt.date
) -> None:
    with time_machine.travel(dt.datetime(2028, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        incident = _decided_incident(world, partnership, decided)
        local = selectors.local_review_of(
            selectors.serious_incident_get(actor=partnership.lead.user, incident_id=incident.pk)
        )
    assert local is not None
    publication = Deadline.objects.get(subject_key=record_key(local), rule_code=services.PUBLICATION_RULE)
    assert (publication.started_on, publication.due_on) == (decided, due)
    assert publication.due_on == due_date(services.PUBLICATION_RULE, decided)
