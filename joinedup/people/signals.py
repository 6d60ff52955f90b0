"""What happens to a child's record that other apps move with (issue 16).

A service that changes the record sends these inside its own transaction, after its own writes. A receiver is a step
of that service's decision: it checks no permission of its own and writes in the same transaction. An app above
`people/` connects its receivers in its AppConfig.ready(), so the sender never imports it.
"""

from __future__ import annotations

from django.dispatch import Signal

# An unborn child's expected date of delivery changed. Keyword arguments: actor, child.
expected_date_of_delivery_changed = Signal()

# An unborn child was born: the same record is now the child's. Keyword arguments: actor, child, born_on.
unborn_child_born = Signal()
