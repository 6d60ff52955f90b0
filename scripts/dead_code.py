#!/usr/bin/env python3
"""Top-level functions of joinedup/ (tests and migrations left out) that nothing names: no call, import or mention
anywhere in the project's code, templates, tests, management commands, benchmarks or settings. A name is counted
as used when it appears as a whole word anywhere but its own `def` line, so a function named by a string (a URL
pattern, a periodic task, a template global) is used too; a common word may hide a dead function, never the
reverse. With --tests-only, also the functions only tests name.

    scripts/dead_code.py [--tests-only]
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "joinedup"
SEARCHED = ("joinedup", "tests", "bench", "scripts")
SUFFIXES = {".py", ".html", ".txt", ".toml", ".cfg", ".ini", ".json", ".md", ".js"}
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _is_test(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "tests" in parts or parts[0] == "tests" or path.name == "conftest.py"


REGISTERING = {"receiver", "register", "task", "shared_task", "check"}


def _registered(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in REGISTERING:
            return True
    return False


def definitions() -> list[tuple[str, str, int]]:
    """(module path, function name, line) for every top-level function outside tests and migrations."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        tree = ast.parse(path.read_text(), str(path))
        for node in tree.body:
            # A function a decorator registers (a signal receiver, a task) is called by what it is registered with.
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not _registered(node):
                found.append((str(path.relative_to(ROOT)), node.name, node.lineno))
    return found


def word_counts() -> tuple[Counter[str], Counter[str]]:
    """How often each word appears: in the product, and in tests."""
    product: Counter[str] = Counter()
    tests: Counter[str] = Counter()
    files = [ROOT / name for name in ("manage.py", "conftest.py", "Makefile", "pyproject.toml", ".importlinter")]
    for top in SEARCHED:
        files += [p for p in (ROOT / top).rglob("*") if p.is_file() and p.suffix in SUFFIXES]
    for path in files:
        if not path.exists() or "node_modules" in path.parts or path.name == "dead_code.py":
            continue
        words = WORD.findall(path.read_text(errors="ignore"))
        (tests if _is_test(path) else product).update(words)
    return product, tests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tests-only", action="store_true", help="also list functions only tests name")
    args = parser.parse_args()
    defs = definitions()
    defined = Counter(name for _, name, _ in defs)
    product, tests = word_counts()
    unused, tests_only = [], []
    for path, name, line in defs:
        # Each definition of the name is one mention that is not a use.
        if product[name] - defined[name] > 0:
            continue
        (tests_only if tests[name] else unused).append(f"{path}:{line} {name}")
    print(f"{len(defs)} top-level functions; {len(unused)} named nowhere else:")
    print("\n".join(f"  {row}" for row in unused))
    if args.tests_only:
        print(f"{len(tests_only)} named only by tests:")
        print("\n".join(f"  {row}" for row in tests_only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
