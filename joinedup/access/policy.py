"""The only module that answers "may this user do this to this record?" (rules predicates).

Object-level rules for a child defer to access/scopes.py, so a page, a list and the API can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import rules
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import LazyObject, empty

from joinedup.agencies.models import TeamType
from joinedup.agencies.roles import LOCAL_AUTHORITY_CASEWORK_ROLES, PARTNER_ROLES, Role
from joinedup.core.chronology import PartnerReader, RecordPart
from joinedup.core.requestcontext import current_request_id
from joinedup.people.models import Person

from .api_scopes import ApiScope, acts_through_token_with, permitted_through_token
from .models import BreakGlassAccess, Involvement, InvolvementRole, InvolvementWork
from .permissions import Permission
from .scopes import (
    child_is_visible_to,
    child_is_writable_by,
    contact_scope,
    in_scope,
    information_request_scope,
    practitioner_of,
)
from .scopes import is_front_door_member as member


def _role(user: Any) -> str | None:
    practitioner = practitioner_of(user)
    return practitioner.role if practitioner else None


def _per_request(user: Any, name: str, key: Any, compute: Any) -> Any:
    """Remember an answer about `user` for the rest of the request being served (a page asks several permissions
    about one child; each would otherwise ask the database again). Outside a request nothing is remembered."""
    request_id = current_request_id()
    if request_id == "-":
        return compute()
    while isinstance(user, LazyObject):  # request.user (wrapped again by django-otp): remember on the user itself
        if object.__getattribute__(user, "_wrapped") is empty:
            object.__getattribute__(user, "_setup")()
        user = object.__getattribute__(user, "_wrapped")
    cache = user.__dict__.setdefault("_joinedup_answers_this_request", {})
    if cache.get("_request") != request_id:
        cache.clear()
        cache["_request"] = request_id
    if (name, key) not in cache:
        cache[(name, key)] = compute()
    return cache[(name, key)]


@rules.predicate
def sees_child(user: Any, child: Any) -> bool:
    """Whether the user may see the child at all (access/scopes.py decides), asked of the database at most once per
    child per request: a page asks it for each permission and each link of the record's navigation."""
    if child is None:
        return False
    return bool(_per_request(user, "sees", child.pk, lambda: child_is_visible_to(user, child.pk)))


def holds_break_glass(user: Any) -> bool:
    """Whether the user holds any unexpired break-glass access. Inside a request the answer read with the practitioner
    (practitioner_of) is used, so the many users who hold none are asked nothing more; outside one, the database."""
    practitioner = practitioner_of(user)
    known = getattr(practitioner, "holds_break_glass", None)
    if known is not None and current_request_id() != "-":
        return bool(known)
    return BreakGlassAccess.objects.filter(user_id=user.pk, expires_at__gt=timezone.now()).exists()


@rules.predicate
def writes_child(user: Any, child: Any) -> bool:
    """Whether the user may record on the child's record: they see it (sees_child), and not only through break-glass
    for which no second reason for writing was given (break-glass opens a record for reading)."""
    if not sees_child(user, child):
        return False
    if not holds_break_glass(user):
        return True
    return bool(_per_request(user, "writes", child.pk, lambda: child_is_writable_by(user, child.pk)))


def child_read_through_scope(user: Any, child: Any) -> None:
    """The caller has just read `child` through access/scopes.py (children_visible_to): for the rest of this request
    sees_child need not ask the database again."""
    _per_request(user, "sees", child.pk, lambda: True)


@rules.predicate
def is_local_authority_caseworker(user: Any) -> bool:
    return _role(user) in LOCAL_AUTHORITY_CASEWORK_ROLES


@rules.predicate
def is_partner_practitioner(user: Any) -> bool:
    return _role(user) in PARTNER_ROLES


@rules.predicate
def is_team_manager(user: Any) -> bool:
    return _role(user) == Role.TEAM_MANAGER


@rules.predicate
def is_front_door(user: Any) -> bool:
    return _role(user) == Role.FRONT_DOOR_PRACTITIONER


@rules.predicate
def is_administrator(user: Any) -> bool:
    return _role(user) == Role.ADMINISTRATOR


@rules.predicate
def is_caldicott_guardian(user: Any) -> bool:
    """The Caldicott Guardian (or a deputy) reviews break-glass access that no line manager can review."""
    practitioner = practitioner_of(user)
    return practitioner is not None and practitioner.is_caldicott_guardian


@rules.predicate
def manages_a_team(user: Any) -> bool:
    practitioner = practitioner_of(user)
    if practitioner is None:
        return False
    known = getattr(practitioner, "manages_any_team", None)  # practitioner_of reads it with the practitioner
    return bool(known) if known is not None else practitioner.managed_teams.exists()


def has_permission(user: Any, permission: Permission, obj: Any = None) -> bool:
    """Whether `user` may do `permission` (to `obj`). A partner system's token is also limited to its scopes
    (api_scopes.py): a permission none of them gives is refused whatever the user it acts as may do."""
    return bool(
        user is not None
        and user.is_authenticated
        and permitted_through_token(user, permission)
        and user.has_perm(str(permission), obj)
    )


# Statutory timescales (issue 4): worklists, timeliness, local rule settings and deadlines.
@rules.predicate
def is_practitioner(user: Any) -> bool:
    return practitioner_of(user) is not None


@rules.predicate
def works_with_aggregates(user: Any) -> bool:
    return _role(user) in (Role.ANALYST, Role.PARTNERSHIP_LEAD, Role.ADMINISTRATOR)


@rules.predicate
def manages_worker(user: Any, worker: Any) -> bool:
    """The worker is a member of a team this user manages."""
    practitioner = practitioner_of(user)
    if practitioner is None or worker is None or worker.team_id is None:
        return False
    return bool(practitioner.managed_teams.filter(pk=worker.team_id).exists())


# Children in care and care leavers (issue 8). The local authority's care workers see and record the whole care
# record; the independent reviewing officer sees it and records reviews; partners see and contribute only their
# part, and only while they hold the matching involvement with the child: the looked-after children's nurse
# health, the designated teacher education, the foster carer or residential key worker their placement, health
# checks and missing episodes. The front door sees that a child is looked after (the flag), not the care record.
CARE_WORKER_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
CARE_RECORD_ROLES = CARE_WORKER_ROLES | {
    Role.INDEPENDENT_REVIEWING_OFFICER,
    Role.PERSONAL_ADVISER,
    Role.FAMILY_HELP_LEAD_PRACTITIONER,
}


def _role_in(roles: frozenset[str], name: str) -> Any:
    @rules.predicate(name=name)
    def has_role(user: Any) -> bool:
        return _role(user) in roles

    return has_role


def _care_involvement_roles(user: Any, child: Any) -> frozenset[str]:
    """The roles of the user's open involvements with the child, read once per child per request."""
    practitioner = practitioner_of(user)
    if practitioner is None or child is None:
        return frozenset()

    def read() -> frozenset[str]:
        today = timezone.localdate()
        return frozenset(
            Involvement.objects.filter(practitioner_id=practitioner.pk, child_id=child.pk)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .values_list("role", flat=True)
        )

    return frozenset(_per_request(user, "involved", child.pk, read))


def _involved_as(roles: frozenset[InvolvementRole], name: str) -> Any:
    """The user holds an open involvement with the child in one of `roles` (InvolvementRole values)."""

    @rules.predicate(name=name)
    def involved(user: Any, child: Any) -> bool:
        return bool(_care_involvement_roles(user, child) & roles)

    return involved


is_care_worker = _role_in(CARE_WORKER_ROLES, "is_care_worker")
has_care_record_role = _role_in(CARE_RECORD_ROLES, "has_care_record_role")
is_independent_reviewing_officer = _role_in(
    frozenset({Role.INDEPENDENT_REVIEWING_OFFICER}), "is_independent_reviewing_officer"
)
is_leaving_care_worker = _role_in(CARE_WORKER_ROLES | {Role.PERSONAL_ADVISER}, "is_leaving_care_worker")
is_family_worker = _role_in(CARE_WORKER_ROLES | {Role.FAMILY_HELP_LEAD_PRACTITIONER}, "is_family_worker")
involved_as_nurse = _involved_as(frozenset({InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE}), "involved_as_nurse")
involved_as_designated_teacher = _involved_as(
    frozenset({InvolvementRole.DESIGNATED_TEACHER}), "involved_as_designated_teacher"
)
involved_as_carer = _involved_as(
    frozenset({InvolvementRole.FOSTER_CARER, InvolvementRole.RESIDENTIAL_KEY_WORKER}), "involved_as_carer"
)
involved_as_police_contact = _involved_as(frozenset({InvolvementRole.POLICE_CONTACT}), "involved_as_police_contact")
involved_as_care_partner = _involved_as(
    frozenset(
        {
            InvolvementRole.LOOKED_AFTER_CHILDREN_NURSE,
            InvolvementRole.DESIGNATED_TEACHER,
            InvolvementRole.FOSTER_CARER,
            InvolvementRole.RESIDENTIAL_KEY_WORKER,
        }
    ),
    "involved_as_care_partner",
)
can_view_care_record = has_care_record_role & sees_child


# The front door (issue 5): raising concerns, the MASH's triage and sign-off, partners answering information
# requests. Which contacts and requests a user sees is decided by access/scopes.py.
@rules.predicate
def can_raise_concern(user: Any) -> bool:
    """Anyone who works with children (M11): every partner role and local authority casework role."""
    return _role(user) in PARTNER_ROLES | LOCAL_AUTHORITY_CASEWORK_ROLES


@rules.predicate
def is_front_door_member(user: Any) -> bool:
    return member(practitioner_of(user))


@rules.predicate
def is_front_door_manager(user: Any) -> bool:
    practitioner = practitioner_of(user)
    if not member(practitioner) or practitioner is None:
        return False
    return (
        practitioner.role == Role.TEAM_MANAGER
        or practitioner.managed_teams.filter(team_type=TeamType.FRONT_DOOR).exists()
    )


@rules.predicate
def can_see_contact(user: Any, contact: Any) -> bool:
    return in_scope(contact, contact_scope(user))


@rules.predicate
def decided_by_someone_else(user: Any, decision: Any) -> bool:
    """Four eyes: a manager never signs off their own decision."""
    return decision is not None and decision.decided_by_id != user.pk


@rules.predicate
def can_see_decisions_contact(user: Any, decision: Any) -> bool:
    return decision is not None and bool(can_see_contact(user, decision.contact))


@rules.predicate
def is_addressee_of_request(user: Any, request: Any) -> bool:
    return request is not None and not is_front_door_member(user) and in_scope(request, information_request_scope(user))


@rules.predicate
def is_alert_recipient(user: Any, alert: Any) -> bool:
    practitioner = practitioner_of(user)
    return alert is not None and practitioner is not None and alert.recipient_id == practitioner.pk


# Multi-agency child protection (issue 7). The local authority's caseworkers see and record a child's child
# protection work; a partner sees it only while they take part in it (a strategy discussion, the multi-agency
# child protection team, a conference invitation or the core group of an open plan), and then only the child
# protection work, never the family's Family Help notes (those are decided by their own permission). An invited
# agency submits its report to a conference not yet held. Health partners see child protection status in the shape
# of the NHS Child Protection Information Sharing service.
HEALTH_ROLES = frozenset({Role.HEALTH_VISITOR, Role.GP, Role.MIDWIFE, Role.LOOKED_AFTER_CHILDREN_NURSE})


@rules.predicate
def takes_part_in_child_protection(user: Any, child: Any) -> bool:
    """The user holds an open involvement that child protection gave them (a strategy discussion, the child
    protection team, a conference invitation, the core group): child protection ends each with the practitioner's
    part in the work (involvements_end_with_the_work), so the involvement alone answers."""
    practitioner = practitioner_of(user)
    if practitioner is None or child is None:
        return False

    def read() -> bool:
        return (
            Involvement.objects.filter(
                practitioner_id=practitioner.pk, child_id=child.pk, work=InvolvementWork.CHILD_PROTECTION
            )
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate()))
            .exists()
        )

    return bool(_per_request(user, "cp_part", child.pk, read))


@rules.predicate
def is_invited_to_conference(user: Any, conference: Any) -> bool:
    practitioner = practitioner_of(user)
    if practitioner is None or conference is None:
        return False
    return bool(conference.invitations.filter(practitioner_id=practitioner.pk).exists())


@rules.predicate
def takes_part_in_strategy_discussion(user: Any, discussion: Any) -> bool:
    """The user was among those who took part in this strategy discussion (issue 19)."""
    practitioner = practitioner_of(user)
    if practitioner is None or discussion is None:
        return False
    return bool(discussion.participants.filter(practitioner_id=practitioner.pk).exists())


@rules.predicate
def is_current_core_group_member(user: Any, plan: Any) -> bool:
    """The user is a member of the core group of this plan, and the plan is still in force (issue 19)."""
    practitioner = practitioner_of(user)
    if practitioner is None or plan is None or plan.ended_on is not None:
        return False
    return bool(plan.core_group.filter(practitioner_id=practitioner.pk).exists())


@rules.predicate
def its_child_written(user: Any, record: Any) -> bool:
    """The user may record on the child a child protection record (a discussion, a plan) belongs to."""
    return record is not None and bool(writes_child(user, record.child))


@rules.predicate
def conference_child_seen(user: Any, conference: Any) -> bool:
    return conference is not None and bool(sees_child(user, conference.child))


@rules.predicate
def conference_child_written(user: Any, conference: Any) -> bool:
    return conference is not None and bool(writes_child(user, conference.child))


@rules.predicate
def conference_child_cp_worker(user: Any, conference: Any) -> bool:
    return conference is not None and bool(is_local_authority_caseworker(user))


is_health_partner = _role_in(HEALTH_ROLES, "is_health_partner")


# Partner systems (issue 26). A few permissions are granted to a named partner system, never to a person's role: the
# NHS CP-IS service's bulk feed of every child protection plan is one. Such a system acts as itself (its own account,
# with no practitioner) through a token that carries the scope naming the permission (api_scopes.py). A person never
# holds one: not signed in with a session (no token), nor through a partner system acting as that person.
def _partner_system_with(scope: ApiScope) -> Any:
    return acts_through_token_with(scope) & ~is_practitioner


# Assessment and Family Help (issue 6). The local authority's family workers (social workers, Family Help lead
# practitioners employed by the authority, team managers) see and record assessments and Family Help; managers
# authorise assessments. A partner lead practitioner (a school, health visiting, a voluntary organisation) or a
# member of the small team around the family sees the family's Family Help record (children, plan, reviews,
# network, family group decision making) and records the plan's work, only while they hold that involvement with
# the child; never the assessment's contents, and never the decisions to open, step up or down, or close.
involved_as_family_help_lead = _involved_as(
    frozenset({InvolvementRole.LEAD_PRACTITIONER, InvolvementRole.FAMILY_HELP_TEAM_MEMBER}),
    "involved_as_family_help_lead",
)
involved_as_lead_practitioner = _involved_as(
    frozenset({InvolvementRole.LEAD_PRACTITIONER}), "involved_as_lead_practitioner"
)
is_assessment_manager = _role_in(frozenset({Role.TEAM_MANAGER}), "is_assessment_manager")


# The case record and sharing (issue 9). The local authority's caseworkers who may see a child read and write the
# whole case record (notes, documents, the full chronology, the case summary, supervision). A partner who may see
# the child reads the chronology, but only the parts of the record they take part in and their own organisation's
# and what was shared with them (CHRONOLOGY_PARTS, below), shares their own agency's events, and raises professional
# challenge. A challenge
# is seen by whoever raised it and their organisation, by the local authority workers who may see the child, and by
# the safeguarding partnership (M27).
@rules.predicate
def is_partnership_lead(user: Any) -> bool:
    return _role(user) == Role.PARTNERSHIP_LEAD


# The safeguarding partnership (issue 22). Its lead and the partners' delegates (a practitioner a safeguarding
# partner has delegated to, Practitioner.is_delegated_safeguarding_partner, and the members of the partnership's own
# team, whichever agency employs them) manage serious incidents and their reviews (learning), the actions on
# inequalities, the scrutiny findings and the yearly report; analysts record actions on inequalities too (they read
# the figures); an action's owner, in any agency, sees the actions they own and records when they were looked at again.
@rules.predicate
def serves_the_partnership(user: Any) -> bool:
    practitioner = practitioner_of(user)
    if practitioner is None:
        return False
    in_team = practitioner.team is not None and practitioner.team.team_type == TeamType.PARTNERSHIP
    return practitioner.role == Role.PARTNERSHIP_LEAD or practitioner.is_delegated_safeguarding_partner or in_team


@rules.predicate
def is_analyst(user: Any) -> bool:
    return _role(user) == Role.ANALYST


@rules.predicate
def owns_the_action(user: Any, action: Any) -> bool:
    practitioner = practitioner_of(user)
    return practitioner is not None and action is not None and getattr(action, "owner_id", None) == practitioner.pk


@rules.predicate
def supervises_the_worker(user: Any, record: Any) -> bool:
    """The user manages the team of the worker the supervision record is about (or is named as the supervisor)."""
    practitioner = practitioner_of(user)
    if practitioner is None or record is None:
        return False
    if record.supervisor_id == practitioner.pk and record.recorded_by_id != user.pk:
        return True
    worker = record.worker
    return (
        worker.team_id is not None
        and record.recorded_by_id != user.pk
        and practitioner.managed_teams.filter(pk=worker.team_id).exists()
    )


@rules.predicate
def challenge_raised_by_my_organisation(user: Any, challenge: Any) -> bool:
    practitioner = practitioner_of(user)
    return (
        challenge is not None and practitioner is not None and challenge.organisation_id == practitioner.organisation_id
    )


@rules.predicate
def challenge_about_child_i_work_with(user: Any, challenge: Any) -> bool:
    return (
        challenge is not None
        and bool(is_local_authority_caseworker(user))
        and child_is_visible_to(user, challenge.child_id)
    )


@rules.predicate
def challenge_about_child_i_record_for(user: Any, challenge: Any) -> bool:
    """As challenge_about_child_i_work_with, for answering: break-glass alone (for reading) does not let a worker
    answer a challenge about the child."""
    return (
        challenge is not None
        and bool(is_local_authority_caseworker(user))
        and child_is_visible_to(user, challenge.child_id)
        and (not holds_break_glass(user) or child_is_writable_by(user, challenge.child_id))
    )


# Learning from serious incidents (issue 22, M30). A serious incident is known to the few who need it: the
# partnership lead and the safeguarding partners' delegates (serves_the_partnership) and the authority's manager who
# recorded it; not every practitioner who may see the child. An agency's practitioner asked
# for the rapid review's contribution records it; a learning action's owner (in any agency) sees and updates it.
manages_learning = serves_the_partnership


@rules.predicate
def recorded_the_incident(user: Any, incident: Any) -> bool:
    return incident is not None and user is not None and incident.recorded_by_id == user.pk


@rules.predicate
def asked_to_contribute(user: Any, contribution: Any) -> bool:
    practitioner = practitioner_of(user)
    return contribution is not None and practitioner is not None and contribution.practitioner_id == practitioner.pk


@rules.predicate
def owns_learning_action(user: Any, action: Any) -> bool:
    practitioner = practitioner_of(user)
    return action is not None and practitioner is not None and action.owner_id == practitioner.pk


case_record_reader = sees_child & is_local_authority_caseworker
case_record_writer = writes_child & is_local_authority_caseworker


# -- Every permission, once ------------------------------------------------------------------------------------------
# The one table of who may do what (issue 16): each permission of access/permissions.py and its rule, built from the
# predicates above. In a rule, the role comes first where it can: `&` then skips `sees_child` (a query) for anyone the
# role already refuses. A test checks that every Permission is here.
PERMISSIONS: dict[Permission, Any] = {
    # The child's record (issue 3): seeing, changing, finding people; restricted records and break-glass.
    Permission.VIEW_CHILD: sees_child,
    Permission.CHANGE_CHILD: is_local_authority_caseworker & writes_child,
    # Previous abuse or neglect (issue 18): the local authority's caseworkers record it, and remove it, with a reason;
    # partners see the flag, not who recorded it or why.
    Permission.RECORD_PREVIOUS_ABUSE_OR_NEGLECT: is_local_authority_caseworker & writes_child,
    Permission.CREATE_PERSON: is_local_authority_caseworker,
    Permission.SEARCH_PEOPLE: is_local_authority_caseworker | is_partner_practitioner,
    Permission.MERGE_PEOPLE: is_team_manager | is_front_door,
    Permission.VIEW_RECORD_ACCESS_LOG: (is_team_manager | manages_a_team) & sees_child,
    Permission.BREAK_GLASS: is_local_authority_caseworker,
    Permission.GRANT_RESTRICTED_ACCESS: is_team_manager | is_administrator,
    # Sign-in (issue 26): a first authenticator app is set up through a one-time link an administrator issues.
    Permission.ISSUE_ENROLMENT_LINK: is_administrator,
    # Break-glass is reviewed by the manager of the team its user belongs to, or, when that is nobody else (a team
    # manager who manages their own team, an IRO in a team with no manager), by the Caldicott Guardian
    # (access/selectors.py: break_glass_awaiting_review).
    Permission.REVIEW_BREAK_GLASS: is_team_manager | manages_a_team | is_caldicott_guardian,
    # Partner systems and their API tokens (issue 26): the administrator registers them and issues, rotates and
    # revokes their tokens.
    Permission.MANAGE_PARTNER_SYSTEMS: is_administrator,
    # Joiners, movers and leavers (issue 20): the administrator adds and changes organisations, teams and
    # practitioners, invites a user, moves a practitioner between teams and deactivates a leaver. Being an
    # administrator opens no child's record (access/scopes.py gives their role none).
    Permission.MANAGE_STAFF: is_administrator,
    # History brought in from another system (issue 20): the administrator runs the import, on the page or as
    # `manage.py import_legacy --as`; the work is the imports system actor's (ADR 0018, 0028).
    Permission.IMPORT_HISTORY: is_administrator,
    # The API's schema is for those who use the API (issue 19): analysts and partnership leads who read its figures
    # and the administrator who registers partner systems. Practitioners' pages do not link to it.
    Permission.VIEW_API_SCHEMA: works_with_aggregates,
    # Allocation: the front door's manager for any child (they see the whole authority), another team manager for
    # the children their teams hold.
    Permission.VIEW_AWAITING_ALLOCATION: manages_a_team,
    Permission.ALLOCATE_CASE: manages_a_team & writes_child,
    # Statutory timescales (issue 4): worklists, timeliness, local figures.
    Permission.VIEW_OWN_WORK: is_practitioner,
    Permission.VIEW_TEAM_WORK: manages_a_team,
    Permission.VIEW_WORKER_WORK: manages_worker,
    Permission.VIEW_TIMELINESS: is_team_manager | manages_a_team | works_with_aggregates,
    Permission.CHANGE_LOCAL_RULE: is_administrator,
    # Children in care and care leavers (issue 8).
    Permission.VIEW_CARE_RECORD: can_view_care_record,
    Permission.VIEW_CHILDREN_IN_CARE_LIST: has_care_record_role,
    Permission.RECORD_CARE: writes_child & is_care_worker,
    Permission.RECORD_LOOKED_AFTER_REVIEW: writes_child & (is_care_worker | is_independent_reviewing_officer),
    Permission.VIEW_CURRENT_PLACEMENT: can_view_care_record | (sees_child & involved_as_care_partner),
    Permission.VIEW_CARE_HEALTH: can_view_care_record | (sees_child & (involved_as_nurse | involved_as_carer)),
    Permission.RECORD_HEALTH_ASSESSMENT: writes_child & (is_care_worker | involved_as_nurse),
    Permission.RECORD_HEALTH_CHECK: writes_child & (is_care_worker | involved_as_nurse | involved_as_carer),
    Permission.VIEW_CARE_EDUCATION: can_view_care_record
    | (sees_child & (involved_as_designated_teacher | involved_as_carer)),
    Permission.RECORD_CARE_EDUCATION: writes_child & (is_care_worker | involved_as_designated_teacher),
    Permission.VIEW_MISSING_EPISODES: can_view_care_record
    | (sees_child & (involved_as_carer | involved_as_police_contact)),
    Permission.RECORD_MISSING_EPISODE: writes_child & (is_family_worker | involved_as_carer),
    Permission.RECORD_RETURN_HOME_INTERVIEW: writes_child & is_family_worker,
    Permission.VIEW_CARE_LEAVER: sees_child & has_care_record_role,
    Permission.RECORD_CARE_LEAVER: writes_child & is_leaving_care_worker,
    # The front door (issue 5).
    Permission.RAISE_CONCERN: can_raise_concern,
    Permission.VIEW_OWN_CONCERNS: can_raise_concern,
    Permission.WORK_IN_FRONT_DOOR: is_front_door_member,
    Permission.TRIAGE_CONTACT: is_front_door_member & can_see_contact,
    Permission.SIGN_OFF_CONTACT_DECISION: is_front_door_manager & decided_by_someone_else & can_see_decisions_contact,
    Permission.ANSWER_INFORMATION_REQUEST: is_addressee_of_request,
    Permission.VIEW_FRONT_DOOR_HISTORY: is_local_authority_caseworker & sees_child,
    Permission.ACKNOWLEDGE_ALERT: is_alert_recipient,
    Permission.VIEW_PROMPTS: is_local_authority_caseworker,
    # Multi-agency child protection (issue 7).
    Permission.VIEW_CHILD_PROTECTION: sees_child & (is_local_authority_caseworker | takes_part_in_child_protection),
    Permission.RECORD_CHILD_PROTECTION: writes_child & is_local_authority_caseworker,
    Permission.SUBMIT_AGENCY_REPORT: is_invited_to_conference & conference_child_written,
    # Partners record their own part (issue 19): whoever took part in a strategy discussion records their agency's
    # contribution (the local authority's caseworkers on a partner's behalf); a current member of a plan's core group
    # records its meetings and the actions they own (the local authority's caseworkers any of them).
    Permission.RECORD_STRATEGY_CONTRIBUTION: its_child_written
    & (takes_part_in_strategy_discussion | is_local_authority_caseworker),
    Permission.RECORD_CORE_GROUP: its_child_written & (is_current_core_group_member | is_local_authority_caseworker),
    Permission.VIEW_CONFERENCE_MINUTES: conference_child_seen & (conference_child_cp_worker | is_invited_to_conference),
    # CP-IS (issue 26): a health partner looks up one child by NHS number; only a named partner system, whose API
    # token grants it, receives every plan.
    Permission.VIEW_CHILD_PROTECTION_STATUS: is_health_partner,
    Permission.RECEIVE_CP_IS_BULK_FEED: _partner_system_with(ApiScope.CP_IS_BULK_FEED),
    Permission.VIEW_CONFERENCE_INVITATIONS: is_partner_practitioner,
    # Assessment and Family Help (issue 6).
    Permission.VIEW_ASSESSMENT: sees_child & is_family_worker,
    Permission.RECORD_ASSESSMENT: writes_child & is_family_worker,
    Permission.AUTHORISE_ASSESSMENT: writes_child & (is_assessment_manager | manages_a_team),
    Permission.CHANGE_PRACTICE_PROMPTS: is_administrator | is_team_manager,
    Permission.VIEW_FAMILY_HELP: sees_child & (is_family_worker | involved_as_family_help_lead),
    Permission.RECORD_FAMILY_HELP: writes_child & (is_family_worker | involved_as_lead_practitioner),
    Permission.MANAGE_FAMILY_HELP: writes_child & is_family_worker,
    Permission.WORK_IN_FAMILY_HELP: is_family_worker,
    # The case record and sharing (issue 9).
    Permission.VIEW_CASE_RECORD: case_record_reader,
    Permission.RECORD_CASE_NOTE: case_record_writer,
    Permission.VIEW_CHRONOLOGY: sees_child & (is_local_authority_caseworker | is_partner_practitioner),
    Permission.ANNOTATE_CHRONOLOGY: case_record_writer,
    Permission.EXPORT_CHRONOLOGY: sees_child & (is_local_authority_caseworker | is_partner_practitioner),
    Permission.UPLOAD_DOCUMENT: case_record_writer,
    Permission.RECORD_SUPERVISION: case_record_writer,
    Permission.SIGN_OFF_SUPERVISION: supervises_the_worker,
    Permission.VIEW_CASELOADS: is_team_manager | manages_a_team,
    Permission.SEARCH_CASE_NOTES: is_local_authority_caseworker,
    Permission.SHARE_EVENT: writes_child & is_partner_practitioner,
    Permission.RAISE_CHALLENGE: writes_child & (is_local_authority_caseworker | is_partner_practitioner),
    Permission.VIEW_CHALLENGE: challenge_raised_by_my_organisation
    | challenge_about_child_i_work_with
    | is_partnership_lead,
    Permission.RESPOND_TO_CHALLENGE: challenge_raised_by_my_organisation | challenge_about_child_i_record_for,
    Permission.VIEW_ALL_CHALLENGES: is_partnership_lead,
    # One visit (issue 18): the child's social worker (or any local authority caseworker who may record on the
    # child) records a visit; each child in it is asked for separately by the visits service.
    Permission.VIEW_VISITS: case_record_reader,
    Permission.RECORD_VISIT: case_record_writer,
    # Statutory returns and insight (issue 10): managers produce the returns and see failures only for the children
    # they may see; managers, analysts and the partnership see the dashboards, which are aggregates only.
    Permission.PRODUCE_STATUTORY_RETURNS: is_team_manager | manages_a_team,
    Permission.VIEW_INSIGHT: is_team_manager | manages_a_team | works_with_aggregates | serves_the_partnership,
    # Learning from serious incidents (issue 22).
    Permission.RECORD_SERIOUS_INCIDENT: is_team_manager & writes_child,
    Permission.VIEW_SERIOUS_INCIDENTS: manages_learning | is_team_manager,
    Permission.MANAGE_SERIOUS_INCIDENT: manages_learning | recorded_the_incident,
    Permission.RECORD_RAPID_REVIEW_CONTRIBUTION: asked_to_contribute,
    Permission.VIEW_LEARNING_LOG: manages_learning,
    Permission.VIEW_OWN_LEARNING_ACTIONS: is_practitioner,
    Permission.UPDATE_LEARNING_ACTION: owns_learning_action | manages_learning,
    # The safeguarding partnership (issue 22): aggregates and the partnership's own records, never a child's.
    Permission.RECORD_INEQUALITY_ACTION: serves_the_partnership | is_analyst,
    Permission.VIEW_INEQUALITY_ACTION: serves_the_partnership | is_analyst | owns_the_action,
    Permission.REVIEW_INEQUALITY_ACTION: serves_the_partnership | is_analyst | owns_the_action,
    Permission.MANAGE_PARTNERSHIP_REPORT: serves_the_partnership,
}

# The permissions that record on a child's record (or answer about one): each asks `writes_child`, not only
# `sees_child`, so break-glass, which opens a record for reading, lets nobody record on it without the second reason for
# writing. A test checks each is refused on read-only break-glass, and that every other rule that asks `sees_child`
# only reads (its name says VIEW or EXPORT).
WRITES: frozenset[Permission] = frozenset(
    {
        Permission.CHANGE_CHILD,
        Permission.RECORD_PREVIOUS_ABUSE_OR_NEGLECT,
        Permission.ALLOCATE_CASE,
        Permission.RECORD_CARE,
        Permission.RECORD_LOOKED_AFTER_REVIEW,
        Permission.RECORD_HEALTH_ASSESSMENT,
        Permission.RECORD_HEALTH_CHECK,
        Permission.RECORD_CARE_EDUCATION,
        Permission.RECORD_MISSING_EPISODE,
        Permission.RECORD_RETURN_HOME_INTERVIEW,
        Permission.RECORD_CARE_LEAVER,
        Permission.RECORD_CHILD_PROTECTION,
        Permission.SUBMIT_AGENCY_REPORT,
        Permission.RECORD_STRATEGY_CONTRIBUTION,
        Permission.RECORD_CORE_GROUP,
        Permission.RECORD_ASSESSMENT,
        Permission.AUTHORISE_ASSESSMENT,
        Permission.RECORD_FAMILY_HELP,
        Permission.MANAGE_FAMILY_HELP,
        Permission.RECORD_CASE_NOTE,
        Permission.ANNOTATE_CHRONOLOGY,
        Permission.UPLOAD_DOCUMENT,
        Permission.RECORD_SUPERVISION,
        Permission.SHARE_EVENT,
        Permission.RAISE_CHALLENGE,
        Permission.RESPOND_TO_CHALLENGE,
        Permission.RECORD_VISIT,
        Permission.RECORD_SERIOUS_INCIDENT,
    }
)

# The multi-agency chronology (issue 18). A partner reads the events of the parts of a child's record they take part
# in, each given by the permission that opens that part's own pages to them, so the chronology and the pages never
# disagree: the child protection work while they take part in it (a strategy discussion, the enquiry's team, a
# conference invitation, the core group), Family Help as its lead practitioner or team member, a looked-after
# child's placement as their nurse, designated teacher or carer, and missing episodes as their carer or police
# contact. Their own organisation's records (the contacts they raised, what they shared, the challenges they raised)
# are conditions of access/scopes.py. Never the local authority's own case record (notes, assessments, analysis).
CHRONOLOGY_PARTS: dict[RecordPart, Permission] = {
    RecordPart.CHILD_PROTECTION: Permission.VIEW_CHILD_PROTECTION,
    RecordPart.FAMILY_HELP: Permission.VIEW_FAMILY_HELP,
    RecordPart.PLACEMENT: Permission.VIEW_CURRENT_PLACEMENT,
    RecordPart.MISSING: Permission.VIEW_MISSING_EPISODES,
}


def partner_reader(user: Any, children: Iterable[int]) -> PartnerReader | None:
    """None for a reader who is not a partner (a local authority caseworker sees the child's whole record); for a
    partner, the parts of each child's record (`children`: ids they may already see) they take part in. Within a
    request the rules' answers about a child are remembered (two queries for a child, whatever the parts)."""
    if not is_partner_practitioner(user):
        return None
    parts: dict[int, frozenset[str]] = {}
    for child_id in children:
        child = Person(pk=child_id)
        taken = frozenset(
            part.value for part, permission in CHRONOLOGY_PARTS.items() if has_permission(user, permission, child)
        )
        if taken:
            parts[child_id] = taken
    return PartnerReader(parts=parts)


for _permission, _rule in PERMISSIONS.items():
    rules.add_perm(str(_permission), _rule)
