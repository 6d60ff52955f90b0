"""SSDA903 codes as the current guide sets them, each fixed rule by a hand-made child: SEX (rule 101), social worker
episodes, their social workers and reasons (SW02STG1, SW13STG1, SW17STG2, SW11bSTG2, SW12STG2), the URN placeholder
(rule 242), the care leavers in OC3 (rule 391) and a new episode for a placement with the same carers (rule 435)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import Involvement, InvolvementRole
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.care_leavers.models import CareLeaverCircumstances
from joinedup.children_in_care import services as care
from joinedup.children_in_care.models import PeriodOfCare
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.oversight import services as oversight
from joinedup.returns import ssda903
from joinedup.returns.tests.conftest import requires_validators
from joinedup.returns.validation import ssda903 as ssda903_validation
from joinedup.returns.years import collection_year

pytestmark = pytest.mark.django_db

LookedAfter = Callable[..., PeriodOfCare]


def _allocation(world: World) -> Involvement:
    return Involvement.objects.get(child=world.allocated_child, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER)


def test_sex_is_written_m_f_or_u_in_2025_26_and_2026_27(world: World, today: date, looked_after: LookedAfter) -> None:
    looked_after(date(2025, 6, 2))
    child = world.allocated_child
    for code in ("M", "F", "U"):
        type(child).objects.filter(pk=child.pk).update(sex=code)
        for year in (2026, 2027):
            ret = ssda903.build(collection_year("ssda903", year))
            assert [h["SEX"] for h in ret.tables["Header"]] == [code], (code, year)


def test_a_change_of_social_worker_while_looked_after_gives_the_end_and_the_dfe_reason(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    """The work moved to another social worker because the first left their role: the first episode ends the day
    before, the second gives LEFTRL; the first allocation is first contact (SW13STG1)."""
    looked_after(date(2025, 6, 2))
    Involvement.objects.filter(pk=_allocation(world).pk).update(started_on=date(2025, 6, 2))
    new_worker = PractitionerFactory(
        user__username="new.worker",
        role=Role.SOCIAL_WORKER,
        organisation=world.local_authority,
        team=world.team_a,
    )
    oversight.allocation_change(
        actor=world.user("team_manager"),
        child=world.allocated_child,
        practitioner=new_worker,
        started_on=date(2025, 11, 3),
        reason="Their social worker left the authority",
        reason_for_change="LEFTRL",
    )

    rows = ssda903.build(collection_year("ssda903", 2026)).tables["SWEpisodes"]

    assert [(r["SW_ID"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in rows] == [
        (world.social_worker.social_work_england_number, "02/06/2025", "02/11/2025", "FCONTA"),
        (new_worker.social_work_england_number, "03/11/2025", "", "LEFTRL"),
    ]


def test_a_child_whose_care_ended_has_the_social_worker_they_had_then_and_no_later_one(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    """Care ended on 15 January 2026 with the child's social worker allocated to that day; another social worker
    was allocated in February, after care. The return gives the one episode, open (SW17STG2, SW11bSTG2), and not
    the later one (SW12STG2)."""
    looked_after(date(2025, 6, 2))
    Involvement.objects.filter(pk=_allocation(world).pk).update(started_on=date(2025, 6, 2))
    care.looked_after_end(
        actor=world.user("social_worker"), child=world.allocated_child, ended_on=date(2026, 1, 15), reason_ceased="E4A"
    )
    Involvement.objects.filter(pk=_allocation(world).pk).update(ended_on=date(2026, 1, 15))
    InvolvementFactory.create(
        practitioner=world.other_team_worker,
        child=world.allocated_child,
        team=world.team_b,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        started_on=date(2026, 2, 20),
        reason_for_social_worker_change="FCONTA",
    )

    rows = ssda903.build(collection_year("ssda903", 2026)).tables["SWEpisodes"]

    assert [(r["SW_ID"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in rows] == [
        (world.social_worker.social_work_england_number, "02/06/2025", "", "FCONTA"),
    ]


def test_a_social_worker_allocated_before_care_is_reported_from_the_start_of_care(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    """Allocated in March 2025 for child in need work, looked after from 2 June 2025, a new legal status in
    September: the episode is reported from the start of care (rule SW12STG2), and the earlier one that ended
    before care not at all."""
    Involvement.objects.filter(pk=_allocation(world).pk).update(started_on=date(2025, 3, 1))
    InvolvementFactory.create(
        practitioner=world.other_team_worker,
        child=world.allocated_child,
        team=world.team_b,
        role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        started_on=date(2024, 11, 1),
        ended_on=date(2025, 2, 28),
        reason_for_social_worker_change="FCONTA",
    )
    looked_after(date(2025, 6, 2), legal_status="V2")
    care.legal_status_change(
        actor=world.user("social_worker"), child=world.allocated_child, code="C2", started_on=date(2025, 9, 1)
    )

    rows = ssda903.build(collection_year("ssda903", 2026)).tables["SWEpisodes"]

    assert [(r["SW_ID"], r["SW_DECOM"], r["SW_DEC"]) for r in rows] == [
        (world.social_worker.social_work_england_number, "02/06/2025", "")
    ]


@requires_validators
def test_the_social_worker_is_given_by_their_social_work_england_number_or_the_validator_names_the_child(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    """SW_ID is the social worker's registration number (rule SW02STG1: it begins SW or XX and has at least four
    characters). It was "SW" and the practitioner's row number, which is nobody's registration number and, for the
    first nine practitioners of an authority, too short: the validator named every child they were allocated to."""
    looked_after(date(2025, 6, 2))
    type(world.social_worker).objects.filter(pk=world.social_worker.pk).update(social_work_england_number="SW4821")

    ret = ssda903.build(collection_year("ssda903", 2026))

    assert [r["SW_ID"] for r in ret.tables["SWEpisodes"]] == ["SW4821"]
    assert "SW02STG1" not in {f.rule for f in ssda903_validation.validate(ret).failures}

    type(world.social_worker).objects.filter(pk=world.social_worker.pk).update(social_work_england_number="")
    ret = ssda903.build(collection_year("ssda903", 2026))

    assert [r["SW_ID"] for r in ret.tables["SWEpisodes"]] == [""]
    assert (str(world.allocated_child.pk), "SW02STG1") in {
        (f.child, f.rule) for f in ssda903_validation.validate(ret).failures
    }


def test_a_child_still_looked_after_with_nobody_allocated_keeps_the_end_so_the_validator_names_them(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    looked_after(date(2025, 6, 2))
    Involvement.objects.filter(pk=_allocation(world).pk).update(started_on=date(2025, 6, 2), ended_on=date(2026, 2, 1))

    rows = ssda903.build(collection_year("ssda903", 2026)).tables["SWEpisodes"]

    assert [(r["SW_DECOM"], r["SW_DEC"]) for r in rows] == [("02/06/2025", "01/02/2026")]


def test_the_urn_placeholder_is_given_only_for_a_foster_or_adoption_placement(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    """A foster placement with no URN recorded gives XXXXXXX; a children's home with none recorded gives nothing
    (rule 242: the placeholder is for foster and adoption placements only)."""
    looked_after(date(2025, 6, 2))
    care.care_plan_record(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        details=care.CarePlanDetails(
            voice=ChildVoice(words="I want to stay with my foster family."),
            agreed_on=date(2025, 6, 2),
            arrangements="Foster care, then a home",
        ),
    )
    care.placement_move(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        move=care.PlacementMove(
            started_on=date(2025, 9, 1),
            placement=care.PlacementDetails(
                placement_type="K2", provider="PR4", postcode="LS7 3AB", is_in_authority=True
            ),
            reason_for_change="CARPL",
        ),
    )

    rows = ssda903.build(collection_year("ssda903", 2026)).tables["Episodes"]

    assert [(r["PLACE"], r["URN"]) for r in rows] == [("U6", "XXXXXXX"), ("K2", "")]


def test_oc3_has_the_care_leavers_whose_17th_to_21st_birthday_is_in_the_year_and_no_other(
    world: World, today: date
) -> None:
    """A young person who turned 19 in the year is in OC3; one whose circumstances were recorded in the year for the
    birthday before it (18, in March 2025) is not (rule 391)."""
    turned_19 = world.allocated_child
    type(turned_19).objects.filter(pk=turned_19.pk).update(date_of_birth=date(2006, 9, 10))
    before = world.unallocated_child
    type(before).objects.filter(pk=before.pk).update(date_of_birth=date(2007, 3, 20))
    for child, birthday, recorded_on in ((turned_19, 19, date(2025, 9, 20)), (before, 18, date(2025, 4, 10))):
        CareLeaverCircumstances.objects.create(
            child=child,
            birthday=birthday,
            recorded_on=recorded_on,
            in_touch="YES",
            activity="F1",
            accommodation="S",
            accommodation_suitable=True,
        )

    rows = ssda903.build(collection_year("ssda903", 2026)).tables["OC3"]

    assert [r["CHILD"] for r in rows] == [str(turned_19.pk)]


def test_an_unaccompanied_child_still_so_at_the_years_end_gives_their_18th_birthday(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    """UASC status ends at 18: a child still unaccompanied and asylum-seeking at the year's end gives that date
    (rule 304: never after it; rule 205B: the same date every year)."""
    child = world.allocated_child
    type(child).objects.filter(pk=child.pk).update(date_of_birth=date(2009, 5, 10))
    period = looked_after(date(2025, 6, 2))
    PeriodOfCare.objects.filter(pk=period.pk).update(is_unaccompanied_asylum_seeking=True)

    rows = ssda903.build(collection_year("ssda903", 2026)).tables["UASC"]

    assert [(r["CHILD"], r["DUC"]) for r in rows] == [(str(child.pk), "10/05/2027")]


def test_a_decision_for_adoption_recorded_after_the_year_is_not_inferred_in_it(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    """The care plan in the year was adoption, the decision was made in May 2026: the 2025-26 return gives no
    PlacedAdoption row (none was made in it), so DATE_PLACED is the recorded date in every year that has it
    (rule 560)."""
    looked_after(date(2025, 6, 2))
    care.care_plan_record(
        actor=world.user("social_worker"),
        child=world.allocated_child,
        details=care.CarePlanDetails(
            voice=ChildVoice(words="I want to stay with my foster family."),
            agreed_on=date(2025, 6, 2),
            arrangements="Adoption",
            permanence_plan="adoption",
        ),
    )
    care.adoption_decision_record(
        actor=world.user("social_worker"), child=world.allocated_child, decided_on=date(2026, 5, 11)
    )

    assert ssda903.build(collection_year("ssda903", 2026)).tables["PlacedAdoption"] == []
