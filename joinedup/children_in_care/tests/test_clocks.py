"""Every clock of a looked-after child, from tables of expected dates worked out by hand, NOT with the code under
test: the review clocks, every regulation 28 visiting pattern, the health assessments, the personal education plan,
the return home interview and the care-plan rule.

How the tables were made: counted on a printed calendar of England and Wales bank holidays for 2026-2028 (gov.uk
list; those that matter here: Good Friday 26 March and Easter Monday 29 March 2027, summer bank holiday 30 August
2027). "N working days from D" is the Nth working day after D. Months keep the day of the month, or take the last
day of a shorter month. Each comment shows the counting.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from joinedup.access.factories import InvolvementFactory
from joinedup.children_in_care import services
from joinedup.children_in_care.errors import CareError
from joinedup.children_in_care.models import PeriodOfCare, Placement
from joinedup.children_in_care.tests.conftest import foster_placement
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.people.factories import ChildFactory
from joinedup.timescales.engine import Horizon
from joinedup.timescales.models import Deadline
from joinedup.timescales.selectors import team_work, work_list_for
from joinedup.visits.testing import visit_one

pytestmark = pytest.mark.django_db

StartCare = Callable[..., PeriodOfCare]


def open_clock(child: Any, rule_code: str) -> Deadline:
    return Deadline.objects.get(child=child, rule_code=rule_code, met_on__isnull=True)


def clocks(child: Any) -> dict[tuple[str, str], date]:
    return {(d.rule_code, d.interval): d.due_on for d in Deadline.objects.filter(child=child, met_on__isnull=True)}


def visit(world: World, child: Any, on: date, *, seen: bool = True, late_reason: str = "") -> Any:
    """A visit through the one visits service (issue 18): its regulation 28 part is children in care's own."""
    return visit_one(
        actor=world.user("social_worker"), child=child, visited_on=on, seen=seen, late_reason=late_reason
    ).statutory_visit


def review(world: World, child: Any, on: date, *, permanence: str = "", late_reason: str = "") -> Any:
    return services.looked_after_review_record(
        actor=world.user("iro"),
        child=child,
        details=services.ReviewDetails(
            voice=ChildVoice(words="I like my school and I want to see my brother."),
            held_on=on,
            chair_id=world.iro.pk,
            participation="PN1" if child.date_of_birth < date(2023, 1, 1) else "PN0",
            permanence_plan=permanence,
            late_reason=late_reason,
        ),
    )


# -- starting to be looked after -----------------------------------------------------------------------------------


def test_starting_to_be_looked_after_starts_every_clock_from_the_right_event(
    world: World, today: date, start_care: StartCare
) -> None:
    # Thursday 25 March 2027, the day before Good Friday; Easter Monday is 29 March. Working days after the
    # 25th: Tue 30 (1), Wed 31 (2), Thu 1 Apr (3), Fri 2 (4), Mon 5 (5), ... Fri 9 (9), Mon 12 (10), ...
    # Fri 23 (19), Mon 26 April (20).
    start_care(date(2027, 3, 25))
    assert clocks(world.allocated_child) == {
        ("first_looked_after_review", "standard"): date(2027, 4, 26),  # 20 working days
        ("initial_health_assessment", "standard"): date(2027, 4, 26),  # 20 working days
        ("personal_education_plan", "standard"): date(2027, 4, 12),  # 10 working days
        ("care_plan", "standard"): date(2027, 4, 12),  # 10 working days from the first placement
        ("placement_plan", "standard"): date(2027, 4, 5),  # 5 working days from the placement
        ("first_placement_visit", "standard"): date(2027, 4, 1),  # 7 days
    }
    review_clock = open_clock(world.allocated_child, "first_looked_after_review")
    assert review_clock.assignee == world.iro  # the IRO carries the review clock
    assert open_clock(world.allocated_child, "first_placement_visit").assignee == world.social_worker


# -- looked-after reviews: 20 working days, 3 months, then 6-monthly ------------------------------------------------

REVIEW_CHAIN = [
    # (held on, the next review's rule, its due date by hand)
    (date(2027, 4, 22), "second_looked_after_review", date(2027, 7, 22)),  # 22 April + 3 months
    (date(2027, 7, 20), "subsequent_looked_after_review", date(2028, 1, 20)),  # 20 July + 6 months
    (date(2027, 11, 29), "subsequent_looked_after_review", date(2028, 5, 29)),  # 29 November + 6 months
]


def test_review_clocks_first_second_then_six_monthly(world: World, today: date, start_care: StartCare) -> None:
    start_care(date(2027, 3, 25))
    child = world.allocated_child
    for n, (held_on, rule_code, due_on) in enumerate(REVIEW_CHAIN, start=1):
        review(world, child, held_on, permanence="long_term_fostering")
        assert clocks(child)[(rule_code, "standard")] == due_on, f"after review {n}"
        assert [d.rule_code for d in Deadline.objects.filter(child=child, rule_code__endswith="review")] == [
            "first_looked_after_review",
            *[r for _h, r, _d in REVIEW_CHAIN[:n]],
        ]
    met = Deadline.objects.filter(child=child, met_on__isnull=False, rule_code__endswith="review").order_by("id")
    assert [(d.met_on, d.status_on(today).value) for d in met] == [
        (date(2027, 4, 22), "met"),  # first review due 26 April
        (date(2027, 7, 20), "met"),  # second due 22 July
        (date(2027, 11, 29), "met"),  # third due 20 January 2028
    ]


def test_review_months_clamp_to_the_end_of_a_shorter_month(world: World, today: date, start_care: StartCare) -> None:
    # Started Monday 2 August 2027. 20 working days: Aug 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19); Monday 30 August
    # is the summer bank holiday, so Tuesday 31 August is the 20th.
    start_care(date(2027, 8, 2))
    child = world.allocated_child
    assert clocks(child)[("first_looked_after_review", "standard")] == date(2027, 8, 31)
    review(world, child, date(2027, 8, 31))
    assert clocks(child)[("second_looked_after_review", "standard")] == date(2027, 11, 30)  # 31 Aug + 3 months
    review(world, child, date(2027, 11, 30), permanence="adoption")
    assert clocks(child)[("subsequent_looked_after_review", "standard")] == date(2028, 5, 30)  # 30 Nov + 6 months


def test_a_late_review_needs_a_reason(world: World, today: date, start_care: StartCare) -> None:
    start_care(date(2027, 3, 25))
    with pytest.raises(ValidationError) as exc:
        review(world, world.allocated_child, date(2027, 4, 27))  # due 26 April
    assert set(exc.value.error_dict) == {"late_reason"}
    from joinedup.children_in_care.models import LookedAfterReview

    assert not LookedAfterReview.objects.exists()  # nothing half-saved
    review(world, world.allocated_child, date(2027, 4, 27), late_reason="The IRO was ill; moved by a day")
    met = Deadline.objects.get(rule_code="first_looked_after_review")
    assert (met.met_on, met.status_on(today).value) == (date(2027, 4, 27), "met_late")


# -- regulation 28 visits ------------------------------------------------------------------------------------------


def test_standard_pattern_first_visit_within_a_week_then_six_weekly_in_the_first_year(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 3, 25))
    child = world.allocated_child
    assert clocks(child)[("first_placement_visit", "standard")] == date(2027, 4, 1)  # 25 March + 7 days
    visit(world, child, date(2027, 3, 31))
    assert clocks(child)[("placement_visit_first_year", "standard")] == date(2027, 5, 12)  # 31 March + 6 weeks
    visit(world, child, date(2027, 5, 12))
    assert clocks(child)[("placement_visit_first_year", "standard")] == date(2027, 6, 23)  # 12 May + 6 weeks


AFTER_FIRST_YEAR = [
    # (intended to last until 18, visit date, next rule, due by hand). The placement started Monday 2 March 2026,
    # so its first year runs to Monday 1 March 2027; a visit on 2 March 2027 is after the first year.
    (True, date(2027, 3, 1), "placement_visit_first_year", date(2027, 4, 12)),  # 1 March + 6 weeks
    (True, date(2027, 3, 2), "placement_visit_long_term", date(2027, 6, 2)),  # 2 March + 3 months
    (False, date(2027, 3, 1), "placement_visit_first_year", date(2027, 4, 12)),  # 1 March + 6 weeks
    (False, date(2027, 3, 2), "placement_visit_other", date(2027, 4, 13)),  # 2 March + 6 weeks
]


@pytest.mark.parametrize(("until_eighteen", "visited_on", "rule_code", "due_on"), AFTER_FIRST_YEAR)
def test_standard_pattern_after_the_first_year_depends_on_the_placements_plan(
    world: World,
    today: date,
    start_care: StartCare,
    until_eighteen: bool,
    visited_on: date,
    rule_code: str,
    due_on: date,
) -> None:
    placement_type = "U4" if until_eighteen else "U6"
    start_care(
        date(2026, 3, 2),
        placement=foster_placement(placement_type=placement_type, is_intended_until_eighteen=until_eighteen),
    )
    child = world.allocated_child
    visit(world, child, visited_on, late_reason="First visit recorded late in this test")
    assert clocks(child)[(rule_code, "standard")] == due_on


@pytest.mark.parametrize(
    ("placement", "rule_code", "after_review_due"),
    [
        # Placed with parents before the assessment is complete: weekly, then 6-weekly after the first review.
        (
            foster_placement(placement_type="P1", provider="PR0", carer_family_name=""),
            "placed_with_parents_visit",
            date(2027, 3, 15),
        ),
        # Connected person with temporary approval: weekly, then 4-weekly after the first review.
        (
            foster_placement(placement_type="U3", visiting_pattern="connected_person"),
            "connected_person_visit",
            date(2027, 3, 1),
        ),
    ],
    ids=["placed_with_parents", "connected_person"],
)
def test_weekly_to_the_first_review_then_the_pattern_after_it(
    world: World, today: date, start_care: StartCare, placement: Any, rule_code: str, after_review_due: date
) -> None:
    # Placed Monday 4 January 2027. First review due 20 working days later: Jan 5-8 (4), 11-15 (9), 18-22 (14),
    # 25-29 (19), Monday 1 February (20).
    start_care(date(2027, 1, 4), legal_status="C1", placement=placement)
    child = world.allocated_child
    assert clocks(child)[(rule_code, "to_first_review")] == date(2027, 1, 11)  # 4 January + 7 days
    visit(world, child, date(2027, 1, 11))
    assert clocks(child)[(rule_code, "to_first_review")] == date(2027, 1, 18)  # 11 January + 7 days
    visit(world, child, date(2027, 1, 18))
    visit(world, child, date(2027, 1, 25))
    assert clocks(child)[(rule_code, "to_first_review")] == date(2027, 2, 1)  # 25 January + 7 days
    review(world, child, date(2027, 1, 29))
    visit(world, child, date(2027, 2, 1))  # after the first review
    assert clocks(child)[(rule_code, "after_first_review")] == after_review_due  # 1 February + 6 or 4 weeks


def test_a_visit_without_seeing_the_child_does_not_meet_the_duty(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 3, 25))
    child = world.allocated_child
    visit(world, child, date(2027, 3, 30), seen=False)
    assert clocks(child)[("first_placement_visit", "standard")] == date(2027, 4, 1)  # still open
    assert ("placement_visit_first_year", "standard") not in clocks(child)


def test_a_placement_move_withdraws_the_old_placements_visit_and_starts_the_new_ones(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 3, 25))
    child = world.allocated_child
    visit(world, child, date(2027, 3, 31))
    services.care_plan_record(
        actor=world.user("social_worker"),
        child=child,
        details=services.CarePlanDetails(
            voice=ChildVoice(words="I want to stay with my foster family."),
            agreed_on=date(2027, 4, 8),
            arrangements="Long-term fostering locally",
        ),
    )
    services.placement_move(
        actor=world.user("social_worker"),
        child=child,
        move=services.PlacementMove(
            started_on=date(2027, 4, 20),
            placement=foster_placement(carer_family_name="Osei"),
            reason_for_change="CARPL",
        ),
    )
    due = clocks(child)
    assert ("placement_visit_first_year", "standard") not in due  # the old placement's visit was withdrawn
    assert due[("first_placement_visit", "standard")] == date(2027, 4, 27)  # Tuesday 20 April + 7 days
    # 5 working days from Tuesday 20 April: 21, 22, 23, 26, Tuesday 27 April.
    assert due[("placement_plan", "standard")] == date(2027, 4, 27)


# -- health and education ----------------------------------------------------------------------------------------

HEALTH = [
    # (date of birth, assessments, the next clock after the last, due by hand)
    (
        date(2016, 3, 27),
        [date(2027, 4, 20)],
        "review_health_assessment_5_plus",
        date(2028, 4, 20),
    ),  # aged 11: +12 months
    (
        date(2023, 6, 1),
        [date(2027, 4, 20)],
        "review_health_assessment_under_5",
        date(2027, 10, 20),
    ),  # aged 3: +6 months
    # Born 20 April 2022: 4 at the initial assessment (+6 months), 5 at the review (+12 months).
    (date(2022, 4, 20), [date(2027, 4, 19)], "review_health_assessment_under_5", date(2027, 10, 19)),
    (date(2022, 4, 20), [date(2027, 4, 19), date(2027, 10, 18)], "review_health_assessment_5_plus", date(2028, 10, 18)),
]


@pytest.mark.parametrize(("born", "assessed", "rule_code", "due_on"), HEALTH)
def test_review_health_assessments_six_monthly_under_five_yearly_from_five(
    world: World, today: date, start_care: StartCare, born: date, assessed: list[date], rule_code: str, due_on: date
) -> None:
    child = ChildFactory(date_of_birth=born)
    InvolvementFactory(practitioner=world.social_worker, child=child, team=world.team_a)
    start_care(date(2027, 3, 25), child=child)
    for n, on in enumerate(assessed):
        assessment = services.health_assessment_record(actor=world.user("social_worker"), child=child, assessed_on=on)
        assert assessment.kind == ("initial" if n == 0 else "review")
    assert clocks(child)[(rule_code, "standard")] == due_on


def test_no_personal_education_plan_clock_for_a_child_under_three(
    world: World, today: date, start_care: StartCare
) -> None:
    baby = ChildFactory(date_of_birth=date(2026, 9, 1))
    InvolvementFactory(practitioner=world.social_worker, child=baby, team=world.team_a)
    start_care(date(2027, 3, 25), child=baby)
    assert ("personal_education_plan", "standard") not in clocks(baby)


# -- return home interview ---------------------------------------------------------------------------------------


def test_return_home_interview_is_due_72_hours_after_the_return(world: World, today: date) -> None:
    child = world.allocated_child
    episode = services.missing_episode_start(
        actor=world.user("social_worker"), child=child, kind="M", started_at=datetime(2027, 11, 28, 21, 0, tzinfo=UTC)
    )
    services.missing_episode_end(
        actor=world.user("social_worker"), episode=episode, ended_at=datetime(2027, 11, 29, 15, 30, tzinfo=UTC)
    )
    deadline = open_clock(child, "return_home_interview")
    # Monday 29 November 15:30 GMT + 72 hours = Thursday 2 December 15:30 GMT.
    assert (deadline.due_on, deadline.due_at) == (date(2027, 12, 2), datetime(2027, 12, 2, 15, 30, tzinfo=UTC))


# -- the care-plan rule ------------------------------------------------------------------------------------------


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, set[str]]:
    return {name: {e.code for e in errors} for name, errors in exc.value.error_dict.items()}  # type: ignore[misc]


def test_no_placement_without_a_care_plan_or_its_due_date(world: World, today: date, start_care: StartCare) -> None:
    with pytest.raises(ValidationError) as exc:
        start_care(date(2027, 3, 25), care_plan_due_on=None)
    assert codes(exc) == {"care_plan_due_on": {CareError.CARE_PLAN_REQUIRED}}
    assert "12 April 2027" in str(exc.value)  # 10 working days from Thursday 25 March (Easter between)
    assert not PeriodOfCare.objects.exists() and not Placement.objects.exists() and not Deadline.objects.exists()


def test_the_due_date_must_fall_inside_the_care_plan_timescale(
    world: World, today: date, start_care: StartCare
) -> None:
    with pytest.raises(ValidationError) as exc:
        start_care(date(2027, 3, 25), care_plan_due_on=date(2027, 4, 13))  # one working day too late
    assert codes(exc) == {"care_plan_due_on": {CareError.CARE_PLAN_DUE_OUTSIDE_TIMESCALE}}
    with pytest.raises(ValidationError):
        start_care(date(2027, 3, 25), care_plan_due_on=date(2027, 3, 24))  # before the placement
    start_care(date(2027, 3, 25), care_plan_due_on=date(2027, 4, 12))
    placement = Placement.objects.get()
    assert (placement.care_plan, placement.care_plan_due_on) == (None, date(2027, 4, 12))


def test_a_missing_care_plan_is_overdue_work_for_the_worker_and_their_manager(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 3, 25))
    work = work_list_for(actor=world.user("social_worker"), worker=world.social_worker, today=today)
    assert "care_plan" in [d.rule_code for d in work.groups[Horizon.OVERDUE]]
    rows = {row.worker: row for row in team_work(actor=world.user("team_manager"), today=today)}
    assert rows[world.social_worker].counts[Horizon.OVERDUE] >= 1


def test_after_the_timescale_a_move_needs_the_care_plan(world: World, today: date, start_care: StartCare) -> None:
    start_care(date(2027, 3, 25), care_plan_due_on=date(2027, 4, 12))
    move = services.PlacementMove(
        started_on=date(2027, 4, 13), placement=foster_placement(carer_family_name="Osei"), reason_for_change="CHILD"
    )
    with pytest.raises(ValidationError) as exc:
        services.placement_move(actor=world.user("social_worker"), child=world.allocated_child, move=move)
    assert codes(exc) == {"care_plan_due_on": {CareError.CARE_PLAN_REQUIRED}}
    assert "was due by 12 April 2027" in str(exc.value)
    assert Placement.objects.count() == 1 and Placement.objects.get().ended_on is None  # nothing half-saved
    plan = services.care_plan_record(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        details=services.CarePlanDetails(
            voice=ChildVoice(words="I want to stay with my foster family."),
            agreed_on=date(2027, 4, 9),
            arrangements="Return home with support",
        ),
    )
    assert Deadline.objects.get(rule_code="care_plan").status_on(today).value == "met"
    placement = services.placement_move(actor=world.user("social_worker"), child=world.allocated_child, move=move)
    assert placement.care_plan == plan


def test_a_care_plan_agreed_before_the_child_was_placed_meets_the_clock_on_the_first_day(
    world: World, today: date, start_care: StartCare
) -> None:
    plan = services.CarePlanDetails(
        voice=ChildVoice(words="I want to stay with my foster family."),
        agreed_on=date(2027, 3, 24),
        arrangements="Planned admission to foster care",
    )
    start_care(date(2027, 3, 25), care_plan=plan, care_plan_due_on=None)
    deadline = Deadline.objects.get(rule_code="care_plan")
    assert deadline.met_on == date(2027, 3, 25)
    assert Placement.objects.get().care_plan is not None


def test_the_database_refuses_a_placement_with_neither_a_care_plan_nor_its_due_date(
    world: World, today: date, start_care: StartCare
) -> None:
    from django.db import IntegrityError, transaction

    period = start_care(date(2027, 3, 25))
    placement = Placement.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.filter(pk=placement.pk).update(care_plan_due_on=None)
    assert period.pk
