from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "joinedup.tasks"
    label = "tasks"
    verbose_name = "Task queue"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the check of JOINEDUP_PERIODIC_TASKS)
