"""Producing a statutory return: build it from the record, write it, run the validation step, keep the result.

The return is always produced: failures are kept with it, listed by child and rule, never a reason to stop
or to leave a child out.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import sees_every_child
from joinedup.audit.models import AuditAction
from joinedup.audit.services import EventSpec, audit_events_record, require_actor
from joinedup.core.actors import SystemActor
from joinedup.core.errors import NotFoundOrNotPermitted

from . import cin_census, ssda903
from .models import ReturnFailure, ReturnKind, ReturnRun, ReturnRunChild
from .validation import ValidationReport
from .validation import cin as cin_validation
from .validation import ssda903 as ssda903_validation
from .years import collection_year


@dataclass
class Produced:
    run: ReturnRun
    report: ValidationReport
    files: dict[str, bytes]  # file name -> contents
    missing_modules: list[str]


def _build(kind: str, year: int) -> tuple[dict[str, bytes], ValidationReport, list[int], list[str]]:
    if kind == ReturnKind.CIN:
        census = cin_census.build(collection_year("cin", year))
        return (
            {f"CIN_census_{year}.xml": census.to_bytes()},
            cin_validation.validate(census),
            census.child_ids,
            census.missing_modules,
        )
    ret = ssda903.build(collection_year("ssda903", year))
    files = {f"{name}.csv": text for name, text in ret.as_text().items()}
    return files, ssda903_validation.validate(ret), ret.child_ids, ret.missing_modules


def return_produce(*, actor: Any, kind: str, year: int, out: Path | None = None) -> Produced:
    """Build and validate the `kind` return for the collection year ending 31 March `year`; write it to `out`
    (a file for the CIN census, a directory for the SSDA903) when given; keep the run and its failures. `actor` is
    the user who asked for it, or the system actor "returns" when it is produced from the command line."""
    require_actor(actor)
    files, report, child_ids, missing = _build(kind, year)
    written = ""
    if out is not None:
        if kind == ReturnKind.CIN:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(next(iter(files.values())))
        else:
            out.mkdir(parents=True, exist_ok=True)
            for name, text in files.items():
                (out / name).write_bytes(text)
        written = str(out)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    with transaction.atomic():
        run = ReturnRun.objects.create(
            kind=kind,
            year=year,
            produced_by=None if isinstance(actor, SystemActor) else actor,
            children=len(child_ids),
            error_count=sum(1 for f in report.failures if f.severity == "error"),
            query_count=sum(1 for f in report.failures if f.severity == "query"),
            rules_run=report.rules_run,
            rules_not_run=report.rules_not_run,
            checked_by=report.checked_by,
            missing_modules=missing,
            written_to=written,
            content=buffer.getvalue(),
        )
        known = set(child_ids)
        ReturnRunChild.objects.bulk_create(
            [ReturnRunChild(run=run, child_id=child_id) for child_id in sorted(known)], batch_size=2000
        )
        ReturnFailure.objects.bulk_create(
            [
                ReturnFailure(
                    run=run,
                    rule=f.rule,
                    message=f.message[:500],
                    severity=f.severity,
                    table=f.table,
                    la_child_id=f.child[:20],
                    child_id=f.child_pk if f.child_pk in known else None,
                    source=f.source,
                    fields=list(f.fields),
                )
                for f in report.failures
            ],
            batch_size=2000,
        )
        # A return carries every child's record out of JoinedUp: one "exported" event per child.
        audit_events_record(
            actor=actor,
            events=[
                EventSpec(AuditAction.EXPORTED, "returns.returnrun", run.pk, child_id, f"{kind} {year}")
                for child_id in child_ids
            ],
        )
    return Produced(run=run, report=report, files=files, missing_modules=missing)


def return_download(*, actor: Any, run_id: int) -> ReturnRun:
    """The run, to download its files: only for someone who produces returns and may see every child the run
    carries (access/scopes.py, asked in one query), since the files are every one of those children's records.
    Each child's access log shows the download: one "exported" event per child, appended together."""
    if not has_permission(actor, Permission.PRODUCE_STATUTORY_RETURNS):
        raise NotFoundOrNotPermitted
    run = ReturnRun.objects.filter(pk=run_id).first()
    if run is None:
        raise NotFoundOrNotPermitted
    carried = ReturnRunChild.objects.filter(run=run)
    if not sees_every_child(actor, carried.values("child_id")):
        raise NotFoundOrNotPermitted
    reason = f"{run.kind} {run.year} downloaded"
    with transaction.atomic():
        audit_events_record(
            actor=actor,
            events=[
                EventSpec(AuditAction.EXPORTED, "returns.returnrun", run.pk, child_id, reason)
                for child_id in carried.order_by("child_id").values_list("child_id", flat=True)
            ],
        )
    return run
