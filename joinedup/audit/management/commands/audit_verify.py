from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from joinedup.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Check the audit trail's hash chain: prints 'N events' and whether the chain is intact."

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_chain_verify()
        self.stdout.write(f"{result.event_count} events")
        if result.intact:
            self.stdout.write("hash chain intact")
            return
        self.stdout.write(f"hash chain BROKEN at event {result.first_broken_event_id}")
        raise CommandError("The audit trail has been altered: the hash chain is broken.")
