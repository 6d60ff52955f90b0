"""Run the DfE's validation rules, as the community maintains them, on a return's files and print every failure as
JSON: Data to Insight's `csc-validator-be-cin` (module `cin_validator`) for the CIN census XML and
`csc-validator-be-903` (module `lac_validator`) for the SSDA903 CSV files, with the rule set of the collection year.

This script runs in the validators' own environment (`.venv-validators`, built by `make install` from
requirements-validators.lock: the packages pin pandas 1.5 and numpy 1.24), never in the project's. It imports
neither Django nor anything of JoinedUp's; JoinedUp calls it as a subprocess (validation/dfe.py), and anyone can run
it on files made elsewhere:

    .venv-validators/bin/python joinedup/returns/validation/dfe_runner.py cin --year 2026 census.xml
    .venv-validators/bin/python joinedup/returns/validation/dfe_runner.py ssda903 --year 2026 \
        --authority E08000035 Header.csv Episodes.csv ...

It prints one JSON object: the package, its version and the rule set; the codes of the rules run; the rules that
raised on this data ("not run": never counted as passed); the rules the package skipped because a table they need
was not given; and the failures, each with the rule's code, "error" or "query", the child's ID as written in the
return ("" for a failure of the whole return), the table, the fields with the values flagged, and the rule's message.

Errors or queries: the CIN package marks each rule (`RuleDefinition.rule_type`: ERROR or QUERY; the query codes end
in Q). The SSDA903 package marks none, so its failures are reported as errors.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

CIN_PACKAGE = "csc-validator-be-cin"
# The keys the CIN package gives its tables: where a failure is, not what is wrong.
CIN_KEYS = {"LAchildID", "CINdetailsID", "AssessmentID", "CPPID"}
SSDA903_PACKAGE = "csc-validator-be-903"


def _blank(value: Any) -> bool:
    return value is None or str(value) in ("", "nan", "NaN", "NaT", "<NA>", "None")


def _recording(func: Callable[..., Any], code: str, raised: list[str]) -> Callable[..., Any]:
    """The rule's function, noting the rule's code when it raises (the CIN package prints the exception and goes on
    as if the rule had passed; here it is reported as not run)."""

    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception:
            raised.append(code)
            raise

    return run


class _Rows(list):  # type: ignore[type-arg]
    """The rows the package's reader made for one block of a child, in place of the small DataFrame it makes of
    them: a list of dicts, from which the reader takes only a column's values (`rows["AssessmentFactor"].tolist()`)."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return _Column(row[key] for row in self)
        return super().__getitem__(key)


class _Column(list):  # type: ignore[type-arg]
    def tolist(self) -> list[Any]:
        return list(self)


class _Table:
    """A table the package's reader is filling: its empty template (the columns it reads) and the rows so far."""

    def __init__(self, template: Any) -> None:
        self.template = template
        self.columns = template.columns
        self.rows: list[dict[str, Any]] = []


class _Frames:
    """`pd.DataFrame` as the package's reader calls it on one child's rows."""

    def __call__(self, data: Any = None, **_: Any) -> _Rows:
        return _Rows(data or [])

    def from_dict(self, data: Any, **_: Any) -> _Rows:
        return _Rows(data)


def _add(objs: Any, **_: Any) -> _Table:
    """`pd.concat([table, child's rows], ignore_index=True)` as the reader calls it: the rows kept, joined once."""
    table, rows = objs
    if not isinstance(table, _Table):
        table = _Table(table)
    table.rows.extend(rows)
    return table


def _cin_tables(root: Any) -> dict[str, Any]:
    """The package's tables of a census, read by the package's own reader (`convert_data`: which blocks, which
    fields, how ids are counted), with one change: its pandas. The reader makes a small DataFrame of each block of
    each child and concatenates it onto the table so far, about ten times per child, so reading takes time with the
    square of the children (25,000 children: 8 minutes; 100 s even 500 children at a time). Here it runs with a
    stand-in for pandas that keeps the rows as dicts, and each table is made once at the end by pandas itself, from
    its template and its rows: the same frames, values, columns and types (a test compares them with the package's
    unchanged reader), in about a second."""
    import types

    import pandas as pd
    from cin_validator import cin_validator, ingress

    def table(value: Any) -> Any:
        if isinstance(value, _Table):
            return pd.concat([value.template, pd.DataFrame(value.rows)], ignore_index=True)
        return pd.DataFrame(value) if isinstance(value, _Rows) else value

    ingress.pd = types.SimpleNamespace(DataFrame=_Frames(), NA=pd.NA, concat=_add)
    try:
        read = cin_validator.convert_data(root)
    finally:
        ingress.pd = pd
    return {name: table(value) for name, value in read.items()}


def run_cin(path: Path, year: int) -> dict[str, Any]:
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator
    from cin_validator.rules.ruleset_utils import get_year_ruleset

    registry = get_year_ruleset(str(year))
    raised: list[str] = []
    rules = {
        code: dataclasses.replace(rule, func=_recording(rule.func, code, raised)) for code, rule in registry.items()
    }
    root = ET.parse(path).getroot()  # noqa: S314
    data = cin_validator.process_data(_cin_tables(root))

    class Keeping(cin_validator.CinValidator):  # type: ignore[misc]
        """The package's validator, keeping every location it found before its report drops some (it removes
        duplicates by column and row without the table, so a failure in two tables loses one)."""

        def create_issue_report_df(self, selected_rules: Any = None) -> None:
            super().create_issue_report_df(selected_rules)
            self.locations = self.full_issue_df.copy()

    with contextlib.redirect_stdout(sys.stderr):  # the package prints as it goes: stdout is the JSON's alone
        validator = Keeping(data, rules)

    def severity(code: str) -> str:
        rule = registry.get(code)
        return "query" if rule is not None and rule.rule_type.name == "QUERY" else "error"

    def cell(table: str, column: str, row: int) -> str:
        value = data[table][column].iloc[row] if column in data[table].columns else None
        if value is None or _blank(value):
            return ""
        return str(value.strftime("%Y-%m-%d")) if hasattr(value, "strftime") else str(value)

    # One failure per rule broken at one place: the package gives every location of a failure (table, column, row)
    # and ties the locations of one failure together with an ERROR_ID (a rule on one field has none: its row is
    # the place). The child is the LAchildID of the row.
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in validator.locations.to_dict("records"):
        table = str(row["tables_affected"])
        if table == "Header" or _blank(row["tables_affected"]) or table not in data:
            continue  # whole-return failures: below, from the package's own list of them
        code, position = str(row["rule_code"]), int(row["ROW_ID"])
        child = cell(table, "LAchildID", position)
        place = f"{table}:{position}" if _blank(row["ERROR_ID"]) else str(row["ERROR_ID"])
        failure = grouped.setdefault(
            (code, child, place),
            {
                "rule": code,
                "severity": severity(code),
                "child": child,
                "table": table,
                "fields": [],
                "message": str(row["rule_description"]).strip(),
            },
        )
        column = str(row["columns_affected"])
        if column in CIN_KEYS:
            continue
        field = {"field": f"{table}.{column}", "value": cell(table, column, position)}
        if field not in failure["fields"]:
            failure["fields"].append(field)
    failures = list(grouped.values())
    whole = validator.multichild_issues
    seen: set[str] = set()
    for row in whole.to_dict("records") if len(whole) else []:
        code = str(row["rule_code"])
        if code in seen:
            continue
        seen.add(code)
        failures.append(
            {
                "rule": code,
                "severity": severity(code),
                "child": "",
                "table": "",
                "fields": [],
                "message": str(row["rule_description"]).strip(),
            }
        )
    return {
        "package": CIN_PACKAGE,
        "version": metadata.version(CIN_PACKAGE),
        "ruleset": f"cin{year - 1}_{str(year)[2:]}",
        "rules_run": sorted(code for code in registry if code not in raised),
        "rules_not_run": sorted(set(raised)),
        "rules_skipped": [],
        "failures": failures,
    }


# SSDA903 rules whose answer in the package's one run depends on what an earlier rule changed in place (run_ssda903).
RUN_ALONE = ("575", "577", "707")


def run_ssda903(paths: list[Path], year: int, authority: str) -> dict[str, Any]:
    from lac_validator import lac_validator
    from lac_validator.rules.ruleset_utils import get_year_ruleset

    logging.getLogger().setLevel(logging.WARNING)  # the package logs every rule at INFO (to stderr)
    registry = get_year_ruleset(str(year))
    files = [{"name": p.name, "file_content": p.read_bytes(), "description": "This year"} for p in paths]

    def validated(rules: dict[str, Any]) -> Any:
        with contextlib.redirect_stdout(sys.stderr):
            return lac_validator.LacValidator(
                metadata={"collectionYear": str(year), "localAuthority": authority}, files=files, registry=rules
            )

    validator = validated(registry)
    # The package gives each rule a shallow copy of the tables, so a rule that changes a table in place changes it
    # for the rules after it. Rule 365 fills the end date of every episode still open at 31 March, and the rules
    # that ask whether a placement, care or an order ended (575, 577, 707) then take a child still in care, still
    # missing or with a deprivation of liberty order running as having left. Such rules are run again alone, on the
    # files as read, and that run's answer is theirs.
    alone = {code: validated({code: registry[code]}) for code in RUN_ALONE if code in registry}
    # Each rule run alone has only its own column in its run; the whole run's answer for it is left out.
    failures = [f for f in _ssda903_failures(validator, registry) if f["rule"] not in alone]
    for run in alone.values():
        failures += _ssda903_failures(run, registry)
    return {
        "package": SSDA903_PACKAGE,
        "version": metadata.version(SSDA903_PACKAGE),
        "ruleset": f"lac{year - 1}_{str(year)[2:]}",
        "rules_run": sorted(str(c) for c in validator.dones),
        "rules_not_run": sorted(str(c) for c in validator.fails),
        "rules_skipped": sorted(str(c) for c in validator.skips),
        "failures": failures,
    }


def _ssda903_failures(validator: Any, registry: dict[str, Any]) -> list[dict[str, Any]]:
    failures: list[dict[str, Any]] = []
    for table, frame in validator.ds_results.items():
        if table == "metadata" or not hasattr(frame, "columns"):
            continue
        for column in [c for c in frame.columns if str(c).startswith("ERR_")]:
            code = str(column)[4:]
            rule = registry.get(code)
            affected = [f for f in (rule.affected_fields or []) if f in frame.columns] if rule is not None else []
            for index in frame.index[frame[column] == True]:  # noqa: E712 (a column of True and NaN)
                failures.append(
                    {
                        "rule": code,
                        "severity": "error",
                        "child": "" if _blank(frame.at[index, "CHILD"]) else str(frame.at[index, "CHILD"]),
                        "table": table,
                        "fields": [
                            {
                                "field": f"{table}.{f}",
                                "value": "" if _blank(frame.at[index, f]) else str(frame.at[index, f]),
                            }
                            for f in affected
                        ],
                        "message": str(rule.message if rule is not None else code).strip(),
                    }
                )
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the DfE's validation rules (Data to Insight's validators)")
    parser.add_argument("kind", choices=["cin", "ssda903"])
    parser.add_argument("--year", type=int, required=True, help="The collection year ends on 31 March YYYY")
    parser.add_argument("--authority", default="", help="SSDA903: the authority's ONS upper-tier code (E08000035)")
    parser.add_argument("files", nargs="+", type=Path, help="The CIN census XML, or the SSDA903 CSV files")
    args = parser.parse_args(argv)
    try:
        if args.kind == "cin":
            if len(args.files) != 1:
                parser.error("the CIN census is one XML file")
            result = run_cin(args.files[0], args.year)
        else:
            result = run_ssda903(args.files, args.year, args.authority)
    except ModuleNotFoundError as exc:
        if "rules" in str(exc):
            print(f"No rule set for the collection year {args.year - 1} to {args.year}: {exc}", file=sys.stderr)
            return 2
        raise
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
