"""The DfE's validation rules as the community maintains them, run in their own environment.

`csc-validator-be-cin` and `csc-validator-be-903` (Data to Insight) pin pandas 1.5 and numpy 1.24, which clash with
the project's, so `make install` builds them an environment of their own (`.venv-validators`, from
requirements-validators.lock; the setting JOINEDUP_DFE_VALIDATORS says where it is). The return's files are written
to a temporary directory and `dfe_runner.py` (no Django, no JoinedUp) runs there in that environment, printing every
failure as JSON; nothing of the return stays on disk after the run.
"""

from __future__ import annotations

import json
import logging
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from . import Failure, ValidatorsUnavailable

logger = logging.getLogger(__name__)
RUNNER = Path(__file__).with_name("dfe_runner.py")


@dataclass(frozen=True)
class PackageRun:
    """One run of a validator package on one return."""

    package: str
    version: str
    ruleset: str
    rules_run: list[str]
    rules_not_run: list[str]  # rules that raised on this data: never counted as passed
    rules_skipped: list[str]  # rules the package skipped: a table they need (last year's return) was not given
    failures: list[Failure]

    @property
    def source(self) -> str:
        return f"{self.package} {self.version}"

    @property
    def checked_by(self) -> str:
        return f"{self.package} {self.version}, rule set {self.ruleset}"


def python() -> Path:
    """The validators' Python, or a clear error when their environment is not there."""
    env = Path(settings.JOINEDUP_DFE_VALIDATORS)
    executable = env / "bin" / "python"
    if not executable.exists():
        raise ValidatorsUnavailable(
            f"The DfE validators' environment is missing ({executable} does not exist), so the return cannot be "
            "checked against the DfE's rules. Run `make install` to build it, or set JOINEDUP_DFE_VALIDATORS to the "
            "environment where csc-validator-be-cin and csc-validator-be-903 are installed."
        )
    return executable


def run(kind: str, year: int, files: dict[str, bytes], *, authority: str = "") -> PackageRun:
    """Run the package for `kind` ("cin" or "ssda903") with the rule set of the collection year ending 31 March
    `year` on `files` (file name -> contents). `authority` is the ONS upper-tier code the SSDA903 rules compare
    placements with."""
    executable = python()
    with tempfile.TemporaryDirectory(prefix="joinedup-return-") as tmp:
        paths = []
        for name, content in files.items():
            path = Path(tmp) / Path(name).name
            path.write_bytes(content)
            paths.append(str(path))
        command = [str(executable), "-I", str(RUNNER), kind, "--year", str(year)]
        if authority:
            command += ["--authority", authority]
        try:
            # A fixed program and arguments (no shell); the files are the return just built.
            completed = subprocess.run(  # noqa: S603
                [*command, *paths],
                capture_output=True,
                cwd=tmp,
                timeout=settings.JOINEDUP_DFE_VALIDATORS_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ValidatorsUnavailable(
                f"The DfE validators took longer than {settings.JOINEDUP_DFE_VALIDATORS_TIMEOUT} seconds on the "
                f"{kind} return and were stopped (JOINEDUP_DFE_VALIDATORS_TIMEOUT)."
            ) from exc
    if completed.returncode != 0:
        # The last line of the traceback says what went wrong; the package logs no personal data there.
        lines = completed.stderr.decode(errors="replace").strip().splitlines()
        logger.warning("dfe_validators_failed", extra={"kind": kind, "year": year, "code": completed.returncode})
        raise ValidatorsUnavailable(
            f"The DfE validators could not check the {kind} return for {year - 1} to {year}: "
            f"{lines[-1] if lines else 'exit code ' + str(completed.returncode)}"
        )
    return _read(json.loads(completed.stdout))


def _read(result: dict[str, Any]) -> PackageRun:
    source = f"{result['package']} {result['version']}"
    return PackageRun(
        package=result["package"],
        version=result["version"],
        ruleset=result["ruleset"],
        rules_run=list(result["rules_run"]),
        rules_not_run=list(result["rules_not_run"]),
        rules_skipped=list(result["rules_skipped"]),
        failures=[
            Failure(
                rule=f["rule"],
                message=f["message"],
                child=f["child"],
                table=f["table"],
                severity=f["severity"],
                source=source,
                fields=tuple(f"{x['field']}: {x['value']}" if x["value"] else x["field"] for x in f["fields"]),
            )
            for f in result["failures"]
        ],
    )
