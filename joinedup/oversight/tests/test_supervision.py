"""Supervision from the manager's side (the oversight app): decisions a worker recorded wait for their manager's
sign-off; caseloads are weighted by complexity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.case_record import services as case_record
from joinedup.case_record.models import SupervisionRecord
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


def _supervision(world: World, siblings: Siblings, *, actions: list[tuple[str, dt.date]]) -> SupervisionRecord:
    return case_record.supervision_record(
        actor=world.user("social_worker"),
        child=siblings.eldest,
        held_on=timezone.localdate() - dt.timedelta(days=10),
        worker_id=world.social_worker.pk,
        discussion="Reflective discussion",
        decisions="Stay on the plan",
        actions=actions,
    )
