"""The validation step: each return is checked against the DfE's rules for its year before it is submitted, and
every failure is listed by child and rule. A failure never stops the return being produced.

The rules are the community's maintained implementations (Data to Insight's `csc-validator-be-cin` and
`csc-validator-be-903`), run in their own environment by `dfe.py`; JoinedUp's own checks cover only what those
packages do not (each under its DfE rule code, or "XSD" for the census schema)."""

from __future__ import annotations

from dataclasses import dataclass, field


class ValidatorsUnavailable(RuntimeError):
    """The DfE validators could not be run (their environment is missing, or the run failed): the return cannot be
    checked, and the message says what to do."""


@dataclass(frozen=True)
class Failure:
    rule: str  # the DfE rule code, e.g. "8525Q" or "103"
    message: str  # the rule's message, in the DfE's words
    child: str  # the LA child ID as it appears in the return ("" for a whole-return failure)
    table: str = ""  # the SSDA903 table or the CIN census module
    severity: str = "error"  # "error" (must be fixed) or "query" (check, and explain if right)
    source: str = ""  # which implementation raised it
    fields: tuple[str, ...] = ()  # the fields flagged with their values ("Assessments.AssessmentActualStartDate: ...")

    @property
    def child_pk(self) -> int | None:
        return int(self.child) if self.child.isdigit() else None


@dataclass
class ValidationReport:
    failures: list[Failure]
    rules_run: int
    rules_not_run: list[str]  # rules that could not run on this data (reported, never silently passed)
    checked_by: list[str] = field(default_factory=list)  # the implementations and rule sets that ran

    @property
    def errors(self) -> list[Failure]:
        return [f for f in self.failures if f.severity == "error"]

    @property
    def queries(self) -> list[Failure]:
        return [f for f in self.failures if f.severity == "query"]
