from django.apps import AppConfig


class OversightConfig(AppConfig):
    """A manager's view of the work: who holds each child's work (allocation) and the children waiting for a worker;
    their teams' caseloads and everything awaiting their sign-off (each app declares its own in ``oversight.py``);
    supervision signed off and its actions closed. It reads and moves what the lower layers record (involvements,
    episodes, deadlines, supervision) and owns no rule of access: who may do what is access/policy.py's."""

    name = "joinedup.oversight"
    label = "oversight"
    verbose_name = "Oversight and allocation"

    def ready(self) -> None:
        from . import sign_off

        sign_off.discover()
