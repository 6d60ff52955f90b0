"""The contract of the greater-risk flags the record itself shows (M9): how an app says that its rows mean a child
carries a flag, without the people app, which computes every child's flags, importing it (ADR 0020).

Declare them in your app's ``flags.py``::

    from joinedup.core.flags import FlagSource

    FLAG_SOURCES = [
        FlagSource(
            name="child_protection.plans",
            flag="previous_abuse_or_neglect",
            rows=lambda: ChildProtectionPlan.objects.all(),
            because="Has been the subject of a child protection plan",
        ),
    ]

``rows`` gives a queryset of the app's rows with a ``child_id`` column, any one of which for a child means the flag.
The people app asks every source at once, as ``EXISTS`` columns of the one query that reads the children's flags, so a
list's flags cost one query however many children and sources there are. ``because`` is said in plain words on the
child's record, under the flag.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class FlagSource:
    """A way the record shows a greater-risk flag, as an app declares it in its ``flags.py`` (``FLAG_SOURCES``)."""

    name: str
    flag: str
    rows: Callable[[], QuerySet[Any]]
    because: str
