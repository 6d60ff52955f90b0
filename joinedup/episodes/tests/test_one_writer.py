"""episodes/services.py is the only code that opens, moves or closes an episode of need (ADR 0019). This reads the
source of every other module for the ways the four old writers did it, so a fifth cannot creep back in."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # joinedup/
EPISODE_FIELDS = {"tier", "closed_on", "closure_reason"}
WRITES = {"create", "bulk_create", "bulk_update", "update", "get_or_create", "update_or_create", "save", "delete"}
# The synthetic authority writes its episodes in bulk (ADR 0006), with their transition rows (ADR 0019).
BULK_GENERATORS = {"synthetic/stages/front_door.py", "synthetic/stages/child_protection.py"}


def _modules() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("*.py")
        if "tests" not in p.relative_to(ROOT).parts
        and "migrations" not in p.parts
        and p.relative_to(ROOT).parts[0] != "episodes"
        and p.relative_to(ROOT).as_posix() not in BULK_GENERATORS
    ]


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)
    }


def _about_an_episode(node: ast.AST) -> bool:
    return any("episode" in name.lower() and "care" not in name.lower() for name in _names(node))


def _writes_in(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    for node in ast.walk(tree):
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "CaseEpisode":
                found.append(f"{where} builds a CaseEpisode")
            if isinstance(func, ast.Attribute) and func.attr in WRITES and "CaseEpisode" in _names(func.value):
                found.append(f"{where} CaseEpisode...{func.attr}()")
            if isinstance(func, ast.Attribute) and func.attr == "record_fields_changed":
                obj = next((k.value for k in node.keywords if k.arg == "obj"), None)
                if obj is not None and _about_an_episode(obj):
                    found.append(f"{where} changes an episode through the auditor")
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr in EPISODE_FIELDS
                    and _about_an_episode(target.value)
                ):
                    found.append(f"{where} sets an episode's {target.attr}")
    return found


def test_nothing_outside_the_episodes_app_writes_an_episode_of_need() -> None:
    assert [w for p in _modules() for w in _writes_in(p)] == []


def test_the_check_finds_the_old_ways_of_writing_one(tmp_path: Path) -> None:
    old = tmp_path / "old_writer.py"
    old.write_text(
        "def step(episode, locked):\n"
        "    locked.tier = 'child_protection'\n"
        "    episode.closed_on = None\n"
        "    CaseEpisode.objects.create(child=None)\n"
        "    CaseEpisode.objects.filter(pk=1).update(tier='x')\n"
        "    auditor.record_fields_changed(actor=None, obj=episode, child_id=1, changes={})\n"
    )
    assert len(_writes_in(old)) == 4  # `locked.tier` names no episode: the other four are found


def test_the_bulk_generators_write_transition_rows_with_their_episodes() -> None:
    for name in BULK_GENERATORS:
        assert "bulk_history_rows" in (ROOT / name).read_text(), name
