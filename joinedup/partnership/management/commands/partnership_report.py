"""`manage.py partnership_report --year YYYY --out FILE.pdf`: the safeguarding partners' yearly report for the year
ending 31 March YYYY, written as a tagged PDF (ARCHITECTURE.md's contract). The same report as its page: the
published one once published, otherwise the figures read from the record now with the narrative so far. Audited as
an export by its named system actor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from joinedup.core.actors import system_actor
from joinedup.partnership import report


class Command(BaseCommand):
    help = "Write the safeguarding partners' yearly report for the year ending 31 March YYYY as a PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The year the report's year ends in (31 March)")
        parser.add_argument("--out", required=True, help="The PDF file to write")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000/",
            help="The site's address, which the report's links to its pages start with",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        try:
            read = report.report_read(
                actor=system_actor("partnership-report"), year=year, today=timezone.localdate(), exported=True
            )
        except ValidationError as exc:
            years = ", ".join(p.key for p in report.report_years(timezone.localdate()))
            raise CommandError(f"No report can be made for {year}: choose one of {years}") from exc
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(report.report_pdf(read, base_url=options["base_url"]))
        state = "published" if read.published else "draft"
        self.stdout.write(f"Wrote the {state} report for {read.period.label} to {out}")
