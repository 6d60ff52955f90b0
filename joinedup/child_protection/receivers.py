"""Child protection moves with changes to the child's record that other apps make (people/signals.py): each
receiver is a step of the sender's decision, in its transaction, with no permission check of its own."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from joinedup.people import signals

from .services import pre_birth_expected_date_changed, unborn_child_born


@receiver(signals.expected_date_of_delivery_changed, dispatch_uid="child_protection.pre_birth_clock_follows")
def _pre_birth_clock_follows(sender: Any, *, actor: Any, child: Any, **kwargs: Any) -> None:
    pre_birth_expected_date_changed(actor=actor, child=child)


@receiver(signals.unborn_child_born, dispatch_uid="child_protection.first_review_after_birth")
def _first_review_after_birth(sender: Any, *, actor: Any, child: Any, born_on: Any, **kwargs: Any) -> None:
    unborn_child_born(actor=actor, child=child, born_on=born_on)
