"""`make bench`: timing benchmarks on PostgreSQL at their stated data size, each figure against its target.

    DATABASE_URL=postgres://joinedup:joinedup@127.0.0.1:5432/joinedup_bench make bench
    .venv/bin/python bench/run.py [--only people] [--rebuild] [--seed 1] [--children 500000]

1. Builds the bench database with the synthetic generator (500,000 children in families: just over 1,000,000
   people), or reuses it when a marker in the database says it was built with the same seed and size. Migrations
   are applied either way. A database holding data without a marker is never wiped unless --rebuild is given.
2. Runs each `bench/*_bench.py` as a subprocess on the bench settings (production settings, DEBUG off) and passes
   its output through; a module reports figures with `BENCH_RESULT {json}` lines (bench/harness.py).
3. Prints a table: figure, p50, p95, target, data size, pass or FAIL (targets in bench/targets.toml), and saves
   it under bench/results/. A missed target is reported, not enforced: the exit status is non-zero only when
   something crashed.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench.harness import RESULT_PREFIX  # noqa: E402

DEFAULT_SEED = 1
DEFAULT_CHILDREN = 501_000  # about 2 people per child: just over 1,000,000 people (500,000 give 999,970)
MARKER_TABLE = "bench_build_marker"
# What the generated data depends on: if any of these change, the data may differ from a fresh build. The name
# keys stored with each person are checked by computing them for every name the generator uses.
FINGERPRINTED = [
    "joinedup/synthetic/generator.py",
    "joinedup/synthetic/data",
    "joinedup/people/data",
]


def fail(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)
    raise SystemExit(2)


def check_database_url() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        fail(
            "DATABASE_URL is not set. Benchmarks run on PostgreSQL at their stated data size, in a database of "
            "their own, for example:\n  DATABASE_URL=postgres://joinedup:joinedup@127.0.0.1:5432/joinedup_bench "
            "make bench\n(see bench/README.md)"
        )
    import dj_database_url

    engine = dj_database_url.parse(url).get("ENGINE", "")
    if not engine.endswith("postgresql"):
        fail(f"DATABASE_URL must point at PostgreSQL (got a {engine or 'unknown'} URL); see bench/README.md")


def generator_fingerprint() -> str:
    from joinedup.people.matching import name_keys

    digest = hashlib.sha256()
    for name in FINGERPRINTED:
        path = ROOT / name
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
        for f in files:
            digest.update(str(f.relative_to(ROOT)).encode())
            digest.update(f.read_bytes())
    pools = json.loads((ROOT / "joinedup/synthetic/data/names.json").read_text(encoding="utf-8"))["pools"]
    names = sorted({n for pool in pools.values() for part in pool.values() for n in part})
    for name in names:
        digest.update(repr(name_keys(name, name)).encode())
    return digest.hexdigest()[:16]


def read_marker() -> dict[str, Any] | None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cur.fetchone()[0] is None:
            return None
        cur.execute(f"SELECT built FROM {MARKER_TABLE} WHERE id = 1")  # noqa: S608 (a constant)
        row = cur.fetchone()
    if row is None:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def write_marker(marker: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (id integer PRIMARY KEY, built jsonb NOT NULL)")
        cur.execute(
            f"INSERT INTO {MARKER_TABLE} (id, built) VALUES (1, %s) "  # noqa: S608 (a constant)
            "ON CONFLICT (id) DO UPDATE SET built = EXCLUDED.built",
            [json.dumps(marker)],
        )


def data_counts() -> dict[str, int]:
    from joinedup.people.models import Person

    return {
        "people": Person.objects.count(),
        "children": Person.objects.filter(is_child_record=True).count(),
    }


def wipe_database() -> None:
    from django.db import connection

    print("bench: wiping the bench database (DROP SCHEMA public CASCADE)", flush=True)
    with connection.cursor() as cur:
        cur.execute("DROP SCHEMA public CASCADE")
        cur.execute("CREATE SCHEMA public")


def migrate() -> bool:
    """Apply migrations; True when any were pending."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        print(f"bench: applying {len(pending)} migration(s)", flush=True)
        started = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"bench: migrations applied in {time.monotonic() - started:.0f} s", flush=True)
    return bool(pending)


def analyze(vacuum: bool) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def ensure_database(*, seed: int, children: int, rebuild: bool) -> dict[str, Any]:
    from joinedup.synthetic.generator import authority_is_generated

    fingerprint = generator_fingerprint()
    marker = read_marker() if not rebuild else None
    if marker and marker.get("seed") == seed and marker.get("children") == children:
        migrated = migrate()
        if migrated:
            analyze(vacuum=False)
        print(
            f"bench: reusing the bench database built {marker['built_at']} "
            f"(seed {seed}, {children:,} children, {marker['people']:,} people, built in "
            f"{marker['build_seconds'] / 60:.0f} min)",
            flush=True,
        )
        if marker.get("fingerprint") != fingerprint:
            print(
                "bench: note: the generator or the name-matching code changed since this database was built; "
                "run with --rebuild for data from the current generator",
                flush=True,
            )
        return marker
    migrate()
    if authority_is_generated():
        if not rebuild and read_marker() is None:
            fail(
                "this database holds data but no bench marker, so it is not a bench database built by "
                "bench/run.py. Point DATABASE_URL at an empty database of its own, or pass --rebuild to wipe it."
            )
        wipe_database()
        migrate()
    as_of = datetime.now(UTC).date().isoformat()
    print(
        f"bench: building the bench database: seed {seed}, {children:,} children in families, as of {as_of} "
        f"(about 20 minutes for 500,000 children on 2 shared cores)",
        flush=True,
    )
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "generate_synthetic_la",
            "--seed",
            str(seed),
            "--children",
            str(children),
            "--as-of",
            as_of,
            "--quiet-logins",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    build_seconds = time.monotonic() - started
    print("bench: VACUUM ANALYZE", flush=True)
    analyze(vacuum=True)
    marker = {
        "seed": seed,
        "children": children,
        "as_of": as_of,
        **data_counts(),
        "build_seconds": round(build_seconds),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fingerprint": fingerprint,
    }
    write_marker(marker)
    print(f"bench: built {marker['people']:,} people ({marker['children']:,} children) in {build_seconds / 60:.1f} min")
    return marker


@dataclass
class ModuleRun:
    name: str
    returncode: int = 0
    seconds: float = 0.0
    results: list[dict[str, Any]] = field(default_factory=list)


def run_module(path: Path, env: dict[str, str]) -> ModuleRun:
    run = ModuleRun(path.stem)
    print(f"\n=== {path.relative_to(ROOT)} ===", flush=True)
    started = time.monotonic()
    with subprocess.Popen(
        [sys.executable, str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(RESULT_PREFIX):
                try:
                    run.results.append(json.loads(line[len(RESULT_PREFIX) :]))
                    continue
                except json.JSONDecodeError:
                    pass
            print(line, end="", flush=True)
        run.returncode = proc.wait()
    run.seconds = time.monotonic() - started
    if run.returncode:
        print(f"bench: {path.name} exited with status {run.returncode}", flush=True)
    return run


def machine() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "cpus": str(os.cpu_count()),
        "cpu": cpu or platform.processor(),
        "postgresql": pg,
        "python": platform.python_version(),
        "commit": commit,
    }


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summarise(runs: list[ModuleRun], targets: dict[str, Any], marker: dict[str, Any]) -> list[dict[str, Any]]:
    people = int(marker["people"])
    rows: list[dict[str, Any]] = []
    measured: set[str] = set()
    for run in runs:
        for res in run.results:
            figure = str(res["figure"])
            measured.add(figure)
            target = targets.get(figure)
            size = res.get("data_size") or f"{people:,} people"
            module_target = res.get("target_p95_ms", res.get("target_ms"))
            if target is None and module_target is not None:
                # A module's own target, until it is written into targets.toml.
                target = {"p95_ms": module_target, "data_size": size, "min_people": 0}
            if target is None:
                verdict, target_text = "reported", "-"
            else:
                target_text = f"p95 < {target['p95_ms']} ms at {target['data_size']}"
                big_enough = people >= int(target.get("min_people", 0))
                if not big_enough:
                    verdict = "FAIL (data smaller than the target size)"
                else:
                    verdict = "pass" if float(res["p95_ms"]) < float(target["p95_ms"]) else "FAIL"
            rows.append({**res, "module": run.name, "target": target_text, "data": size, "result": verdict})
        if run.returncode:
            rows.append(
                {"figure": f"({run.name})", "module": run.name, "target": "-", "data": "-", "result": "CRASHED"}
            )
    ran = {r.name for r in runs}
    for figure, target in targets.items():
        if figure not in measured and f"{target.get('module', '')}_bench" in ran:
            rows.append(
                {
                    "figure": figure,
                    "target": f"p95 < {target['p95_ms']} ms at {target['data_size']}",
                    "data": "-",
                    "result": "FAIL (not measured)",
                }
            )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("BENCH_SEED", DEFAULT_SEED)))
    parser.add_argument("--children", type=int, default=int(os.environ.get("BENCH_CHILDREN", DEFAULT_CHILDREN)))
    parser.add_argument("--rebuild", action="store_true", help="wipe and rebuild the bench database")
    parser.add_argument("--only", action="append", default=[], help="run only bench/<ONLY>_bench.py (may be repeated)")
    parser.add_argument("--build-only", action="store_true", help="build (or check) the bench database, run nothing")
    args = parser.parse_args()

    check_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.chdir(ROOT)
    from bench.harness import setup_django

    setup_django()
    targets = tomllib.loads((BENCH / "targets.toml").read_text(encoding="utf-8"))
    marker = ensure_database(seed=args.seed, children=args.children, rebuild=args.rebuild)
    info = machine()
    from django.db import connection

    connection.close()
    if args.build_only:
        return 0

    modules = sorted(BENCH.glob("*_bench.py"))
    if args.only:
        modules = [m for m in modules if m.stem.removesuffix("_bench") in args.only or m.stem in args.only]
        if not modules:
            fail(f"no bench/*_bench.py matches --only {' '.join(args.only)}")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in [str(ROOT), os.environ.get("PYTHONPATH", "")] if p),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_SEED": str(marker["seed"]),
        "BENCH_CHILDREN": str(marker["children"]),
        "BENCH_PEOPLE": str(marker["people"]),
    }
    runs = [run_module(m, env) for m in modules]
    rows = summarise(runs, targets, marker)

    def ms(row: dict[str, Any], key: str) -> str:
        return f"{float(row[key]):.1f} ms" if key in row else "-"

    printable = [["figure", "p50", "p95", "target", "data size", "result"]] + [
        [str(r["figure"]), ms(r, "p50_ms"), ms(r, "p95_ms"), r["target"], r["data"], r["result"]] for r in rows
    ]
    when = datetime.now(UTC)
    print(
        f"\nJoinedUp benchmarks, {when:%Y-%m-%d %H:%M} UTC, commit {info['commit']}, {info['cpus']} CPUs "
        f"({info['cpu']}, load average {info['load_average']} before the run), PostgreSQL {info['postgresql']}, "
        f"Python {info['python']}; bench data: seed "
        f"{marker['seed']}, {marker['children']:,} children, {marker['people']:,} people"
    )
    print(table(printable))
    for r in rows:
        notes = {k: v for k, v in r.items() if k.startswith("note_")}
        for k, v in notes.items():
            print(f"  {r['figure']}: {k.removeprefix('note_').replace('_', ' ')}: {v}")
    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    (out / f"{when:%Y%m%dT%H%M%S}.json").write_text(
        json.dumps({"at": when.isoformat(), "machine": info, "data": marker, "figures": rows}, indent=2) + "\n",
        encoding="utf-8",
    )
    missed = [r for r in rows if str(r["result"]).startswith("FAIL")]
    if missed:
        print(f"\n{len(missed)} target(s) missed: " + ", ".join(str(r["figure"]) for r in missed))
    crashed = [r for r in runs if r.returncode]
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
