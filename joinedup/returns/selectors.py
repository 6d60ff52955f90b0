"""Reading returns: the runs, and one run's failures by child and rule, scoped to the children the reader may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.access.scopes import children_visible_to
from joinedup.core.errors import NotFoundOrNotPermitted

from .models import ReturnFailure, ReturnRun


def _require(actor: Any) -> None:
    if not has_permission(actor, Permission.PRODUCE_STATUTORY_RETURNS):
        raise NotFoundOrNotPermitted


def runs_list(*, actor: Any) -> QuerySet[ReturnRun]:
    _require(actor)
    return ReturnRun.objects.defer("content").order_by("-created_at", "-id")


def run_get(*, actor: Any, run_id: int) -> ReturnRun:
    _require(actor)
    try:
        return ReturnRun.objects.get(pk=run_id)
    except ReturnRun.DoesNotExist as exc:
        raise NotFoundOrNotPermitted from exc


@dataclass
class ChildFailures:
    la_child_id: str
    child_id: int | None
    name: str
    failures: list[ReturnFailure] = field(default_factory=list)


@dataclass
class RunFailures:
    run: ReturnRun
    errors: list[ChildFailures]  # the errors about children the reader may see, by child
    queries: list[ChildFailures]  # the queries likewise
    whole_return: list[ReturnFailure]  # failures of the return as a whole (no child)
    hidden: int  # failures about children the reader may not see (counted, not shown)
    by_rule: list[tuple[str, str, int]]  # (rule, severity, count) over the whole run

    @property
    def children(self) -> list[ChildFailures]:
        """Each child shown, once (with errors or queries or both)."""
        seen: dict[int | None, ChildFailures] = {}
        for group in [*self.errors, *self.queries]:
            seen.setdefault(group.child_id, group)
        return list(seen.values())


def run_failures(*, actor: Any, run_id: int) -> RunFailures:
    """Every failure of the run about a child the reader may see, errors and queries apart, grouped by child; the
    rest are counted only."""
    run = run_get(actor=actor, run_id=run_id)
    visible = children_visible_to(actor).values("pk")
    rows = list(
        ReturnFailure.objects.filter(run=run, child__in=visible)
        .select_related("child")
        .only(
            "rule",
            "message",
            "severity",
            "table",
            "fields",
            "la_child_id",
            "child__given_name",
            "child__family_name",
        )
        .order_by("child_id", "rule", "id")
    )
    whole = list(ReturnFailure.objects.filter(run=run, child__isnull=True, la_child_id="").order_by("rule", "id"))
    total = ReturnFailure.objects.filter(run=run).count()
    groups: dict[str, dict[int, ChildFailures]] = {"error": {}, "query": {}}
    for f in rows:
        assert f.child is not None
        by_child = groups["query" if f.severity == "query" else "error"]
        group = by_child.setdefault(f.child_id or 0, ChildFailures(f.la_child_id, f.child_id, f.child.full_name))
        group.failures.append(f)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for rule, severity in ReturnFailure.objects.filter(run=run).values_list("rule", "severity"):
        counts[(rule, severity)] += 1
    by_rule = sorted(((r, s, n) for (r, s), n in counts.items()), key=lambda t: (t[1], -t[2], t[0]))
    return RunFailures(
        run=run,
        errors=list(groups["error"].values()),
        queries=list(groups["query"].values()),
        whole_return=whole,
        hidden=total - len(rows) - len(whole),
        by_rule=by_rule,
    )
