"""manage.py run_periodic_tasks [--loop] [--interval SECONDS] [--iterations N]

Enqueues each periodic task in JOINEDUP_PERIODIC_TASKS once a day, at or after its time; the worker
(`manage.py db_worker`) runs them. Run it every few minutes from the worker host's cron, or once with `--loop` as a
long-running process beside the worker. Running it again the same day, or on two hosts, enqueues nothing new.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.tasks.services import DEFAULT_INTERVAL, Enqueued, periodic_tasks_enqueue_due, periodic_tasks_schedule


class Command(BaseCommand):
    help = "Enqueue the periodic tasks that are due today and not yet enqueued (once, or in a loop with --loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep looking for due tasks until stopped")
        parser.add_argument(
            "--interval",
            type=float,
            default=DEFAULT_INTERVAL,
            help="With --loop: seconds between looks (default %(default)s)",
        )
        parser.add_argument("--iterations", type=int, default=None, help="With --loop: stop after N looks")

    def _say(self, item: Enqueued) -> None:
        self.stdout.write(f"Enqueued {item.task_path} for {item.run_on.isoformat()} (task {item.result_id})")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] < 0:
            raise CommandError("--interval must be 0 or more")
        if options["iterations"] is not None and options["iterations"] < 1:
            raise CommandError("--iterations must be 1 or more")
        if options["iterations"] is not None and not options["loop"]:
            raise CommandError("--iterations is for --loop")
        if options["loop"]:
            enqueued = periodic_tasks_schedule(
                interval=options["interval"], iterations=options["iterations"], on_enqueued=self._say
            )
        else:
            enqueued = periodic_tasks_enqueue_due()
            for item in enqueued:
                self._say(item)
        self.stdout.write(f"{len(enqueued)} periodic task{'s' if len(enqueued) != 1 else ''} enqueued")
