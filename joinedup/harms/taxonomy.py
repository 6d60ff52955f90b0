"""The harm taxonomy and the early indicators as plain, checked data, read once from data/taxonomy.toml.

Nothing here touches the database: `TAXONOMY` is immutable. `services.harm_taxonomy_sync` writes it to the
HarmType and RiskIndicatorType tables, which records link to.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.toml"

CIN_ASSESSMENT_FACTOR = re.compile(r"^(?:[1-9]|1\d|2[0-4])[A-F]?$")
CIN_CATEGORIES_OF_ABUSE = frozenset({"NEG", "PHY", "SAB", "EMO"})
SSDA903_CATEGORIES_OF_NEED = frozenset({f"N{n}" for n in range(1, 9)})
SSDA903_MISSING = frozenset({"M", "A"})
_CODE = re.compile(r"^[a-z][a-z0-9_]{2,79}$")


class TaxonomyFileError(ValueError):
    """taxonomy.toml does not say what taxonomy.py expects."""


@dataclass(frozen=True)
class Group:
    code: str
    label: str


@dataclass(frozen=True)
class Harm:
    code: str
    group: str
    label: str
    description: str
    parent: str = ""
    cin_assessment_factors: tuple[str, ...] = ()
    cin_category_of_abuse: str = ""
    ssda903_category_of_need: str = ""
    added_2026: bool = False
    active: bool = True


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    description: str
    cin_assessment_factors: tuple[str, ...] = ()
    ssda903_missing: str = ""
    active: bool = True


@dataclass(frozen=True)
class Escalation:
    """Repeated indicators: `count` for one child within `days` prompts the manager (M8)."""

    count: int
    days: int


@dataclass(frozen=True)
class Taxonomy:
    groups: tuple[Group, ...]
    harms: tuple[Harm, ...]
    indicators: tuple[Indicator, ...]
    escalation: Escalation

    def harm(self, code: str) -> Harm:
        for harm in self.harms:
            if harm.code == code:
                return harm
        raise KeyError(code)

    def group_label(self, code: str) -> str:
        return next(g.label for g in self.groups if g.code == code)


def _text(entry: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise TaxonomyFileError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _codes(entry: Mapping[str, Any], key: str, where: str, pattern: re.Pattern[str]) -> tuple[str, ...]:
    values = entry.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and pattern.match(v) for v in values):
        raise TaxonomyFileError(f"{where}: '{key}' must be a list of codes like {pattern.pattern}")
    return tuple(values)


def _choice(entry: Mapping[str, Any], key: str, where: str, allowed: frozenset[str]) -> str:
    value = entry.get(key, "")
    if value and value not in allowed:
        raise TaxonomyFileError(f"{where}: '{key}' must be one of {sorted(allowed)}")
    return str(value)


def _code(entry: Mapping[str, Any], where: str, seen: set[str]) -> str:
    code = _text(entry, "code", where)
    if not _CODE.match(code):
        raise TaxonomyFileError(f"{where}: code {code!r} must be lower_snake_case")
    if code in seen:
        raise TaxonomyFileError(f"{where}: code {code!r} appears twice")
    seen.add(code)
    return code


def parse_taxonomy(data: Mapping[str, Any]) -> Taxonomy:
    seen: set[str] = set()
    groups = tuple(
        Group(_code(g, f"group {n}", seen), _text(g, "label", f"group {n}")) for n, g in enumerate(data["groups"])
    )
    group_codes = {g.code for g in groups}
    harms: list[Harm] = []
    for n, entry in enumerate(data.get("harms", [])):
        where = f"harm {n} ({entry.get('code', '?')})"
        harm = Harm(
            code=_code(entry, where, seen),
            group=_text(entry, "group", where),
            label=_text(entry, "label", where),
            description=_text(entry, "description", where),
            parent=_text(entry, "parent", where, required=False),
            cin_assessment_factors=_codes(entry, "cin_assessment_factors", where, CIN_ASSESSMENT_FACTOR),
            cin_category_of_abuse=_choice(entry, "cin_category_of_abuse", where, CIN_CATEGORIES_OF_ABUSE),
            ssda903_category_of_need=_choice(entry, "ssda903_category_of_need", where, SSDA903_CATEGORIES_OF_NEED),
            added_2026=bool(entry.get("added_2026", False)),
            active=bool(entry.get("active", True)),
        )
        if harm.group not in group_codes:
            raise TaxonomyFileError(f"{where}: group {harm.group!r} is not one of {sorted(group_codes)}")
        harms.append(harm)
    by_code = {h.code: h for h in harms}
    for harm in harms:
        if harm.parent:
            parent = by_code.get(harm.parent)
            if parent is None or parent.parent or parent.group != harm.group:
                raise TaxonomyFileError(f"harm {harm.code}: parent must be a top-level harm in the same group")
    indicators = []
    for n, entry in enumerate(data.get("indicators", [])):
        where = f"indicator {n} ({entry.get('code', '?')})"
        indicators.append(
            Indicator(
                code=_code(entry, where, seen),
                label=_text(entry, "label", where),
                description=_text(entry, "description", where),
                cin_assessment_factors=_codes(entry, "cin_assessment_factors", where, CIN_ASSESSMENT_FACTOR),
                ssda903_missing=_choice(entry, "ssda903_missing", where, SSDA903_MISSING),
                active=bool(entry.get("active", True)),
            )
        )
    escalation = data.get("escalation", {})
    count, days = escalation.get("count"), escalation.get("days")
    if not (isinstance(count, int) and count >= 2 and isinstance(days, int) and days >= 1):
        raise TaxonomyFileError("[escalation] needs count (2 or more) and days (1 or more)")
    return Taxonomy(tuple(groups), tuple(harms), tuple(indicators), Escalation(count, days))


def load_taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomy:
    with path.open("rb") as handle:
        return parse_taxonomy(tomllib.load(handle))


TAXONOMY = load_taxonomy()
