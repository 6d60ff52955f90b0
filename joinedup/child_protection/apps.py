from django.apps import AppConfig


class ChildProtectionConfig(AppConfig):
    name = "joinedup.child_protection"
    label = "child_protection"
    verbose_name = "Multi-agency child protection"

    def ready(self) -> None:
        # Inside ready(): the receivers import models, which may be imported only once the app registry is ready.
        from . import receivers  # noqa: F401  (moves its clocks with the child's record: people/signals.py)
