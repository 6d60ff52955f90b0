"""What changes between collection years, read from years.toml (rule differences are data, not code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from joinedup.core.errors import field_error

_DATA = Path(__file__).with_name("years.toml")


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    with _DATA.open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class CollectionYear:
    kind: str  # "cin" or "ssda903"
    year: int  # the year the collection ends (31 March)
    settings: dict[str, Any]

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.year - 1} to {self.year}"

    def __getitem__(self, key: str) -> Any:
        return self.settings[key]


def supported_years(kind: str) -> list[int]:
    return sorted(int(y) for y in _load().get(kind, {}))


def collection_year(kind: str, year: int) -> CollectionYear:
    settings = _load().get(kind, {}).get(str(year))
    if settings is None:
        raise field_error(
            "year",
            f"JoinedUp produces the {kind} return for {', '.join(map(str, supported_years(kind)))}",
            "unsupported_year",
        )
    return CollectionYear(kind=kind, year=year, settings=settings)
