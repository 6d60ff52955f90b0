from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from joinedup.harms.services import harm_taxonomy_sync


class Command(BaseCommand):
    help = "Bring the harm and early-indicator tables in step with joinedup/harms/data/taxonomy.toml (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = harm_taxonomy_sync()
        self.stdout.write(f"Harm taxonomy in step: {result.created} created, {result.updated} updated.")
