"""The synthetic authority's learning from serious incidents (issue 22): one serious incident for each of the last
three collection years (1 April to 31 March), about a child of the authority alive by then, each notified to the Panel
and rapid-reviewed with the demo health visitor's and police officer's contributions, recommendations and learning
actions (some completed with evidence, some overdue, some open); the oldest with a local child safeguarding practice
review published, the next with one decided and still running. The current year's incident is recent: its
notification is still due, so the partnership lead's and the team manager's work shows it.

Deterministic for a seed: it draws from a random stream of its own, so nothing the earlier stages drew changes.
Written directly, without services or audit events, like the rest of the generator (ADR 0006); the clocks through
timescales.deadline_build, as the services make them."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from joinedup.agencies.models import Practitioner
from joinedup.harms.models import HarmType
from joinedup.learning.models import (
    AbuseOrNeglect,
    AgencyContribution,
    IncidentOutcome,
    IncidentSetting,
    IncidentTheme,
    LearningAction,
    LearningActionUpdate,
    LearningTheme,
    LocalPracticeReview,
    RapidReview,
    Recommendation,
    RecommendationSource,
    SeriousIncident,
)
from joinedup.people.models import Person
from joinedup.timescales.calendar import CALENDAR
from joinedup.timescales.models import Deadline, record_key
from joinedup.timescales.selectors import local_figures
from joinedup.timescales.services import deadline_build

YEARS = 3
NOTIFICATION_RULE, RAPID_REVIEW_RULE, PUBLICATION_RULE = (
    "serious_incident_notification",
    "rapid_review",
    "local_practice_review_publication",
)
WHAT_HAPPENED = (
    "Admitted to hospital with a head injury the parents could not explain; a skeletal survey found older fractures.",
    "Found unresponsive at home after a night when the adults had been drinking; died in hospital.",
    "Seriously assaulted by older young people who had been exploiting them; known to be missing from home.",
)
LEARNING = (
    "Bruising in a non-mobile baby was seen by two agencies and referred by neither.",
    "Agencies knew of the adults' drinking separately and nobody put the picture together.",
    "The young person was seen as making choices, not as a child being exploited (adultification).",
)
RECOMMENDATIONS = (
    "Every agency follows the partnership's protocol for bruising in non-mobile babies.",
    "Information about risk to a child is shared at the time, not held for the next meeting.",
    "Practitioners see exploited young people as children first.",
)
ACTIONS = (
    ("Brief every health visitor on the bruising protocol", "health.visitor"),
    ("Add the protocol to the police's safeguarding training", "police.officer"),
    ("Audit ten cases for how the protocol was followed", "team.manager"),
)
THEMES = (
    (LearningTheme.INFORMATION_SHARING, LearningTheme.VOICE_OF_THE_CHILD),
    (LearningTheme.INFORMATION_SHARING, LearningTheme.PROFESSIONAL_CURIOSITY),
    (LearningTheme.ADULTIFICATION, LearningTheme.ADOLESCENTS),
)


def _collection_years(as_of: date) -> list[tuple[date, date]]:
    """The last `YEARS` collection years, oldest first, the last the one `as_of` is in."""
    last_end = date(as_of.year + (1 if as_of.month > 3 else 0), 3, 31)
    return [(date(last_end.year - k - 1, 4, 1), date(last_end.year - k, 3, 31)) for k in reversed(range(YEARS))]


def _user_id(practitioner: Practitioner) -> int:
    """A demo practitioner's sign-in (every demo practitioner has one: stage_demo_users)."""
    assert practitioner.user_id is not None
    return practitioner.user_id


def stage_learning(ctx: Any) -> None:
    rng = random.Random(ctx.seed * 22_003 + 22)
    demo: dict[str, Practitioner] = ctx.demo_practitioners
    manager = demo["team.manager"]
    lead = demo["partnership.lead"]
    contributors = [demo["health.visitor"], demo["police.officer"]]
    harms = list(HarmType.objects.filter(is_active=True).order_by("display_order"))
    figures = local_figures()
    today = ctx.as_of
    deadlines: list[Deadline] = []
    made = 0
    for n, (start, _end) in enumerate(_collection_years(ctx.as_of)):
        current = n == YEARS - 1
        if current:  # recent enough that its notification is still due
            aware = CALENDAR.add_working_days(today - timedelta(days=7), 1)
            aware = min(aware, today)
        else:
            aware = start + timedelta(days=rng.randint(30, 300))
            aware = aware if CALENDAR.is_working_day(aware) else CALENDAR.next_working_day(aware)
        incident_on = aware - timedelta(days=rng.randint(0, 2))
        child = (
            Person.objects.filter(pk__in=ctx.child_ids, date_of_birth__lt=incident_on - timedelta(days=60))
            .order_by("id")
            .values_list("id", "date_of_birth")
        )
        candidates = list(child[:200])
        if not candidates:
            continue
        child_id, born = rng.choice(candidates)
        kind = n % len(WHAT_HAPPENED)
        notified_on = None if current else CALENDAR.add_working_days(aware, rng.choice((2, 3, 4, 4, 6)))
        incident = SeriousIncident.objects.create(
            child_id=child_id,
            incident_on=incident_on,
            became_aware_on=aware,
            what_happened=WHAT_HAPPENED[kind],
            outcome=IncidentOutcome.DIED if kind == 1 else IncidentOutcome.SERIOUSLY_HARMED,
            abuse_or_neglect=AbuseOrNeglect.SUSPECTED if kind != 2 else AbuseOrNeglect.KNOWN,
            setting=IncidentSetting.OTHER,
            known_to_childrens_social_care=True,
            on_child_protection_plan=kind == 0,
            looked_after=False,
            partners_informed_on=notified_on,
            notified_on=notified_on,
            recorded_by_id=_user_id(manager),
            recorded_by_name=manager.full_name,
        )
        made += 1
        incident.agencies_involved.set([p.organisation for p in contributors])
        if harms:
            incident.harm_types.set(rng.sample(harms, k=min(2, len(harms))))
        themes = set(THEMES[kind])
        if born is not None and (incident_on - born).days < 365:
            themes.add(LearningTheme.BABIES)
        IncidentTheme.objects.bulk_create([IncidentTheme(incident=incident, theme=t) for t in sorted(themes)])
        late = "The Panel's notification service was unavailable (synthetic history)"
        for rule_code, met_on in ((NOTIFICATION_RULE, notified_on), (RAPID_REVIEW_RULE, None)):
            deadlines.append(
                deadline_build(
                    rule_code=rule_code,
                    child_id=child_id,
                    subject_key=record_key(incident),
                    started_on=aware,
                    met_on=met_on,
                    late_reason=late,
                    assignee=manager,
                    team_id=manager.team_id,
                    figures=figures,
                )
            )
        if current:
            continue
        sent = CALENDAR.add_working_days(aware, rng.choice((11, 13, 14, 17)))
        review_clock = deadlines[-1]
        review_clock.met_on = sent
        review_clock.late_reason = late if sent > review_clock.due_on else ""
        local_needed = n in (0, 1)
        review = RapidReview.objects.create(
            incident=incident,
            chronology_from=aware - timedelta(days=365),
            chronology_to=aware,
            immediate_learning=LEARNING[kind],
            local_review_needed=local_needed,
            decision_reason=(
                "Several agencies were involved and the learning reaches beyond this family."
                if local_needed
                else "The rapid review found the learning; a local review would add nothing more."
            ),
            decided_on=sent,
            sent_to_panel_on=sent,
        )
        AgencyContribution.objects.bulk_create(
            [
                AgencyContribution(
                    rapid_review=review,
                    practitioner=p,
                    organisation=p.organisation,
                    asked_on=aware,
                    contribution=f"What {p.organisation.name} knew of the family in the year before, and did.",
                    recorded_on=CALENDAR.add_working_days(aware, 5),
                )
                for p in contributors
            ]
        )
        if local_needed:
            published = sent + timedelta(days=rng.randint(150, 200)) if n == 0 else None
            published = published if published is not None and published <= today else None
            local = LocalPracticeReview.objects.create(
                rapid_review=review,
                decided_on=sent,
                scope="The agencies' work with the family from the child's birth to the incident.",
                reviewer="An independent reviewer commissioned by the partnership",
                published_on=published,
            )
            deadlines.append(
                deadline_build(
                    rule_code=PUBLICATION_RULE,
                    child_id=child_id,
                    subject_key=record_key(local),
                    started_on=sent,
                    met_on=published,
                    late_reason="Publication waited for criminal proceedings (synthetic history)",
                    assignee=lead,
                    team_id=lead.team_id,
                    figures=figures,
                )
            )
        recommendation = Recommendation.objects.create(
            incident=incident, source=RecommendationSource.RAPID_REVIEW, recommendation=RECOMMENDATIONS[kind]
        )
        for k, (text, owner) in enumerate(ACTIONS):
            due = sent + timedelta(days=60 + 60 * k)
            done = k == 0 or (n == 0 and k == 1)
            completed_on = min(due - timedelta(days=5), today) if done else None
            action = LearningAction.objects.create(
                recommendation=recommendation,
                action=text,
                owner=demo[owner],
                due_on=due,
                completed_on=completed_on,
                evidence="An audit of 20 records afterwards found the change in every one." if done else "",
            )
            LearningActionUpdate.objects.create(
                action=action,
                progress="Started: the teams concerned have been told what is changing.",
                recorded_on=min(sent + timedelta(days=20), today),
                recorded_by_id=_user_id(demo[owner]),
                recorded_by_name=demo[owner].full_name,
            )
    Deadline.objects.bulk_create(deadlines)
    ctx.counts["serious_incidents"] = made
    ctx.counts["learning_actions"] = LearningAction.objects.count()
