from __future__ import annotations

# Shared fixtures (none of them autouse): three siblings on team A's caseload, and the front door's `today`.
from joinedup.case_record.tests.conftest import Siblings, siblings  # noqa: F401
from joinedup.front_door.tests.conftest import today  # noqa: F401
