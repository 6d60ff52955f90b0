from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from joinedup.synthetic.generator import DEMO_LOGINS, DEMO_PASSWORD, authority_is_generated, generate


class Command(BaseCommand):
    help = (
        "Generate a synthetic local authority: agencies, practitioners, demo users and N children in "
        "families. Deterministic for a given --seed and --as-of date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--children", type=int, default=1000)
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="The date the authority is generated as of (default: today)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but print the logins) when an authority is already generated",
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["children"] < 1:
            raise CommandError("--children must be at least 1")
        if authority_is_generated():
            if not options["if_empty"]:
                raise CommandError(
                    "An authority is already generated in this database. Use a fresh database "
                    "(or --if-empty to keep it)."
                )
            self.stdout.write("The synthetic authority is already generated; keeping it.")
        else:
            started = time.monotonic()
            ctx = generate(
                seed=options["seed"], children=options["children"], as_of=options["as_of"] or timezone.localdate()
            )
            counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in ctx.counts.items())
            self.stdout.write(f"Generated {counts} (seed {ctx.seed}) in {time.monotonic() - started:.1f}s.")
        if not options["quiet_logins"]:
            self.stdout.write("")
            self.stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
            for login in DEMO_LOGINS:
                self.stdout.write(f"  {login.username:<18} {login.description}")
            self.stdout.write(
                "API tokens are for partner systems only: sign in as admin and open Partner systems to issue one."
            )
