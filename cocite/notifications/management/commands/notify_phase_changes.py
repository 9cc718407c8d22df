"""Tell followers when a démarche enters a new phase (phases change by date, without any write).

Run it daily from cron; each (démarche, phase) is announced once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocite.notifications.actions import phase_changes_announce


class Command(BaseCommand):
    help = "Prévient les abonné·es des démarches qui viennent de changer de phase (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        changes = phase_changes_announce()
        for demarche, phase in changes:
            self.stdout.write(f"{demarche.slug} : {phase.kind}")
        self.stdout.write(f"{len(changes)} changement(s) de phase annoncé(s).")
