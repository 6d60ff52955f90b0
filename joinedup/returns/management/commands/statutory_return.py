"""`manage.py statutory_return cin --year YYYY --out FILE.xml` and `... ssda903 --year YYYY --out DIR/`.

Writes the return, runs the validation step and lists every failure by child and rule. The return is written
whatever the failures; `--strict` makes the command exit non-zero when there is an error, for scripts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.core.actors import system_actor
from joinedup.returns.models import ReturnKind
from joinedup.returns.services import return_produce


class Command(BaseCommand):
    help = "Produce and validate a statutory return (CIN census XML or SSDA903 CSV files) for a collection year"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[k.value for k in ReturnKind])
        parser.add_argument("--year", type=int, required=True, help="The collection year ends on 31 March YYYY")
        parser.add_argument("--out", required=True, help="FILE.xml for the CIN census, DIR/ for the SSDA903")
        parser.add_argument("--strict", action="store_true", help="Exit with an error when any rule fails")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            produced = return_produce(
                actor=system_actor("returns"), kind=options["kind"], year=options["year"], out=Path(options["out"])
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        run, report = produced.run, produced.report
        self.stdout.write(f"Wrote {run.get_kind_display()} {run.year} to {run.written_to}: {run.children} children.")
        for module in produced.missing_modules:
            self.stdout.write(f"Not included: {module}")
        for code in report.rules_not_run:
            self.stdout.write(f"Rule {code} could not run on this data; check it by hand.")
        self.stdout.write(
            f"Validation: {report.rules_run} rules run, {run.error_count} errors, {run.query_count} queries."
        )
        for f in sorted(report.failures, key=lambda f: (f.child.zfill(12), f.rule)):
            self.stdout.write(f"  child {f.child or '-'}  rule {f.rule} ({f.severity}, {f.table}): {f.message}")
        if report.failures:
            counts = Counter(f.rule for f in report.failures)
            self.stdout.write("By rule: " + ", ".join(f"{code} x{n}" for code, n in counts.most_common()))
        if options["strict"] and run.error_count:
            raise CommandError(f"{run.error_count} validation errors: fix the records and produce the return again")
