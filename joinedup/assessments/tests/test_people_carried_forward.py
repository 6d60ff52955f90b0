"""Never type twice (issue 19): the assessment starts with the people already known, from the child's family network
(people.selectors.child_family_network): who has parental responsibility, who lives with the child and who matters to
them, offered ticked for the practitioner to confirm, and named where the form asks for their views. What the
practitioner confirmed is kept, audited and shown on the assessment; someone outside the network is refused."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from joinedup.assessments import selectors, services
from joinedup.assessments.models import SingleAssessment
from joinedup.assessments.people import people_known
from joinedup.assessments.testing import complete_details, referral_made
from joinedup.audit.models import AuditEvent
from joinedup.core.tests.personas import World
from joinedup.people.codes import RelationshipType
from joinedup.people.factories import ChildFactory, PersonFactory, RelationshipFactory
from joinedup.people.models import Household, HouseholdMember, Person

pytestmark = pytest.mark.django_db


def _checked(page: str) -> set[str]:
    return {
        re.search(r'value="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
        for tag in re.findall(r'<input[^>]*name="people"[^>]*>', page)
        if "checked" in tag
    }


def _family(child: Person) -> dict[str, Person]:
    """Mum (parental responsibility, lives with the child), Dad (parental responsibility, lives elsewhere), Mum's
    partner (lives with them, no relationship recorded), a brother at home and Nan (matters to the child)."""
    brother = ChildFactory(given_name="Max", family_name="Marsden")
    mum = PersonFactory(given_name="Sarah", family_name="Marsden")
    dad = PersonFactory(given_name="Darren", family_name="Cole")
    partner = PersonFactory(given_name="Lee", family_name="Hart")
    nan = PersonFactory(given_name="Jean", family_name="Marsden")
    RelationshipFactory(
        from_person=mum, to_person=child, relationship_type=RelationshipType.MOTHER, has_parental_responsibility=True
    )
    RelationshipFactory(
        from_person=dad, to_person=child, relationship_type=RelationshipType.FATHER, has_parental_responsibility=True
    )
    RelationshipFactory(
        from_person=nan, to_person=child, relationship_type=RelationshipType.GRANDPARENT, is_significant=True
    )
    home = Household.objects.create(address="1 Example Street", postcode="ZZ1 1ZZ")
    for person in (child, mum, partner, brother):
        HouseholdMember.objects.create(household=home, person=person)
    return {"mum": mum, "dad": dad, "partner": partner, "brother": brother, "nan": nan}


def _started(world: World) -> SingleAssessment:
    referral = referral_made(world, child=world.allocated_child, on=date(2027, 1, 4))
    return services.single_assessment_start(
        actor=world.user("social_worker"), referral=referral, started_on=date(2027, 1, 20), worker=world.social_worker
    )


def test_the_assessment_form_starts_with_the_people_the_family_network_knows(
    world: World, client_for: Any, today: date
) -> None:
    family = _family(world.allocated_child)
    assessment = _started(world)
    known = people_known(child=world.allocated_child)
    assert [k.described for k in known] == [
        "Sarah Marsden (mother, parental responsibility, lives with the child)",
        "Darren Cole (father, parental responsibility)",
        "Lee Hart (lives in the same household)",
        "Max Marsden (lives in the same household)",
        "Jean Marsden (grandparent)",
    ]
    url = reverse("assessments:assessment_record", args=[assessment.pk])
    page = client_for("social_worker").get(url).content.decode()
    assert _checked(page) == {str(p.pk) for p in family.values()}  # everyone, ticked, to confirm
    assert "Who this assessment includes" in page
    # Where the form asks for their views, it names them: no one is typed again.
    assert "Known: Sarah Marsden (mother, parental responsibility, lives with the child); Darren Cole" in page
    assert "Known: Darren Cole (father, parental responsibility)" in page
    assert "Max Marsden" not in page[page.index("Known: Sarah") :].split("</div>")[0]  # a brother: not a carer

    # The practitioner unticks Nan (not part of it) and saves: what they confirmed is kept, audited and shown.
    data = {
        "people": [str(family[name].pk) for name in ("mum", "dad", "partner", "brother")],
        "parents_views": "Mum wants help with mornings; Lee agrees.",
        "fathers_views": "Darren sees the children at weekends.",
    }
    response = client_for("social_worker").post(url, data)
    assert response.status_code == 302
    assert set(assessment.people.values_list("pk", flat=True)) == {
        family[n].pk for n in ("mum", "dad", "partner", "brother")
    }
    event = AuditEvent.objects.filter(object_type="assessments.singleassessment", action="updated").latest("id")
    assert "people" in event.changed_fields
    page = client_for("social_worker").get(url).content.decode()
    assert _checked(page) == {str(family[n].pk) for n in ("mum", "dad", "partner", "brother")}  # theirs, not all again
    shown = client_for("social_worker").get(reverse("assessments:assessment", args=[assessment.pk])).content.decode()
    assert "Lee Hart (lives in the same household)" in shown and "Jean Marsden" not in shown


def test_someone_outside_the_family_network_is_refused_and_nothing_changes(world: World, today: date) -> None:
    family = _family(world.allocated_child)
    assessment = _started(world)
    stranger = PersonFactory(given_name="Not", family_name="Family")
    with pytest.raises(ValidationError) as exc:
        services.single_assessment_record(
            actor=world.user("social_worker"),
            assessment=assessment,
            details=complete_details(people_ids=[family["mum"].pk, stranger.pk]),
            factor_codes=[],
            harm_codes=["neglect"],
        )
    assert exc.value.error_dict["people"][0].code == "not_in_family_network"
    assert not assessment.people.exists()


def test_a_child_with_no_family_network_recorded_is_asked_nothing_new(
    world: World, client_for: Any, today: date
) -> None:
    assessment = _started(world)
    assert selectors.people_carried_forward(assessment, people_known(child=world.allocated_child)) == []
    page = client_for("social_worker").get(reverse("assessments:assessment_record", args=[assessment.pk]))
    assert page.status_code == 200
    assert 'name="people"' not in page.content.decode()
