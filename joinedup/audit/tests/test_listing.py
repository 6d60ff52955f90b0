"""`audit_rows_listed`: a page of rows shown is one LISTED event a row, each naming its row and its child."""

from __future__ import annotations

import pytest

from joinedup.access.factories import InvolvementFactory
from joinedup.audit.listing import audit_rows_listed
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.audit.selectors import audit_chain_verify
from joinedup.core.tests.personas import World
from joinedup.people.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _events() -> list[tuple[str, str, str, int | None]]:
    return list(AuditEvent.objects.order_by("id").values_list("action", "object_type", "object_id", "child_id"))


def test_each_row_is_listed_under_its_own_model_and_child(world: World) -> None:
    rows = [InvolvementFactory(practitioner=world.social_worker), InvolvementFactory(practitioner=world.social_worker)]
    audit_rows_listed(actor=world.user("social_worker"), rows=rows)
    assert _events() == [(AuditAction.LISTED, "access.involvement", str(r.pk), r.child_id) for r in rows]
    assert audit_chain_verify().intact


def test_rows_of_one_child_or_the_children_themselves(world: World) -> None:
    children = [ChildFactory(), ChildFactory()]
    actor = world.user("social_worker")
    audit_rows_listed(actor=actor, rows=children, child_id=lambda child: child.pk)
    audit_rows_listed(actor=actor, rows=children[:1], child_id=children[1].pk, object_type="people.sibling")
    assert _events() == [
        *[(AuditAction.LISTED, "people.person", str(c.pk), c.pk) for c in children],
        (AuditAction.LISTED, "people.sibling", str(children[0].pk), children[1].pk),
    ]


def test_an_empty_page_writes_nothing(world: World) -> None:
    audit_rows_listed(actor=world.user("social_worker"), rows=[])
    assert not AuditEvent.objects.exists()
