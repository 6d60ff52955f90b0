from __future__ import annotations

# The case record's fixtures: three siblings on team A's caseload, the documents kept in a temporary folder, a child
# coming into care, a concern raised at the front door and the front door's `today`; child protection's harm
# taxonomy and its journey through the services to a plan.
from joinedup.case_record.tests.conftest import (  # noqa: F401 (fixtures, shared)
    Siblings,
    document_root,
    harm_taxonomy,
    raise_concern,
    siblings,
    start_care,
    today,
)
from joinedup.child_protection.tests.conftest import harms, journey  # noqa: F401 (fixtures, shared)
