"""Which practice prompts (M32) apply to a child at a moment: the authority's prompts (data), chosen by the child's
age. Older children are 10 and over; babies are under one, or unborn."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from joinedup.people.models import Person

from .codes import OLDER_CHILD_AGE, PromptAppliesTo
from .models import PracticePrompt


def _age(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def groups_for_child(child: Person, on: date | None = None) -> set[str]:
    on = on or timezone.localdate()
    groups = {PromptAppliesTo.ALL_CHILDREN.value}
    profile = getattr(child, "child_profile", None)
    if profile is not None and profile.is_unborn:
        groups.add(PromptAppliesTo.BABIES.value)
    elif child.date_of_birth is not None:
        age = _age(child.date_of_birth, on)
        if age < 1:
            groups.add(PromptAppliesTo.BABIES.value)
        if age >= OLDER_CHILD_AGE:
            groups.add(PromptAppliesTo.OLDER_CHILDREN.value)
    return groups


def prompts_for_child(*, child: Person, moment: str, on: date | None = None) -> list[PracticePrompt]:
    return list(
        PracticePrompt.objects.filter(moment=moment, is_active=True, applies_to__in=groups_for_child(child, on))
    )


def prompts_for_children(*, children: list[Person], moment: str, on: date | None = None) -> list[PracticePrompt]:
    """The prompts for a family's plan: those that apply to any of its children."""
    groups: set[str] = set()
    for child in children:
        groups |= groups_for_child(child, on)
    return list(PracticePrompt.objects.filter(moment=moment, is_active=True, applies_to__in=groups))
