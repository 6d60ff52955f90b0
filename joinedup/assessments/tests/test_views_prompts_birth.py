"""The practice prompts page (managers and administrators change the authority's prompts; answers keep the words
asked), and recording a birth from the page."""

from __future__ import annotations

from datetime import date
from typing import Any

from joinedup.access.factories import InvolvementFactory
from joinedup.audit.models import AuditEvent
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory
from joinedup.people.models import Person
from joinedup.prompts.codes import PromptMoment
from joinedup.prompts.models import PracticePrompt
from joinedup.prompts.targeting import prompts_for_child


def test_a_manager_changes_and_adds_practice_prompts_and_a_social_worker_cannot(
    world: World, today: date, client_for: Any
) -> None:
    manager = client_for("team_manager")
    page = manager.get("/practice-prompts/")
    assert page.status_code == 200 and "Adultification bias" in page.content.decode()
    assert "&lt;a" not in page.content.decode()
    prompt = PracticePrompt.objects.get(question__startswith="Hidden harms")
    response = manager.post(
        f"/practice-prompts/{prompt.pk}/",
        {"moment": "assessment", "applies_to": "all", "question": "Hidden harms: what might we be missing here?",
         "guidance": "Think about online harm too.", "display_order": "4", "is_active": "no"},
    )  # fmt: skip
    assert response.status_code == 302
    prompt.refresh_from_db()
    assert prompt.question.endswith("missing here?") and not prompt.is_active
    assert prompt not in prompts_for_child(child=world.allocated_child, moment=PromptMoment.ASSESSMENT)
    response = manager.post(
        "/practice-prompts/new/",
        {"moment": "family_plan", "applies_to": "babies", "question": "Who else sees the baby every week?",
         "guidance": "", "display_order": "9", "is_active": "yes"},
    )  # fmt: skip
    assert response.status_code == 302 and PracticePrompt.objects.filter(question__startswith="Who else").exists()
    assert AuditEvent.objects.filter(object_type="prompts.practiceprompt").count() == 2
    bad = manager.post("/practice-prompts/new/", {"moment": "assessment", "applies_to": "all", "question": "",
                                                  "display_order": "1", "is_active": "yes"})  # fmt: skip
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    assert client_for("social_worker").get("/practice-prompts/").status_code == 404
    assert client_for("school_dsl").get(f"/practice-prompts/{prompt.pk}/").status_code == 404
    assert client_for("administrator").get("/practice-prompts/").status_code == 200


def test_recording_a_birth_from_the_page_keeps_the_same_record(world: World, today: date, client_for: Any) -> None:
    unborn = ChildFactory(given_name="", family_name="Haddad", date_of_birth=None, sex="U",
                          profile__is_unborn=True, profile__expected_date_of_delivery=date(2027, 3, 20))  # fmt: skip
    InvolvementFactory(
        practitioner=world.social_worker,
        child=unborn,
        team=world.team_a,
        role="allocated_social_worker",
        started_on=date(2027, 1, 4),
    )
    client = client_for("social_worker")
    overview = client.get(f"/children/{unborn.pk}/assessment-and-family-help/")
    assert overview.status_code == 200 and "Record the birth" in overview.content.decode()
    response = client.post(
        f"/children/{unborn.pk}/birth/",
        {"date_of_birth_0": "12", "date_of_birth_1": "3", "date_of_birth_2": "2027", "given_name": "Layla", "sex": "F"},
    )
    assert response.status_code == 302
    person = Person.objects.select_related("child_profile").get(pk=unborn.pk)
    assert person.given_name == "Layla" and not person.child_profile.is_unborn
    assert client.get(f"/children/{unborn.pk}/birth/").status_code == 404
