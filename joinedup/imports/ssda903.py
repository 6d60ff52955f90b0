"""Reading an SSDA903 return (the DfE's CSV files, one per table; ../shared/design/RETURNS.md C2) into each child's
care history, checking every row: dates (DD/MM/YYYY), codes against the DfE's lists, a child id given twice in the
Header with different dates of birth, a row for a child the Header does not name, a file cut short. The tables
are told apart by their column headers, as the DfE's validator reads them. Nothing is written here."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from joinedup.access.models import SocialWorkerChangeReason
from joinedup.care_leavers.codes import Accommodation, Activity, InTouch
from joinedup.children_in_care.codes import (
    CategoryOfNeed,
    LegalStatusCode,
    MissingKind,
    ParticipationCode,
    PlacementProvider,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlacementChange,
)
from joinedup.people.codes import Ethnicity
from joinedup.returns.ssda903 import COLUMNS

from .problems import Problems, parse_uk

SEXES = {"1": "M", "2": "F", "M": "M", "F": "F", "U": "U"}
# Tables the import reads and checks but does not yet bring in (their records are written by later work): the
# report names them, so nobody thinks they came in.
NOT_BROUGHT_IN = ("OC2", "AD1", "PlacedAdoption", "PrevPerm", "DoLo")
# PrevPerm's DATE_PERM when the date of the previous permanence order is not known (with LA_PERM 999).
DATE_NOT_KNOWN = "ZZ/ZZ/ZZZZ"
# The dates of the tables read and checked but not brought in.
_DATES = frozenset(
    {"DOB", "DATE_INT", "DATE_MATCH", "DATE_PLACED", "DATE_PLACED_CEASED", "DATE_PERM", "DOLO_START", "DOLO_END"}
)


@dataclass
class Episode:
    line: int
    started_on: date
    reason_new: str
    legal_status: str
    category_of_need: str
    place: str
    provider: str
    ended_on: date | None
    reason_ceased: str
    reason_place_change: str
    home_postcode: str
    placement_postcode: str
    urn: str


@dataclass
class CareChild:
    child: str
    line: int
    sex: str
    date_of_birth: date | None
    ethnicity: str
    upn: str
    is_mother: bool
    episodes: list[Episode] = field(default_factory=list)
    reviews: list[tuple[int, date, str]] = field(default_factory=list)
    missing: list[tuple[int, str, date, date | None]] = field(default_factory=list)
    uasc_ceased: tuple[int, date | None] | None = None
    care_leaver: tuple[int, str, str, str] | None = None  # line, IN_TOUCH, ACTIV, ACCOM
    social_workers: list[tuple[int, str, date, date | None, str]] = field(default_factory=list)  # SWEpisodes


@dataclass
class CareReturn:
    directory: str
    files: dict[str, bytes]
    tables: dict[str, list[dict[str, str]]]
    children: list[CareChild]
    not_brought_in: list[str]
    file_of: dict[str, str] = field(default_factory=dict)  # table -> its file's name
    first_line: dict[tuple[str, str], int] = field(default_factory=dict)  # (table, child) -> their first row's line


def parse(paths: list[Path], problems: Problems) -> CareReturn:
    """The return's children with their episodes, reviews, missing episodes and care leaver circumstances."""
    by_columns = {frozenset(columns): name for name, columns in COLUMNS.items()}
    files: dict[str, bytes] = {}
    tables: dict[str, list[dict[str, str]]] = {}
    lines: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for path in sorted(paths):
        content = path.read_bytes()
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.add(path.name, None, "file", "is not text in UTF-8")
            continue
        reader = csv.reader(io.StringIO(text))
        header = [c.strip().upper() for c in next(reader, [])]
        name = by_columns.get(frozenset(header))
        if name is None:
            problems.add(path.name, 1, "columns", "its columns are not those of any SSDA903 table")
            continue
        if name in tables:
            problems.add(path.name, 1, "columns", f"a second {name} table (the first is {names[name]})")
            continue
        rows: list[dict[str, str]] = []
        row_lines: list[int] = []
        cut_short_reported = False
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.add(
                    path.name,
                    reader.line_num,
                    "row",
                    f"has {len(cells)} values where the header has {len(header)}; is the file cut short?",
                )
                cut_short_reported = True
                continue
            cut_short_reported = False
            rows.append({h: c.strip() for h, c in zip(header, cells, strict=True)})
            row_lines.append(reader.line_num)
        if not text.endswith("\n") and rows and not cut_short_reported:
            problems.add(path.name, row_lines[-1], "row", "the file ends part-way through a line; is it cut short?")
        files[path.name] = content
        tables[name] = rows
        lines[name] = row_lines
        names[name] = path.name
    if "Header" not in tables or "Episodes" not in tables:
        missing = [t for t in ("Header", "Episodes") if t not in tables]
        problems.add("(folder)", None, "files", f"the return has no {' or '.join(missing)} table")
        return CareReturn("", files, tables, [], [], names)
    children = _read(tables, lines, names, problems)
    not_brought_in = [t for t in NOT_BROUGHT_IN if tables.get(t)]
    first_line: dict[tuple[str, str], int] = {}
    for name, rows in tables.items():
        for line, row in zip(lines[name], rows, strict=True):
            first_line.setdefault((name, row.get("CHILD", "")), line)
    return CareReturn("", files, tables, children, not_brought_in, names, first_line)


class _Row:
    def __init__(self, problems: Problems, file: str, line: int, row: dict[str, str]) -> None:
        self.problems, self.file, self.line, self.row = problems, file, line, row

    def bad(self, name: str, reason: str) -> None:
        self.problems.add(self.file, self.line, name, reason, self.row.get("CHILD", ""))

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = self.row.get(name, "")
        if not value:
            if required:
                self.bad(name, "is missing")
            return None
        try:
            return parse_uk(value)
        except ValueError:
            self.bad(name, f"“{value}” is not a date written DD/MM/YYYY")
            return None

    def code(self, name: str, allowed: object, *, required: bool = False) -> str:
        value = self.row.get(name, "")
        if not value:
            if required:
                self.bad(name, "is missing")
            return ""
        if value not in allowed:  # type: ignore[operator]
            self.bad(name, f"“{value}” is not one of the DfE's codes for {name}")
            return ""
        return value


def _read(
    tables: dict[str, list[dict[str, str]]], lines: dict[str, list[int]], names: dict[str, str], problems: Problems
) -> list[CareChild]:
    children: dict[str, CareChild] = {}

    def rows(table: str) -> list[_Row]:
        return [
            _Row(problems, names[table], line, row)
            for line, row in zip(lines.get(table, []), tables.get(table, []), strict=True)
        ]

    for r in rows("Header"):
        child_id = r.row.get("CHILD", "")
        if not child_id:
            r.bad("CHILD", "is missing")
            continue
        dob = r.day("DOB", required=True)
        if child_id in children:
            if children[child_id].date_of_birth != dob:
                r.bad(
                    "DOB",
                    f"child {child_id} is given again with a different date of birth "
                    f"(line {children[child_id].line} has {children[child_id].date_of_birth or 'none'})",
                )
            else:
                r.bad("CHILD", f"child {child_id} is given twice (line {children[child_id].line})")
            continue
        sex = r.row.get("SEX", "")
        if sex not in SEXES:
            r.bad("SEX", f"“{sex}” is not one of the DfE's codes for SEX" if sex else "is missing")
        mother = r.row.get("MOTHER", "")
        if mother not in ("", "0", "1"):
            r.bad("MOTHER", f"“{mother}” is not 1 or 0")
        upn = r.row.get("UPN", "")
        children[child_id] = CareChild(
            child=child_id,
            line=r.line,
            sex=SEXES.get(sex, "U"),
            date_of_birth=dob,
            ethnicity=r.code("ETHNIC", Ethnicity.values, required=True),
            upn="" if upn.startswith("UN") else upn,
            is_mother=mother == "1",
        )

    def owner(r: _Row) -> CareChild | None:
        child = children.get(r.row.get("CHILD", ""))
        if child is None:
            r.bad("CHILD", "is not in the Header table")
        return child

    for r in rows("Episodes"):
        child = owner(r)
        started = r.day("DECOM", required=True)
        ended = r.day("DEC")
        episode = Episode(
            line=r.line,
            started_on=started or date.min,
            reason_new=r.code("RNE", ReasonNewEpisode.values, required=True),
            legal_status=r.code("LS", LegalStatusCode.values, required=True),
            category_of_need=r.code("CIN", CategoryOfNeed.values, required=True),
            place=r.code("PLACE", PlacementType.values, required=True),
            provider=r.code("PLACE_PROVIDER", PlacementProvider.values),
            ended_on=ended,
            reason_ceased=r.code("REC", ReasonEpisodeCeased.values),
            reason_place_change=r.code("REASON_PLACE_CHANGE", ReasonPlacementChange.values),
            home_postcode=r.row.get("HOME_POST", ""),
            placement_postcode=r.row.get("PL_POST", ""),
            urn=r.row.get("URN", ""),
        )
        if started and ended and ended < started:
            r.bad("DEC", "is before the episode started")
        if ended and not episode.reason_ceased:
            r.bad("REC", "an episode that ended needs its reason")
        if episode.reason_ceased and not ended:
            r.bad("DEC", "a reason the episode ceased is given without the date")
        if child is not None and started:
            child.episodes.append(episode)
    for child in children.values():
        child.episodes.sort(key=lambda e: e.started_on)
        for before, after in zip(child.episodes, child.episodes[1:], strict=False):
            if before.ended_on is None or before.ended_on > after.started_on:
                problems.add(
                    names["Episodes"], after.line, "DECOM", "starts before the child's previous episode ended",
                    child.child,
                )  # fmt: skip
    for r in rows("Reviews"):
        child = owner(r)
        held = r.day("REVIEW", required=True)
        code = r.code("REVIEW_CODE", ParticipationCode.values, required=True)
        if child is not None and held:
            child.reviews.append((r.line, held, code))
    for r in rows("Missing"):
        child = owner(r)
        kind = r.code("MISSING", MissingKind.values, required=True)
        started = r.day("MIS_START", required=True)
        ended = r.day("MIS_END")
        if started and ended and ended < started:
            r.bad("MIS_END", "is before the missing episode started")
        if child is not None and started:
            child.missing.append((r.line, kind, started, ended))
    for r in rows("UASC"):
        child = owner(r)
        ceased = r.day("DUC")
        if child is not None:
            child.uasc_ceased = (r.line, ceased)
    for r in rows("OC3"):
        child = owner(r)
        in_touch = r.code("IN_TOUCH", InTouch.values, required=True)
        activity = r.code("ACTIV", Activity.values, required=True)
        accommodation = r.row.get("ACCOM", "")
        letter = accommodation[:1]
        if accommodation != "0" and (
            len(accommodation) != 2 or letter not in Accommodation.values or accommodation[1] not in "12"
        ):
            r.bad("ACCOM", f"“{accommodation}” is not one of the DfE's codes for ACCOM")
        if child is not None:
            child.care_leaver = (r.line, in_touch, activity, accommodation)
    for r in rows("SWEpisodes"):
        child = owner(r)
        sw_id = r.row.get("SW_ID", "")
        if not sw_id:
            r.bad("SW_ID", "is missing")
        started = r.day("SW_DECOM", required=True)
        ended = r.day("SW_DEC")
        reason = r.code("SW_REASON", SocialWorkerChangeReason.values)
        if started and ended and ended < started:
            r.bad("SW_DEC", "is before the social worker episode started")
        if child is not None and started and sw_id:
            child.social_workers.append((r.line, sw_id, started, ended, reason))
    for table in NOT_BROUGHT_IN:
        for r in rows(table):
            owner(r)
            for name in r.row:
                if name in _DATES and r.row[name] != DATE_NOT_KNOWN:
                    r.day(name)
    return list(children.values())
