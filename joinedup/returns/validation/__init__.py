"""The validation step: each return is checked against the DfE's rules for its year before it is submitted, and
every failure is listed by child and rule. A failure never stops the return being produced."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    rule: str  # the DfE rule code, e.g. "8525Q" or "103"
    message: str
    child: str  # the LA child ID as it appears in the return ("" for a whole-return failure)
    table: str = ""  # the SSDA903 table or the CIN census module
    severity: str = "error"  # "error" (must be fixed) or "query" (check, and explain if right)
    source: str = ""  # which implementation raised it

    @property
    def child_pk(self) -> int | None:
        return int(self.child) if self.child.isdigit() else None


@dataclass
class ValidationReport:
    failures: list[Failure]
    rules_run: int
    rules_not_run: list[str]  # rules that could not run on this data (reported, never silently passed)

    @property
    def errors(self) -> list[Failure]:
        return [f for f in self.failures if f.severity == "error"]
