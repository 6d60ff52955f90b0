"""manage.py timescale RULE_CODE DATE [DATE ...]: the due date (ISO) of a rule started on each date, one per
line, in the order given. Uses this authority's local figure in force on each start date for local protocols.

- The headline interval is computed unless --interval names another (e.g. `strategy_discussion --interval
  immediate_danger`, `placed_with_parents_visit --interval after_first_review`).
- pre_birth_conference: the date given is the expected date of delivery; the due date (32 weeks of pregnancy
  by default) is 8 weeks before it.
- return_home_interview (72 hours): the clock starts at 00:00 UK time on the date given, and the date of the
  due instant is printed (so the date 3 days later). The command's contract is dates.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from joinedup.timescales.engine import NO_LOCAL_FIGURES, LocalFigures
from joinedup.timescales.rules import RULES, UnknownRule, rule_get
from joinedup.timescales.selectors import due_date_in_force, local_figures

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse(value: str) -> date:
    try:
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date: {value!r}. Give dates as YYYY-MM-DD, like 2026-12-18") from None


class Command(BaseCommand):
    help = "Print the due date (YYYY-MM-DD) of RULE_CODE started on each DATE, one per line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rule_code", help="A rule code from RULES.md, e.g. initial_child_protection_conference")
        parser.add_argument("dates", nargs="+", metavar="DATE", help="Start dates, YYYY-MM-DD")
        parser.add_argument(
            "--interval", default=None, help="One of the rule's intervals (its headline one if not given)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["rule_code"]
        try:
            rule = rule_get(code)
            rule.interval(options["interval"])
        except UnknownRule as exc:
            raise CommandError(f"{exc}. Known rules: {', '.join(RULES)}") from None
        starts = [_parse(value) for value in options["dates"]]
        figures = self._figures(rule.is_local)
        for start in starts:
            try:
                due = due_date_in_force(code, start, interval=options["interval"], figures=figures)
            except (OverflowError, IndexError, ValueError) as exc:
                raise CommandError(f"Cannot compute a due date from {start.isoformat()}: {exc}") from None
            self.stdout.write(due.isoformat())

    def _figures(self, needed: bool) -> LocalFigures:
        """The authority's local settings; the defaults in rules.toml when its database is not set up yet."""
        if not needed:
            return NO_LOCAL_FIGURES
        try:
            return local_figures()
        except DatabaseError:
            self.stderr.write("The database is not set up (run migrate): using the default local figures.")
            return NO_LOCAL_FIGURES
