"""Previous abuse or neglect, a greater-risk flag (M9), recorded and removed by a practitioner with a reason, and
shown on the record with who recorded it and why (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest
from markupsafe import escape

from joinedup.access.factories import InvolvementFactory
from joinedup.access.models import InvolvementRole
from joinedup.audit.models import AuditAction, AuditEvent
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.core.tests.personas import World
from joinedup.people import selectors as people_selectors
from joinedup.people.models import Person, PreviousAbuseOrNeglect
from joinedup.records import services

FLAG = "Previous abuse or neglect"
REASON = "Disclosed at school that her stepfather hit her in 2022, before the family moved here."


def flag(world: World, child: Person | None = None) -> PreviousAbuseOrNeglect:
    return services.previous_abuse_or_neglect_record(
        actor=world.user("social_worker"), child=child or world.allocated_child, reason=REASON
    )


# -- recorded and removed by a practitioner with a reason ---------------------------------------------------------


def test_recording_previous_abuse_or_neglect_flags_the_child_and_is_audited(world: World) -> None:
    record = flag(world)
    assert record.recorded_by == world.social_worker and record.reason == REASON
    assert FLAG in [f.label for f in people_selectors.child_greater_risk_flags(child=world.allocated_child)]
    event = AuditEvent.objects.get(object_type="people.previousabuseorneglect", object_id=str(record.pk))
    assert event.action == AuditAction.CREATED and event.child_id == world.allocated_child.pk


def test_removing_it_needs_a_reason_and_keeps_who_removed_it_and_why(world: World) -> None:
    record = flag(world)
    with pytest.raises(Exception, match="Enter why you are removing it"):
        services.previous_abuse_or_neglect_remove(
            actor=world.user("team_manager"), child=world.allocated_child, reason=" "
        )
    services.previous_abuse_or_neglect_remove(
        actor=world.user("team_manager"), child=world.allocated_child, reason="Recorded for the wrong child"
    )
    record.refresh_from_db()
    assert record.removed_by == world.team_manager and record.removal_reason == "Recorded for the wrong child"
    assert people_selectors.child_greater_risk_flags(child=world.allocated_child) == []
    event = AuditEvent.objects.filter(object_type="people.previousabuseorneglect").order_by("-id").first()
    assert event is not None and event.action == AuditAction.UPDATED and "removed_at" in event.changed_fields
    # It can be recorded again, and the removed record stays.
    flag(world)
    assert PreviousAbuseOrNeglect.objects.filter(child=world.allocated_child).count() == 2


def test_a_reason_is_required_and_nothing_is_saved_without_one(world: World) -> None:
    with pytest.raises(Exception, match="Enter why you are recording previous abuse or neglect"):
        services.previous_abuse_or_neglect_record(
            actor=world.user("social_worker"), child=world.allocated_child, reason=""
        )
    assert not PreviousAbuseOrNeglect.objects.exists()
    assert not AuditEvent.objects.filter(object_type="people.previousabuseorneglect").exists()


def test_it_is_recorded_once_until_removed(world: World) -> None:
    flag(world)
    with pytest.raises(Exception, match="already recorded"):
        flag(world)
    assert PreviousAbuseOrNeglect.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("social_worker", True),
        ("team_manager", True),
        ("school_dsl", False),
        ("health_visitor", False),
        ("police_officer", False),
        ("other_team_worker", False),  # a caseworker who does not see the child
        ("analyst", False),
    ],
)
def test_who_may_record_it(world: World, who: str, allowed: bool) -> None:
    # The partners are involved with the child, so they see the record and its flags; they may not record this.
    for partner in (world.school_dsl, world.health_visitor, world.police_officer):
        InvolvementFactory(practitioner=partner, child=world.allocated_child, role=InvolvementRole.POLICE_CONTACT)
    actor = world.user(who)
    if allowed:
        services.previous_abuse_or_neglect_record(actor=actor, child=world.allocated_child, reason=REASON)
        assert PreviousAbuseOrNeglect.objects.count() == 1
    else:
        with pytest.raises(NotFoundOrNotPermitted):
            services.previous_abuse_or_neglect_record(actor=actor, child=world.allocated_child, reason=REASON)
        flag(world)
        with pytest.raises(NotFoundOrNotPermitted):
            services.previous_abuse_or_neglect_remove(actor=actor, child=world.allocated_child, reason="Wrong child")
        assert PreviousAbuseOrNeglect.objects.get().removed_at is None


# -- the form --------------------------------------------------------------------------------------------------------


def test_the_form_records_it_and_the_record_shows_who_and_why(world: World, client_for: Any) -> None:
    client = client_for("social_worker")
    url = f"/children/{world.allocated_child.pk}/previous-abuse-or-neglect/"
    assert "Record previous abuse or neglect" in client.get(f"/children/{world.allocated_child.pk}/").content.decode()
    form = client.get(url)
    assert form.status_code == 200 and "Why are you recording this?" in form.content.decode()
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302
    html = client.get(f"/children/{world.allocated_child.pk}/").content.decode()
    assert FLAG in html and "Recorded by a practitioner" in html
    assert str(escape(world.social_worker.full_name)) in html and "stepfather hit her in 2022" in html
    assert "Remove previous abuse or neglect" in html


def test_the_form_without_a_reason_shows_the_error_summary_and_saves_nothing(world: World, client_for: Any) -> None:
    response = client_for("social_worker").post(
        f"/children/{world.allocated_child.pk}/previous-abuse-or-neglect/", {"reason": "  "}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "There is a problem" in html
    assert "Enter why you are recording previous abuse or neglect" in html
    assert not PreviousAbuseOrNeglect.objects.exists()


def test_the_removal_form_needs_a_reason_then_removes_it(world: World, client_for: Any) -> None:
    flag(world)
    client = client_for("social_worker")
    url = f"/children/{world.allocated_child.pk}/previous-abuse-or-neglect/remove/"
    html = client.post(url, {"reason": ""}).content.decode()
    assert "govuk-error-summary" in html and "Enter why you are removing previous abuse or neglect" in html
    assert PreviousAbuseOrNeglect.objects.get().removed_at is None
    assert client.post(url, {"reason": "Recorded for the wrong child"}).status_code == 302
    html = client.get(f"/children/{world.allocated_child.pk}/").content.decode()
    assert "Removed by" in html and "Recorded for the wrong child" in html
    assert "joinedup-flags" not in html  # no flag above the record


def test_a_partner_sees_the_flag_but_not_the_form_nor_who_recorded_it_and_why(world: World, client_for: Any) -> None:
    flag(world)
    client = client_for("school_dsl")  # the child's school: sees the record
    html = client.get(f"/children/{world.allocated_child.pk}/").content.decode()
    assert FLAG in html
    assert "stepfather" not in html and "Record previous abuse or neglect" not in html
    assert client.get(f"/children/{world.allocated_child.pk}/previous-abuse-or-neglect/").status_code == 404
    assert (
        client.post(
            f"/children/{world.allocated_child.pk}/previous-abuse-or-neglect/remove/", {"reason": "x"}
        ).status_code
        == 404
    )
    assert PreviousAbuseOrNeglect.objects.get().removed_at is None
