#!/usr/bin/env python3
"""The app-level import graph of joinedup/ (tests and migrations left out; the synthetic app too unless
--with-synthetic): which app imports which, any cycle between apps, and how many imports of joinedup modules hide
inside functions. `make lint` runs it with --check: it fails on a cycle, or on more function-level imports than
--max-function-imports allows (a ratchet, lowered as they go: docs/adr/0016-layers.md).

    scripts/import_graph.py [--edges] [--function-imports] [--with-synthetic] [--check --max-function-imports N]
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "joinedup"


def _skipped(path: Path, with_synthetic: bool) -> bool:
    parts = path.relative_to(ROOT).parts
    if "tests" in parts or "migrations" in parts or len(parts) < 2:
        return True
    return not with_synthetic and parts[0] == "synthetic"


def read(with_synthetic: bool) -> tuple[dict[str, dict[str, list[str]]], list[str]]:
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    in_functions: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        if _skipped(path, with_synthetic):
            continue
        app = path.relative_to(ROOT).parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nested = {
            id(node)
            for func in ast.walk(tree)
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef)
            for node in ast.walk(func)
        }
        type_checking = {
            id(node)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
            for node in ast.walk(block)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                modules = [node.module]
                if node.module == "joinedup":
                    modules = [f"joinedup.{alias.name}" for alias in node.names]
            else:
                continue
            for module in modules:
                if not module.startswith("joinedup."):
                    continue
                where = f"{path.relative_to(ROOT.parent)}:{node.lineno}"
                if id(node) in nested:
                    in_functions.append(f"{where} {module}")
                target = module.split(".")[1]
                if target != app and id(node) not in type_checking:
                    edges[app][target].append(where + (" (in a function)" if id(node) in nested else ""))
    return edges, in_functions


def cycles(edges: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Strongly connected groups of more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for other in edges.get(app, {}):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for app in sorted(set(edges) | {t for targets in edges.values() for t in targets}):
        if app not in index:
            visit(app)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edges", action="store_true", help="list every import between apps, where it is")
    parser.add_argument("--function-imports", action="store_true", help="list the imports inside functions")
    parser.add_argument("--with-synthetic", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 on a cycle or too many function-level imports")
    parser.add_argument("--max-function-imports", type=int, default=19)
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    edges, in_functions = read(args.with_synthetic)
    for app in sorted(edges):
        print(f"{app} -> {', '.join(sorted(edges[app]))}")
        if args.edges:
            for target in sorted(edges[app]):
                for where in edges[app][target]:
                    print(f"    {target}: {where}")
    found = cycles(edges)
    print(f"apps: {len(set(edges) | {t for v in edges.values() for t in v})}; cycles between apps: {found or 'none'}")
    print(f"imports of joinedup modules inside functions: {len(in_functions)}")
    if args.function_imports:
        print("\n".join(f"    {line}" for line in in_functions))
    if args.check and (found or len(in_functions) > args.max_function_imports):
        print(f"FAILED: a cycle, or more than {args.max_function_imports} imports inside functions", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
