from django.apps import AppConfig


class ChildProtectionConfig(AppConfig):
    name = "joinedup.child_protection"
    label = "child_protection"
    verbose_name = "Multi-agency child protection"

    def ready(self) -> None:
        from . import (
            chronology,  # noqa: F401  (registers child protection's chronology sources)
            receivers,  # noqa: F401  (moves its clocks with the child's record: people/signals.py)
        )
