"""What each app's visiting duty does with a visit: the ``VISIT_CLOCKS`` its ``visits.py`` declares
(joinedup/core/visits.py), found once, in INSTALLED_APPS order."""

from __future__ import annotations

from functools import cache

from joinedup.core.discovery import declared
from joinedup.core.visits import VisitClock


@cache
def visit_clocks() -> tuple[VisitClock, ...]:
    clocks = tuple(declared("visits", "VISIT_CLOCKS"))
    names = [c.name for c in clocks]
    if len(names) != len(set(names)):
        raise ValueError(f"Two visit clocks share a name: {sorted(names)}")
    return clocks
