"""What an import found wrong, row by row: the file, the line, the field and the reason, in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    reason: str
    child: str = ""  # the source's LA child id, when the row is a child's

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        who = f" (child {self.child})" if self.child else ""
        return f"{where}{who}: {self.field}: {self.reason}"


@dataclass
class Problems:
    """The problems found so far, in the order found."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, line: int | None, field_name: str, reason: str, child: str = "") -> None:
        self.items.append(Problem(file, line, field_name, reason, child))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


def parse_iso(text: str | None) -> date:
    """A date written YYYY-MM-DD (the CIN census); raises ValueError for anything else."""
    value = (text or "").strip()
    if len(value) != 10:
        raise ValueError(value)
    return date.fromisoformat(value)


def parse_uk(text: str | None) -> date:
    """A date written DD/MM/YYYY (SSDA903 and the people file); raises ValueError for anything else."""
    value = (text or "").strip()
    day, month, year = value.split("/")
    if len(day) != 2 or len(month) != 2 or len(year) != 4:
        raise ValueError(value)
    return date(int(year), int(month), int(day))
