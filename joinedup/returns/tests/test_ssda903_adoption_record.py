"""SSDA903 AD1, PlacedAdoption and DoLo, and Annex A list 10, from the adoption and deprivation of liberty record
(children_in_care): hand-made children, row by row, and broken records reported by child and rule."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from joinedup.children_in_care import services as care
from joinedup.children_in_care.models import AdopterMatch, PeriodOfCare
from joinedup.core.tests.personas import World
from joinedup.core.voice import ChildVoice
from joinedup.returns import ssda903
from joinedup.returns.annex_a import annex_a_export
from joinedup.returns.tests.conftest import requires_validators
from joinedup.returns.validation import ssda903 as ssda903_validation
from joinedup.returns.years import collection_year

pytestmark = pytest.mark.django_db

LookedAfter = Callable[..., PeriodOfCare]


def adopted_child(world: World, looked_after: LookedAfter, *, match: bool = True) -> Any:
    """Ellie: looked after from 3 June 2024 under a care order, the decision on 2 September 2024, the placement order
    on 3 March 2025, matched on 1 May 2025, placed for adoption (A6) on 2 June 2025, adopted (E12) on 15 January
    2026."""
    actor, child = world.user("social_worker"), world.allocated_child
    looked_after(date(2024, 6, 3))
    care.care_plan_record(
        actor=actor,
        child=child,
        details=care.CarePlanDetails(
            voice=ChildVoice(words="I want to stay with my foster family."),
            agreed_on=date(2024, 6, 3),
            arrangements="Adoption",
        ),
    )
    decision = care.adoption_decision_record(actor=actor, child=child, decided_on=date(2024, 9, 2))
    care.legal_status_change(actor=actor, child=child, code="E1", started_on=date(2025, 3, 3))
    if match:
        care.adopter_match_record(
            actor=actor,
            decision=decision,
            matched_on=date(2025, 5, 1),
            adopters_are_foster_carers=False,
            number_of_adopters=2,
            adopters_sex="MF",
            adopters_legal_status="L11",
        )
    care.placement_move(
        actor=actor,
        child=child,
        move=care.PlacementMove(
            started_on=date(2025, 6, 2),
            placement=care.PlacementDetails(
                placement_type="A6",
                provider="PR1",
                carer_given_name="Sam",
                carer_family_name="Okafor",
                postcode="LS6 2AB",
                is_in_authority=True,
            ),
            reason_for_change="CARPL",
        ),
    )
    care.looked_after_end(actor=actor, child=child, ended_on=date(2026, 1, 15), reason_ceased="E12")
    return child


@requires_validators
def test_given_a_child_adopted_in_the_year_when_the_ssda903_is_made_then_ad1_has_the_decision_and_the_match(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    child = adopted_child(world, looked_after)
    ret = ssda903.build(collection_year("ssda903", 2026))
    dob = child.date_of_birth.strftime("%d/%m/%Y")
    assert ret.tables["AD1"] == [
        {
            "CHILD": str(child.pk),
            "DOB": dob,
            "DATE_INT": "02/09/2024",
            "DATE_MATCH": "01/05/2025",
            "FOSTER_CARE": "0",
            "NB_ADOPTR": "2",
            "SEX_ADOPTR": "MF",
            "LS_ADOPTR": "L11",
        }
    ]
    # PlacedAdoption from the recorded decision (not the care plan of 3 June 2024 the fallback would take).
    assert ret.tables["PlacedAdoption"] == [
        {
            "CHILD": str(child.pk),
            "DOB": dob,
            "DATE_PLACED": "02/09/2024",
            "DATE_PLACED_CEASED": "",
            "REASON_PLACED_CEASED": "",
        }
    ]
    assert ret.missing_modules == []
    report = ssda903_validation.validate(ret)
    failures = [(f.rule, f.table, f.message) for f in report.failures if f.table in ("AD1", "PlacedAdoption")]
    assert failures == []


@requires_validators
def test_given_a_reversed_decision_when_the_ssda903_is_made_then_placed_adoption_has_the_date_and_reason(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    actor, child = world.user("social_worker"), world.allocated_child
    looked_after(date(2025, 5, 1))
    decision = care.adoption_decision_record(actor=actor, child=child, decided_on=date(2025, 6, 2))
    care.adoption_decision_reverse(actor=actor, decision=decision, ceased_on=date(2025, 12, 1), reason="RD1")
    ret = ssda903.build(collection_year("ssda903", 2026))
    (row,) = ret.tables["PlacedAdoption"]
    assert (row["DATE_PLACED"], row["DATE_PLACED_CEASED"], row["REASON_PLACED_CEASED"]) == (
        "02/06/2025",
        "01/12/2025",
        "RD1",
    )
    assert ret.tables["AD1"] == []
    report = ssda903_validation.validate(ret)
    assert [f.rule for f in report.failures if f.table == "PlacedAdoption"] == []


@requires_validators
def test_given_a_deprivation_of_liberty_order_when_the_2027_return_is_made_then_dolo_has_its_row(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    actor, child = world.user("social_worker"), world.allocated_child
    looked_after(date(2026, 1, 5))
    order = care.deprivation_of_liberty_order_record(actor=actor, child=child, started_on=date(2026, 2, 2))
    ret = ssda903.build(collection_year("ssda903", 2027))
    assert ret.tables["DoLo"] == [
        {
            "CHILD": str(child.pk),
            "DOB": child.date_of_birth.strftime("%d/%m/%Y"),
            "DOLO_START": "02/02/2026",
            "DOLO_END": "",
        }
    ]
    assert "DoLo" not in ssda903.build(collection_year("ssda903", 2026)).tables
    # Once the order has ended (rule 709 checks an order with its start and end dates): the child was in foster
    # care (U6), not a children's home, so rule 709 reports it by child.
    care.deprivation_of_liberty_order_end(actor=actor, order=order, ended_on=date(2026, 5, 4))
    ret = ssda903.build(collection_year("ssda903", 2027))
    report = ssda903_validation.validate(ret)
    assert [(f.rule, f.child) for f in report.failures if f.table == "DoLo"] == [("709", str(child.pk))]


@requires_validators
def test_given_inconsistent_adopters_or_no_match_when_validated_then_each_is_reported_by_child_and_rule(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    child = adopted_child(world, looked_after)
    AdopterMatch.objects.update(adopters_sex="M1")  # two adopters cannot be a single man (as if imported badly)
    ret = ssda903.build(collection_year("ssda903", 2026))
    assert ret.tables["AD1"][0]["SEX_ADOPTR"] == "M1"  # produced as recorded, never dropped
    report = ssda903_validation.validate(ret)
    ad1 = {(f.rule, f.child) for f in report.failures if f.table == "AD1"}
    assert ad1, "the inconsistent AD1 row is reported"
    assert {c for _, c in ad1} == {str(child.pk)}
    assert any(rule in {r for r, _ in ad1} for rule in ("514", "519", "520", "545", "546"))

    AdopterMatch.objects.all().delete()
    ret = ssda903.build(collection_year("ssda903", 2026))
    (row,) = ret.tables["AD1"]
    assert (row["DATE_INT"], row["DATE_MATCH"]) == ("02/09/2024", "")
    report = ssda903_validation.validate(ret)
    assert ("601", str(child.pk)) in {(f.rule, f.child) for f in report.failures if f.table == "AD1"}


def test_given_an_adopted_child_when_annex_a_is_made_then_list_10_has_the_decision_match_and_order(
    world: World, today: date, looked_after: LookedAfter
) -> None:
    child = adopted_child(world, looked_after)
    book = load_workbook(io.BytesIO(annex_a_export(actor=world.user("team_manager"), today=today)))
    sheet = next(book[name] for name in book.sheetnames if name.startswith("List 10"))
    head = [c.value for c in sheet[1]]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    (row,) = [r for r in rows if r[0] == str(child.pk)]
    values = dict(zip(head, row, strict=True))
    assert values["Date of decision that the child should be placed for adoption"] == "02/09/2024"
    assert values["Matching date"] == "01/05/2025"
    assert values["Date placed for adoption"] == "02/06/2025"
    assert values["Adoption order date"] == "15/01/2026"
    assert values["Date of decision that the child should no longer be placed for adoption"] in ("", None)
