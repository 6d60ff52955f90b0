"""Supervision from the manager's side (the oversight app): decisions a worker recorded wait for their manager's
sign-off; caseloads are weighted by complexity; an action agreed in supervision is marked done from the child's
supervision page, and leaves the overdue lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.case_record import services as case_record
from joinedup.case_record.models import SupervisionAction, SupervisionRecord
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.oversight import selectors, services

from .conftest import Siblings

pytestmark = pytest.mark.django_db


class TestSupervisionSignOff:
    def test_given_the_worker_records_decisions_then_they_await_the_managers_sign_off_on_the_oversight_page(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        record = case_record.supervision_record(
            actor=world.user("social_worker"),
            child=siblings.eldest,
            held_on=timezone.localdate(),
            worker_id=world.social_worker.pk,
            discussion="Reflective discussion",
            decisions="Step down to Family Help",
            actions=[("Tell school", timezone.localdate() - dt.timedelta(days=1))],
        )
        assert record.signed_off_at is None
        manager = client_for("team_manager")
        html = manager.get(reverse("oversight:oversight")).content.decode()
        assert "Supervision of" in html and "Tell school" in html
        assert client_for("social_worker").get(reverse("oversight:oversight")).status_code == 404
        assert (
            client_for("other_team_manager")
            .post(reverse("oversight:supervision_sign_off", args=[record.pk]))
            .status_code
            == 404
        )
        assert (
            client_for("social_worker").post(reverse("oversight:supervision_sign_off", args=[record.pk])).status_code
            == 404
        )
        assert manager.post(reverse("oversight:supervision_sign_off", args=[record.pk])).status_code == 302
        assert SupervisionRecord.objects.get().signed_off_by == world.user("team_manager")

    def test_given_a_team_then_caseloads_are_weighted_by_complexity(self, world: World, siblings: Siblings) -> None:
        profile = siblings.middle.child_profile
        profile.is_looked_after = True
        profile.save()
        view = selectors.team_oversight(actor=world.user("team_manager"))
        worker = next(c for c in view.caseloads if c.worker.pk == world.social_worker.pk)
        assert worker.children == 3
        # 1 + 1.5 (looked after) + 1, less 0.25 for each brother or sister after the first
        assert worker.weighted == pytest.approx(3.0)

    def test_given_a_sign_off_from_another_site_then_it_returns_to_the_oversight_page_not_there(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        record = _supervision(world, siblings, actions=[])
        manager = client_for("team_manager")
        url = reverse("oversight:supervision_sign_off", args=[record.pk])
        response = manager.post(url, {"next": "https://example.com/phish"})
        assert response.status_code == 302 and response["Location"] == reverse("oversight:oversight")
        again = manager.post(url, {"next": reverse("case_record:supervision", args=[siblings.eldest.pk])}, follow=True)
        assert services.SUPERVISION_SIGNED_OFF in again.content.decode()  # said so, not "signed off" again


def _supervision(
    world: World, siblings: Siblings, *, actions: list[tuple[str, dt.date]], **kw: Any
) -> SupervisionRecord:
    return case_record.supervision_record(
        actor=world.user("social_worker"),
        child=siblings.eldest,
        held_on=timezone.localdate() - dt.timedelta(days=10),
        worker_id=world.social_worker.pk,
        discussion="Reflective discussion",
        decisions="Stay on the plan",
        actions=actions,
    )


@pytest.fixture
def overdue(world: World, siblings: Siblings) -> SupervisionAction:
    """An action agreed in supervision ten days ago, due three days ago and not yet done."""
    record = _supervision(world, siblings, actions=[("Tell school", timezone.localdate() - dt.timedelta(days=3))])
    action: SupervisionAction = record.actions.get()
    return action


class TestSupervisionActionDone:
    def test_given_an_overdue_action_when_the_worker_marks_it_done_then_it_is_done_today_audited_and_no_longer_overdue(
        self, world: World, siblings: Siblings, overdue: SupervisionAction, client_for: Any
    ) -> None:
        worker = client_for("social_worker")
        page = reverse("case_record:supervision", args=[siblings.eldest.pk])
        html = worker.get(page).content.decode()
        assert 'Mark as done<span class="govuk-visually-hidden">: Tell school</span>' in html
        assert reverse("oversight:supervision_action_done", args=[overdue.pk]) in html
        assert "Tell school" in client_for("team_manager").get(reverse("oversight:oversight")).content.decode()
        response = worker.post(reverse("oversight:supervision_action_done", args=[overdue.pk]))
        assert response.status_code == 302 and response["Location"] == f"{page}#action-{overdue.pk}"
        overdue.refresh_from_db()
        assert overdue.done_on == timezone.localdate()
        event = AuditEvent.objects.get(action="updated", object_type="case_record.supervisionaction")
        assert event.object_id == str(overdue.pk) and event.child_id == siblings.eldest.pk
        html = worker.get(page).content.decode()
        assert "Action marked as done: Tell school" in html and "Mark as done<span" not in html
        assert "Overdue" not in html
        oversight = client_for("team_manager").get(reverse("oversight:oversight")).content.decode()
        assert "Tell school" not in oversight and "No supervision action is overdue." in oversight
        summary = worker.get(reverse("chronology:summary", args=[siblings.eldest.pk])).content.decode()
        assert "Tell school" not in summary

    def test_given_the_oversight_page_then_each_overdue_action_links_to_the_childs_supervision(
        self, world: World, siblings: Siblings, overdue: SupervisionAction, client_for: Any
    ) -> None:
        html = client_for("team_manager").get(reverse("oversight:oversight")).content.decode()
        assert f"{reverse('case_record:supervision', args=[siblings.eldest.pk])}#action-{overdue.pk}" in html

    def test_given_someone_who_may_not_record_the_childs_supervision_then_404_and_nothing_changes(
        self, world: World, overdue: SupervisionAction, client_for: Any
    ) -> None:
        url = reverse("oversight:supervision_action_done", args=[overdue.pk])
        for who in ("other_team_worker", "school_dsl", "health_visitor"):
            assert client_for(who).post(url).status_code == 404, who
        assert client_for("social_worker").get(url).status_code == 405  # a change is a POST
        assert (
            client_for("social_worker").post(reverse("oversight:supervision_action_done", args=[0])).status_code == 404
        )
        overdue.refresh_from_db()
        assert overdue.done_on is None
        assert not AuditEvent.objects.filter(object_type="case_record.supervisionaction").exists()
        with pytest.raises(NotFoundOrNotPermitted):
            services.supervision_action_done(
                actor=world.user("other_team_worker"), action=overdue, done_on=timezone.localdate()
            )

    def test_given_an_action_already_done_then_it_stays_done_on_its_day_and_the_worker_is_told(
        self, world: World, siblings: Siblings, overdue: SupervisionAction, client_for: Any
    ) -> None:
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        services.supervision_action_done(actor=world.user("social_worker"), action=overdue, done_on=yesterday)
        response = client_for("social_worker").post(
            reverse("oversight:supervision_action_done", args=[overdue.pk]), follow=True
        )
        assert services.ACTION_ALREADY_DONE in response.content.decode()
        overdue.refresh_from_db()
        assert overdue.done_on == yesterday
        assert AuditEvent.objects.filter(object_type="case_record.supervisionaction").count() == 1

    def test_given_a_day_in_the_future_or_before_the_supervision_then_it_is_refused(
        self, world: World, overdue: SupervisionAction
    ) -> None:
        worker = world.user("social_worker")
        for day, message in (
            (timezone.localdate() + dt.timedelta(days=1), services.ACTION_DONE_IN_FUTURE),
            (overdue.record.held_on - dt.timedelta(days=1), services.ACTION_DONE_BEFORE_SUPERVISION),
        ):
            with pytest.raises(ValidationError) as refused:
                services.supervision_action_done(actor=worker, action=overdue, done_on=day)
            assert refused.value.messages == [message]
        overdue.refresh_from_db()
        assert overdue.done_on is None
