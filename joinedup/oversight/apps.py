from django.apps import AppConfig


class OversightConfig(AppConfig):
    """A manager's view of the work: who holds each child's work (allocation) and the children waiting for a worker.
    It reads and moves what the lower layers record (involvements, episodes, deadlines) and owns no rule of access:
    who may allocate is access/policy.py's."""

    name = "joinedup.oversight"
    label = "oversight"
    verbose_name = "Oversight and allocation"
