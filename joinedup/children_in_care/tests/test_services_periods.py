"""Becoming looked after, legal status changes, placement moves and ceasing to be looked after: the SSDA903 episodes
they write, refusals with field errors (nothing half-saved), the database's own guards, audit and corrections."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from joinedup.access.factories import InvolvementFactory
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.audit.testing import assert_audit_events
from joinedup.children_in_care import services
from joinedup.children_in_care.errors import CareError
from joinedup.children_in_care.models import CareEpisode, LegalStatus, PeriodOfCare, Placement
from joinedup.children_in_care.tests.conftest import foster_placement
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.people.factories import ChildFactory
from joinedup.people.models import ChildProfile, Relationship
from joinedup.timescales.models import Deadline

pytestmark = pytest.mark.django_db

StartCare = Callable[..., PeriodOfCare]


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, set[str]]:
    return {name: {e.code for e in errors} for name, errors in exc.value.error_dict.items()}  # type: ignore[misc]


def episodes(child: Any) -> list[tuple[str, str, str, str, str, str]]:
    """The SSDA903 Episodes rows: DECOM, RNE, LS, PLACE, DEC, REC."""
    return [
        (
            e.started_on.isoformat(),
            e.reason_new_episode,
            e.legal_status.code,
            e.placement.placement_type,
            e.ended_on.isoformat() if e.ended_on else "",
            e.reason_ceased,
        )
        for e in CareEpisode.objects.filter(child=child).select_related("legal_status", "placement").order_by("id")
    ]


def move(world: World, child: Any, on: date, **kwargs: Any) -> Placement:
    kwargs.setdefault("placement", foster_placement(carer_family_name="Osei"))
    kwargs.setdefault("reason_for_change", "CARPL")
    return services.placement_move(
        actor=world.user("social_worker"), child=child, move=services.PlacementMove(started_on=on, **kwargs)
    )


def plan(world: World, child: Any, on: date) -> Any:
    return services.care_plan_record(
        actor=world.user("social_worker"),
        child=child,
        details=services.CarePlanDetails(
            voice=ChildVoice(words="I want to stay with my foster family."),
            agreed_on=on,
            arrangements="Long-term fostering with contact",
        ),
    )


# -- becoming looked after -------------------------------------------------------------------------------------


def test_starting_care_writes_the_period_the_first_episode_the_carer_and_the_flag_with_audit(
    world: World, today: date, start_care: StartCare
) -> None:
    with assert_audit_events() as events:
        pass
    start_care(date(2027, 11, 22))
    child = world.allocated_child
    assert episodes(child) == [("2027-11-22", "S", "C2", "U6", "", "")]
    assert ChildProfile.objects.get(person=child).is_looked_after
    carer = Placement.objects.get().carer
    assert carer is not None and carer.family_name == "Holloway"
    assert Relationship.objects.filter(from_person=carer, to_person=child, relationship_type="foster_carer").exists()
    written = {(e.action, e.object_type) for e in AuditEvent.objects.filter(child_id=child.pk)}
    for expected in [
        ("created", "children_in_care.periodofcare"),
        ("created", "children_in_care.legalstatus"),
        ("created", "children_in_care.placement"),
        ("created", "children_in_care.careepisode"),
        ("created", "timescales.deadline"),
        ("updated", "people.childprofile"),
    ]:
        assert expected in written
    assert events == []


def test_a_child_already_looked_after_cannot_start_again(world: World, today: date, start_care: StartCare) -> None:
    start_care(date(2027, 11, 22))
    with pytest.raises(ValidationError) as exc:
        start_care(date(2027, 11, 23))
    assert codes(exc) == {"started_on": {CareError.ALREADY_LOOKED_AFTER}}
    assert PeriodOfCare.objects.count() == 1


def test_a_new_period_cannot_overlap_an_earlier_one(world: World, today: date, start_care: StartCare) -> None:
    start_care(date(2027, 6, 1))
    services.looked_after_end(
        actor=world.user("social_worker"), child=world.allocated_child, ended_on=date(2027, 8, 1), reason_ceased="E4A"
    )
    with pytest.raises(ValidationError) as exc:
        start_care(date(2027, 7, 15))
    assert codes(exc) == {"started_on": {CareError.OVERLAPS_EARLIER_PERIOD}}
    start_care(date(2027, 8, 1))  # the day the earlier one ended is free
    assert PeriodOfCare.objects.count() == 2


def test_starting_care_refuses_bad_input_with_every_problem_at_once(
    world: World, today: date, start_care: StartCare
) -> None:
    with pytest.raises(ValidationError) as exc:
        start_care(
            date(2027, 12, 2),  # tomorrow
            legal_status="C9",
            placement=foster_placement(placement_type="U6", provider="", carer_family_name="", distance_miles=1000),
        )
    assert codes(exc) == {
        "started_on": {CareError.DATE_IN_FUTURE},
        "legal_status": {CareError.INVALID_CHOICE},
        "provider": {CareError.PROVIDER_REQUIRED},
        "carer_family_name": {CareError.CARER_REQUIRED},
        "distance_miles": {CareError.INVALID_DISTANCE},
    }
    assert not PeriodOfCare.objects.exists() and not Deadline.objects.exists() and not AuditEvent.objects.exists()


def test_placement_codes_follow_the_collection_year(world: World, today: date, start_care: StartCare) -> None:
    with pytest.raises(ValidationError) as exc:
        start_care(date(2027, 11, 1), placement=foster_placement(placement_type="P2", carer_family_name=""))
    assert codes(exc) == {"placement_type": {CareError.RETIRED_PLACEMENT_TYPE}}
    with pytest.raises(ValidationError) as exc:  # supported accommodation from 16 only; Ellie is 11
        start_care(date(2027, 11, 1), placement=foster_placement(placement_type="K3", carer_family_name=""))
    assert codes(exc) == {"placement_type": {CareError.PLACEMENT_NEEDS_SIXTEEN}}


@pytest.mark.parametrize(
    ("placement", "field", "code"),
    [
        # A temporary or other placement gives no provider (SSDA903 rules 178, 213).
        ({"placement_type": "Z12", "provider": "PR1"}, "provider", CareError.PROVIDER_NOT_USED),
        ({"placement_type": "T0", "provider": "PR4"}, "provider", CareError.PROVIDER_NOT_USED),
        # The URN placeholder is for foster and adoption placements only (rule 242).
        ({"placement_type": "K2", "provider": "PR4", "urn": "XXXXXXX"}, "urn", CareError.URN_PLACEHOLDER_NOT_ALLOWED),
        ({"placement_type": "R3", "provider": "PR1", "urn": "xxxxxxx"}, "urn", CareError.URN_PLACEHOLDER_NOT_ALLOWED),
        # A setting no Ofsted registration covers has no URN (rule 222).
        ({"placement_type": "R2", "provider": "PR3", "urn": "SC123456"}, "urn", CareError.URN_NOT_USED),
    ],
    ids=["other-with-provider", "temporary-with-provider", "home-with-placeholder", "family-centre", "nhs-with-urn"],
)
def test_a_placement_the_ssda903_rules_forbid_is_refused_with_the_field_to_correct(
    world: World, today: date, start_care: StartCare, placement: dict[str, str], field: str, code: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        start_care(date(2027, 11, 1), placement=foster_placement(carer_family_name="", **placement))
    assert codes(exc) == {field: {code}}
    assert not PeriodOfCare.objects.exists()


def test_a_foster_placement_may_give_the_urn_placeholder_and_a_childrens_home_its_urn(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 11, 1), placement=foster_placement(urn="xxxxxxx"))
    assert Placement.objects.get().urn == "XXXXXXX"
    services.care_plan_record(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        details=services.CarePlanDetails(
            voice=ChildVoice(words="I want to stay with my foster family."),
            agreed_on=date(2027, 11, 1),
            arrangements="Foster care, then a home",
        ),
    )
    services.placement_move(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        move=services.PlacementMove(
            started_on=date(2027, 11, 20),
            placement=foster_placement(placement_type="K2", provider="PR4", carer_family_name="", urn="SC123456"),
            reason_for_change="CARPL",
        ),
    )
    assert Placement.objects.get(ended_on=None).urn == "SC123456"


def test_an_unborn_child_or_one_eighteen_or_over_cannot_start_to_be_looked_after(
    world: World, today: date, start_care: StartCare
) -> None:
    adult = ChildFactory(date_of_birth=date(2009, 11, 30))  # 18 on 30 November 2027
    InvolvementFactory(practitioner=world.social_worker, child=adult, team=world.team_a)
    with pytest.raises(ValidationError) as exc:
        start_care(date(2027, 11, 30), child=adult)
    assert codes(exc) == {"started_on": {CareError.EIGHTEEN_OR_OVER}}
    unborn = ChildFactory(
        date_of_birth=None, profile__is_unborn=True, profile__expected_date_of_delivery=date(2028, 2, 1)
    )
    InvolvementFactory(practitioner=world.social_worker, child=unborn, team=world.team_a)
    with pytest.raises(ValidationError) as exc:
        start_care(date(2027, 11, 30), child=unborn)
    assert codes(exc) == {"started_on": {CareError.NOT_BORN}}


def test_only_the_childs_care_workers_may_record_care(world: World, today: date, start_care: StartCare) -> None:
    for refused in ("other_team_worker", "school_dsl", "iro", "front_door"):
        with pytest.raises(NotFoundOrNotPermitted):
            start_care(date(2027, 11, 22), actor=world.user(refused))
    start_care(date(2027, 11, 22), actor=world.user("team_manager"))


# -- the SSDA903 episodes ----------------------------------------------------------------------------------------


def test_each_change_starts_the_right_episode(world: World, today: date, start_care: StartCare) -> None:
    child = world.allocated_child
    start_care(date(2027, 6, 1), legal_status="V2")
    plan(world, child, date(2027, 6, 4))
    actor = world.user("social_worker")
    services.legal_status_change(actor=actor, child=child, code="C1", started_on=date(2027, 7, 1))  # L
    move(world, child, date(2027, 8, 2))  # P: new placement and carer
    same = foster_placement(placement_type="U4", carer_given_name="", carer_family_name="")
    move(world, child, date(2027, 9, 1), same_carer=True, placement=same)  # B: the carer carries over
    move(world, child, date(2027, 10, 1), legal_status="C2")  # T: placement and legal status together
    move(world, child, date(2027, 11, 1), reason_for_change="PLACE")
    services.legal_status_change(actor=actor, child=child, code="E1", started_on=date(2027, 11, 1))  # P becomes T
    services.looked_after_end(actor=actor, child=child, ended_on=date(2027, 11, 29), reason_ceased="E11")
    assert episodes(child) == [
        ("2027-06-01", "S", "V2", "U6", "2027-07-01", "X1"),
        ("2027-07-01", "L", "C1", "U6", "2027-08-02", "X1"),
        ("2027-08-02", "P", "C1", "U6", "2027-09-01", "X1"),
        ("2027-09-01", "B", "C1", "U4", "2027-10-01", "X1"),
        ("2027-10-01", "T", "C2", "U6", "2027-11-01", "X1"),
        ("2027-11-01", "T", "E1", "U6", "2027-11-29", "E11"),
    ]
    assert list(LegalStatus.objects.filter(child=child).values_list("code", "ended_on")) == [
        ("V2", date(2027, 7, 1)),
        ("C1", date(2027, 10, 1)),
        ("C2", date(2027, 11, 1)),
        ("E1", date(2027, 11, 29)),
    ]
    carers = list(Placement.objects.filter(child=child).values_list("carer__family_name", flat=True))
    assert carers == ["Holloway", "Osei", "Osei", "Osei", "Osei"]  # the same carer when the move said so


def test_legal_status_changes_are_recorded_in_order(world: World, today: date, start_care: StartCare) -> None:
    start_care(date(2027, 6, 1), legal_status="C1")
    actor, child = world.user("social_worker"), world.allocated_child
    with pytest.raises(ValidationError) as exc:
        services.legal_status_change(actor=actor, child=child, code="C2", started_on=date(2027, 6, 1))
    assert codes(exc) == {"started_on": {CareError.BEFORE_CURRENT_LEGAL_STATUS}}
    with pytest.raises(ValidationError) as exc:
        services.legal_status_change(actor=actor, child=child, code="C1", started_on=date(2027, 7, 1))
    assert codes(exc) == {"code": {CareError.LEGAL_STATUS_UNCHANGED}}


# -- bad input: overlapping placements, an episode ending before it starts, nothing half-saved --------------------


def test_overlapping_placements_are_refused_and_nothing_is_half_saved(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 11, 1))
    plan(world, world.allocated_child, date(2027, 11, 5))
    before = (
        Placement.objects.count(),
        CareEpisode.objects.count(),
        Deadline.objects.count(),
        AuditEvent.objects.count(),
    )
    for day in (date(2027, 10, 20), date(2027, 11, 1)):
        with pytest.raises(ValidationError) as exc:
            move(world, world.allocated_child, day)
        assert codes(exc) == {"started_on": {CareError.PLACEMENTS_OVERLAP}}
        assert "placements do not overlap" in str(exc.value)
    after = (
        Placement.objects.count(),
        CareEpisode.objects.count(),
        Deadline.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
    assert Placement.objects.get().ended_on is None


def test_care_ending_before_it_started_is_refused(world: World, today: date, start_care: StartCare) -> None:
    start_care(date(2027, 11, 1))
    with pytest.raises(ValidationError) as exc:
        services.looked_after_end(
            actor=world.user("social_worker"),
            child=world.allocated_child,
            ended_on=date(2027, 10, 31),
            reason_ceased="E4A",
        )
    assert codes(exc) == {"ended_on": {CareError.ENDS_BEFORE_IT_STARTS}}
    assert "on or after the date it started (1 November 2027)" in str(exc.value)
    period = PeriodOfCare.objects.get()
    assert period.ended_on is None and ChildProfile.objects.get(person=world.allocated_child).is_looked_after


def test_a_review_for_a_child_not_looked_after_is_refused(world: World, today: date, start_care: StartCare) -> None:
    details = services.ReviewDetails(
        voice=ChildVoice(words="I like my school and I want to see my brother."),
        held_on=date(2027, 11, 15),
        chair_id=world.iro.pk,
        participation="PN1",
    )
    with pytest.raises(ValidationError) as exc:
        services.looked_after_review_record(
            actor=world.user("social_worker"), child=world.allocated_child, details=details
        )
    assert codes(exc) == {"held_on": {CareError.NOT_LOOKED_AFTER}}
    start_care(date(2027, 11, 20))  # looked after only from the 20th
    with pytest.raises(ValidationError):
        services.looked_after_review_record(
            actor=world.user("social_worker"), child=world.allocated_child, details=details
        )
    from joinedup.children_in_care.models import LookedAfterReview

    assert not LookedAfterReview.objects.exists()


def test_a_review_chaired_by_someone_who_is_not_an_iro_or_with_the_wrong_participation_code_is_refused(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 11, 1))
    details = services.ReviewDetails(
        voice=ChildVoice(words="I like my school and I want to see my brother."),
        held_on=date(2027, 11, 20),
        chair_id=world.social_worker.pk,
        participation="PN0",
    )
    with pytest.raises(ValidationError) as exc:
        services.looked_after_review_record(actor=world.user("iro"), child=world.allocated_child, details=details)
    assert codes(exc) == {
        "chair": {CareError.NOT_AN_INDEPENDENT_REVIEWING_OFFICER},
        "participation": {CareError.PARTICIPATION_AGE},  # Ellie is 11: PN0 is for children under 4
    }


def test_the_second_review_confirms_the_permanence_plan(world: World, today: date, start_care: StartCare) -> None:
    start_care(date(2027, 9, 1))
    actor = world.user("iro")
    first = services.ReviewDetails(
        voice=ChildVoice(words="I like my school and I want to see my brother."),
        held_on=date(2027, 9, 28),
        chair_id=world.iro.pk,
        participation="PN1",
    )
    services.looked_after_review_record(actor=actor, child=world.allocated_child, details=first)
    second = services.ReviewDetails(
        voice=ChildVoice(words="I like my school and I want to see my brother."),
        held_on=date(2027, 11, 25),
        chair_id=world.iro.pk,
        participation="PN6",
    )
    with pytest.raises(ValidationError) as exc:
        services.looked_after_review_record(actor=actor, child=world.allocated_child, details=second)
    assert codes(exc) == {"permanence_plan": {CareError.PERMANENCE_PLAN_REQUIRED}}
    second.permanence_plan = "adoption"
    second.decisions = ["Apply for a placement order", "", "Life story work with the foster carer"]
    review = services.looked_after_review_record(actor=actor, child=world.allocated_child, details=second)
    assert review.number == 2
    assert [d.decision for d in review.decisions.all()] == [
        "Apply for a placement order",
        "Life story work with the foster carer",
    ]


def test_ceasing_care_withdraws_every_open_clock_and_clears_the_flag(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 11, 1))
    assert Deadline.objects.filter(met_on__isnull=True).count() == 6
    services.looked_after_end(
        actor=world.user("social_worker"), child=world.allocated_child, ended_on=date(2027, 11, 26), reason_ceased="E4A"
    )
    assert not Deadline.objects.filter(met_on__isnull=True).exists()
    withdrawn = AuditEvent.objects.filter(action=AuditAction.DELETED, object_type="timescales.deadline")
    assert withdrawn.count() == 6
    assert not ChildProfile.objects.get(person=world.allocated_child).is_looked_after
    assert episodes(world.allocated_child) == [("2027-11-01", "S", "C2", "U6", "2027-11-26", "E4A")]


def test_care_ends_on_the_eighteenth_birthday_at_the_latest_and_staying_put_needs_eighteen(
    world: World, today: date, start_care: StartCare
) -> None:
    young_person = ChildFactory(date_of_birth=date(2009, 11, 20))  # 18 on 20 November 2027
    InvolvementFactory(practitioner=world.social_worker, child=young_person, team=world.team_a)
    start_care(date(2027, 3, 1), child=young_person)
    actor = world.user("social_worker")
    with pytest.raises(ValidationError) as exc:
        services.looked_after_end(actor=actor, child=young_person, ended_on=date(2027, 11, 19), reason_ceased="E17")
    assert codes(exc) == {"reason_ceased": {CareError.UNDER_EIGHTEEN}}
    with pytest.raises(ValidationError) as exc:
        services.looked_after_end(actor=actor, child=young_person, ended_on=date(2027, 11, 21), reason_ceased="E17")
    assert codes(exc) == {"ended_on": {CareError.EIGHTEEN_OR_OVER}}
    services.looked_after_end(actor=actor, child=young_person, ended_on=date(2027, 11, 20), reason_ceased="E17")


# -- the database's own guards -----------------------------------------------------------------------------------


def test_the_database_holds_one_open_placement_and_no_placement_ending_before_it_starts(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 11, 1))
    placement = Placement.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.filter(pk=placement.pk).update(ended_on=date(2027, 10, 1))
    copy = Placement.objects.get()
    copy.pk = None
    copy.started_on = date(2027, 11, 10)
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()  # a second open placement for the child


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL's")
def test_on_postgresql_the_database_refuses_overlapping_placements(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 6, 1))
    placement = Placement.objects.get()
    copy = Placement.objects.get()
    copy.pk = None
    copy.started_on, copy.ended_on = date(2027, 5, 1), date(2027, 6, 15)  # closed, but overlapping the open one
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert Placement.objects.filter(child=placement.child).count() == 1


# -- corrections ---------------------------------------------------------------------------------------------------


def test_correcting_the_start_date_recomputes_the_clocks_it_started(
    world: World, today: date, start_care: StartCare
) -> None:
    period = start_care(date(2027, 3, 25))
    services.looked_after_start_correct(actor=world.user("social_worker"), period=period, started_on=date(2027, 3, 22))
    due = {d.rule_code: d.due_on for d in Deadline.objects.all()}
    # From Monday 22 March 2027: 20 working days skip Good Friday (26th) and Easter Monday (29th):
    # 23-25 (3), 30 Mar-1 Apr (6), 2 Apr... counting: 23,24,25,30,31,1,2,5,6,7,8,9,12,13,14,15,16,19,20,21 -> 21 April.
    assert due["first_looked_after_review"] == date(2027, 4, 21)
    assert due["first_placement_visit"] == date(2027, 3, 29)  # 22 March + 7 days
    # 10 working days: 23, 24, 25, 30, 31, 1, 2, 5, 6, 7 -> Wednesday 7 April.
    assert due["care_plan"] == date(2027, 4, 7)
    period.refresh_from_db()
    placement = Placement.objects.get()
    assert (period.started_on, placement.started_on, placement.care_plan_due_on) == (
        date(2027, 3, 22),
        date(2027, 3, 22),
        date(2027, 3, 25),
    )
    assert CareEpisode.objects.get().started_on == date(2027, 3, 22)


def test_correcting_a_later_placements_start_moves_the_earlier_ones_end(
    world: World, today: date, start_care: StartCare
) -> None:
    start_care(date(2027, 9, 1))
    plan(world, world.allocated_child, date(2027, 9, 3))
    second = move(world, world.allocated_child, date(2027, 10, 11))
    services.placement_start_correct(actor=world.user("social_worker"), placement=second, started_on=date(2027, 10, 8))
    assert list(Placement.objects.values_list("started_on", "ended_on")) == [
        (date(2027, 9, 1), date(2027, 10, 8)),
        (date(2027, 10, 8), None),
    ]
    assert episodes(world.allocated_child)[1][0] == "2027-10-08"
    assert Deadline.objects.get(
        rule_code="first_placement_visit", subject_key__endswith=f":{second.pk}"
    ).due_on == date(2027, 10, 15)  # Friday 8 October + 7 days
    with pytest.raises(ValidationError) as exc:
        services.placement_start_correct(
            actor=world.user("social_worker"), placement=second, started_on=date(2027, 9, 1)
        )
    assert codes(exc) == {"started_on": {CareError.PLACEMENTS_OVERLAP}}
