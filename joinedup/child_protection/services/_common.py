"""What the child protection services share: the permission check, dates not in the future, the open episode of
need, which agency a practitioner speaks for, the unborn child's dates, and starting and meeting the statutory clocks
(each a timescales Deadline)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.agencies.models import OrganisationType, Practitioner
from joinedup.agencies.roles import Role
from joinedup.children_in_care.selectors import childs_carers
from joinedup.core.carers import ChildsCarer
from joinedup.core.errors import FieldErrors, NotFoundOrNotPermitted, field_error
from joinedup.episodes import selectors as episode_selectors
from joinedup.episodes.models import CaseEpisode
from joinedup.people.models import Person
from joinedup.timescales import services as timescales
from joinedup.timescales.models import Deadline

from ..codes import Agency
from ..errors import ChildProtectionError as E


def require(actor: Any, permission: Permission, child: Person) -> None:
    if not child.is_child_record or not has_permission(actor, permission, child):
        raise NotFoundOrNotPermitted


def not_in_future(errors: FieldErrors, name: str, value: date | None, what: str) -> None:
    if value is not None and value > timezone.localdate():
        errors.add(name, f"{what} must be today or in the past", E.DATE_IN_FUTURE)


def open_episode(child: Person) -> CaseEpisode:
    episode = episode_selectors.open_episode_for(child)
    if episode is None:
        raise field_error("__all__", "The child has no open episode of need: a referral opens one", E.NO_OPEN_EPISODE)
    return episode


def agency_of(practitioner: Practitioner) -> str:
    org_type = practitioner.organisation.organisation_type
    if org_type == OrganisationType.POLICE or practitioner.role == Role.POLICE_OFFICER:
        return Agency.POLICE
    if org_type in (
        OrganisationType.GP_PRACTICE,
        OrganisationType.HEALTH_VISITING,
        OrganisationType.MIDWIFERY,
        OrganisationType.HOSPITAL,
        OrganisationType.INTEGRATED_CARE_BOARD,
    ):
        return Agency.HEALTH
    if org_type in (OrganisationType.SCHOOL, OrganisationType.EARLY_YEARS):
        return Agency.EDUCATION
    if org_type == OrganisationType.LOCAL_AUTHORITY:
        return Agency.LOCAL_AUTHORITY
    return Agency.OTHER


def open_clocks(child: Person, rule_codes: Iterable[str], subjects: Iterable[models.Model | str]) -> list[Deadline]:
    keys = [timescales.subject_key_of(s) for s in subjects]
    return list(
        Deadline.objects.filter(
            child=child, rule_code__in=list(rule_codes), subject_key__in=keys, met_on__isnull=True
        ).order_by("due_on", "id")
    )


def clocks_meet(
    actor: Any, child: Person, rule_codes: Iterable[str], subjects: Iterable[Any], met_on: date, late: str
) -> None:
    for deadline in open_clocks(child, rule_codes, subjects):
        timescales.deadline_meet(actor=actor, deadline=deadline, met_on=met_on, late_reason=late)


def clock_start(
    actor: Any, rule_code: str, child: Person, subject: models.Model, on: date, interval: str | None = None
) -> Deadline | None:
    """Start a clock: only for a start in the past or today (a clock can not start in the future)."""
    if on > timezone.localdate():
        return None
    return timescales.deadline_start(
        actor=actor, rule_code=rule_code, child=child, subject=subject, started_on=on, interval=interval
    )


def is_unborn(child: Person) -> bool:
    return bool(getattr(getattr(child, "child_profile", None), "is_unborn", False))


def expected_date_of_delivery(child: Person) -> date | None:
    profile = getattr(child, "child_profile", None)
    return profile.expected_date_of_delivery if profile is not None else None


def carers_are_the_childs(errors: FieldErrors, child: Person, carers: Sequence[ChildsCarer], field: str) -> None:
    """Only the child's own current carers (from the placement record, M21) take part as carers: one not offered
    is refused before anything is written."""
    theirs = {c.key: c for c in childs_carers(child=child)}
    if any(theirs.get(c.key) != c for c in carers):
        errors.add(field, "Choose from the carers the child lives with", E.NOT_THE_CHILDS_CARER)
