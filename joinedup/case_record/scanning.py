"""Virus scanning with ClamAV (Debian's `clamav` package).

Production runs `freshclam` to keep ClamAV's signature database under /var/lib/clamav, and the scan uses it. The
signature database cannot be downloaded on development and CI machines, so when no database is installed the scan
uses the project's own small signature file (clamav/joinedup-test.ndb), which detects the EICAR test file; the
signatures used are recorded on every document. `CASE_RECORD_CLAMAV_DATABASE` names a database explicitly; a scanner
that is missing or fails refuses the upload (fail closed)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

PROJECT_SIGNATURES = Path(__file__).resolve().parent / "clamav" / "joinedup-test.ndb"
SYSTEM_DATABASE = Path("/var/lib/clamav")


class ScannerUnavailable(Exception):
    pass


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str
    scanned_with: str


def signature_database() -> Path:
    configured = getattr(settings, "CASE_RECORD_CLAMAV_DATABASE", None)
    if configured:
        return Path(configured)
    if SYSTEM_DATABASE.is_dir() and any(SYSTEM_DATABASE.glob("*.c[lv]d")):
        return SYSTEM_DATABASE
    return PROJECT_SIGNATURES


def scan_file(path: Path) -> ScanResult:
    scanner = shutil.which("clamscan")
    if scanner is None:
        raise ScannerUnavailable("clamscan is not installed")
    database = signature_database()
    try:
        done = subprocess.run(  # noqa: S603 (a fixed command; the path is ours, never the uploader's name)
            [scanner, "--no-summary", "--stdout", "--database", str(database), str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ScannerUnavailable(str(exc)) from exc
    scanned_with = f"ClamAV clamscan, signatures {database.name}"
    if done.returncode == 0:
        return ScanResult(clean=True, signature="", scanned_with=scanned_with)
    if done.returncode == 1:
        found = done.stdout.strip().rsplit(":", 1)[-1].replace("FOUND", "").strip()
        return ScanResult(clean=False, signature=found, scanned_with=scanned_with)
    raise ScannerUnavailable(done.stderr.strip() or f"clamscan exited {done.returncode}")
