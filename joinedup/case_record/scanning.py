"""Virus scanning with ClamAV (Debian's `clamav` package).

Production runs `freshclam` to keep ClamAV's signature database under /var/lib/clamav, and the scan uses it;
`CASE_RECORD_CLAMAV_DATABASE` names another. The database cannot be downloaded on development and CI machines, so
where `CASE_RECORD_CLAMAV_TEST_SIGNATURES_ALLOWED` is set (the demo and test settings only: no real data there) a
missing database falls back to the project's own small signature file (clamav/joinedup-test.ndb), which detects only
the EICAR test file. Anywhere else a missing database, like a missing or failing scanner, refuses the upload (fail
closed), and production refuses to start without one. The signatures used are recorded on every document."""

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


def real_database(configured: str = "") -> Path | None:
    """The ClamAV signature database `freshclam` keeps (or the one configured), if it holds signatures."""
    path = Path(configured) if configured else SYSTEM_DATABASE
    if path.is_file() or (path.is_dir() and any(path.glob("*.c[lv]d"))):
        return path
    return None


def signature_database() -> Path:
    found = real_database(getattr(settings, "CASE_RECORD_CLAMAV_DATABASE", ""))
    if found is not None:
        return found
    if getattr(settings, "CASE_RECORD_CLAMAV_TEST_SIGNATURES_ALLOWED", False):
        return PROJECT_SIGNATURES
    raise ScannerUnavailable("no ClamAV signature database: run freshclam or set CASE_RECORD_CLAMAV_DATABASE")


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
