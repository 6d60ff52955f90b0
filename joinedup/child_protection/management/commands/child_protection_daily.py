"""Run daily: end automatically, and flag, the child protection plans of children who have turned 18, died or moved
away (their episode of need closed as transferred to another local authority).

The work is the task `joinedup.child_protection.tasks.child_protection_daily`, which the scheduler enqueues daily
(JOINEDUP_PERIODIC_TASKS); this command runs it at once, or puts it on the queue for the worker with `--enqueue`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from joinedup.child_protection.tasks import child_protection_daily


class Command(BaseCommand):
    help = "End and flag child protection plans of children who turned 18, died or moved away."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="The date to run for (ISO)")
        parser.add_argument("--enqueue", action="store_true", help="Put it on the task queue for the worker to run")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"].isoformat() if options["today"] else None
        if options["enqueue"]:
            self.stdout.write(f"Enqueued task {child_protection_daily.enqueue(today=today).id}")
            return
        ended = child_protection_daily.call(today=today)
        for item in ended:
            self.stdout.write(f"Plan {item['plan']} ended {item['on']}: {item['reason']}")
        self.stdout.write(f"{len(ended)} plan{'s' if len(ended) != 1 else ''} ended automatically")
