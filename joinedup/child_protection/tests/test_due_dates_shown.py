"""The pages name a clock's due date from the Deadline row the service started (and a timescale from rules.toml with
this authority's local figure), never a figure written into a view or template: a changed local figure shows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.timescales import services as timescales
from joinedup.timescales.calendar import CALENDAR
from joinedup.ui.govuk import uk_date

from .conftest import Journey, working_day_on_or_before
from .test_pre_birth import unborn_journey
from .test_views_and_access import d, strategy_post

pytestmark = pytest.mark.django_db


def local_figure(journey: Journey, rule_code: str, interval: str, figure: int) -> None:
    timescales.local_rule_setting_change(
        actor=journey.world.user("administrator"),
        rule_code=rule_code,
        interval=interval,
        figure=figure,
        effective_from=timezone.localdate(),
    )


def banner(response: Any) -> str:
    return response.content.decode()


def test_given_a_local_transfer_in_figure_when_a_transfer_in_is_recorded_then_the_message_names_its_due_date(
    journey: Journey, client_for: Any
) -> None:
    local_figure(journey, "transfer_in_conference", "standard", 20)
    today = timezone.localdate()
    response = client_for("social_worker").post(
        reverse("child_protection:transfer_in_new", args=[journey.child.pk]),
        {**d("notified_on", today), "from_authority": "Northshire County Council"},
        follow=True,
    )
    due = CALENDAR.add_working_days(today, 20)
    assert f"the transfer-in conference is due within 20 working days, by {uk_date(due)}." in banner(response), banner(
        response
    )
    assert "15 working days" not in banner(response)


def test_when_a_strategy_discussion_starts_an_enquiry_then_the_message_names_the_initial_conference_due_date(
    journey: Journey, client_for: Any
) -> None:
    day = working_day_on_or_before(timezone.localdate())
    response = client_for("social_worker").post(
        reverse("child_protection:strategy_discussion_new", args=[journey.child.pk]),
        strategy_post(journey, day, ["neglect"], experienced="no"),
        follow=True,
    )
    due = CALENDAR.add_working_days(day, 15)
    assert f"the initial conference is due within 15 working days, by {uk_date(due)}." in banner(response)


def test_given_a_local_pre_birth_week_then_the_record_page_names_it(journey: Journey, client_for: Any) -> None:
    local_figure(journey, "pre_birth_conference", "conference", 30)
    today = timezone.localdate()
    edd = today + timedelta(weeks=16)
    unborn = unborn_journey(journey, edd, today - timedelta(days=20))
    page = client_for("social_worker").get(reverse("child_protection:record", args=[unborn.child.pk]))
    html = page.content.decode()
    assert f"Pre-birth conference due by {uk_date(edd - timedelta(weeks=10))}: it is held by 30 weeks" in html
    assert "32 weeks" not in html
