"""Pages: My work, the team view and a worker's list, timeliness, local settings. Each with an allowed and a
refused user, and query counts pinned on the list pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from markupsafe import escape

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.accounts.factories import TOTPDeviceFactory
from joinedup.agencies.factories import PractitionerFactory
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory
from joinedup.timescales import services
from joinedup.timescales.models import Deadline, LocalRuleSetting, Notification, NotificationKind

pytestmark = pytest.mark.django_db

StartDeadline = Callable[..., Deadline]


def body(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def section(html: str, heading_id: str) -> str:
    """The part of the page from one horizon's heading to the next heading."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("<h2", start)
    return html[start : end if end != -1 else None]


@pytest.fixture
def my_deadlines(world: World, today: date, start_deadline: StartDeadline) -> dict[str, Deadline]:
    # Today is Wednesday 13 January 2027.
    return {
        "overdue": start_deadline("contact_decision", date(2027, 1, 8)),  # due Mon 11 Jan
        "today": start_deadline("contact_decision", date(2027, 1, 12)),  # due Wed 13 Jan
        "week": start_deadline("placement_plan", date(2027, 1, 12)),  # 5 working days: Tue 19 Jan
        "later": start_deadline("single_assessment", date(2027, 1, 12)),  # 45 working days: March
    }


def test_my_work_groups_open_deadlines_by_when_they_are_due(
    world: World, today: date, client_for: Any, my_deadlines: dict[str, Deadline]
) -> None:
    services.deadline_meet(
        actor=world.user("social_worker"),
        deadline=start_deadline_met(world),
        met_on=today,
    )
    html = body(client_for("social_worker").get("/my-work/"))
    assert "Overdue (1)" in html and "Due today (1)" in html and "Due this week (1)" in html and "Later (1)" in html
    assert "Front door decides next steps" in section(html, "overdue")
    assert "Overdue by 2 days" in section(html, "overdue")
    assert "Due today" in section(html, "due_today")
    assert "Placement plan agreed" in section(html, "due_this_week")
    assert "Child and family assessment" in section(html, "later")
    assert "Ellie Marsden" in html
    assert "Permanence" not in html  # the met deadline is not listed
    assert 'href="/my-work/"' in html  # the navigation item


def start_deadline_met(world: World) -> Deadline:
    return services.deadline_start(
        actor=world.user("social_worker"),
        rule_code="care_plan",
        child=world.allocated_child,
        subject="test.met:1",
        started_on=date(2027, 1, 4),
    )


def test_my_work_shows_local_rules_as_local(world: World, today: date, client_for: Any, start_deadline: Any) -> None:
    start_deadline("strategy_discussion", today)
    html = body(client_for("social_worker").get("/my-work/"))
    assert "Local" in section(html, "due_this_week")


def test_my_work_shows_the_practitioners_notifications(
    world: World, today: date, client_for: Any, my_deadlines: dict[str, Deadline]
) -> None:
    services.deadlines_notify(today=today)
    html = body(client_for("social_worker").get("/my-work/"))
    assert "Notifications" in html
    # In plain words: the child's name and what is due, never the deadline's number (issue 19).
    overdue = my_deadlines["overdue"]
    notice = html[html.index('id="notifications"') : html.index('id="statutory-deadlines"')]
    assert f"Ellie Marsden</a>, {overdue.rule.what.lower()}, due" in notice
    assert f"deadline {overdue.pk}" not in notice


def test_my_work_query_count_is_fixed(
    world: World, today: date, client_for: Any, django_assert_num_queries: Any, start_deadline: StartDeadline
) -> None:
    client = client_for("social_worker")
    client.get("/my-work/")
    for n in range(12):
        start_deadline("single_assessment", today - timedelta(days=n))
    # 10 to read the page, 1 for the children's greater-risk flags (issue 18), 5 for the list event of each
    # deadline's child (issue 26), and 11 for the work every app declares (issue 19; learning's and the partnership's,
    # issue 22), however many deadlines.
    with django_assert_num_queries(27):
        html = body(client.get("/my-work/"))
    assert html.count("Child and family assessment") == 12


def test_my_work_never_lists_a_child_the_reader_may_not_see(
    world: World, today: date, client_for: Any, start_deadline: StartDeadline
) -> None:
    deadline = start_deadline("single_assessment", today)
    # The allocation ends: the worker no longer sees the child, even though the deadline is still theirs.
    world.allocated_child.involvements.update(ended_on=date(2027, 1, 12))
    html = body(client_for("social_worker").get("/my-work/"))
    assert "Ellie Marsden" not in html
    assert deadline.assignee == world.social_worker


def test_someone_who_is_not_a_practitioner_has_no_my_work(db: Any, client: Client) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY

    device = TOTPDeviceFactory(user__username="nobody")
    user = device.user
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get("/my-work/").status_code == 404


def test_my_work_needs_sign_in(client: Client, db: Any) -> None:
    response = client.get("/my-work/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


# -- the team view ----------------------------------------------------------------------------------------------


def test_a_manager_sees_counts_per_worker_and_drills_down(
    world: World, today: date, client_for: Any, my_deadlines: dict[str, Deadline]
) -> None:
    client = client_for("team_manager")
    html = body(client.get("/my-work/team/"))
    worker = world.social_worker
    assert escape(worker.full_name) in html
    assert f'href="/my-work/team/{worker.pk}/"' in html
    row = html[html.index(worker.full_name) :]
    row = row[: row.index("</tr>")]
    cells = [c.split(">")[-1].strip() for c in row.split("</td>")[:-1]]
    assert cells == ["1", "1", "1", "1", "1", "4"]  # children held (Ellie: the one caseload figure), then deadlines
    drill = body(client.get(f"/my-work/team/{worker.pk}/"))
    assert f"Work of {worker.full_name}" in drill
    assert "Overdue (1)" in drill and "Ellie Marsden" in drill


def test_team_view_query_count_is_fixed(
    world: World, today: date, client_for: Any, django_assert_num_queries: Any, my_deadlines: dict[str, Deadline]
) -> None:
    client = client_for("team_manager")
    client.get("/my-work/team/")
    for n in range(5):
        member = PractitionerFactory(organisation=world.local_authority, team=world.team_a)
        child = ChildFactory()
        InvolvementFactory(
            practitioner=member, child=child, team=world.team_a, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER
        )
        services.deadline_start(
            actor=world.user("team_manager"),
            rule_code="single_assessment",
            child=child,
            subject=f"t:{n}",
            started_on=today,
        )
    with django_assert_num_queries(12):  # one more for the workers' caseloads (issue 19)
        html = body(client.get("/my-work/team/"))
    assert html.count("/my-work/team/") >= 7


def test_worker_list_query_count_is_fixed(
    world: World, today: date, client_for: Any, django_assert_num_queries: Any, my_deadlines: dict[str, Deadline]
) -> None:
    client = client_for("team_manager")
    url = f"/my-work/team/{world.social_worker.pk}/"
    client.get(url)
    # 13 to read the page, 1 for the children's greater-risk flags (issue 18), 5 for the list event of each
    # deadline's child (issue 26).
    with django_assert_num_queries(19):
        body(client.get(url))


@pytest.mark.parametrize("persona", ["social_worker", "other_team_manager", "analyst", "school_dsl"])
def test_only_the_workers_manager_sees_their_list(
    world: World, today: date, client_for: Any, my_deadlines: dict[str, Deadline], persona: str
) -> None:
    assert client_for(persona).get(f"/my-work/team/{world.social_worker.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["social_worker", "school_dsl", "analyst"])
def test_the_team_view_is_for_managers(world: World, client_for: Any, persona: str) -> None:
    assert client_for(persona).get("/my-work/team/").status_code == 404


# -- timeliness -------------------------------------------------------------------------------------------------


def test_timeliness_counts_on_time_late_open_and_overdue_by_rule(
    world: World, today: date, client_for: Any, my_deadlines: dict[str, Deadline], django_assert_num_queries: Any
) -> None:
    services.deadline_meet(actor=world.user("social_worker"), deadline=my_deadlines["today"], met_on=today)
    late = services.deadline_start(
        actor=world.user("social_worker"),
        rule_code="contact_decision",
        child=world.allocated_child,
        subject="late:1",
        started_on=date(2027, 1, 4),
    )
    services.deadline_meet(actor=world.user("social_worker"), deadline=late, met_on=today, late_reason="Snow")
    client = client_for("analyst")
    client.get("/timescales/timeliness/")
    with django_assert_num_queries(8):
        html = body(client.get("/timescales/timeliness/"))
    row = html[html.index("Front door decides next steps") :]
    row = row[: row.index("</tr>")]
    cells = [c.split(">")[-1].strip() for c in row.split("</td>")[:-1]][-5:]
    assert cells == ["1", "1", "0", "1", "50%"]  # on time, late, open, overdue, share met on time
    assert "Ellie" not in html


@pytest.mark.parametrize(("persona", "status"), [("analyst", 200), ("team_manager", 200), ("social_worker", 404)])
def test_timeliness_is_for_managers_and_analysts(world: World, client_for: Any, persona: str, status: int) -> None:
    assert client_for(persona).get("/timescales/timeliness/").status_code == status


# -- local settings ---------------------------------------------------------------------------------------------


def test_an_administrator_changes_a_local_figure_on_a_govuk_form(world: World, today: date, client_for: Any) -> None:
    client = client_for("administrator")
    listing = body(client.get("/timescales/local-rules/"))
    assert "Strategy discussion held" in listing
    url = "/timescales/local-rules/strategy_discussion/standard/0/"
    assert f'href="{url}"' in listing
    form = body(client.get(url))
    assert 'value="13"' in form and 'value="2027"' in form  # the date it takes effect defaults to today
    response = client.post(
        url,
        {"figure": "2", "effective_from_0": "13", "effective_from_1": "1", "effective_from_2": "2027", "reason": "New"},
    )
    assert response.status_code == 302 and response["Location"] == "/timescales/local-rules/"
    setting = LocalRuleSetting.objects.get()
    assert (setting.figure, setting.effective_from, setting.changed_by) == (2, today, world.user("administrator"))
    assert AuditEvent.objects.filter(action=AuditAction.SETTING_CHANGED).count() == 1
    assert "Since 13 January 2027" in body(client.get("/timescales/local-rules/"))


def test_a_local_figure_in_the_past_is_refused_on_the_form(world: World, today: date, client_for: Any) -> None:
    url = "/timescales/local-rules/strategy_discussion/standard/0/"
    response = client_for("administrator").post(
        url, {"figure": "2", "effective_from_0": "1", "effective_from_1": "1", "effective_from_2": "2027"}
    )
    html = body(response)
    assert "<title>Error: " in html
    assert "must be today or in the future" in html
    assert not LocalRuleSetting.objects.exists()


def test_an_empty_form_says_what_is_missing(world: World, today: date, client_for: Any) -> None:
    html = body(client_for("administrator").post("/timescales/local-rules/strategy_discussion/standard/0/", {}))
    assert "Enter the new figure" in html and "Enter the date it takes effect" in html


def test_a_national_rule_has_no_settings_page(world: World, client_for: Any) -> None:
    url = "/timescales/local-rules/initial_child_protection_conference/standard/0/"
    assert client_for("administrator").get(url).status_code == 404


@pytest.mark.parametrize("persona", ["team_manager", "social_worker", "analyst"])
def test_only_an_administrator_reaches_local_settings(world: World, client_for: Any, persona: str) -> None:
    client = client_for(persona)
    assert client.get("/timescales/local-rules/").status_code == 404
    assert client.get("/timescales/local-rules/strategy_discussion/standard/0/").status_code == 404
    response = client.post("/timescales/local-rules/strategy_discussion/standard/0/", {"figure": "2"})
    assert response.status_code == 404
    assert not LocalRuleSetting.objects.exists()


def test_notification_kinds_have_labels() -> None:
    assert NotificationKind.OVERDUE_IN_TEAM.label == "Overdue in your team"
    assert Notification._meta.get_field("kind").choices


def test_later_deadlines_are_cut_to_the_soonest_with_a_link_to_all(
    world: World, today: date, client_for: Any, start_deadline: StartDeadline
) -> None:
    for n in range(23):
        start_deadline("single_assessment", today - timedelta(days=n))
    client = client_for("social_worker")
    html = body(client.get("/my-work/"))
    assert "Later (23)" in html
    assert section(html, "later").count("Child and family assessment") == 20
    assert 'href="?later=all#later"' in html
    assert section(body(client.get("/my-work/?later=all")), "later").count("Child and family assessment") == 23


def test_past_the_limit_the_counts_are_still_true(world: World, today: date, start_deadline: StartDeadline) -> None:
    from joinedup.timescales.selectors import work_list_for

    for n in range(4):
        start_deadline("single_assessment", today - timedelta(days=n))
    work = work_list_for(actor=world.user("social_worker"), worker=world.social_worker, today=today, limit=3)
    assert work.total == 4 and work.shown == 3 and work.truncated


def test_my_work_writes_a_list_event_for_the_child_of_each_deadline_it_shows(
    world: World, today: date, client_for: Any, my_deadlines: dict[str, Deadline]
) -> None:
    body(client_for("social_worker").get("/my-work/"))
    listed = AuditEvent.objects.filter(actor=world.user("social_worker"), action=AuditAction.LISTED)
    assert sorted(listed.values_list("object_id", flat=True)) == sorted(str(d.pk) for d in my_deadlines.values())
    assert set(listed.values_list("child_id", flat=True)) == {world.allocated_child.pk}


def test_a_workers_list_writes_a_list_event_for_the_manager(
    world: World, today: date, client_for: Any, my_deadlines: dict[str, Deadline]
) -> None:
    body(client_for("team_manager").get(f"/my-work/team/{world.social_worker.pk}/"))
    listed = AuditEvent.objects.filter(actor=world.user("team_manager"), action=AuditAction.LISTED)
    assert listed.count() == len(my_deadlines)
    assert set(listed.values_list("child_id", flat=True)) == {world.allocated_child.pk}
