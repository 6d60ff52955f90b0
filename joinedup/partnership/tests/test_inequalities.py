"""Acting on inequalities (issue 22, item 4): a finding on the disproportionality page becomes an action with the
figures copied as they stood, an owner in any agency and a date to look again; the figures now are shown beside
them; the look again reaches the owner's My work; only the partnership, analysts and the owner see it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from joinedup.audit.models import AuditEvent
from joinedup.core.tests.personas import World
from joinedup.insight import selectors as insight
from joinedup.partnership import selectors, services
from joinedup.partnership.models import InequalityAction, InequalityReview
from joinedup.timescales import work_reader

from .conftest import Partnership, children_in_need, signed_in

pytestmark = pytest.mark.django_db

CHOICES = {
    "characteristic": "ethnicity",
    "stage": "child_in_need",
    "group": "Black",
    "reference": "White British",
    "period": "2026",
}


def _figures(world: World, today: date) -> Any:
    result = insight.disproportionality(
        actor=world.user("analyst"), today=today, period_key="2026", characteristic="ethnicity", stage="child_in_need"
    )
    stage = next(s for s in result.stages if s.stage == "child_in_need")
    return next(g for g in stage.groups if g.group == "Black")


def _record(client: Any, owner_id: int, today: date, **extra: str) -> Any:
    look = today + timedelta(days=90)
    data = {
        **CHOICES,
        "finding": "Black children are more than three times as likely to be children in need",
        "action": "Audit 20 referrals of Black children for adultification bias",
        "owner": str(owner_id),
        "look_again_on_0": str(look.day),
        "look_again_on_1": str(look.month),
        "look_again_on_2": str(look.year),
        **extra,
    }
    return client.post(reverse("partnership:inequality_action_new") + "?" + urlencode(CHOICES), data)


def test_given_a_finding_when_the_lead_acts_on_it_then_the_figures_are_copied_and_shown_beside_the_figures_now(
    world: World, partnership: Partnership, today: date, population: None
) -> None:
    children_in_need("WBRI", 30, date(2025, 9, 1))
    children_in_need("BAFR", 12, date(2025, 9, 1))
    lead = signed_in(partnership.lead)
    page = lead.get(
        reverse("insight:disproportionality") + "?" + urlencode({k: v for k, v in CHOICES.items() if k != "group"})
    )
    assert "Act on this finding" in page.content.decode()
    form = lead.get(reverse("partnership:inequality_action_new") + "?" + urlencode(CHOICES))
    assert form.status_code == 200 and "Relative rate index (95% interval)" in form.content.decode()

    response = _record(lead, partnership.delegate.pk, today)
    assert response.status_code == 302
    action = InequalityAction.objects.get()
    expected = _figures(world, today)
    assert (action.children, action.rate, action.index, action.low, action.high) == (
        expected.count,
        expected.rate,
        expected.index,
        expected.low,
        expected.high,
    )
    assert action.owner == partnership.delegate and action.recorded_by == partnership.lead.user
    assert AuditEvent.objects.filter(action="created", object_type="partnership.inequalityaction").count() == 1

    # More Black children in need since: the figures now (the 12 months to today) differ from the snapshot.
    children_in_need("BAFR", 12, today - timedelta(days=10))
    detail = lead.get(response["Location"]).content.decode()
    now = selectors.figures_now(actor=partnership.lead.user, today=today, action=action).figure
    assert now is not None and now.count == 24 and now.index != action.index
    assert f"{action.index} ({action.low} to {action.high})" in detail
    assert f"{now.index} ({now.low} to {now.high})" in detail
    assert "The figures then and now" in detail


def test_given_an_action_then_its_look_again_reaches_the_owners_work_until_it_is_closed(
    world: World, partnership: Partnership, today: date, population: None
) -> None:
    children_in_need("WBRI", 30, date(2025, 9, 1))
    children_in_need("BAFR", 12, date(2025, 9, 1))
    assert _record(signed_in(partnership.lead), partnership.delegate.pk, today).status_code == 302
    action = InequalityAction.objects.get()
    work = work_reader.work_for(actor=partnership.delegate.user, today=today)
    mine = [i for i in work if i.object_type == "partnership.inequalityaction"]
    assert [(i.object_id, i.due_on) for i in mine] == [(action.pk, action.look_again_on)]
    assert "Look again at child in need figures for Black children" in mine[0].title
    assert not [
        i
        for i in work_reader.work_for(actor=world.user("social_worker"), today=today)
        if i.object_id == action.pk and i.object_type == mine[0].object_type
    ]

    # The owner (a police officer, in the partnership's team) records the look again and closes the action.
    owner = signed_in(partnership.delegate)
    bad = owner.post(reverse("partnership:inequality_action", args=[action.pk]), {"note": "", "outcome": "again"})
    assert bad.status_code == 400 and "Enter what the figures show now" in bad.content.decode()
    done = owner.post(
        reverse("partnership:inequality_action", args=[action.pk]),
        {"note": "Audit done; referral rates are now closer", "outcome": "close"},
    )
    assert done.status_code == 302
    action.refresh_from_db()
    review = InequalityReview.objects.get()
    assert action.status == "closed" and review.index == action.index  # nothing changed in the data: same figures
    assert not [
        i
        for i in work_reader.work_for(actor=partnership.delegate.user, today=today)
        if i.object_type == "partnership.inequalityaction"
    ]


def test_given_an_action_then_only_the_partnership_analysts_and_its_owner_see_it(
    world: World, partnership: Partnership, today: date, population: None, client_for: Any
) -> None:
    children_in_need("WBRI", 30, date(2025, 9, 1))
    children_in_need("BAFR", 12, date(2025, 9, 1))
    action = services.inequality_action_record(
        actor=world.user("analyst"),
        characteristic="ethnicity",
        stage="child_in_need",
        group="Black",
        reference=None,
        period_key="2026",
        team_id=None,
        finding="Higher rate",
        action="Review the thresholds with partners",
        owner=world.police_officer,
        look_again_on=today + timedelta(days=30),
    )
    url = reverse("partnership:inequality_action", args=[action.pk])
    assert signed_in(partnership.lead).get(url).status_code == 200
    assert client_for("analyst").get(url).status_code == 200
    assert client_for("police_officer").get(url).status_code == 200  # the owner, in another agency
    for other in ("social_worker", "team_manager", "school_dsl", "health_visitor"):
        assert client_for(other).get(url).status_code == 404, other
        assert client_for(other).get(reverse("partnership:inequality_actions")).status_code == 404, other
        new = reverse("partnership:inequality_action_new") + "?" + urlencode(CHOICES)
        assert client_for(other).get(new).status_code == 404, other
    # The team manager sees the insight figures but is not offered to act on them.
    page = client_for("team_manager").get(reverse("insight:disproportionality")).content.decode()
    assert "Act on this finding" not in page
    listed = client_for("police_officer").get(reverse("partnership:inequality_actions")).content.decode()
    assert "Review the thresholds with partners" in listed


def test_given_a_rejected_action_then_400_with_the_errors_and_nothing_written(
    world: World, partnership: Partnership, today: date, population: None
) -> None:
    children_in_need("WBRI", 30, date(2025, 9, 1))
    lead = signed_in(partnership.lead)
    response = _record(lead, partnership.delegate.pk, today, finding="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter what the partnership found" in html and "govuk-error-summary" in html
    past = _record(lead, partnership.delegate.pk, today, look_again_on_2=str(today.year - 1))
    assert past.status_code == 400 and "The date to look again must be in the future" in past.content.decode()
    assert not InequalityAction.objects.exists()


def test_given_more_actions_then_the_list_reads_the_same_number_of_queries(
    world: World, partnership: Partnership, today: date, population: None, django_assert_num_queries: Any
) -> None:
    children_in_need("WBRI", 30, date(2025, 9, 1))
    lead = signed_in(partnership.lead)

    def add(n: int) -> None:
        for i in range(n):
            services.inequality_action_record(
                actor=partnership.lead.user,
                characteristic="ethnicity",
                stage="child_in_need",
                group="Black",
                reference=None,
                period_key="2026",
                team_id=None,
                finding=f"Finding {i}",
                action=f"Action {i}",
                owner=world.police_officer,
                look_again_on=today + timedelta(days=30 + i),
            )

    add(1)
    url = reverse("partnership:inequality_actions")
    lead.get(url)
    with django_assert_num_queries(LIST_QUERIES):
        assert "Action 0" in lead.get(url).content.decode()
    add(5)
    with django_assert_num_queries(LIST_QUERIES):
        assert "Action 4" in lead.get(url).content.decode()


# The session and the signed-in user, the actions with their owners (one query), the audit chain's write.
LIST_QUERIES = 13


def test_given_the_api_then_actions_are_recorded_with_computed_figures_listed_to_whom_may_see_them_and_documented(
    world: World, partnership: Partnership, today: date, population: None, client_for: Any
) -> None:
    children_in_need("WBRI", 30, date(2025, 9, 1))
    children_in_need("BAFR", 12, date(2025, 9, 1))
    analyst = client_for("analyst")
    body = {
        **CHOICES,
        "finding": "Higher rate of Black children in need",
        "action": "Review with partners",
        "owner": partnership.delegate.pk,
        "look_again_on": (today + timedelta(days=60)).isoformat(),
        "index": 99,  # figures are never taken from the caller
    }
    created = analyst.post("/api/v1/inequality-actions/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    expected = _figures(world, today)
    assert created.json()["index"] == expected.index and created.json()["owner_name"] == partnership.delegate.full_name
    bad = analyst.post("/api/v1/inequality-actions/", {**body, "finding": " "}, content_type="application/json")
    assert bad.status_code == 400 and InequalityAction.objects.count() == 1
    listed = signed_in(partnership.delegate).get("/api/v1/inequality-actions/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == created.json()["id"]
    assert AuditEvent.objects.filter(action="listed", object_type="partnership.inequalityaction").exists()
    assert client_for("social_worker").get("/api/v1/inequality-actions/").status_code == 404
    refused = client_for("social_worker").post("/api/v1/inequality-actions/", body, content_type="application/json")
    assert refused.status_code == 404 and InequalityAction.objects.count() == 1
    schema = analyst.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/inequality-actions/" in schema["paths"] and "/api/v1/scrutiny-findings/" in schema["paths"]
