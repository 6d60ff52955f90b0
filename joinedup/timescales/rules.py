"""The statutory rules, loaded once from rules.toml and validated at import (a bad entry stops start-up).

Nothing here touches the database: `RULES` is a plain, immutable mapping from rule code to `Rule`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

RULES_FILE = Path(__file__).with_name("rules.toml")

# A full-term pregnancy, for rules counted in weeks of pregnancy from the expected date of delivery.
FULL_TERM_WEEKS = 40


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"
    HOURS = "hours"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Counting(StrEnum):
    AFTER = "after"
    WEEKS_OF_PREGNANCY = "weeks_of_pregnancy"


class Scope(StrEnum):
    NATIONAL = "national"
    LOCAL = "local"


class CarriedBy(StrEnum):
    """Whose role a rule's clocks belong to. Allocation gives a child's work to a social worker: every open clock of
    the allocated worker's rules moves to them, whoever carried it (the front door, the previous worker, a Family Help
    lead practitioner, nobody). A clock of another role's rule stays with whoever carries it in that role (the IRO
    its review, the front door its contact); carried by anyone else, it is the child's work and moves too."""

    ALLOCATED_WORKER = "allocated_worker"  # the child's allocated worker: the default
    FRONT_DOOR = "front_door"  # the front door's own work on a contact, which only the front door may do
    INDEPENDENT_REVIEWING_OFFICER = "independent_reviewing_officer"
    PERSONAL_ADVISER = "personal_adviser"  # a care leaver's personal adviser
    SAFEGUARDING_PARTNERS = "safeguarding_partners"  # the partnership's own duties, not a child's worker's


# The largest figure a local setting may take, per unit: a sanity bound, not a statutory one.
MAX_FIGURE = {
    Unit.WORKING_DAYS: 260,
    Unit.CALENDAR_DAYS: 366,
    Unit.WEEKS: 52,
    Unit.MONTHS: 24,
    Unit.HOURS: 720,
}
MIN_WEEK_OF_PREGNANCY = 12


class RulesFileError(ValueError):
    """rules.toml does not say what rules.py expects."""


class UnknownRule(KeyError):
    """No rule has this code (or the rule has no interval of this name)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "Unknown rule"


@dataclass(frozen=True)
class Period:
    figure: int
    unit: Unit

    def describe(self) -> str:
        unit = self.unit.label
        if self.figure == 1:
            unit = unit.removesuffix("s")
        return f"{self.figure} {unit}"


@dataclass(frozen=True)
class Interval:
    name: str
    periods: tuple[Period, ...]
    counting: Counting = Counting.AFTER
    start: str = ""
    applies: str = ""
    same_as: str = ""

    @property
    def period(self) -> Period:
        """The first (usually only) period."""
        return self.periods[0]

    def describe(self, figures: tuple[int, ...] | None = None) -> str:
        periods = [Period(f, p.unit) for f, p in zip(figures, self.periods, strict=True)] if figures else self.periods
        if self.counting == Counting.WEEKS_OF_PREGNANCY:
            return f"by {periods[0].figure} weeks of pregnancy"
        if periods[0].figure == 0 and periods[0].unit == Unit.WORKING_DAYS:
            return "the same day"
        text = " or ".join(p.describe() for p in periods)
        return f"{text}, whichever is sooner" if len(periods) > 1 else text


@dataclass(frozen=True)
class Rule:
    code: str
    what: str
    clock_start: str
    source: str
    scope: Scope
    intervals: tuple[Interval, ...]
    note: str = ""
    carried_by: CarriedBy = CarriedBy.ALLOCATED_WORKER
    added_by_project: str = ""

    @property
    def is_local(self) -> bool:
        return self.scope is Scope.LOCAL

    @property
    def headline(self) -> Interval:
        return self.intervals[0]

    def interval(self, name: str | None = None) -> Interval:
        if name is None:
            return self.intervals[0]
        for interval in self.intervals:
            if interval.name == name:
                return interval
        raise UnknownRule(f"Rule {self.code!r} has no interval {name!r}; it has {', '.join(self.interval_names)}")

    @property
    def interval_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.intervals)


_RULE_KEYS = {"code", "what", "clock_start", "source", "scope", "intervals", "note", "carried_by", "added_by_project"}
_INTERVAL_KEYS = {"name", "figure", "unit", "periods", "counting", "start", "applies", "same_as"}


def _text(entry: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise RulesFileError(f"{where}: '{key}' must be {'non-empty ' if required else ''}text")
    return value.strip()


def _period(entry: Mapping[str, Any], where: str) -> Period:
    figure, unit = entry.get("figure"), entry.get("unit")
    if not isinstance(figure, int) or isinstance(figure, bool) or figure < 0:
        raise RulesFileError(f"{where}: 'figure' must be a whole number, 0 or more")
    try:
        unit = Unit(str(unit))
    except ValueError as exc:
        raise RulesFileError(f"{where}: 'unit' must be one of {', '.join(Unit)}") from exc
    if figure == 0 and unit != Unit.WORKING_DAYS:
        raise RulesFileError(f"{where}: only a working-day figure may be 0 (the same day)")
    if figure > MAX_FIGURE[unit]:
        raise RulesFileError(f"{where}: {figure} {unit} is more than the most allowed ({MAX_FIGURE[unit]})")
    return Period(figure, unit)


def _interval(entry: Mapping[str, Any], where: str) -> Interval:
    unknown = set(entry) - _INTERVAL_KEYS
    if unknown:
        raise RulesFileError(f"{where}: unknown keys {sorted(unknown)}")
    name = _text(entry, "name", where)
    where = f"{where} interval {name!r}"
    same_as = _text(entry, "same_as", where, required=False)
    given = [k for k in ("figure", "periods") if k in entry]
    if same_as:
        if given or "unit" in entry:
            raise RulesFileError(f"{where}: 'same_as' takes the place of figure, unit and periods")
        periods: tuple[Period, ...] = ()
    elif given == ["figure"]:
        periods = (_period(entry, where),)
    elif given == ["periods"]:
        raw = entry["periods"]
        if not isinstance(raw, list) or len(raw) < 2:
            raise RulesFileError(f"{where}: 'periods' lists two or more {{figure, unit}} (whichever is sooner)")
        periods = tuple(_period(p, f"{where} period {n}") for n, p in enumerate(raw))
    else:
        raise RulesFileError(f"{where}: give either figure and unit, or periods, or same_as")
    try:
        counting = Counting(entry.get("counting", Counting.AFTER))
    except ValueError as exc:
        raise RulesFileError(f"{where}: 'counting' must be one of {', '.join(Counting)}") from exc
    if counting == Counting.WEEKS_OF_PREGNANCY and (
        len(periods) != 1 or periods[0].unit != Unit.WEEKS or not MIN_WEEK_OF_PREGNANCY <= periods[0].figure <= 40
    ):
        raise RulesFileError(f"{where}: weeks of pregnancy take one figure in weeks, from 12 to 40")
    return Interval(
        name=name,
        periods=periods,
        counting=counting,
        start=_text(entry, "start", where, required=False),
        applies=_text(entry, "applies", where, required=False),
        same_as=same_as,
    )


def _rule(entry: Mapping[str, Any], n: int) -> Rule:
    where = f"rules.toml rule {n + 1}"
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise RulesFileError(f"{where}: unknown keys {sorted(unknown)}")
    code = _text(entry, "code", where)
    if not code.isidentifier() or code != code.lower():
        raise RulesFileError(f"{where}: code {code!r} must be lower_snake_case")
    where = f"rules.toml rule {code!r}"
    try:
        scope = Scope(str(entry.get("scope")))
    except ValueError as exc:
        raise RulesFileError(f"{where}: 'scope' must be national or local") from exc
    try:
        carried_by = CarriedBy(str(entry.get("carried_by", CarriedBy.ALLOCATED_WORKER)))
    except ValueError as exc:
        raise RulesFileError(f"{where}: 'carried_by' must be one of {', '.join(CarriedBy)}") from exc
    raw_intervals = entry.get("intervals")
    if not isinstance(raw_intervals, list) or not raw_intervals:
        raise RulesFileError(f"{where}: 'intervals' must list at least one interval")
    intervals = tuple(_interval(i, where) for i in raw_intervals)
    names = [i.name for i in intervals]
    if len(set(names)) != len(names):
        raise RulesFileError(f"{where}: interval names must differ")
    return Rule(
        code=code,
        what=_text(entry, "what", where),
        clock_start=_text(entry, "clock_start", where),
        source=_text(entry, "source", where),
        scope=scope,
        intervals=intervals,
        note=_text(entry, "note", where, required=False),
        carried_by=carried_by,
        added_by_project=_text(entry, "added_by_project", where, required=False),
    )


def _resolve_same_as(rules: dict[str, Rule]) -> dict[str, Rule]:
    """An interval that is `same_as` another rule takes that rule's headline periods (one level only)."""
    resolved: dict[str, Rule] = {}
    for code, rule in rules.items():
        intervals = []
        for interval in rule.intervals:
            if interval.same_as:
                other = rules.get(interval.same_as)
                if other is None or other.headline.same_as:
                    raise RulesFileError(f"rules.toml rule {code!r}: same_as {interval.same_as!r} is not a plain rule")
                interval = Interval(
                    name=interval.name,
                    periods=other.headline.periods,
                    counting=other.headline.counting,
                    start=interval.start,
                    applies=interval.applies,
                    same_as=interval.same_as,
                )
            intervals.append(interval)
        resolved[code] = Rule(**{**rule.__dict__, "intervals": tuple(intervals)})
    return resolved


def load_rules(path: Path = RULES_FILE) -> Mapping[str, Rule]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    entries = data.get("rules")
    if set(data) != {"rules"} or not isinstance(entries, list) or not entries:
        raise RulesFileError("rules.toml must hold a list of [[rules]] and nothing else")
    rules: dict[str, Rule] = {}
    for n, entry in enumerate(entries):
        rule = _rule(entry, n)
        if rule.code in rules:
            raise RulesFileError(f"rules.toml: rule {rule.code!r} appears twice")
        rules[rule.code] = rule
    return MappingProxyType(_resolve_same_as(rules))


RULES: Mapping[str, Rule] = load_rules()
# The safeguarding partners' own clocks (a serious incident's notification, its rapid review, a local review's
# publication: issue 22): kept on the child's record, known only to those who manage them, so pages and lists that
# show a child's clocks to whoever may see the child leave them out.
SAFEGUARDING_PARTNERS_RULES = frozenset(
    code for code, rule in RULES.items() if rule.carried_by == CarriedBy.SAFEGUARDING_PARTNERS
)
RULE_CODES: tuple[str, ...] = tuple(RULES)
LOCAL_RULE_CODES: tuple[str, ...] = tuple(code for code, rule in RULES.items() if rule.is_local)


def rule_get(code: str) -> Rule:
    try:
        return RULES[code]
    except KeyError:
        raise UnknownRule(f"Unknown rule {code!r}. Rule codes are listed in joinedup/timescales/rules.toml") from None
