"""Joiners, movers and leavers (issue 20, ADR 0026): the administrator's services, each refused to every other role,
checked, and audited with the values before and after; an invited user sets a password; a mover's children stay
allocated until a manager decides; a leaver is signed out everywhere at once and their children wait for allocation.
Being an administrator opens no child's record."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from joinedup.access import staff
from joinedup.access.factories import InvolvementFactory, partner_system_token
from joinedup.access.models import Involvement
from joinedup.access.selectors import allocations_after_moves, caseload_of
from joinedup.accounts.models import EnrolmentLink
from joinedup.agencies.factories import PractitionerFactory
from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, TeamType
from joinedup.agencies.roles import Role
from joinedup.audit.models import AuditAction, AuditEvent, RecordHistory
from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.episodes.factories import CaseEpisodeFactory
from joinedup.oversight import selectors as oversight
from joinedup.oversight import services as oversight_services

pytestmark = pytest.mark.django_db

SCHOOL = {"name": "Hillside Primary School", "organisation_type": OrganisationType.SCHOOL, "urn": "100234"}


def codes(exc: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code or "" for e in errors} for field, errors in exc.error_dict.items()}


def history(object_type: str, object_id: Any, action: str = AuditAction.UPDATED) -> RecordHistory:
    event = AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id), action=action).latest("id")
    return RecordHistory.objects.get(audit_event=event)


# -- Only the administrator --------------------------------------------------------------------------------------------

NOT_ADMINISTRATORS = [role for role in Role if role != Role.ADMINISTRATOR]


@pytest.mark.parametrize("role", NOT_ADMINISTRATORS)
def test_every_service_is_refused_to_every_role_but_the_administrator(world: Any, role: Role) -> None:
    actor = PractitionerFactory(role=role, organisation=world.local_authority, team=world.team_a).user
    worker = world.social_worker
    calls = [
        lambda: staff.organisation_create(actor=actor, data=SCHOOL),
        lambda: staff.organisation_update(actor=actor, organisation_id=world.school.pk, data=SCHOOL),
        lambda: staff.team_create(
            actor=actor, organisation_id=world.local_authority.pk, data={"name": "X", "team_type": "family_help"}
        ),
        lambda: staff.team_update(actor=actor, team_id=world.team_a.pk, data={"name": "X", "team_type": "family_help"}),
        lambda: staff.practitioner_create(actor=actor, organisation_id=world.school.pk, data={}),
        lambda: staff.practitioner_update(actor=actor, practitioner_id=worker.pk, data={}),
        lambda: staff.user_invite(actor=actor, practitioner_id=worker.pk, username="someone"),
        lambda: staff.practitioner_move(actor=actor, practitioner_id=worker.pk, team_id=world.team_b.pk),
        lambda: staff.practitioner_deactivate(actor=actor, practitioner_id=worker.pk, reason="Left"),
        lambda: staff.organisations_overview(actor=actor),
        lambda: staff.practitioners_of(actor=actor),
    ]
    for call in calls:
        with pytest.raises(NotFoundOrNotPermitted):
            call()
    assert Organisation.objects.filter(name=SCHOOL["name"]).count() == 0
    assert Practitioner.objects.get(pk=worker.pk).team_id == world.team_a.pk
    assert get_user_model().objects.get(pk=worker.user_id).is_active


def test_the_administrator_sees_no_childs_record_by_being_an_administrator(world: Any, client_for: Any) -> None:
    admin = client_for("administrator")
    assert admin.get(f"/children/{world.allocated_child.pk}/").status_code == 404
    assert admin.get(f"/children/{world.unallocated_child.pk}/").status_code == 404
    body = admin.get("/api/v1/children/").json()
    assert body["count"] == 0 and body["results"] == []
    assert admin.get(f"/api/v1/children/{world.allocated_child.pk}/").status_code == 404


# -- Organisations -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"organisation_type": OrganisationType.SCHOOL}, "urn", "urn_required"),
        ({"organisation_type": OrganisationType.SCHOOL, "urn": "12345"}, "urn", "urn_format"),
        ({"organisation_type": OrganisationType.SCHOOL, "urn": "023456"}, "urn", "urn_format"),
        ({"organisation_type": OrganisationType.SCHOOL, "urn": "123456"}, "urn", "urn_taken"),
        ({"organisation_type": OrganisationType.POLICE, "urn": "100001"}, "urn", "urn_not_expected"),
        ({"organisation_type": OrganisationType.GP_PRACTICE}, "ods_code", "ods_code_required"),
        ({"organisation_type": OrganisationType.GP_PRACTICE, "ods_code": "B8-6001"}, "ods_code", "ods_code_format"),
        (
            {"organisation_type": OrganisationType.SCHOOL, "urn": "100001", "ods_code": "RR8"},
            "ods_code",
            "ods_code_not_expected",
        ),
        ({"organisation_type": OrganisationType.POLICE}, "police_force_code", "police_force_code_required"),
        (
            {"organisation_type": OrganisationType.POLICE, "police_force_code": "1A"},
            "police_force_code",
            "police_force_code_format",
        ),
        (
            {"organisation_type": OrganisationType.HOSPITAL, "ods_code": "RR8", "police_force_code": "13"},
            "police_force_code",
            "police_force_code_not_expected",
        ),
        ({"organisation_type": "", "name": "X"}, "organisation_type", "organisation_type_required"),
        ({"organisation_type": OrganisationType.VOLUNTARY_SECTOR, "name": ""}, "name", "name_required"),
        (
            {"organisation_type": OrganisationType.VOLUNTARY_SECTOR, "postcode": "NOT A CODE"},
            "postcode",
            "postcode_format",
        ),
    ],
)
def test_an_organisation_is_known_by_the_code_of_its_kind(
    world: Any, data: dict[str, str], field: str, code: str
) -> None:
    given = {"name": "New organisation", **data}
    with pytest.raises(ValidationError) as caught:
        staff.organisation_create(actor=world.user("administrator"), data=given)
    assert code in codes(caught.value)[field]


def test_a_police_force_code_is_unique(world: Any) -> None:
    admin = world.user("administrator")
    staff.organisation_update(
        actor=admin,
        organisation_id=world.police.pk,
        data={"name": world.police.name, "organisation_type": OrganisationType.POLICE, "police_force_code": "13"},
    )
    with pytest.raises(ValidationError) as caught:
        staff.organisation_create(
            actor=admin, data={"name": "Other Police", "organisation_type": "police", "police_force_code": "13"}
        )
    assert codes(caught.value) == {"police_force_code": {"police_force_code_taken"}}


def test_adding_and_changing_a_school_is_audited_with_before_and_after(world: Any) -> None:
    admin = world.user("administrator")
    school = staff.organisation_create(actor=admin, data={**SCHOOL, "postcode": "ls1 4ap", "urn": " 100 234 "})
    assert (school.urn, school.postcode) == ("100234", "LS1 4AP")
    created = history("agencies.organisation", school.pk, AuditAction.CREATED)
    assert created.after["urn"] == "100234" and created.audit_event.actor_id == admin.pk
    staff.organisation_update(actor=admin, organisation_id=school.pk, data={**SCHOOL, "name": "Hillside Academy"})
    changed = history("agencies.organisation", school.pk)
    assert changed.before == {"name": "Hillside Primary School", "postcode": "LS1 4AP"}
    assert changed.after == {"name": "Hillside Academy", "postcode": ""}


# -- Teams and practitioners -------------------------------------------------------------------------------------------


def test_a_team_is_added_with_a_manager_of_its_own_organisation(world: Any) -> None:
    admin = world.user("administrator")
    with pytest.raises(ValidationError) as caught:
        staff.team_create(
            actor=admin,
            organisation_id=world.local_authority.pk,
            data={"name": "Child Protection A", "team_type": "x", "manager_id": world.school_dsl.pk},
        )
    assert codes(caught.value) == {
        "name": {"name_taken"},
        "team_type": {"team_type_required"},
        "manager": {"manager_elsewhere"},
    }
    team = staff.team_create(
        actor=admin,
        organisation_id=world.local_authority.pk,
        data={"name": "Family Help North", "team_type": TeamType.FAMILY_HELP, "manager_id": world.team_manager.pk},
    )
    assert team.manager_id == world.team_manager.pk
    staff.team_update(actor=admin, team_id=team.pk, data={"name": "Family Help North", "team_type": "family_help"})
    changed = history("agencies.team", team.pk)
    assert changed.before == {"manager_id": world.team_manager.pk} and changed.after == {"manager_id": None}


def test_a_practitioner_is_checked_and_added(world: Any) -> None:
    admin = world.user("administrator")
    with pytest.raises(ValidationError) as caught:
        staff.practitioner_create(
            actor=admin,
            organisation_id=world.local_authority.pk,
            data={
                "given_name": "",
                "family_name": "Okafor",
                "role": Role.SOCIAL_WORKER,
                "email": "not-an-email",
                "team_id": world.front_door_team.pk + 1000,
                "is_designated_safeguarding_lead": True,
            },
        )
    assert codes(caught.value) == {
        "given_name": {"given_name_required"},
        "email": {"email_format"},
        "social_work_england_number": {"social_work_england_number_required"},
        "is_designated_safeguarding_lead": {"safeguarding_lead_not_expected"},
        "team": {"team_elsewhere"},
    }
    worker = staff.practitioner_create(
        actor=admin,
        organisation_id=world.local_authority.pk,
        data={
            "given_name": "Ada",
            "family_name": "Okafor",
            "role": Role.SOCIAL_WORKER,
            "email": "Ada.Okafor@Example.invalid",
            "team_id": world.team_a.pk,
            "social_work_england_number": "sw 555123",
        },
    )
    assert (worker.team_id, worker.email, worker.social_work_england_number, worker.user_id) == (
        world.team_a.pk,
        "ada.okafor@example.invalid",
        "SW555123",
        None,
    )
    assert history("agencies.practitioner", worker.pk, AuditAction.CREATED).after["role"] == Role.SOCIAL_WORKER


def test_a_schools_designated_safeguarding_lead_is_marked(world: Any) -> None:
    admin = world.user("administrator")
    lead = staff.practitioner_create(
        actor=admin,
        organisation_id=world.school.pk,
        data={
            "given_name": "Priya",
            "family_name": "Shah",
            "role": Role.DESIGNATED_SAFEGUARDING_LEAD,
            "is_designated_safeguarding_lead": True,
        },
    )
    assert lead.is_designated_safeguarding_lead
    data = {name: getattr(lead, name) for name in staff.PRACTITIONER_FIELDS} | {
        "is_designated_safeguarding_lead": False
    }
    staff.practitioner_update(actor=admin, practitioner_id=lead.pk, data=data)
    changed = history("agencies.practitioner", lead.pk)
    assert changed.before == {"is_designated_safeguarding_lead": True}
    assert changed.after == {"is_designated_safeguarding_lead": False}


# -- Inviting a user ---------------------------------------------------------------------------------------------------


def _new_worker(world: Any) -> Practitioner:
    return PractitionerFactory(
        user=None, role=Role.SOCIAL_WORKER, organisation=world.local_authority, team=world.team_a
    )


def test_inviting_makes_an_account_with_no_usable_password_and_a_one_time_link(world: Any) -> None:
    admin = world.user("administrator")
    worker = _new_worker(world)
    with pytest.raises(ValidationError) as caught:
        staff.user_invite(actor=admin, practitioner_id=worker.pk, username="Social.Worker")
    assert codes(caught.value) == {"username": {"username_taken"}}
    with pytest.raises(ValidationError) as caught:
        staff.user_invite(actor=admin, practitioner_id=worker.pk, username="has space")
    assert codes(caught.value) == {"username": {"username_format"}}
    invitation = staff.user_invite(actor=admin, practitioner_id=worker.pk, username="ada.okafor")
    user = Practitioner.objects.get(pk=worker.pk).user
    assert user is not None and user.username == "ada.okafor" and not user.has_usable_password()
    assert invitation.link.user_id == user.pk and invitation.link.used_at is None
    assert staff.invitation_user(token=invitation.token) == user
    assert AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk), action="created").exists()
    assert history("agencies.practitioner", worker.pk).after == {"user_id": user.pk}
    with pytest.raises(ValidationError) as caught:
        staff.user_invite(actor=admin, practitioner_id=worker.pk, username="another")
    assert codes(caught.value) == {"username": {"already_has_account"}}


def test_the_invited_user_sets_a_password_the_validators_accept(world: Any) -> None:
    worker = _new_worker(world)
    invitation = staff.user_invite(actor=world.user("administrator"), practitioner_id=worker.pk, username="ada.okafor")
    with pytest.raises(ValidationError) as caught:
        staff.invitation_password_set(token=invitation.token, password="password", password_again="passw0rd")
    found = codes(caught.value)
    assert found["password"] == {"password_too_weak"} and found["password_again"] == {"mismatch"}
    with pytest.raises(NotFoundOrNotPermitted):
        staff.invitation_password_set(token="not-a-token", password="x", password_again="x")
    user = staff.invitation_password_set(
        token=invitation.token, password="copper kettle harbour 42", password_again="copper kettle harbour 42"
    )
    assert user.check_password("copper kettle harbour 42")
    event = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk)).latest("id")
    assert (event.actor_id, event.changed_fields) == (user.pk, ["password"])
    # The link stays for setting up the authenticator app; it cannot set a password twice.
    assert EnrolmentLink.objects.get(pk=invitation.link.pk).used_at is None
    assert staff.invitation_user(token=invitation.token) is None


def test_opening_the_invitation_signed_out_asks_for_a_password_then_the_app(world: Any, client: Any) -> None:
    worker = _new_worker(world)
    invitation = staff.user_invite(actor=world.user("administrator"), practitioner_id=worker.pk, username="ada.okafor")
    opened = client.get(f"/sign-in/enrol/{invitation.token}/")
    assert opened.status_code == 302 and opened["Location"] == "/sign-in/set-password/"
    page = client.get("/sign-in/set-password/")
    assert page.status_code == 200 and "ada.okafor" in page.content.decode()
    refused = client.post("/sign-in/set-password/", {"password": "short", "password_again": "short"})
    assert refused.status_code == 400 and "govuk-error-summary" in refused.content.decode()
    good = "copper kettle harbour 42"
    done = client.post("/sign-in/set-password/", {"password": good, "password_again": good})
    assert done.status_code == 302 and done["Location"] == "/sign-in/enrol/"
    enrol = client.get("/sign-in/enrol/")
    assert enrol.status_code == 200 and "Set up your authenticator app" in enrol.content.decode()


# -- Movers ------------------------------------------------------------------------------------------------------------


def test_a_movers_children_stay_allocated_and_both_managers_are_offered_them(world: Any) -> None:
    admin = world.user("administrator")
    worker = world.social_worker
    CaseEpisodeFactory(child=world.allocated_child)
    with pytest.raises(ValidationError) as caught:
        staff.practitioner_move(actor=admin, practitioner_id=worker.pk, team_id=world.team_a.pk)
    assert codes(caught.value) == {"team": {"same_team"}}
    move = staff.practitioner_move(actor=admin, practitioner_id=worker.pk, team_id=world.team_b.pk)
    assert (move.from_team, move.to_team, move.children) == (world.team_a, world.team_b, 1)
    changed = history("agencies.practitioner", worker.pk)
    assert changed.before == {"team_id": world.team_a.pk} and changed.after == {"team_id": world.team_b.pk}
    # Nothing orphaned: still allocated, still under team A, so not waiting for allocation.
    assert list(caseload_of(practitioner=worker)) == [world.allocated_child]
    assert world.allocated_child.pk not in {
        r.child.pk for r in oversight.awaiting_allocation(actor=world.user("team_manager")).rows
    }
    sending = oversight.moved_work(actor=world.user("team_manager"))
    assert [(r.child, r.worker, r.sending) for r in sending.rows] == [(world.allocated_child, worker, True)]
    receiving = oversight.moved_work(actor=world.user("other_team_manager"))
    assert [(r.child, r.sending) for r in receiving.rows] + [receiving.not_shown] in (
        [(world.allocated_child, False), 0],
        [1],
    )
    # The sending manager keeps the child with the worker: the work moves to team B.
    involvement = sending.rows[0].involvement_id
    oversight_services.allocation_keep_with_worker(actor=world.user("team_manager"), involvement_id=involvement)
    assert Involvement.objects.get(pk=involvement).team_id == world.team_b.pk
    assert history("access.involvement", involvement).after == {"team_id": world.team_b.pk}
    assert not allocations_after_moves(team_ids=[world.team_a.pk, world.team_b.pk]).exists()


def test_a_manager_of_neither_team_cannot_decide_for_a_mover(world: Any) -> None:
    staff.practitioner_move(
        actor=world.user("administrator"), practitioner_id=world.social_worker.pk, team_id=world.team_b.pk
    )
    involvement = allocations_after_moves(team_ids=[world.team_a.pk]).get()
    with pytest.raises(NotFoundOrNotPermitted):
        oversight_services.allocation_keep_with_worker(actor=world.user("front_door"), involvement_id=involvement.pk)


# -- Leavers -----------------------------------------------------------------------------------------------------------


def test_a_leaver_is_signed_out_everywhere_at_once(world: Any, client_for: Any) -> None:
    worker_client = client_for("social_worker")
    assert worker_client.get("/").status_code == 200
    other_client = client_for("other_team_worker")
    user = world.user("social_worker")
    gone = staff.practitioner_deactivate(
        actor=world.user("administrator"), practitioner_id=world.social_worker.pk, reason="Left the authority"
    )
    assert gone.sessions_ended == 1
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(user.pk) not in remaining
    signed_out = worker_client.get("/")
    assert signed_out.status_code == 302 and signed_out["Location"].startswith("/sign-in/")
    assert other_client.get("/").status_code == 200  # nobody else is signed out
    user.refresh_from_db()
    assert not user.is_active
    assert history("accounts.user", user.pk).after == {"is_active": False}


def test_a_leavers_tokens_are_revoked_and_their_children_wait_for_allocation(world: Any) -> None:
    token, _key = partner_system_token(practitioner=world.school_dsl)
    leaver = world.social_worker
    CaseEpisodeFactory(child=world.allocated_child)
    lead_child = InvolvementFactory(
        practitioner=leaver, team=world.team_a, role="lead_practitioner", started_on=timezone.localdate()
    ).child
    manager = world.user("team_manager")
    assert world.allocated_child.pk not in {r.child.pk for r in oversight.awaiting_allocation(actor=manager).rows}
    gone = staff.practitioner_deactivate(actor=world.user("administrator"), practitioner_id=leaver.pk, reason="Left")
    assert (gone.involvements_ended, gone.tokens_revoked) == (2, 0)
    assert gone.children == sorted([world.allocated_child.pk, lead_child.pk])
    assert not caseload_of(practitioner=leaver, today=timezone.localdate() + timezone.timedelta(days=1)).exists()
    assert world.allocated_child.pk in {r.child.pk for r in oversight.awaiting_allocation(actor=manager).rows}
    assert leaver.pk not in {c.practitioner.pk for c in oversight.allocation_candidates(actor=manager)}
    # Only the team that held the work keeps the child in sight: another team's manager does not.
    other = world.user("other_team_manager")
    assert world.allocated_child.pk not in {r.child.pk for r in oversight.awaiting_allocation(actor=other).rows}
    assert Practitioner.objects.get(pk=leaver.pk).left_on == timezone.localdate()
    # A partner system acting through a practitioner who leaves stops at once.
    school_leaver = staff.practitioner_deactivate(
        actor=world.user("administrator"), practitioner_id=world.school_dsl.pk, reason="Left the school"
    )
    token.refresh_from_db()
    assert school_leaver.tokens_revoked == 1 and token.revoked_at is not None
    with pytest.raises(ValidationError) as caught:
        staff.practitioner_deactivate(actor=world.user("administrator"), practitioner_id=leaver.pk, reason="Again")
    assert codes(caught.value) == {"reason": {"already_left"}}


def test_the_administrator_cannot_deactivate_themselves_or_without_a_reason(world: Any) -> None:
    admin = world.user("administrator")
    with pytest.raises(ValidationError) as caught:
        staff.practitioner_deactivate(actor=admin, practitioner_id=world.administrator.pk, reason="Leaving")
    assert codes(caught.value) == {"reason": {"own_account"}}
    with pytest.raises(ValidationError) as caught:
        staff.practitioner_deactivate(actor=admin, practitioner_id=world.social_worker.pk, reason="  ")
    assert codes(caught.value) == {"reason": {"reason_required"}}


def test_a_leaving_manager_leaves_their_team_without_a_manager(world: Any) -> None:
    staff.practitioner_deactivate(
        actor=world.user("administrator"), practitioner_id=world.team_manager.pk, reason="Retired"
    )
    world.team_a.refresh_from_db()
    assert world.team_a.manager_id is None
    assert history("agencies.team", world.team_a.pk).before == {"manager_id": world.team_manager.pk}
