"""Route the contributions that have no routing yet and start the commitments already due (imports)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocite.decisions.actions import commitments_backfill, route_unrouted


class Command(BaseCommand):
    help = "Oriente les contributions qui ne le sont pas encore et ouvre les engagements de réponse déjà dus."

    def handle(self, *args: Any, **options: Any) -> None:
        routed = route_unrouted()
        started = commitments_backfill()
        self.stdout.write(f"{routed} contribution(s) orientée(s), {started} engagement(s) de réponse ouvert(s).")
