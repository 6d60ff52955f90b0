from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.case_record import services
from joinedup.core.tests.personas import World

from .conftest import Siblings

pytestmark = pytest.mark.django_db


def _note(world: World, children: list[Any], words: str, **kw: Any) -> Any:
    return services.note_record(
        actor=world.user("social_worker"),
        child_ids=[c.pk for c in children],
        note_type="visit",
        occurred_on=kw.pop("occurred_on", timezone.localdate()),
        child_seen=True,
        child_seen_alone=True,
        what_happened=kw.pop("what_happened", "Home visit."),
        childs_words=words,
        **kw,
    )


class TestSupervision:
    def test_given_the_manager_records_supervision_then_it_is_signed_off_as_written(
        self, world: World, siblings: Siblings
    ) -> None:
        record = services.supervision_record(
            actor=world.user("team_manager"),
            child=siblings.eldest,
            held_on=timezone.localdate(),
            worker_id=world.social_worker.pk,
            discussion="Risk from dad's visits",
            decisions="Stay on CIN plan",
            actions=[("Visit dad", timezone.localdate() + dt.timedelta(days=5))],
        )
        assert record.signed_off_at is not None and record.actions.count() == 1


class TestSearch:
    def test_given_notes_then_search_across_notes_finds_only_those_the_user_may_see(
        self, world: World, siblings: Siblings, client_for: Any
    ) -> None:
        _note(world, [siblings.eldest], "I hate the trampoline park")
        from joinedup.access.factories import InvolvementFactory
        from joinedup.access.models import InvolvementRole

        InvolvementFactory(
            practitioner=world.other_team_worker,
            child=world.unallocated_child,
            team=world.team_b,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
        )
        services.note_record(
            actor=world.user("other_team_worker"),
            child_ids=[world.unallocated_child.pk],
            note_type="visit",
            occurred_on=timezone.localdate(),
            child_seen=True,
            child_seen_alone=False,
            what_happened="Took Kacper to the trampoline park.",
        )
        html = client_for("social_worker").get(reverse("case_record:notes_search") + "?q=trampoline").content.decode()
        assert "1 result" in html and "I hate the trampoline park" in html and "Kacper" not in html
        assert AuditEvent.objects.filter(action="searched").count() == 1
        assert client_for("school_dsl").get(reverse("case_record:notes_search") + "?q=x").status_code == 404
