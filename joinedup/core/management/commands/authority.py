from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the configured authority as JSON: name, dfe_code, ons_code."

    def handle(self, *args: Any, **options: Any) -> None:
        authority = settings.JOINEDUP_AUTHORITY
        self.stdout.write(
            json.dumps(
                {"name": authority["name"], "dfe_code": authority["dfe_code"], "ons_code": authority["ons_code"]}
            )
        )
