"""`manage.py statutory_return cin --year YYYY --out FILE.xml` and `... ssda903 --year YYYY --out DIR/`.

Writes the return, runs the validation step and lists every failing rule by child, errors and queries apart. The
return is written whatever the failures; `--strict` makes the command exit non-zero when there is an error, for
scripts.

`--validate FILE.xml` (CIN census) or `--validate DIR/` (the SSDA903 CSV files, or the files named one by one)
checks a return made elsewhere, or made earlier, against the same rules without producing anything: an authority can
check its own returns at any time of the year. It reads nothing from the record and keeps nothing.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.core.actors import system_actor
from joinedup.returns.models import ReturnKind
from joinedup.returns.services import return_produce
from joinedup.returns.validation import Failure, ValidationReport, ValidatorsUnavailable
from joinedup.returns.validation import cin as cin_validation
from joinedup.returns.validation import ssda903 as ssda903_validation
from joinedup.returns.years import collection_year


class Command(BaseCommand):
    help = (
        "Produce and validate a statutory return (CIN census XML or SSDA903 CSV files) for a collection year, or "
        "validate one made elsewhere (--validate)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[k.value for k in ReturnKind])
        parser.add_argument("--year", type=int, required=True, help="The collection year ends on 31 March YYYY")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--out", help="Produce the return: FILE.xml for the CIN census, DIR/ for the SSDA903")
        target.add_argument(
            "--validate",
            nargs="+",
            metavar="FILE",
            help="Only validate a return made elsewhere: the CIN census XML, or the SSDA903 CSV files (or their DIR/)",
        )
        parser.add_argument("--strict", action="store_true", help="Exit with an error when any rule fails")

    def handle(self, *args: Any, **options: Any) -> None:
        kind, year = options["kind"], options["year"]
        try:
            if options["validate"]:
                report = self._validate_only(kind, year, [Path(p) for p in options["validate"]])
                errors = len(report.errors)
            else:
                produced = return_produce(actor=system_actor("returns"), kind=kind, year=year, out=Path(options["out"]))
                run, report = produced.run, produced.report
                self.stdout.write(
                    f"Wrote {run.get_kind_display()} {run.year} to {run.written_to}: {run.children} children."
                )
                for module in produced.missing_modules:
                    self.stdout.write(f"Not included: {module}")
                errors = run.error_count
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except ValidatorsUnavailable as exc:
            raise CommandError(str(exc)) from exc
        self._list(report)
        if options["strict"] and errors:
            raise CommandError(f"{errors} validation errors: fix the records and produce the return again")

    def _validate_only(self, kind: str, year: int, paths: list[Path]) -> ValidationReport:
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path} does not exist")
        if kind == ReturnKind.CIN:
            if len(paths) != 1 or not paths[0].is_file():
                raise CommandError("The CIN census is one XML file: --validate FILE.xml")
            report = cin_validation.validate_xml(paths[0].read_bytes(), collection_year("cin", year))
        else:
            files = [f for p in paths for f in (sorted(p.glob("*.csv")) if p.is_dir() else [p])]
            if not files:
                raise CommandError("No SSDA903 CSV files to validate")
            try:
                contents, tables = ssda903_validation.read_files(files)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            report = ssda903_validation.validate_files(contents, collection_year("ssda903", year), tables)
        self.stdout.write(f"Validated {', '.join(str(p) for p in paths)} for {year - 1} to {year}.")
        return report

    def _list(self, report: ValidationReport) -> None:
        for source in report.checked_by:
            self.stdout.write(f"Checked by {source}.")
        for code in report.rules_not_run:
            self.stdout.write(f"Rule {code} could not run on this data; check it by hand.")
        self.stdout.write(
            f"Validation: {report.rules_run} rules run, {len(report.errors)} errors, {len(report.queries)} queries."
        )
        for heading, failures in (("Errors", report.errors), ("Queries", report.queries)):
            if not failures:
                continue
            self.stdout.write(f"{heading} ({len(failures)}), by child:")
            for child, group in _by_child(failures):
                self.stdout.write(f"  {'child ' + child if child else 'the whole return'}:")
                for f in group:
                    where = f" [{'; '.join(f.fields)}]" if f.fields else (f" [{f.table}]" if f.table else "")
                    self.stdout.write(f"    rule {f.rule}: {f.message}{where}")
            counts = Counter(f.rule for f in failures)
            self.stdout.write(f"{heading} by rule: " + ", ".join(f"{code} x{n}" for code, n in counts.most_common()))


def _by_child(failures: list[Failure]) -> list[tuple[str, list[Failure]]]:
    groups: dict[str, list[Failure]] = {}
    for f in sorted(failures, key=lambda f: (f.child.zfill(20), f.rule, f.table)):
        groups.setdefault(f.child, []).append(f)
    return list(groups.items())
