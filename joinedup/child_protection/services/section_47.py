"""The section 47 enquiry's outcome (M18): the multi-agency child protection team, the lead child protection
practitioner, the findings and the outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from joinedup.access.models import InvolvementRole
from joinedup.access.permissions import Permission
from joinedup.agencies.models import Practitioner
from joinedup.audit import services as auditor
from joinedup.core.errors import FieldErrors
from joinedup.core.voice import ChildVoice
from joinedup.timescales import services as timescales
from joinedup.ui.govuk import uk_date

from ..codes import Section47Outcome, TeamMemberRole
from ..errors import ChildProtectionError as E
from ..models import ChildProtectionTeamMember, Section47Enquiry
from ._common import clocks_meet, not_in_future, open_clocks, require
from .involvement import involve, involvements_end_with_the_work


@dataclass
class EnquiryDetails:
    lead_practitioner: Practitioner
    members: Sequence[tuple[Practitioner, str]]
    findings: str
    outcome: str
    concluded_on: date
    late_reason: str = ""
    # The child's wishes and feelings, or why they could not be obtained: required (M26), checked with the rest.
    voice: ChildVoice = field(default_factory=ChildVoice)


TEAM_REQUIRED = {
    TeamMemberRole.SOCIAL_WORKER: ("social_worker", "Choose the social worker in the child protection team"),
    TeamMemberRole.POLICE_OFFICER: ("police_officer", "Choose the police officer in the child protection team"),
    TeamMemberRole.HEALTH_PROFESSIONAL: (
        "health_professional",
        "Choose the registered health professional in the child protection team",
    ),
}


def section_47_record(*, actor: Any, enquiry: Section47Enquiry, details: EnquiryDetails) -> Section47Enquiry:
    """The multi-agency child protection team, the lead child protection practitioner, the findings and the
    outcome. An outcome other than an initial conference withdraws the conference clock."""
    child = enquiry.child
    require(actor, Permission.RECORD_CHILD_PROTECTION, child)
    errors = FieldErrors()
    if enquiry.concluded_on is not None:
        errors.add("outcome", "This enquiry's outcome is already recorded", E.ENQUIRY_ALREADY_CONCLUDED)
    not_in_future(errors, "concluded_on", details.concluded_on, "The date of the outcome")
    if details.concluded_on < enquiry.started_on:
        errors.add(
            "concluded_on",
            f"The outcome must be on or after the enquiry started ({uk_date(enquiry.started_on)})",
            E.CONCLUDED_BEFORE_START,
        )
    roles = {role for _, role in details.members}
    for required, (name, message) in TEAM_REQUIRED.items():
        if required not in roles:
            errors.add(name, message, E.TEAM_MEMBER_REQUIRED)
    for practitioner, member_role in details.members:
        if member_role == TeamMemberRole.HEALTH_PROFESSIONAL and not practitioner.is_registered_health_professional:
            errors.add("health_professional", "Choose a registered health professional", E.TEAM_MEMBER_REQUIRED)
    if not details.findings.strip():
        errors.add("findings", "Enter the enquiry's findings", E.REQUIRED)
    voice = details.voice.check(errors)
    errors.raise_if_any()
    with transaction.atomic(), auditor.audit_last():
        current = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        auditor.record_fields_changed(
            actor=actor,
            obj=current,
            child_id=child.pk,
            changes={
                "lead_practitioner_id": details.lead_practitioner.pk,
                "findings": details.findings.strip(),
                "outcome": details.outcome,
                "concluded_on": details.concluded_on,
                **voice.as_fields(),
            },
            full_clean=True,
        )
        seen: set[int] = set(current.team_members.values_list("practitioner_id", flat=True))
        for practitioner, role in details.members:
            if practitioner.pk in seen:
                continue
            seen.add(practitioner.pk)
            ChildProtectionTeamMember.objects.create(enquiry=current, practitioner=practitioner, member_role=role)
            involve(actor, child, practitioner, current.started_on)
        involve(
            actor,
            child,
            details.lead_practitioner,
            current.started_on,
            InvolvementRole.LEAD_CHILD_PROTECTION_PRACTITIONER,
        )
        clocks_meet(actor, child, ["section_47_outcome"], [current], details.concluded_on, details.late_reason)
        if details.outcome != Section47Outcome.INITIAL_CONFERENCE:
            conference_rules = ["initial_child_protection_conference", "pre_birth_conference"]
            for deadline in open_clocks(child, conference_rules, [current]):
                timescales.deadline_withdraw(
                    actor=actor, deadline=deadline, reason="The section 47 enquiry did not lead to a conference"
                )
        # The team's part ends with the enquiry (those invited to the conference, or in the plan, carry on).
        involvements_end_with_the_work(actor=actor, child=child)
    return current
