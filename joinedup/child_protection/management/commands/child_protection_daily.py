"""Run daily: end automatically, and flag, the child protection plans of children who have turned 18, died or moved
away (their episode of need closed as transferred to another local authority)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from joinedup.child_protection.services import plans_end_automatically
from joinedup.core.actors import system_actor


class Command(BaseCommand):
    help = "End and flag child protection plans of children who turned 18, died or moved away."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="The date to run for (ISO)")

    def handle(self, *args: Any, **options: Any) -> None:
        ended = plans_end_automatically(actor=system_actor("daily-jobs"), today=options["today"])
        for item in ended:
            self.stdout.write(f"Plan {item.plan.pk} ended {item.on.isoformat()}: {item.reason}")
        self.stdout.write(f"{len(ended)} plan{'s' if len(ended) != 1 else ''} ended automatically")
