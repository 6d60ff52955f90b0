"""record_fields_changed: set, save and record the fields changed; `unrecorded` ones are saved but not recorded."""

from __future__ import annotations

import pytest
from django.db import transaction

from joinedup.audit.models import AuditEvent, RecordHistory
from joinedup.audit.services import record_fields_changed
from joinedup.core.tests.personas import World
from joinedup.people.models import Person

pytestmark = pytest.mark.django_db


def test_unrecorded_fields_are_saved_with_the_change_but_kept_out_of_the_event(world: World) -> None:
    child = world.allocated_child
    with transaction.atomic():
        record_fields_changed(
            actor=world.user("social_worker"),
            obj=child,
            child_id=child.pk,
            changes={"family_name": "Marsden-Shaw"},
            unrecorded={"known_as": "Ellie"},
        )
    saved = Person.objects.get(pk=child.pk)
    assert (saved.family_name, saved.known_as) == ("Marsden-Shaw", "Ellie")
    event = AuditEvent.objects.get()
    assert event.changed_fields == ["family_name"]
    history = RecordHistory.objects.get(audit_event=event)
    assert set(history.before) == set(history.after) == {"family_name"}
