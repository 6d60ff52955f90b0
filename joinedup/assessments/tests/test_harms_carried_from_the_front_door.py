"""Never type twice (issue 19): the assessment starts with the harms the front door identified in its decision on
the contact that led to the referral; once the practitioner has recorded harms of their own, theirs are kept."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from joinedup.assessments import selectors, services
from joinedup.assessments.testing import complete_details, referral_made
from joinedup.core.tests.personas import World

pytestmark = pytest.mark.django_db


def _checked(page: str) -> set[str]:
    return {
        re.search(r'value="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
        for tag in re.findall(r'<input[^>]*name="harms"[^>]*>', page)
        if "checked" in tag
    }


def test_the_assessment_form_starts_with_the_front_door_s_harms(world: World, client_for: Any, today: date) -> None:
    referral = referral_made(
        world, child=world.allocated_child, on=date(2027, 1, 4), harm_codes=["neglect", "emotional_abuse"]
    )
    assessment = services.single_assessment_start(
        actor=world.user("social_worker"), referral=referral, started_on=date(2027, 1, 20), worker=world.social_worker
    )
    assert sorted(selectors.front_door_harm_codes(assessment)) == ["emotional_abuse", "neglect"]
    page = client_for("social_worker").get(reverse("assessments:assessment_record", args=[assessment.pk]))
    assert page.status_code == 200
    assert _checked(page.content.decode()) == {"neglect", "emotional_abuse"}
    # Once the practitioner records their own harms, the form shows theirs, not the front door's.
    services.single_assessment_record(
        actor=world.user("social_worker"),
        assessment=assessment,
        details=complete_details(),
        factor_codes=[],
        harm_codes=["neglect"],
    )
    assert selectors.front_door_harm_codes(assessment) == []
    page = client_for("social_worker").get(reverse("assessments:assessment_record", args=[assessment.pk]))
    assert _checked(page.content.decode()) == {"neglect"}
