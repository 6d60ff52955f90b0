"""SSDA903 PlacedAdoption and PrevPerm from the record (the inference for a period with no recorded decision), for
hand-made looked-after children, checked row by row. AD1, DoLo and recorded decisions: test_ssda903_adoption_record."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from joinedup.children_in_care.models import PeriodOfCare
from joinedup.core.tests.personas import World
from joinedup.returns import ssda903
from joinedup.returns.models import ReturnRun
from joinedup.returns.tests.conftest import requires_validators
from joinedup.returns.validation import ssda903 as ssda903_validation
from joinedup.returns.years import collection_year

pytestmark = pytest.mark.django_db


@requires_validators
def test_given_a_placement_order_when_the_ssda903_is_made_then_placed_adoption_and_previous_permanence_rows_are_there(
    world: World, today: date, looked_after: Callable[..., Any]
) -> None:
    looked_after(date(2025, 5, 1), legal_status="E1")
    child = world.allocated_child
    ret = ssda903.build(collection_year("ssda903", 2026))
    dob = child.date_of_birth.strftime("%d/%m/%Y")  # type: ignore[union-attr]
    assert ret.tables["PlacedAdoption"] == [
        {
            "CHILD": str(child.pk),
            "DOB": dob,
            # No decision recorded: the placement order, the first sign of the plan the record holds (the fallback).
            "DATE_PLACED": "01/05/2025",
            "DATE_PLACED_CEASED": "",
            "REASON_PLACED_CEASED": "",
        }
    ]
    # Nothing in the record says whether the child had an adoption, SGO or CAO before: not known (P4).
    assert ret.tables["PrevPerm"] == [
        {"CHILD": str(child.pk), "DOB": dob, "PREV_PERM": "P4", "LA_PERM": "999", "DATE_PERM": "ZZ/ZZ/ZZZZ"}
    ]
    assert ret.tables["AD1"] == []  # not adopted
    assert ret.missing_modules == []
    text = ret.as_text()
    assert text["PlacedAdoption"].decode().splitlines()[0] == (
        "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED"
    )
    report = ssda903_validation.validate(ret)
    rules = {f.rule for f in report.failures if f.table in ("PlacedAdoption", "PrevPerm")}
    assert rules == set(), [(f.rule, f.message) for f in report.failures]


def test_given_an_earlier_special_guardianship_order_when_care_starts_again_then_previous_permanence_is_p2(
    world: World, today: date, looked_after: Callable[..., Any]
) -> None:
    child = world.allocated_child
    PeriodOfCare.objects.create(
        child=child, started_on=date(2021, 2, 1), ended_on=date(2024, 3, 1), reason_ceased="E45", category_of_need="N1"
    )
    looked_after(date(2025, 5, 1))
    ret = ssda903.build(collection_year("ssda903", 2026))
    (row,) = ret.tables["PrevPerm"]
    la = str(settings.JOINEDUP_AUTHORITY["dfe_code"]).zfill(3)
    assert (row["PREV_PERM"], row["LA_PERM"], row["DATE_PERM"]) == ("P2", la, "01/03/2024")
    assert ret.tables["PlacedAdoption"] == []


def test_given_the_2027_return_with_no_orders_when_made_then_deprivation_of_liberty_has_its_header_and_no_note(
    world: World, today: date
) -> None:
    ret = ssda903.build(collection_year("ssda903", 2027))
    assert ret.tables["DoLo"] == []
    assert ret.missing_modules == []
    assert ret.as_text()["DoLo"].decode().strip() == "CHILD,DOB,DOLO_START,DOLO_END"


@requires_validators
def test_given_a_placement_order_when_the_command_makes_the_ssda903_then_nothing_is_said_left_out(
    world: World, today: date, looked_after: Callable[..., Any], tmp_path: Path
) -> None:
    looked_after(date(2025, 5, 1), legal_status="E1")
    out = io.StringIO()
    call_command("statutory_return", "ssda903", "--year", "2026", "--out", str(tmp_path / "903"), stdout=out)
    text = out.getvalue()
    assert "Not included" not in text
    assert (tmp_path / "903" / "AD1.csv").read_text().strip() == (
        "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR"
    )
    placed = (tmp_path / "903" / "PlacedAdoption.csv").read_text().splitlines()
    assert placed[1].startswith(f"{world.allocated_child.pk},") and placed[1].endswith(",01/05/2025,,")
    assert ReturnRun.objects.get().missing_modules == []
