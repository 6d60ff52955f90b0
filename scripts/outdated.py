"""What the locked Python packages and GOV.UK Frontend are behind on (`make outdated`).

A package behind on a patch release (same major and minor version) is a fault: `make lock` with
`--upgrade-package NAME` brings it up, and this script exits non-zero while any remains. Packages behind on a minor
or major release are listed for a person to judge (a new Django LTS, a new mypy), not failed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Tools the virtual environment brings, not the project's dependencies.
NOT_OURS = {"pip", "setuptools"}


def release(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def main() -> int:
    listed = subprocess.run(  # noqa: S603 (a fixed command)
        [
            str(ROOT / ".venv/bin/uv"),
            "pip",
            "list",
            "--outdated",
            "--format",
            "json",
            "--python",
            str(ROOT / ".venv/bin/python"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    behind = [p for p in json.loads(listed.stdout or "[]") if p["name"] not in NOT_OURS]
    patches = [p for p in behind if release(p["version"]) == release(p["latest_version"])]
    others = [p for p in behind if p not in patches]
    for title, rows in (
        ("Behind on a patch release (upgrade now)", patches),
        ("Behind on a minor or major release", others),
    ):
        print(f"{title}: {len(rows)}")
        for p in rows:
            print(f"  {p['name']:<32} {p['version']:<18} -> {p['latest_version']}")
    npm = subprocess.run(["npm", "outdated", "--json"], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S607
    npm_rows = json.loads(npm.stdout or "{}")
    print(f"npm packages behind: {len(npm_rows)}")
    for name, row in npm_rows.items():
        print(f"  {name:<32} {row.get('current', '?'):<18} -> {row.get('latest', '?')}")
    return 1 if patches else 0


if __name__ == "__main__":
    sys.exit(main())
