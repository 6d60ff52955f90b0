"""The carers a child lives with, as safeguarding work offers them as participants (M21; issue 18).

Children in care holds the placement record, and sits above the assessments app, which must not import it. So the
app that knows a child's carers declares, in its own ``carers.py``, ``CARER_SOURCES``: functions taking the child
(keyword ``child``) and giving their current carers as ``ChildsCarer``. Any app reads them through ``carers_of``
(found by ``joinedup.core.discovery.declared``, as ``chronology.py`` is), without naming the app that gives them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from .discovery import declared


class CarerRole(models.TextChoices):
    """The part a carer the child lives with takes in safeguarding work: recorded with them as a participant in
    assessments, strategy discussions, conferences and core groups, whether or not they use JoinedUp."""

    FOSTER_CARER = "foster_carer", "Foster carer"
    RESIDENTIAL_CARE_WORKER = "residential_care_worker", "Residential care worker"
    CONNECTED_CARER = "connected_carer", "Connected carer"


@dataclass(frozen=True)
class ChildsCarer:
    """One of the carers the child lives with now: a person in the family network (with or without a login), or a
    foster carer or residential care worker who uses JoinedUp (a practitioner). `key` names them in a form."""

    key: str
    name: str
    role: str
    person_id: int | None = None
    practitioner_id: int | None = None
    setting: str = ""

    @property
    def role_label(self) -> str:
        return str(CarerRole(self.role).label)

    @property
    def label(self) -> str:
        where = f", {self.setting}" if self.setting else ""
        return f"{self.name} ({self.role_label.lower()}{where})"


CarerSource = Callable[..., list[ChildsCarer]]


def carers_of(*, child: Any) -> list[ChildsCarer]:
    """The child's current carers, from every app that declares them (none for a child who lives with neither
    foster carers nor in a children's home). Asks no permission: the service the user calls checks theirs."""
    found: dict[str, ChildsCarer] = {}
    for source in declared("carers", "CARER_SOURCES"):
        for carer in source(child=child):
            found.setdefault(carer.key, carer)
    return list(found.values())
