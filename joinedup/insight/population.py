"""The local child population by characteristic (population.toml), as data the rates are computed against."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from joinedup.returns import postcodes

_FILE = Path(__file__).with_name("population.toml")


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    with _FILE.open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class Characteristic:
    key: str
    label: str
    reference: str
    source: str
    groups: dict[str, float]  # group -> share of the child population, percent
    codes: dict[str, str]

    def population(self, group: str) -> float:
        return child_population() * self.groups.get(group, 0.0) / 100


def child_population() -> int:
    return int(getattr(settings, "JOINEDUP_CHILD_POPULATION", 0) or data()["authority"]["children_0_to_17"])


def suppress_below() -> int:
    return int(data()["suppress_below"])


@lru_cache(maxsize=4)
def _areas(ons_code: str, areas: tuple[str, ...]) -> dict[str, float]:
    counts = Counter(pc.postcode.split(" ")[0] for pc in postcodes.in_authority(ons_code, areas))
    total = sum(counts.values()) or 1
    return {district: 100 * n / total for district, n in sorted(counts.items(), key=lambda kv: _district_key(kv[0]))}


def _district_key(district: str) -> tuple[str, int]:
    letters = "".join(ch for ch in district if ch.isalpha())
    digits = "".join(ch for ch in district if ch.isdigit())
    return letters, int(digits or 0)


def characteristics() -> dict[str, Characteristic]:
    out = {}
    for key, entry in data()["characteristics"].items():
        groups = dict(entry.get("groups", {}))
        reference = entry["reference"]
        if key == "area":
            authority = settings.JOINEDUP_AUTHORITY
            groups = _areas(str(authority["ons_code"]), tuple(authority["postcode_areas"]))
            if reference == "largest" and groups:
                reference = max(groups, key=lambda g: groups[g])
        out[key] = Characteristic(key, entry["label"], reference, entry["source"], groups, dict(entry.get("codes", {})))
    return out
