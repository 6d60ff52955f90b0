"""Add a child: each answer's follow-up question (revealed under it) counts only when that answer is chosen, and
an unborn child is shown by name as "Unborn child (Surname)"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person
from joinedup.records.forms import ChildForm

pytestmark = pytest.mark.django_db

BORN = {
    "is_unborn": "no",
    "given_name": "Amara",
    "family_name": "Campbell",
    "date_of_birth_0": "9",
    "date_of_birth_1": "4",
    "date_of_birth_2": "2018",
    "sex": "F",
    "ethnicity": "BCRB",
    "special_educational_needs": "none",
    "father_status": "not_known",
    "father_not_known_reason": "Mother has not said",
}


def unborn(**changes: str) -> dict[str, str]:
    due = timezone.localdate() + timedelta(weeks=10)
    return {
        **BORN,
        "is_unborn": "yes",
        "given_name": "",
        "expected_date_of_delivery_0": str(due.day),
        "expected_date_of_delivery_1": str(due.month),
        "expected_date_of_delivery_2": str(due.year),
        **changes,
    }


def test_a_date_of_birth_typed_before_choosing_unborn_is_ignored_even_if_impossible() -> None:
    form = ChildForm(unborn(date_of_birth_0="31", date_of_birth_1="2"))
    assert form.is_valid(), form.errors
    assert form.person_details().date_of_birth is None
    assert form.child_details().expected_date_of_delivery is not None


def test_an_expected_date_typed_before_choosing_born_is_ignored() -> None:
    form = ChildForm({**unborn(), "is_unborn": "no"})
    assert form.is_valid(), form.errors
    assert form.child_details().expected_date_of_delivery is None
    assert form.person_details().date_of_birth is not None


def test_the_reason_recorded_is_the_one_under_the_chosen_father_answer() -> None:
    form = ChildForm(
        {
            **BORN,
            "father_status": "not_disclosed",
            "father_not_known_reason": "typed under Not known first",
            "father_not_disclosed_reason": "She wants to keep it private",
        }
    )
    assert form.is_valid(), form.errors
    assert form.child_details().father_not_known_reason == "She wants to keep it private"


def test_no_reason_is_kept_when_the_father_is_recorded() -> None:
    form = ChildForm({**BORN, "father_status": "recorded"})
    assert form.is_valid(), form.errors
    assert form.child_details().father_not_known_reason == ""


@pytest.mark.parametrize(
    ("status", "field"),
    [("not_known", "father_not_known_reason"), ("not_disclosed", "father_not_disclosed_reason")],
)
def test_a_missing_reason_is_reported_on_the_box_under_the_chosen_answer(status: str, field: str) -> None:
    form = ChildForm({**BORN, "father_status": status, "father_not_known_reason": ""})
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_adding_an_unborn_child_shows_them_as_unborn_child_surname(world: World, client_for: Any) -> None:
    client = client_for("front_door")
    response = client.post("/children/new/", unborn(family_name="Whitlock"))
    child = Person.objects.get(family_name="Whitlock")
    assert response["Location"] == f"/children/{child.pk}/"
    record = client.get(response["Location"]).content.decode()
    assert "<title>Unborn child (Whitlock) – JoinedUp</title>" in record


def test_display_name() -> None:
    due = timezone.localdate() + timedelta(weeks=10)

    def child(given_name: str, **profile: Any) -> Person:
        kwargs = {f"profile__{k}": v for k, v in profile.items()}
        made = ChildFactory(given_name=given_name, family_name="Whitlock", date_of_birth=None, **kwargs)
        return Person.objects.get(pk=made.pk)  # as a page loads it, without the profile

    assert child("", is_unborn=True, expected_date_of_delivery=due).display_name == "Unborn child (Whitlock)"
    assert child("Ava", is_unborn=True, expected_date_of_delivery=due).display_name == "Ava Whitlock"
    assert child("").display_name == "Whitlock"
