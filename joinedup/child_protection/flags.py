"""The greater-risk flag the child protection record shows by itself (M9): previous abuse or neglect, from a child
protection plan (here or, before a transfer in, in another authority), an enquiry whose concerns were substantiated,
or a conference that found a category of abuse. Declared here, read by the people app (joinedup/core/flags.py)."""

from __future__ import annotations

from joinedup.core.flags import FlagSource

from .codes import ConferenceStatus, Section47Outcome
from .models import ChildProtectionPlan, Conference, Section47Enquiry, TransferIn

PREVIOUS_ABUSE_OR_NEGLECT = "previous_abuse_or_neglect"
SUBSTANTIATED = (Section47Outcome.INITIAL_CONFERENCE, Section47Outcome.FAMILY_HELP)

FLAG_SOURCES = [
    FlagSource(
        name="child_protection.plans",
        flag=PREVIOUS_ABUSE_OR_NEGLECT,
        rows=lambda: ChildProtectionPlan.objects.all(),
        because="Has been the subject of a child protection plan",
    ),
    FlagSource(
        name="child_protection.transfers_in",
        flag=PREVIOUS_ABUSE_OR_NEGLECT,
        rows=lambda: TransferIn.objects.all(),
        because="Was on a child protection plan in another authority",
    ),
    FlagSource(
        name="child_protection.section_47_substantiated",
        flag=PREVIOUS_ABUSE_OR_NEGLECT,
        rows=lambda: Section47Enquiry.objects.filter(concluded_on__isnull=False, outcome__in=SUBSTANTIATED),
        because="A section 47 enquiry substantiated the concerns",
    ),
    FlagSource(
        name="child_protection.conference_category",
        flag=PREVIOUS_ABUSE_OR_NEGLECT,
        rows=lambda: Conference.objects.filter(status=ConferenceStatus.HELD).exclude(cin_category=""),
        because="A child protection conference found a category of abuse",
    ),
]
