"""The periodic tasks enqueued, one row per task per day: what makes the scheduler enqueue each once a day."""

from __future__ import annotations

from django.db import models


class PeriodicTaskRun(models.Model):
    """A periodic task enqueued for a day. The unique constraint on (task, day) is the guarantee: however many
    schedulers run, and however often, only one of them can insert this row, and the task is enqueued in the same
    transaction as the row (ADR 0017)."""

    task_path = models.CharField(max_length=255, help_text="The task's dotted path, as in JOINEDUP_PERIODIC_TASKS")
    run_on = models.DateField(help_text="The day it was enqueued for (local date)")
    enqueued_at = models.DateTimeField()
    result_id = models.CharField(max_length=64, blank=True, help_text="The task result's id in the queue")

    class Meta:
        ordering = ["-run_on", "task_path"]
        constraints = [
            models.UniqueConstraint(fields=["task_path", "run_on"], name="tasks_periodic_run_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.task_path} on {self.run_on.isoformat()}"
