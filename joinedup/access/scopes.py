"""Queryset scopes: which children a user may see. The one source for lists, pages and the API.

A child is visible when the user's role and involvement justify it:
- the front door (MASH), its practitioners and its manager: every child, since any child may be the subject of a
  contact;
- social workers, lead practitioners, IROs: children they have an open involvement with, and children whose
  work is allocated to their team;
- team managers: children whose work is allocated to a team they manage or belong to;
- partner agencies: only children they have an open involvement with, and a school's designated
  safeguarding lead the pupils of that school;
- analysts, partnership leads, administrators: no individual child (they work with aggregates);
- anyone: a child they hold unexpired break-glass access to.
Restricted records are removed from all of these unless the user holds an explicit grant.

Break-glass opens a record for reading only: the children a user may record on (`for_writing`) leave out those they
see only through break-glass without a second reason for writing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from joinedup.agencies.models import Practitioner, Team, TeamType
from joinedup.agencies.roles import PARTNER_ROLES, Role
from joinedup.people.models import Person

from .models import CASELOAD_ROLES, BreakGlassAccess, Involvement, RestrictedRecordGrant

WHOLE_AUTHORITY_ROLES = frozenset({Role.FRONT_DOOR_PRACTITIONER})
INVOLVEMENT_AND_TEAM_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.FAMILY_HELP_LEAD_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.INDEPENDENT_REVIEWING_OFFICER,
    }
)


def practitioner_of(user: Any) -> Practitioner | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached = getattr(user, "_joinedup_practitioner", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    # Whether they manage a team comes with them: navigation and many rules ask it on every page. So does whether they
    # hold any unexpired break-glass access: most never do, and the rules on writing then need not ask (policy.py).
    practitioner = (
        Practitioner.objects.select_related("organisation", "team")
        .annotate(
            manages_any_team=Exists(Team.objects.filter(manager_id=OuterRef("pk"))),
            holds_break_glass=Exists(
                BreakGlassAccess.objects.filter(user_id=OuterRef("user_id"), expires_at__gt=timezone.now())
            ),
        )
        .filter(user_id=user.pk)
        .first()
    )
    user._joinedup_practitioner = practitioner
    return practitioner


def _open_involvements(today: Any) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gte=today)


def visibility_condition(user: Any, *, for_writing: bool = False) -> Q | None:
    """The condition on Person that makes a child visible to this user, or None for no child at all. `for_writing`:
    the children the user may record on, which break-glass opens only once a reason for writing is given."""
    practitioner = practitioner_of(user)
    now = timezone.now()
    today = timezone.localdate()
    conditions: list[Q] = []
    if practitioner is not None:
        role = practitioner.role
        if role in WHOLE_AUTHORITY_ROLES or is_front_door_member(practitioner):
            conditions.append(Q(is_child_record=True))
        else:
            own = Involvement.objects.filter(_open_involvements(today), practitioner_id=practitioner.pk)
            conditions.append(Q(id__in=own.values("child_id")))
            if role in INVOLVEMENT_AND_TEAM_ROLES:
                team_ids: set[int] = set()
                # Whether they manage a team came with the practitioner (practitioner_of): most do not, and ask nothing.
                if getattr(practitioner, "manages_any_team", None) is not False:
                    team_ids.update(practitioner.managed_teams.values_list("id", flat=True))
                if practitioner.team_id:
                    team_ids.add(practitioner.team_id)
                if team_ids:
                    team_work = Involvement.objects.filter(_open_involvements(today), team_id__in=team_ids)
                    conditions.append(Q(id__in=team_work.values("child_id")))
                    # A child whose worker in the team left (issue 20) stays the team's until someone holds their
                    # work again, so its manager can reallocate them (oversight: the allocation list).
                    held = Involvement.objects.filter(_open_involvements(today), role__in=CASELOAD_ROLES)
                    left_behind = Involvement.objects.filter(
                        team_id__in=team_ids, role__in=CASELOAD_ROLES, ended_when_worker_left=True
                    ).exclude(child_id__in=held.values("child_id"))
                    conditions.append(Q(id__in=left_behind.values("child_id")))
            if role == Role.DESIGNATED_SAFEGUARDING_LEAD or practitioner.is_designated_safeguarding_lead:
                conditions.append(Q(child_profile__school_id=practitioner.organisation_id))
    if user is not None and getattr(user, "is_authenticated", False):
        glass = BreakGlassAccess.objects.filter(user_id=user.pk, expires_at__gt=now)
        if for_writing:
            glass = glass.exclude(write_reason="")
        conditions.append(Q(id__in=glass.values("child_id")))
    if not conditions:
        return None
    visible = conditions[0]
    for extra in conditions[1:]:
        visible |= extra
    granted = RestrictedRecordGrant.objects.filter(user_id=user.pk, revoked_at__isnull=True).values("child_id")
    return Q(is_child_record=True, merged_into__isnull=True) & visible & (Q(is_restricted=False) | Q(id__in=granted))


def children_visible_to(user: Any) -> QuerySet[Person]:
    condition = visibility_condition(user)
    if condition is None:
        return Person.objects.none()
    return Person.objects.filter(condition)


def child_is_visible_to(user: Any, child_id: int) -> bool:
    return children_visible_to(user).filter(pk=child_id).exists()


def sees_every_child(user: Any, child_ids: QuerySet[Any]) -> bool:
    """Whether every child in `child_ids` (a query of their ids) is one the user may see: asked in one query, the
    ids the user may not see being looked for, so a list of thousands is never brought back to count."""
    unseen = Person.objects.filter(pk__in=child_ids).exclude(pk__in=children_visible_to(user).values("pk"))
    return not unseen.exists()


def child_is_writable_by(user: Any, child_id: int) -> bool:
    """Whether the user may record on the child's record: as `child_is_visible_to`, but break-glass counts only once
    a second reason for writing was given."""
    condition = visibility_condition(user, for_writing=True)
    return condition is not None and Person.objects.filter(condition, pk=child_id).exists()


def people_searchable_by(user: Any) -> QuerySet[Person]:
    """Whom a user may find in person search: local authority casework roles search the whole authority
    (to find existing records before creating one); partners search only the children they may see."""
    practitioner = practitioner_of(user)
    if practitioner is not None and practitioner.role in WHOLE_AUTHORITY_ROLES | INVOLVEMENT_AND_TEAM_ROLES:
        granted = RestrictedRecordGrant.objects.filter(user_id=user.pk, revoked_at__isnull=True).values("child_id")
        return Person.objects.filter(merged_into__isnull=True).filter(Q(is_restricted=False) | Q(id__in=granted))
    return children_visible_to(user)


# Personal advisers (issue 8) see the young people allocated to them and to their leaving care team, as social
# workers do.
INVOLVEMENT_AND_TEAM_ROLES = INVOLVEMENT_AND_TEAM_ROLES | {Role.PERSONAL_ADVISER}


# -- The front door (issue 5) ------------------------------------------------------------------------------------
# Everyone in the front door (MASH) sees the whole authority, since any child may be the subject of a contact: its
# practitioners by role, and its manager (a team manager) by team. Contacts are seen by the front door; by the
# person who raised them (and, for a school or other setting's designated safeguarding lead, those raised by anyone
# in their organisation); and by local authority caseworkers for the children they may see. Partners never see
# contacts others raised about the children they work with.


def is_front_door_member(practitioner: Practitioner | None) -> bool:
    if practitioner is None:
        return False
    return practitioner.role == Role.FRONT_DOOR_PRACTITIONER or (
        practitioner.team is not None and practitioner.team.team_type == TeamType.FRONT_DOOR
    )


def _restricted_children_hidden(user: Any, prefix: str = "") -> Q:
    """Not about a restricted record the user holds no grant to. Asked through the (few) restricted records and an
    index of them, so a long list of contacts is never joined to every person."""
    granted = RestrictedRecordGrant.objects.filter(user_id=user.pk, revoked_at__isnull=True).values("child_id")
    hidden = Person.objects.filter(is_restricted=True).exclude(id__in=granted).values("id")
    return ~Q(**{f"{prefix}child_id__in": hidden})


# The front door's records (issue 5) are decided here as conditions on their fields, which front_door/selectors.py
# applies to its own models: the rule lives in access/, the tables stay with the app that owns them.
NOTHING = Q(pk__in=[])


def contact_scope(user: Any, prefix: str = "") -> Q:
    """The contacts a user may see, as a condition on a contact's fields (`prefix` reaches a contact from another
    model): the one source for the MASH queue, the partner portal and the API."""
    practitioner = practitioner_of(user)
    if practitioner is None:
        return NOTHING
    if is_front_door_member(practitioner):
        return _restricted_children_hidden(user, prefix)
    own = Q(**{f"{prefix}referrer_id": practitioner.pk})
    if practitioner.role == Role.DESIGNATED_SAFEGUARDING_LEAD or practitioner.is_designated_safeguarding_lead:
        own |= Q(**{f"{prefix}referrer_organisation_id": practitioner.organisation_id})
    if practitioner.role in INVOLVEMENT_AND_TEAM_ROLES:
        own |= Q(**{f"{prefix}child_id__in": children_visible_to(user).values("id")})
    return own


def information_request_scope(user: Any) -> Q:
    """Front door information requests a user may see: the front door sees those about contacts it sees; a partner
    those addressed to them by name, or to their organisation with nobody named."""
    practitioner = practitioner_of(user)
    if practitioner is None:
        return NOTHING
    if is_front_door_member(practitioner):
        return contact_scope(user, prefix="contact__")
    return Q(to_practitioner_id=practitioner.pk) | Q(
        to_practitioner__isnull=True, to_organisation_id=practitioner.organisation_id
    )


def in_scope(obj: Any, scope: Q) -> bool:
    """Whether a record (of any model) meets a scope: asked of the database, through the record's own model."""
    return obj is not None and type(obj)._default_manager.filter(scope, pk=obj.pk).exists()


# -- The multi-agency chronology (issue 18) -------------------------------------------------------------------------
# What a partner sees of a child's record besides the parts they take part in (policy.CHRONOLOGY_PARTS): their own
# organisation's rows. Conditions on the sharing app's fields, which its chronology applies to its own models.


def _partner(user: Any) -> Practitioner | None:
    practitioner = practitioner_of(user)
    return practitioner if practitioner is not None and practitioner.role in PARTNER_ROLES else None


def shared_event_scope(user: Any) -> Q:
    """The events shared by partners that a reader sees: a partner those their own organisation shared and those
    shared with every partner working with the child; anyone else who sees the child, all of them."""
    if practitioner_of(user) is None:
        return NOTHING
    partner = _partner(user)
    if partner is None:
        return Q()
    return Q(organisation_id=partner.organisation_id) | Q(shared_with_partners=True)


def challenge_scope(user: Any) -> Q:
    """The professional challenges about a child a reader sees in its chronology: a partner those their own
    organisation raised (policy.challenge_raised_by_my_organisation); anyone else who sees the child, all of them."""
    if practitioner_of(user) is None:
        return NOTHING
    partner = _partner(user)
    return Q() if partner is None else Q(organisation_id=partner.organisation_id)
