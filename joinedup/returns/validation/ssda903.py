"""SSDA903 validation: the DfE's rules as Data to Insight's `csc-validator-be-903` implements them (module
`lac_validator`, the collection year's rule set: lac2025_26 for the year ending 31 March 2026, lac2026_27 for 2027),
run in its own environment (dfe.py) on the return's own CSV files. The package does not mark rules as errors or
queries, so each of its failures is an error.

JoinedUp's own checks cover only rules the package has but cannot run on CSV files: each is checked here under the
same DfE code, and only when the package's rule raised (so when the package is fixed, its rule is the one that
runs). A rule neither can run is listed as not run, never passed.
- 231 and 233 read columns the package's CSV reader does not make (UASC_STATUS, DATE_EPISODE_CEASED);
- 709 and 710 (2026-27) read a PLACEMENT column the Episodes table does not have (it is PLACE);
- 706 (2026-27) needs last year's DoLo table: when last year's return had no DoLo table (years.toml), no order can
  have been open in it, so the rule holds.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path

from django.conf import settings

from joinedup.returns import postcodes
from joinedup.returns.ssda903 import COLUMNS, Ssda903Return
from joinedup.returns.years import CollectionYear, supported_years
from joinedup.returns.years import collection_year as get_collection_year

from . import Failure, ValidationReport, dfe

SOURCE_OWN = "JoinedUp (SSDA903)"


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        return None


def _minus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 3, 1)


Tables = dict[str, list[dict[str, str]]]


def _231(tables: Tables, year: CollectionYear) -> Iterable[Failure] | None:
    """If the child is UASC, they should be born more than 11 years before the end of the collection year."""
    uasc = {r["CHILD"] for r in tables.get("UASC", [])}
    return [
        _failure(
            "231",
            "We expect that unaccompanied asylum seeking children are generally older young people. Please check the "
            "date of birth is correct.",
            row["CHILD"],
            "Header",
            {"DOB": row["DOB"]},
        )
        for row in tables.get("Header", [])
        if row["CHILD"] in uasc and (born := _date(row["DOB"])) is not None and born > _minus_years(year.end, 11)
    ]


def _233(tables: Tables, year: CollectionYear) -> Iterable[Failure] | None:
    """An episode that has not ceased has no reason for placement change."""
    return [
        _failure(
            "233",
            "Reason for placement change is not required when the episode has not ceased.",
            row["CHILD"],
            "Episodes",
            {"DEC": row["DEC"], "REASON_PLACE_CHANGE": row["REASON_PLACE_CHANGE"]},
        )
        for row in tables.get("Episodes", [])
        if not row["DEC"] and row["REASON_PLACE_CHANGE"]
    ]


def _706(tables: Tables, year: CollectionYear) -> Iterable[Failure] | None:
    """An order open at the end of last year's return is in this year's, from the same date. Last year's DoLo table
    is not given to the package; when last year's return had none, no order was open in it and the rule holds."""
    previous = year.year - 1
    if previous in supported_years("ssda903") and "DoLo" not in get_collection_year("ssda903", previous)["tables"]:
        return []
    return None


# 709: the placement of every episode overlapping an order (with its start and end dates) should be one of these;
# 710: it must not be one of these.
_DOLO_PLACES = frozenset({"K2", "Z12", "Z13"})
_NOT_DOLO_PLACES = frozenset({"K1", "P1", "R5", "K3"})
_DOLO_MESSAGES = {
    "709": "Child with a DoLO is in an unexpected placement type.",
    "710": "Child with a DoLO can not be placed in secure children's homes, with parents, young offender "
    "institutions, or supported accommodation.",
}


def _dolo_placements(tables: Tables, code: str) -> Iterable[Failure]:
    episodes: dict[str, list[dict[str, str]]] = {}
    for row in tables.get("Episodes", []):
        episodes.setdefault(row["CHILD"], []).append(row)
    for row in tables.get("DoLo", []):
        child, started, ended = row["CHILD"], _date(row["DOLO_START"]), _date(row["DOLO_END"])
        if started is None or ended is None:
            continue
        for e in episodes.get(child, []):
            decom, dec = _date(e["DECOM"]), _date(e["DEC"])
            if decom is None or decom > ended or (dec is not None and dec < started):
                continue  # the episode and the order do not overlap
            wrong = e["PLACE"] not in _DOLO_PLACES if code == "709" else e["PLACE"] in _NOT_DOLO_PLACES
            if wrong:
                fields = {"DOLO_START": row["DOLO_START"], "PLACE": e["PLACE"]}
                yield _failure(code, _DOLO_MESSAGES[code], child, "DoLo", fields)


def _failure(rule: str, message: str, child: str, table: str, fields: dict[str, str]) -> Failure:
    return Failure(
        rule, message, child, table, "error", SOURCE_OWN, tuple(f"{table}.{k}: {v}" for k, v in fields.items())
    )


# DfE rule code -> JoinedUp's check, run when the package's rule of the same code could not run. A check answers
# None when it cannot run either.
OWN_CHECKS: dict[str, Callable[[Tables, CollectionYear], Iterable[Failure] | None]] = {
    "231": _231,
    "233": _233,
    "706": _706,
    "709": lambda tables, year: list(_dolo_placements(tables, "709")),
    "710": lambda tables, year: list(_dolo_placements(tables, "710")),
}


def authority_code() -> str:
    """The authority's upper-tier ONS code, which the package compares placement postcodes with."""
    ons_code = str(settings.JOINEDUP_AUTHORITY["ons_code"])
    return postcodes.upper_tier().get(ons_code, ons_code)


def validate_files(files: dict[str, bytes], year: CollectionYear, tables: Tables) -> ValidationReport:
    """Validate the SSDA903 CSV files (name -> contents) for the collection year; `tables` are the same files read
    as rows, for JoinedUp's own checks."""
    package = dfe.run("ssda903", year.year, files, authority=authority_code())
    failures = list(package.failures)
    not_run: list[str] = []
    own_run = 0
    for code in package.rules_not_run:
        check = OWN_CHECKS.get(code)
        found = check(tables, year) if check is not None else None
        if found is None:
            not_run.append(code)
            continue
        own_run += 1
        failures.extend(found)
    checked_by = [package.checked_by]
    if own_run:
        checked_by.append(
            "JoinedUp: " + ", ".join(c for c in package.rules_not_run if c not in not_run) + " (the package's raised)"
        )
    return ValidationReport(
        failures=failures,
        rules_run=len(package.rules_run) + own_run,
        rules_not_run=not_run,
        checked_by=checked_by,
    )


def read_files(paths: list[Path]) -> tuple[dict[str, bytes], Tables]:
    """SSDA903 CSV files made elsewhere: each file's contents, and its rows under the table its header names (the
    DfE's column headers say which table a file is, as the package reads them)."""
    files: dict[str, bytes] = {}
    tables: Tables = {}
    by_columns = {frozenset(columns): name for name, columns in COLUMNS.items()}
    for path in paths:
        content = path.read_bytes()
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
        name = by_columns.get(frozenset(c.strip().upper() for c in reader.fieldnames or []))
        if name is None:
            raise ValueError(f"{path.name}: its columns are not those of any SSDA903 table")
        tables[name] = [{k.strip().upper(): (v or "").strip() for k, v in row.items() if k} for row in reader]
        files[path.name] = content
    return files, tables


def validate(ret: Ssda903Return) -> ValidationReport:
    files = {f"{name}.csv": text for name, text in ret.as_text().items()}
    return validate_files(files, ret.year, ret.tables)
