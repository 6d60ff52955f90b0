"""Pages and who sees what: a partner lead practitioner (the school's DSL) sees the family's Family Help record and
records the plan's work, only while they lead it; never the assessment's contents, never the decisions to step up
or close; another school's DSL sees nothing. Bad input shows clear errors; the family page's queries are pinned."""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import escape

from joinedup.access.factories import InvolvementFactory
from joinedup.agencies.factories import PractitionerFactory
from joinedup.audit.models import AuditEvent
from joinedup.core.tests.personas import World
from joinedup.episodes.codes import ClosureReason
from joinedup.family_help import services
from joinedup.family_help.models import FamilyPlan, FamilyPlanReview
from joinedup.people.factories import ChildFactory

from .builders import agreed_plan, open_case


def test_a_partner_lead_sees_the_family_record_and_plan_but_not_the_assessment(
    world: World, today: date, client_for: Any
) -> None:
    case = open_case(world)
    agreed_plan(world, case)
    school = client_for("school_dsl")
    page = school.get(f"/family-help/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mornings are calm" in html and escape(world.school_dsl.full_name) in html
    assert "&lt;a" not in html  # links in tables are links, not escaped text
    assert "Step up to child protection" not in html and "Close Family Help" not in html
    assert "None you can see" in html  # the latest assessment column
    assert school.get(f"/assessments/{case.assessment_id}/").status_code == 404
    assert school.get(f"/family-help/{case.pk}/step-up/").status_code == 404
    assert school.get(f"/family-help/{case.pk}/close/").status_code == 404
    assert school.get(f"/family-help/{case.pk}/review/").status_code == 200
    assert AuditEvent.objects.filter(
        actor_id=world.school_dsl.user_id, action="viewed", object_type="family_help.familyhelpcase"
    ).exists()


def test_another_schools_dsl_and_the_police_see_nothing(world: World, today: date, client_for: Any) -> None:
    case = open_case(world)
    for name in ("other_school_dsl", "police_officer", "other_team_worker"):
        assert client_for(name).get(f"/family-help/{case.pk}/").status_code == 404, name


def test_a_partner_lead_practitioner_sees_a_brother_only_through_the_case(
    world: World, today: date, client_for: Any
) -> None:
    youth_worker = PractitionerFactory(role="youth_worker", user__username="youth.worker")
    brother = ChildFactory(given_name="Ollie", family_name="Marsden", date_of_birth=date(2012, 9, 1))
    InvolvementFactory(
        practitioner=world.social_worker,
        child=brother,
        team=world.team_a,
        role="allocated_social_worker",
        started_on=date(2027, 1, 4),
    )
    case = open_case(world, siblings=[brother])
    world.youth_worker = youth_worker  # type: ignore[attr-defined]
    client = client_for("youth_worker")
    assert client.get(f"/family-help/{case.pk}/").status_code == 404
    services.family_help_lead_change(
        actor=world.user("social_worker"), case=case, lead_practitioner=youth_worker, on=date(2027, 3, 1)
    )
    page = client.get(f"/family-help/{case.pk}/")
    assert page.status_code == 200 and "Ollie" in page.content.decode()
    assert client.get(f"/children/{world.unallocated_child.pk}/").status_code == 404
    services.family_help_close(
        actor=world.user("social_worker"),
        case=case,
        closed_on=date(2027, 3, 10),
        closure_reason=ClosureReason.SERVICES_CEASED,
    )
    assert client.get(f"/family-help/{case.pk}/").status_code == 404


def test_the_school_dsl_loses_the_family_help_record_when_the_case_closes(
    world: World, today: date, client_for: Any
) -> None:
    case = open_case(world)
    services.family_help_close(
        actor=world.user("social_worker"),
        case=case,
        closed_on=date(2027, 3, 10),
        closure_reason=ClosureReason.SERVICES_CEASED,
    )
    # Still the child's school (they see the pupil), but no longer the lead practitioner.
    assert client_for("school_dsl").get(f"/family-help/{case.pk}/").status_code == 404
    assert client_for("social_worker").get(f"/family-help/{case.pk}/").status_code == 200


def test_a_plan_with_no_goals_shows_the_error_and_saves_nothing(world: World, today: date, client_for: Any) -> None:
    case = open_case(world)
    response = client_for("school_dsl").post(
        f"/family-help/{case.pk}/plan/",
        {"agreed_on_0": "8", "agreed_on_1": "2", "agreed_on_2": "2027", "family_words": "Help with mornings"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Add at least one goal" in html and "<title>Error:" in html
    assert not FamilyPlan.objects.exists()


def test_a_review_dated_before_the_plan_shows_the_error_and_saves_nothing(
    world: World, today: date, client_for: Any
) -> None:
    case = open_case(world)
    plan = agreed_plan(world, case)
    goal = plan.goals.get()
    response = client_for("school_dsl").post(
        f"/family-help/{case.pk}/review/",
        {
            "held_on_0": "1",
            "held_on_1": "2",
            "held_on_2": "2027",
            "family_view": "Better",
            "progress_summary": "Some",
            f"goal_progress_{goal.pk}": "some_progress",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "cannot be dated before the plan it reviews" in html
    assert not FamilyPlanReview.objects.exists()


def test_the_family_record_page_reads_in_a_fixed_number_of_queries(
    world: World, today: date, client_for: Any, django_assert_num_queries: Any
) -> None:
    case = open_case(world)
    agreed_plan(world, case)
    services.family_network_member_add(
        actor=world.user("social_worker"),
        case=case,
        name="Grandma Jean",
        relationship_to_family="Grandmother",
        engagement="engaged",
    )
    client = client_for("social_worker")
    client.get(f"/family-help/{case.pk}/")
    with django_assert_num_queries(QUERIES) as ctx:
        client.get(f"/family-help/{case.pk}/")
    for n in range(3):
        services.family_network_member_add(
            actor=world.user("social_worker"),
            case=case,
            name=f"Friend {n}",
            relationship_to_family="Family friend",
            engagement="contacted",
        )
        services.family_plan_review_record(
            actor=world.user("social_worker"),
            case=case,
            held_on=date(2027, 3, 1 + n),
            family_view="ok",
            progress_summary="ok",
        )
    with django_assert_num_queries(len(ctx.captured_queries)):
        client.get(f"/family-help/{case.pk}/")


QUERIES = 27  # one of them every child's greater-risk flags, one each child's own voice at the plan (issue 18)


def test_a_social_worker_adds_a_health_visitor_to_the_team_and_they_see_the_family_record(
    world: World, today: date, client_for: Any
) -> None:
    case = open_case(world)
    worker = client_for("social_worker")
    assert client_for("health_visitor").get(f"/family-help/{case.pk}/").status_code == 404
    response = worker.post(
        f"/family-help/{case.pk}/team/",
        {"practitioner": str(world.health_visitor.pk), "contribution": "Health visiting for the baby",
         "on_0": "10", "on_1": "3", "on_2": "2027"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client_for("health_visitor").get(f"/family-help/{case.pk}/")
    assert page.status_code == 200 and "Health visiting for the baby" in page.content.decode()
    assert client_for("health_visitor").get(f"/family-help/{case.pk}/plan/").status_code == 404  # not the lead
    assert client_for("school_dsl").get(f"/family-help/{case.pk}/team/").status_code == 404


def test_changing_the_lead_practitioner_moves_the_involvement(world: World, today: date, client_for: Any) -> None:
    case = open_case(world)
    response = client_for("social_worker").post(
        f"/family-help/{case.pk}/lead-practitioner/",
        {"lead_practitioner": str(world.social_worker.pk), "on_0": "10", "on_1": "3", "on_2": "2027"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.lead_practitioner == world.social_worker
    assert client_for("school_dsl").get(f"/family-help/{case.pk}/").status_code == 404
