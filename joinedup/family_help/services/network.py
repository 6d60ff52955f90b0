"""The family network: who is in it, and how they are engaged in the plan."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors, field_error
from joinedup.people.models import Person

from ..codes import NetworkEngagement
from ..errors import FamilyHelpError
from ..models import FamilyHelpCase, FamilyNetworkMember
from ._common import locked_open_case, require


def family_network_member_add(
    *,
    actor: Any,
    case: FamilyHelpCase,
    name: str,
    relationship_to_family: str,
    engagement: str,
    support_offered: str = "",
    person: Person | None = None,
) -> FamilyNetworkMember:
    require(actor, Permission.RECORD_FAMILY_HELP, case.child)
    errors = FieldErrors()
    if not name.strip() and person is None:
        errors.add("name", "Enter their name", FamilyHelpError.NAME_REQUIRED)
    if not relationship_to_family.strip():
        errors.add("relationship_to_family", "Say who they are to the family", FamilyHelpError.RELATIONSHIP_REQUIRED)
    if engagement not in NetworkEngagement.values:
        errors.add("engagement", "Select how they are engaged", FamilyHelpError.ENGAGEMENT_INVALID)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = locked_open_case(case)
        member = FamilyNetworkMember.objects.create(
            case=current,
            person=person,
            name=name.strip() or (person.full_name if person is not None else ""),
            relationship_to_family=relationship_to_family.strip(),
            engagement=engagement,
            support_offered=support_offered.strip(),
        )
        auditor.record_created(actor=actor, obj=member, child_id=current.child_id)
    return member


def family_network_member_engagement_set(
    *, actor: Any, member: FamilyNetworkMember, engagement: str, support_offered: str
) -> FamilyNetworkMember:
    require(actor, Permission.RECORD_FAMILY_HELP, member.case.child)
    if engagement not in NetworkEngagement.values:
        raise field_error("engagement", "Select how they are engaged", FamilyHelpError.ENGAGEMENT_INVALID)
    with transaction.atomic(), auditor.audit_last():
        current = FamilyNetworkMember.objects.select_for_update().get(pk=member.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=member.case.child_id,
            changes={"engagement": engagement, "support_offered": support_offered.strip()},
        )
    return current
