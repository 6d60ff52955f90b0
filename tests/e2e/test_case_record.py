"""The case record in the browser (M25-M28): a joint visit to three siblings written once with the child's words;
a health visitor's shared event in the chronology; a new worker reading the case summary; a school escalating a
disagreement to level 2 until it is resolved. Bad input on the way (an empty note, a note dated tomorrow) shows the
GOV.UK error summary and loses nothing. Every page passes the accessibility check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.case_record.models import CaseNote, CaseNoteDraft
from joinedup.people.factories import ChildFactory, PersonFactory, RelationshipFactory
from joinedup.sharing.models import ProfessionalChallenge

from .steps import (
    fill_date,
    then_a_success_banner_says,
    then_the_error_summary_links_each_problem_to_its_field,
    then_the_heading_is,
)

pytestmark = pytest.mark.browser


def given_three_siblings_allocated_to_the_social_worker(world: Any) -> list[Any]:
    eldest = world.allocated_child
    middle: Any = ChildFactory(given_name="Jade", family_name="Marsden", date_of_birth=dt.date(2018, 6, 1))
    youngest: Any = ChildFactory(given_name="Leo", family_name="Marsden", date_of_birth=dt.date(2021, 9, 9))
    for child in (middle, youngest):
        InvolvementFactory(
            practitioner=world.social_worker,
            child=child,
            team=world.team_a,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        )
    for a, b in ((eldest, middle), (eldest, youngest), (middle, youngest)):
        RelationshipFactory.create(from_person=a, to_person=b, relationship_type="sibling")
        RelationshipFactory.create(from_person=b, to_person=a, relationship_type="sibling")
    return [eldest, middle, youngest]


def choose(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def test_a_worker_records_a_joint_visit_for_three_siblings_with_the_childs_words(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    children = given_three_siblings_allocated_to_the_social_worker(world)
    eldest = children[0]
    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{eldest.pk}/")
    page.get_by_role("link", name="Case notes").click()
    then_the_heading_is(page, eldest.full_name)
    assert_accessible(page)
    page.get_by_role("button", name="Write a case note").click()
    then_the_heading_is(page, "Write a case note")
    assert_accessible(page)

    # All three children, seen together; the child's words typed, but "what happened" forgotten.
    for child in children[1:]:
        page.get_by_label(child.full_name, exact=True).check()
    choose(page, "What kind of note is this?", "Direct work with the child")
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    fill_date(page, "Date", str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))
    page.get_by_label("Who was there").fill("Mum (Dawn), Ellie, Jade, Leo and the health visitor")
    choose(page, "Was the child seen?", "Yes")
    choose(page, "Was the child seen alone?", "Yes")
    page.get_by_label("The child's words").fill("Ellie: I feel safe now Dad doesn't come round. Jade: me too.")
    # The draft is saved on the server as the worker types (autosave.js), before anything is submitted.
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=20_000)
    assert CaseNoteDraft.objects.get().data["childs_words"].startswith("Ellie: I feel safe")
    page.get_by_role("button", name="Record the note").click()
    then_the_error_summary_links_each_problem_to_its_field(
        page, "Write a case note", {"Enter what happened": "id_what_happened"}
    )
    assert_accessible(page)
    # Nothing lost: the words are still on the page and kept on the server as a draft.
    expect(page.get_by_label("The child's words")).to_have_value(
        "Ellie: I feel safe now Dad doesn't come round. Jade: me too."
    )
    assert CaseNoteDraft.objects.get().data["childs_words"].startswith("Ellie: I feel safe")

    page.get_by_label("What happened").fill("Joint visit with the health visitor. The home was warm; food in.")
    page.get_by_label("Your analysis").fill("Mum is acting protectively; the children are settled.")
    page.get_by_role("button", name="Record the note").click()
    then_the_error_summary_links_each_problem_to_its_field(
        page, "Write a case note", {"The date of the note must be today or in the past": "id_occurred_on_0"}
    )
    assert_accessible(page)
    fill_date(page, "Date", str(today.day), str(today.month), str(today.year))
    page.get_by_role("button", name="Record the note").click()
    then_a_success_banner_says(page, "Note recorded on the records of 3 children")
    expect(page.get_by_role("heading", name="The child's words")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "case-note-joint-visit")

    note = CaseNote.objects.get()
    assert not CaseNoteDraft.objects.exists()
    for child in children:
        page.goto(f"/children/{child.pk}/case-notes/")
        expect(page.get_by_text("I feel safe now Dad doesn't come round")).to_be_visible()
        expect(page.locator(f'a[href="/children/{child.pk}/case-notes/{note.pk}/"]')).to_have_count(1)
    assert_accessible(page)


def test_a_health_visitors_shared_event_appears_in_the_chronology(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    child = world.allocated_child
    InvolvementFactory(practitioner=world.health_visitor, child=child, role=InvolvementRole.HEALTH_VISITOR)
    sign_in_as(world.user("health_visitor"))
    page.goto(f"/children/{child.pk}/chronology/")
    then_the_heading_is(page, child.full_name)
    assert_accessible(page)
    page.get_by_role("link", name="Share an event").click()
    then_the_heading_is(page, "Share an event")
    assert_accessible(page)
    day = timezone.localdate() - dt.timedelta(days=3)
    fill_date(page, "Date of the event", str(day.day), str(day.month), str(day.year))
    page.get_by_label("Your agency").select_option("health")
    page.get_by_label("Type of event").select_option("health")
    page.get_by_label("What happened, in a few words").fill("Missed the 2-year developmental review")
    page.get_by_label("What the local authority needs to know").fill("Third missed appointment this year.")
    page.get_by_role("button", name="Share the event").click()
    then_a_success_banner_says(page, "Shared with the local authority")
    expect(page.get_by_role("table")).to_contain_text("Missed the 2-year developmental review")
    assert_accessible(page)

    sign_in_as(world.user("social_worker"))
    page.goto(f"/children/{child.pk}/chronology/")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Missed the 2-year developmental review")
    expect(table).to_contain_text("Shared by")
    page.get_by_role("link", name="Add analysis of Missed the 2-year developmental review").click()
    page.get_by_label("Analysis of Missed the 2-year developmental review").fill("A pattern of missed health care")
    page.get_by_role("button", name="Save analysis").click()
    then_a_success_banner_says(page, "Analysis saved")
    expect(page.get_by_role("table")).to_contain_text("A pattern of missed health care")
    assert_accessible(page)


def test_a_new_worker_reads_the_case_summary(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any, screenshot: Any
) -> None:
    from joinedup.case_record import services

    child = world.allocated_child
    mum = PersonFactory.create(given_name="Dawn", family_name="Marsden")
    RelationshipFactory.create(
        from_person=mum, to_person=child, relationship_type="mother", has_parental_responsibility=True
    )
    services.note_record(
        actor=world.user("social_worker"),
        child_ids=[child.pk],
        note_type="direct_work",
        occurred_on=timezone.localdate() - dt.timedelta(days=2),
        child_seen=True,
        child_seen_alone=True,
        what_happened="Three houses work.",
        childs_words="My worry house has Dad shouting in it",
    )
    newcomer = PractitionerFactory(
        user__username="new.worker", role=Role.SOCIAL_WORKER, organisation=world.local_authority, team=world.team_a
    )
    InvolvementFactory(
        practitioner=newcomer, child=child, team=world.team_a, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
    )
    sign_in_as(newcomer.user)
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Case summary").click()
    then_the_heading_is(page, child.full_name)
    for heading in (
        "In Ellie's own words",
        "Who matters to Ellie",
        "Harms and risks",
        "The current plan",
        "What is overdue and due soon",
        "What has happened in the last year",
    ):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("My worry house has Dad shouting in it")).to_be_visible()
    expect(page.get_by_text("Dawn Marsden, mother (parental responsibility)")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "case-summary")


def test_a_school_escalates_a_disagreement_to_level_2_and_it_is_resolved(
    page: Page, world: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    child = world.allocated_child  # a pupil at the school
    sign_in_as(world.user("school_dsl"))
    page.goto(f"/children/{child.pk}/chronology/")
    page.get_by_role("link", name="Challenge a decision").click()
    then_the_heading_is(page, "Challenge a decision")
    assert_accessible(page)
    page.get_by_role("button", name="Record the challenge").click()
    then_the_error_summary_links_each_problem_to_its_field(
        page,
        "Challenge a decision",
        {"Enter the decision you disagree with": "id_decision", "Enter why you disagree": "id_disagreement"},
    )
    assert_accessible(page)
    page.get_by_label("Which decision do you disagree with?").fill("No further action on our concern")
    page.get_by_label("Why do you disagree?").fill("Ellie has told us twice she is frightened at home.")
    page.get_by_role("button", name="Record the challenge").click()
    then_a_success_banner_says(page, "recorded at level 1")
    assert_accessible(page)

    today = timezone.localdate()
    choose(page, "What happened?", "Escalate to the next level")
    fill_date(page, "Date", str(today.day), str(today.month), str(today.year))
    page.get_by_label("What was said or decided").fill("The social worker kept the decision; to managers.")
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Escalated to the next level")
    expect(page.get_by_text("Level 2: manager to manager")).to_be_visible()
    assert_accessible(page)
    challenge = ProfessionalChallenge.objects.get()

    sign_in_as(world.user("team_manager"))
    page.goto("/challenges/")
    page.get_by_role("link", name=challenge.reference).click()
    choose(page, "What happened?", "Resolved")
    fill_date(page, "Date", str(today.day), str(today.month), str(today.year))
    page.get_by_label("What was said or decided").fill("Managers agreed: a strategy discussion today.")
    page.get_by_role("button", name="Save").click()
    then_a_success_banner_says(page, "Challenge resolved")
    assert_accessible(page)

    sign_in_as(world.user("school_dsl"))
    page.goto(f"/challenges/{challenge.pk}/")
    expect(page.get_by_text("Managers agreed: a strategy discussion today.").first).to_be_visible()
    assert_accessible(page)
