"""manage.py notify_deadlines [--today YYYY-MM-DD] [--due-soon-working-days N] [--enqueue]

Sends in-app notifications (shown on My work) and emails (through Django's mail backend) for open deadlines due
within N working days (to the practitioner carrying them) and overdue ones (to them and their team's manager).
Each notice is sent once; emails name deadline ids and rules only, never a child. The work is the task
`joinedup.timescales.tasks.notify_deadlines`, which the scheduler enqueues daily (JOINEDUP_PERIODIC_TASKS); this
command runs it at once, or puts it on the queue for the worker with `--enqueue`. Running it twice on a day sends
nothing new.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from joinedup.timescales.services import DUE_SOON_WORKING_DAYS
from joinedup.timescales.tasks import notify_deadlines


class Command(BaseCommand):
    help = "Notify practitioners and managers of deadlines due soon and overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", default=None, help="The date to run as (YYYY-MM-DD); today by default")
        parser.add_argument("--due-soon-working-days", type=int, default=DUE_SOON_WORKING_DAYS)
        parser.add_argument("--enqueue", action="store_true", help="Put it on the task queue for the worker to run")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"Not a date: {options['today']!r}. Use YYYY-MM-DD") from None
        if options["due_soon_working_days"] < 0:
            raise CommandError("--due-soon-working-days must be 0 or more")
        kwargs = {"today": today.isoformat(), "due_soon_working_days": options["due_soon_working_days"]}
        if options["enqueue"]:
            self.stdout.write(f"Enqueued task {notify_deadlines.enqueue(**kwargs).id}")
            return
        result = notify_deadlines.call(**kwargs)
        self.stdout.write(f"{result['notifications']} notifications, {result['emails']} emails")
