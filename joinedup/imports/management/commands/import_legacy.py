"""`manage.py import_legacy cin FILE.xml`, `... ssda903 DIR/` and `... people FILE.csv` (issue 20, ADR 0028).

Brings in history from another system: checks every row and the return against the DfE's rules, lists every bad
row (file, line, field, reason) and exits non-zero having written nothing; otherwise writes it all in one
transaction. `--dry-run` writes nothing and reports what it would bring in. `--as USERNAME` names the administrator
who ran it: the work is audited as the imports system actor's, with them recorded. A progress bar (rich) is drawn on
standard error when it is a terminal. The column layout of the people file is in docs/imports.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from joinedup.core.errors import NotFoundOrNotPermitted
from joinedup.imports.models import ImportKind
from joinedup.imports.services import import_history


class ProgressBar:
    """The import's progress as a bar on standard error (rich), drawn only when it is a terminal."""

    def __init__(self, what: str) -> None:
        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("Bringing in {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not console.is_terminal,
        )
        self.task = self.progress.add_task(what, total=None)

    def __enter__(self) -> ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def __call__(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total)


class Command(BaseCommand):
    help = "Bring in history from another system: a CIN census XML file, an SSDA903 return's CSV files, or people"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("source", help="cin: FILE.xml; ssda903: DIR/ of the return's CSV files; people: FILE.csv")
        parser.add_argument("--as", dest="username", required=True, help="The administrator running the import")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing")
        parser.add_argument(
            "--year", type=int, help="ssda903 only: the collection year (ends 31 March YYYY); read from the dates"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['username']}")
        kind = options["kind"]
        what = "people" if kind == ImportKind.PEOPLE else "children"
        try:
            with ProgressBar(what) as bar:
                report = import_history(
                    kind=kind,
                    source=Path(options["source"]),
                    run_by=user,
                    dry_run=options["dry_run"],
                    year=options["year"],
                    progress=bar,
                )
        except NotFoundOrNotPermitted as error:
            raise CommandError(f"{options['username']} may not bring in history (administrators only)") from error
        for line in report.lines():
            self.stdout.write(line)
        if not report.accepted:
            count = len(report.problems)
            raise CommandError(f"{count} problem{'' if count == 1 else 's'}: nothing was written")
