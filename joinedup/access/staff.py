"""Joiners, movers and leavers (issue 20, M4; ADR 0026): the administrator adds and changes organisations, teams and
practitioners, marks a school's designated safeguarding leads, invites a user (an account with no usable password and
a one-time link to set one and set up an authenticator app), moves a practitioner between teams (their children stay
allocated to them under the team that held the work, whose manager decides, access.selectors.allocations_after_moves)
and deactivates a leaver at once (their account is closed, their sessions end, their partner systems' tokens are
revoked and their involvements end, so their children wait for allocation).

These live in access/ because they audit (audit/), touch accounts (accounts/) and end involvements (access/), and
`agencies`, `accounts` and `audit` stand on one layer and cannot import each other. Services write: one transaction,
every check before the first write, the audit events last (`audit_last`), each change with its before and after
values. Being an administrator opens no child's record: nothing here reads one.

The reads at the end are the administrator's: organisations, their teams and practitioners, for the pages and the
API alike."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from joinedup.accounts.models import EnrolmentLink, PartnerSystemToken, enrolment_token_hash
from joinedup.accounts.sessions import sessions_end
from joinedup.agencies.models import (
    HEALTH_ORGANISATION_TYPES,
    Organisation,
    OrganisationType,
    Practitioner,
    Team,
    TeamType,
)
from joinedup.agencies.roles import SOCIAL_WORK_ENGLAND_REGISTERED_ROLES, Role
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error

from .models import Involvement
from .permissions import Permission
from .policy import has_permission
from .selectors import caseloads
from .services import enrolment_link_create, enrolment_link_problem

# -- What each kind of organisation is known by ----------------------------------------------------------------------
# A school's DfE unique reference number (Get Information about Schools): six digits. An early years setting's Ofsted
# URN: six digits, or EY and six digits. An NHS body's Organisation Data Service code: three to six letters and digits
# (a trust RR8, a site RR801, a GP practice B86001, an integrated care board QWO). A police force's Home Office code:
# two digits.
SCHOOL_URN = re.compile(r"^[1-9][0-9]{5}$")
EARLY_YEARS_URN = re.compile(r"^(EY)?[0-9]{6}$")
ODS_CODE = re.compile(r"^[A-Z0-9]{3,6}$")
POLICE_FORCE_CODE = re.compile(r"^[0-9]{2}$")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
SOCIAL_WORK_ENGLAND_NUMBER = re.compile(r"^SW[0-9]{2,10}$")
URN_TYPES = frozenset({OrganisationType.SCHOOL, OrganisationType.EARLY_YEARS})
# The organisations whose staff include designated safeguarding leads (Keeping children safe in education, and the
# early years foundation stage's lead practitioner for safeguarding).
SAFEGUARDING_LEAD_TYPES = URN_TYPES

ORGANISATION_FIELDS = ("name", "organisation_type", "urn", "ods_code", "police_force_code", "address", "postcode")
TEAM_FIELDS = ("name", "team_type", "manager_id")
PRACTITIONER_FIELDS = (
    "given_name",
    "family_name",
    "job_title",
    "role",
    "team_id",
    "email",
    "phone",
    "social_work_england_number",
    "is_designated_safeguarding_lead",
)


def administrator_required(actor: Any) -> None:
    """Everything here is the administrator's: anyone else is answered as if there were nothing (404)."""
    if not has_permission(actor, Permission.MANAGE_STAFF):
        raise NotFoundOrNotPermitted


def _words(value: str) -> str:
    return " ".join((value or "").split())


def _code(value: str) -> str:
    return "".join((value or "").split()).upper()


# -- Organisations -----------------------------------------------------------------------------------------------------


def _organisation_values(data: dict[str, Any], errors: FieldErrors, *, pk: int | None) -> dict[str, Any]:
    """The organisation's fields, tidied and checked: each kind of organisation has the code it is known by, and no
    other; codes are unique."""
    name = _words(data.get("name", ""))
    kind = data.get("organisation_type", "")
    urn = _code(data.get("urn", ""))
    ods = _code(data.get("ods_code", ""))
    police = _code(data.get("police_force_code", ""))
    postcode = _words(data.get("postcode", "")).upper()
    others = Organisation.objects.exclude(pk=pk) if pk else Organisation.objects.all()
    if not name:
        errors.add("name", "Enter the name of the organisation", "name_required")
    elif len(name) > 200:
        errors.add("name", "The name must be 200 characters or fewer", "name_too_long")
    elif others.filter(name__iexact=name, organisation_type=kind).exists():
        errors.add("name", "An organisation of this kind with this name already exists", "name_taken")
    if kind not in OrganisationType.values:
        errors.add("organisation_type", "Select the kind of organisation", "organisation_type_required")
    if kind == OrganisationType.SCHOOL and not urn:
        errors.add("urn", "Enter the school's unique reference number (URN)", "urn_required")
    elif urn and kind not in URN_TYPES:
        errors.add("urn", "Only a school or an early years setting has a URN", "urn_not_expected")
    elif urn and not (SCHOOL_URN if kind == OrganisationType.SCHOOL else EARLY_YEARS_URN).match(urn):
        message = (
            "Enter the URN as 6 digits, like 123456"
            if kind == OrganisationType.SCHOOL
            else "Enter the URN as 6 digits, or EY and 6 digits, like EY123456"
        )
        errors.add("urn", message, "urn_format")
    elif urn and others.filter(urn=urn).exists():
        errors.add("urn", "Another organisation already has this URN", "urn_taken")
    if kind in HEALTH_ORGANISATION_TYPES and not ods:
        errors.add("ods_code", "Enter the organisation's ODS code", "ods_code_required")
    elif ods and kind not in HEALTH_ORGANISATION_TYPES:
        errors.add("ods_code", "Only an NHS organisation has an ODS code", "ods_code_not_expected")
    elif ods and not ODS_CODE.match(ods):
        errors.add(
            "ods_code", "Enter the ODS code as 3 to 6 letters and numbers, like RR8 or B86001", "ods_code_format"
        )
    elif ods and others.filter(ods_code=ods).exists():
        errors.add("ods_code", "Another organisation already has this ODS code", "ods_code_taken")
    if kind == OrganisationType.POLICE and not police:
        errors.add("police_force_code", "Enter the police force code", "police_force_code_required")
    elif police and kind != OrganisationType.POLICE:
        errors.add("police_force_code", "Only a police force has a police force code", "police_force_code_not_expected")
    elif police and not POLICE_FORCE_CODE.match(police):
        errors.add("police_force_code", "Enter the police force code as 2 digits, like 01", "police_force_code_format")
    elif police and others.filter(police_force_code=police).exists():
        errors.add("police_force_code", "Another police force already has this code", "police_force_code_taken")
    if postcode and not POSTCODE.match(postcode):
        errors.add("postcode", "Enter a real postcode, like LS1 4AP", "postcode_format")
    address = _words(data.get("address", ""))
    if len(address) > 300:
        errors.add("address", "The address must be 300 characters or fewer", "address_too_long")
    return {
        "name": name,
        "organisation_type": kind,
        "urn": urn,
        "ods_code": ods,
        "police_force_code": police,
        "address": address,
        "postcode": postcode,
    }


def organisation_create(*, actor: Any, data: dict[str, Any]) -> Organisation:
    """Add an organisation: its name, its kind and the code it is known by (a school's URN, an NHS body's ODS code,
    a police force's code), its address."""
    administrator_required(actor)
    errors = FieldErrors()
    values = _organisation_values(data, errors, pk=None)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        organisation = Organisation.objects.create(**values)
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.CREATED,
            object_type=organisation._meta.label_lower,
            object_id=organisation.pk,
            changed_fields=ORGANISATION_FIELDS,
            after=auditor.model_values(organisation, ORGANISATION_FIELDS),
        )
    return organisation


def organisation_update(*, actor: Any, organisation_id: int, data: dict[str, Any]) -> Organisation:
    """Change an organisation's details; the audit trail keeps what each changed field was before and after."""
    administrator_required(actor)
    if not Organisation.objects.filter(pk=organisation_id).exists():
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    values = _organisation_values(data, errors, pk=organisation_id)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        changes = {k: v for k, v in values.items() if getattr(organisation, k) != v}
        if changes:
            auditor.record_fields_changed(actor=actor, obj=organisation, child_id=None, changes=changes)
    return organisation


# -- Teams -------------------------------------------------------------------------------------------------------------


def _team_values(
    data: dict[str, Any], errors: FieldErrors, *, organisation: Organisation, pk: int | None
) -> dict[str, Any]:
    name = _words(data.get("name", ""))
    kind = data.get("team_type", "")
    manager_id = data.get("manager_id") or None
    if not name:
        errors.add("name", "Enter the name of the team", "name_required")
    elif len(name) > 200:
        errors.add("name", "The name must be 200 characters or fewer", "name_too_long")
    elif Team.objects.filter(organisation=organisation, name__iexact=name).exclude(pk=pk or 0).exists():
        errors.add("name", f"{organisation.name} already has a team with this name", "name_taken")
    if kind not in TeamType.values:
        errors.add("team_type", "Select the kind of team", "team_type_required")
    if manager_id is not None:
        manager = Practitioner.objects.filter(pk=manager_id).first()
        if manager is None or manager.organisation_id != organisation.pk:
            errors.add("manager", f"Choose a manager who works for {organisation.name}", "manager_elsewhere")
        elif manager.left_on is not None:
            errors.add("manager", f"{manager.full_name} has left", "manager_left")
    return {"name": name, "team_type": kind, "manager_id": manager_id}


def team_create(*, actor: Any, organisation_id: int, data: dict[str, Any]) -> Team:
    """Add a team to an organisation, with its manager if they already work there."""
    administrator_required(actor)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    values = _team_values(data, errors, organisation=organisation, pk=None)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        team = Team.objects.create(organisation=organisation, **values)
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.CREATED,
            object_type=team._meta.label_lower,
            object_id=team.pk,
            changed_fields=("organisation_id", *TEAM_FIELDS),
            after=auditor.model_values(team, ("organisation_id", *TEAM_FIELDS)),
        )
    return team


def team_update(*, actor: Any, team_id: int, data: dict[str, Any]) -> Team:
    """Change a team's name, kind or manager. A new manager oversees the work the team holds from now on."""
    administrator_required(actor)
    team = Team.objects.select_related("organisation").filter(pk=team_id).first()
    if team is None:
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    values = _team_values(data, errors, organisation=team.organisation, pk=team.pk)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        team = Team.objects.select_for_update().get(pk=team_id)
        changes = {k: v for k, v in values.items() if getattr(team, k) != v}
        if changes:
            auditor.record_fields_changed(actor=actor, obj=team, child_id=None, changes=changes)
    return team


# -- Practitioners -----------------------------------------------------------------------------------------------------


def _practitioner_values(
    data: dict[str, Any],
    errors: FieldErrors,
    *,
    organisation: Organisation,
    current: Practitioner | None,
) -> dict[str, Any]:
    """The practitioner's details, tidied and checked. A new practitioner may be put in a team of their
    organisation; an existing one keeps theirs (moving team is `practitioner_move`, which offers their children for
    reallocation)."""
    given = _words(data.get("given_name", ""))
    family = _words(data.get("family_name", ""))
    role = data.get("role", "")
    email = (data.get("email") or "").strip().lower()
    number = _code(data.get("social_work_england_number", ""))
    lead = bool(data.get("is_designated_safeguarding_lead"))
    if not given:
        errors.add("given_name", "Enter their first name", "given_name_required")
    elif len(given) > 100:
        errors.add("given_name", "The first name must be 100 characters or fewer", "given_name_too_long")
    if not family:
        errors.add("family_name", "Enter their last name", "family_name_required")
    elif len(family) > 100:
        errors.add("family_name", "The last name must be 100 characters or fewer", "family_name_too_long")
    if role not in Role.values:
        errors.add("role", "Select their role", "role_required")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("email", "Enter an email address in the correct format, like name@example.org", "email_format")
    if role in SOCIAL_WORK_ENGLAND_REGISTERED_ROLES and not number:
        errors.add(
            "social_work_england_number",
            "Enter their Social Work England registration number",
            "social_work_england_number_required",
        )
    elif number and not SOCIAL_WORK_ENGLAND_NUMBER.match(number):
        errors.add(
            "social_work_england_number",
            "Enter the Social Work England registration number as it is on the register, like SW123456",
            "social_work_england_number_format",
        )
    elif (
        number
        and Practitioner.objects.filter(social_work_england_number=number)
        .exclude(pk=current.pk if current else 0)
        .exists()
    ):
        errors.add(
            "social_work_england_number",
            "Another practitioner already has this registration number",
            "social_work_england_number_taken",
        )
    if lead and organisation.organisation_type not in SAFEGUARDING_LEAD_TYPES:
        errors.add(
            "is_designated_safeguarding_lead",
            "Only a school or an early years setting has designated safeguarding leads",
            "safeguarding_lead_not_expected",
        )
    team_id = current.team_id if current is not None else (data.get("team_id") or None)
    if (
        current is None
        and team_id is not None
        and not Team.objects.filter(pk=team_id, organisation=organisation).exists()
    ):
        errors.add("team", f"Choose a team of {organisation.name}", "team_elsewhere")
    return {
        "given_name": given,
        "family_name": family,
        "job_title": _words(data.get("job_title", ""))[:200],
        "role": role,
        "team_id": team_id,
        "email": email,
        "phone": _words(data.get("phone", ""))[:30],
        "social_work_england_number": number,
        "is_designated_safeguarding_lead": lead,
    }


def practitioner_create(*, actor: Any, organisation_id: int, data: dict[str, Any]) -> Practitioner:
    """Add a practitioner to an organisation (and a team of it): their name, role, email, and for a school or an
    early years setting whether they are a designated safeguarding lead. They cannot sign in until invited."""
    administrator_required(actor)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    values = _practitioner_values(data, errors, organisation=organisation, current=None)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        practitioner = Practitioner.objects.create(organisation=organisation, **values)
        fields = ("organisation_id", *PRACTITIONER_FIELDS)
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.CREATED,
            object_type=practitioner._meta.label_lower,
            object_id=practitioner.pk,
            changed_fields=fields,
            after=auditor.model_values(practitioner, fields),
        )
    return practitioner


def practitioner_update(*, actor: Any, practitioner_id: int, data: dict[str, Any]) -> Practitioner:
    """Change a practitioner's details (not their team: see `practitioner_move`). A new name or email reaches their
    account too."""
    administrator_required(actor)
    current = Practitioner.objects.select_related("organisation").filter(pk=practitioner_id).first()
    if current is None:
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    values = _practitioner_values(data, errors, organisation=current.organisation, current=current)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        practitioner = (
            Practitioner.objects.select_for_update(of=("self",)).select_related("user").get(pk=practitioner_id)
        )
        changes = {k: v for k, v in values.items() if getattr(practitioner, k) != v}
        if changes:
            auditor.record_fields_changed(actor=actor, obj=practitioner, child_id=None, changes=changes)
        user = practitioner.user
        if user is not None:
            account = {"first_name": practitioner.given_name, "last_name": practitioner.family_name}
            account["email"] = practitioner.email
            account_changes = {k: v for k, v in account.items() if getattr(user, k) != v}
            if account_changes:
                auditor.record_fields_changed(actor=actor, obj=user, child_id=None, changes=account_changes)
    return practitioner


# -- Inviting a user ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    """A user just invited and the token of their one-time link, shown to the administrator this once."""

    practitioner: Practitioner
    link: EnrolmentLink
    token: str


def user_invite(*, actor: Any, practitioner_id: int, username: str) -> Invitation:
    """Give a practitioner an account to sign in with, under `username`: it has no usable password until they set one
    through the one-time link issued with it, then set up an authenticator app (access/views.py). There is no mail:
    the administrator passes the link on, and it is shown to them once (only its hash is kept)."""
    administrator_required(actor)
    practitioner = Practitioner.objects.filter(pk=practitioner_id).first()
    if practitioner is None:
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    username = username.strip()
    user_model = get_user_model()
    if practitioner.user_id is not None:
        errors.add("username", f"{practitioner.full_name} already has an account", "already_has_account")
    elif practitioner.left_on is not None:
        errors.add("username", f"{practitioner.full_name} has left", "practitioner_left")
    elif not username:
        errors.add("username", "Enter the username they will sign in with", "username_required")
    elif len(username) > 150:
        errors.add("username", "The username must be 150 characters or fewer", "username_too_long")
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors.add(
                "username",
                "A username may have only letters, numbers and the characters . @ + - _",
                "username_format",
            )
        else:
            if user_model.objects.filter(username__iexact=username).exists():
                errors.add("username", "This username is already taken", "username_taken")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        practitioner = Practitioner.objects.select_for_update().get(pk=practitioner_id)
        if practitioner.user_id is not None:
            raise field_error("username", f"{practitioner.full_name} already has an account", "already_has_account")
        user = user_model(
            username=username,
            first_name=practitioner.given_name[:150],
            last_name=practitioner.family_name[:150],
            email=practitioner.email,
        )
        user.set_unusable_password()
        user.save()
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.CREATED,
            object_type=user._meta.label_lower,
            object_id=user.pk,
            changed_fields=("username", "is_active"),
            after={"username": username, "is_active": True},
        )
        auditor.record_fields_changed(actor=actor, obj=practitioner, child_id=None, changes={"user_id": user.pk})
        link, token = enrolment_link_create(actor=actor, user=user)
    return Invitation(practitioner=practitioner, link=link, token=token)


def invitation_user(*, token: str) -> Any:
    """The invited user whose one-time link this is, when it may still be used to set their first password: the link
    is not used or expired, and the account is open and has no usable password yet. Otherwise None."""
    link = EnrolmentLink.objects.select_related("user").filter(token_hash=enrolment_token_hash(token)).first()
    if link is None or enrolment_link_problem(link=link, user=link.user) is not None:
        return None
    user = link.user
    if not user.is_active or user.has_usable_password():
        return None
    return user


def invitation_password_set(*, token: str, password: str, password_again: str) -> Any:
    """The invited user sets their first password through their one-time link (Django's password validators decide
    what is strong enough). The link stays open for the next step, setting up their authenticator app; the account
    now signs in with this password. Audited as the user's own act."""
    user = invitation_user(token=token)
    if user is None:
        raise NotFoundOrNotPermitted
    errors = FieldErrors()
    if not password:
        errors.add("password", "Enter a password", "password_required")
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            for message in exc.messages:
                errors.add("password", message, "password_too_weak")
        if password_again != password:
            errors.add("password_again", "The passwords do not match. Enter the same password twice", "mismatch")
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if user.has_usable_password():
            raise NotFoundOrNotPermitted
        user.set_password(password)
        user.save(update_fields=["password"])
        auditor.audit_event_record(
            actor=user,
            action=AuditAction.UPDATED,
            object_type=user._meta.label_lower,
            object_id=user.pk,
            changed_fields=("password",),
            reason="Set their first password through an invitation",
        )
    return user


# -- Movers ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    practitioner: Practitioner
    from_team: Team | None
    to_team: Team
    children: int  # the children allocated to them, whose managers now decide who holds them


def practitioner_move(*, actor: Any, practitioner_id: int, team_id: int | None) -> Move:
    """Move a practitioner to another team of their organisation. Nothing is orphaned: the children allocated to them
    stay allocated to them, still under the team that held the work, so the sending team's manager oversees them and
    decides, with the receiving manager, whether to reallocate each or keep them with the worker
    (access.selectors.allocations_after_moves lists them to both)."""
    administrator_required(actor)
    current = Practitioner.objects.select_related("team").filter(pk=practitioner_id).first()
    if current is None:
        raise NotFoundOrNotPermitted
    to_team = Team.objects.filter(pk=team_id).first() if team_id else None
    if current.left_on is not None:
        raise field_error("team", f"{current.full_name} has left", "practitioner_left")
    if to_team is None or to_team.organisation_id != current.organisation_id:
        raise field_error("team", "Choose the team they are moving to", "team_required")
    if to_team.pk == current.team_id:
        raise field_error("team", f"{current.full_name} is already in {to_team.name}", "same_team")
    with transaction.atomic(), auditor.audit_last():
        practitioner = Practitioner.objects.select_for_update().get(pk=practitioner_id)
        auditor.record_fields_changed(actor=actor, obj=practitioner, child_id=None, changes={"team_id": to_team.pk})
        held = len(caseloads(practitioner_ids=[practitioner.pk])[practitioner.pk])
    return Move(practitioner=practitioner, from_team=current.team, to_team=to_team, children=held)


# -- Leavers -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Departure:
    practitioner: Practitioner
    sessions_ended: int
    tokens_revoked: int
    involvements_ended: int
    children: list[int]  # the children whose involvement with them ended, each now waiting if nobody else holds them


def practitioner_deactivate(*, actor: Any, practitioner_id: int, reason: str) -> Departure:
    """A leaver, at once: their account is closed, every session of theirs is deleted from the session store (a
    browser signed in as them is signed out on its next request), the tokens of partner systems that act through
    them are revoked, their enrolment links end, and every open involvement of theirs ends, so their children
    appear on the allocation list (oversight) for a manager to reallocate. An involvement ends yesterday, its last
    full day (or today, if it began today), so it no longer holds the child today; marked as ended because its worker
    left, so the team it was allocated in keeps the child in sight until someone holds their work again
    (access/scopes.py). One transaction, audited."""
    administrator_required(actor)
    reason = _words(reason)
    practitioner = Practitioner.objects.select_related("user").filter(pk=practitioner_id).first()
    if practitioner is None:
        raise NotFoundOrNotPermitted
    if practitioner.user_id is not None and practitioner.user_id == getattr(actor, "pk", None):
        raise field_error("reason", "You cannot deactivate your own account", "own_account")
    if practitioner.left_on is not None:
        raise field_error("reason", f"{practitioner.full_name} has already left", "already_left")
    if not reason:
        raise field_error(
            "reason", "Say why they are leaving, for example that they have left the authority", "reason_required"
        )
    if len(reason) > 500:
        raise field_error("reason", "The reason must be 500 characters or fewer", "reason_too_long")
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic(), auditor.audit_last():
        practitioner = (
            Practitioner.objects.select_for_update(of=("self",)).select_related("user").get(pk=practitioner_id)
        )
        auditor.record_fields_changed(actor=actor, obj=practitioner, child_id=None, changes={"left_on": today})
        ended_sessions = 0
        user = practitioner.user
        if user is not None:
            if user.is_active:
                auditor.record_fields_changed(actor=actor, obj=user, child_id=None, changes={"is_active": False})
            ended_sessions = sessions_end(user_id=user.pk)
            links = list(
                EnrolmentLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).values_list(
                    "pk", flat=True
                )
            )
            EnrolmentLink.objects.filter(pk__in=links).update(expires_at=now)
            auditor.audit_events_record(
                actor=actor,
                events=[
                    auditor.EventSpec(AuditAction.UPDATED, "accounts.enrolmentlink", pk, changed_fields=("expires_at",))
                    for pk in links
                ],
            )
            if ended_sessions:
                auditor.audit_event_record(
                    actor=actor,
                    action=AuditAction.DELETED,
                    object_type="sessions.session",
                    object_id=user.pk,
                    reason=f"Ended {ended_sessions} session(s) of the leaver's account",
                )
        tokens = list(
            PartnerSystemToken.objects.select_for_update().filter(
                partner_system__practitioner=practitioner, revoked_at__isnull=True, expires_at__gt=now
            )
        )
        for token in tokens:
            token.revoked_at = now
            token.revoked_by = actor
            token.revoked_reason = f"The practitioner the system acts through has left: {reason}"[:500]
            token.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
            auditor.audit_event_record(
                actor=actor,
                action=AuditAction.API_TOKEN_REVOKED,
                object_type=token._meta.label_lower,
                object_id=token.pk,
                reason=token.revoked_reason,
            )
        involvements = list(
            Involvement.objects.select_for_update()
            .filter(practitioner=practitioner)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .order_by("pk")
        )
        for involvement in involvements:
            last_day = max(involvement.started_on, today - timedelta(days=1))
            auditor.record_fields_changed(
                actor=actor,
                obj=involvement,
                child_id=involvement.child_id,
                changes={"ended_on": last_day, "ended_when_worker_left": True},
            )
        # A team they managed has no manager until the administrator names one: nobody oversees work as a leaver.
        for team in Team.objects.select_for_update().filter(manager=practitioner).order_by("pk"):
            auditor.record_fields_changed(actor=actor, obj=team, child_id=None, changes={"manager_id": None})
        auditor.audit_event_record(
            actor=actor,
            action=AuditAction.UPDATED,
            object_type=practitioner._meta.label_lower,
            object_id=practitioner.pk,
            reason=f"Left: {reason}",
        )
    return Departure(
        practitioner=practitioner,
        sessions_ended=ended_sessions,
        tokens_revoked=len(tokens),
        involvements_ended=len(involvements),
        children=sorted({i.child_id for i in involvements}),
    )


# -- Reads -------------------------------------------------------------------------------------------------------------


def organisations_overview(*, actor: Any, kind: str = "") -> QuerySet[Organisation]:
    """Every organisation, alphabetical, with how many teams and people (not yet left) each has. One query."""
    administrator_required(actor)
    rows = Organisation.objects.annotate(
        team_count=Count("teams", distinct=True),
        people_count=Count("practitioners", filter=Q(practitioners__left_on__isnull=True), distinct=True),
    ).order_by("name", "pk")
    if kind:
        rows = rows.filter(organisation_type=kind)
    return rows


def organisation_get(*, actor: Any, organisation_id: int) -> Organisation:
    administrator_required(actor)
    found = Organisation.objects.filter(pk=organisation_id).first()
    if found is None:
        raise NotFoundOrNotPermitted
    return found


def teams_of(*, actor: Any, organisation_id: int | None = None) -> QuerySet[Team]:
    """Teams (of one organisation, or all), each with its manager and how many people are in it."""
    administrator_required(actor)
    rows = (
        Team.objects.select_related("organisation", "manager")
        .annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True)))
        .order_by("organisation__name", "name", "pk")
    )
    if organisation_id is not None:
        rows = rows.filter(organisation_id=organisation_id)
    return rows


def team_get(*, actor: Any, team_id: int) -> Team:
    found = teams_of(actor=actor).filter(pk=team_id).first()
    if found is None:
        raise NotFoundOrNotPermitted
    return found


def practitioners_of(
    *, actor: Any, organisation_id: int | None = None, team_id: int | None = None, include_left: bool = True
) -> QuerySet[Practitioner]:
    """Practitioners (of one organisation or team, or all), alphabetical, with their team and account."""
    administrator_required(actor)
    rows = Practitioner.objects.select_related("organisation", "team", "user").order_by(
        "family_name", "given_name", "pk"
    )
    if organisation_id is not None:
        rows = rows.filter(organisation_id=organisation_id)
    if team_id is not None:
        rows = rows.filter(team_id=team_id)
    if not include_left:
        rows = rows.filter(left_on__isnull=True)
    return rows


def practitioner_get(*, actor: Any, practitioner_id: int) -> Practitioner:
    found = practitioners_of(actor=actor).filter(pk=practitioner_id).first()
    if found is None:
        raise NotFoundOrNotPermitted
    return found


def account_status(practitioner: Practitioner) -> str:
    """In words: whether the practitioner can sign in."""
    user = practitioner.user
    if practitioner.left_on is not None:
        return (
            f"Left on {practitioner.left_on:%-d %B %Y}: account closed"
            if user
            else f"Left on {practitioner.left_on:%-d %B %Y}"
        )
    if user is None:
        return "Not invited to sign in"
    if not user.is_active:
        return "Account closed"
    if not user.has_usable_password():
        return "Has an account but no password yet"
    return "Can sign in"


def moving_teams(*, practitioner: Practitioner) -> QuerySet[Team]:
    """The teams a practitioner may move to: the other teams of their organisation."""
    return Team.objects.filter(organisation_id=practitioner.organisation_id).exclude(pk=practitioner.team_id or 0)
