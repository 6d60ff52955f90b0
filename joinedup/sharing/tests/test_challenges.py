from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.roles import Role
from joinedup.core.tests.personas import World
from joinedup.sharing import services
from joinedup.sharing.models import ChallengeStatus, ProfessionalChallenge

pytestmark = pytest.mark.django_db


def _raise(world: World) -> ProfessionalChallenge:
    return services.challenge_raise(
        actor=world.user("school_dsl"),
        child=world.allocated_child,
        decision="No further action on the school's concern of 3 March",
        disagreement="Ellie has told us twice she is frightened at home.",
    )


class TestEscalation:
    def test_given_a_schools_challenge_when_escalated_to_level_2_and_resolved_then_its_history_is_kept(
        self, world: World
    ) -> None:
        challenge = _raise(world)
        assert challenge.level == 1 and challenge.respond_by > challenge.raised_on
        today = timezone.localdate()
        services.challenge_respond(
            actor=world.user("social_worker"), challenge=challenge, note="We stand by it", on=today
        )
        challenge = services.challenge_escalate(
            actor=world.user("school_dsl"), challenge=challenge, note="Escalating to managers", on=today
        )
        assert challenge.level == 2
        challenge = services.challenge_resolve(
            actor=world.user("team_manager"), challenge=challenge, note="Strategy discussion to be held", on=today
        )
        assert challenge.status == ChallengeStatus.RESOLVED
        assert [s.kind for s in challenge.steps.all()] == ["raised", "response", "escalated", "resolved"]
        with pytest.raises(Exception):  # noqa: B017
            services.challenge_respond(actor=world.user("school_dsl"), challenge=challenge, note="More", on=today)

    def test_given_a_date_in_the_future_then_refused(self, world: World) -> None:
        challenge = _raise(world)
        with pytest.raises(Exception, match="today or in the past"):
            services.challenge_escalate(
                actor=world.user("school_dsl"),
                challenge=challenge,
                note="x",
                on=timezone.localdate() + dt.timedelta(days=2),
            )


class TestWhoSeesAChallenge:
    def test_given_a_challenge_then_those_involved_and_the_partnership_see_it_and_no_one_else(
        self, world: World, client_for: Any
    ) -> None:
        challenge = _raise(world)
        PractitionerFactory(
            user__username="partnership.lead", role=Role.PARTNERSHIP_LEAD, organisation=world.local_authority
        )
        url = reverse("sharing:challenge", args=[challenge.pk])
        for allowed in ("school_dsl", "social_worker", "team_manager"):
            assert client_for(allowed).get(url).status_code == 200, allowed
        for refused in ("other_school_dsl", "health_visitor", "other_team_worker", "analyst"):
            assert client_for(refused).get(url).status_code == 404, refused
        listing = client_for("other_school_dsl").get(reverse("sharing:challenges")).content.decode()
        assert challenge.reference not in listing

    def test_given_the_form_then_a_school_raises_escalates_and_a_manager_resolves(
        self, world: World, client_for: Any
    ) -> None:
        school = client_for("school_dsl")
        response = school.post(
            reverse("sharing:challenge_new", args=[world.allocated_child.pk]),
            {
                "decision": "No further action",
                "disagreement": "She is frightened",
                "outcome_sought": "A strategy discussion",
            },
        )
        challenge = ProfessionalChallenge.objects.get()
        assert response.status_code == 302
        today = timezone.localdate()
        date = {"on_0": today.day, "on_1": today.month, "on_2": today.year}
        empty = school.post(
            reverse("sharing:challenge", args=[challenge.pk]), {"kind": "escalated", **date, "note": ""}
        )
        assert "Enter what was said or decided" in empty.content.decode()
        school.post(
            reverse("sharing:challenge", args=[challenge.pk]), {"kind": "escalated", **date, "note": "To managers"}
        )
        client_for("team_manager").post(
            reverse("sharing:challenge", args=[challenge.pk]),
            {"kind": "resolved", **date, "note": "Agreed: strategy discussion"},
        )
        challenge.refresh_from_db()
        assert challenge.level == 2 and challenge.status == ChallengeStatus.RESOLVED
        assert (
            "Agreed: strategy discussion"
            in school.get(reverse("sharing:challenge", args=[challenge.pk])).content.decode()
        )
